"""Naming the system libraries Qt's X11 plugin lacks: ldd on a real shared library whose dependency is gone."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assist.base import qt_libraries

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd and xcb are Linux-only")


def _library_missing(tmp_path: Path, *names: str) -> Path:
    """A real .so linked against libraries that are then deleted, as on a desktop missing xcb packages."""
    cc = shutil.which("cc") or shutil.which("gcc")
    assert cc, "a C compiler is needed (the llama.cpp build needs one too)"
    links = []
    for name in names:  # e.g. "xcb-icccm" -> libxcb-icccm.so.4, soname and all
        dep = tmp_path / f"lib{name}.so"
        (tmp_path / f"{name}.c").write_text(f"int {name.replace('-', '_')}_x(void) {{ return 1; }}\n")
        subprocess.run([cc, "-shared", "-fPIC", f"-Wl,-soname,lib{name}.so.4", "-o", str(dep),
                        str(tmp_path / f"{name}.c")], check=True, capture_output=True, timeout=120)
        links.append(f"-l{name}")
    (tmp_path / "plugin.c").write_text("int plugin(void) { return 0; }\n")
    plugin = tmp_path / "libqxcb.so"
    subprocess.run([cc, "-shared", "-fPIC", "-Wl,--no-as-needed", "-o", str(plugin), str(tmp_path / "plugin.c"),
                    f"-L{tmp_path}", *links], check=True, capture_output=True, timeout=120)
    for name in names:
        (tmp_path / f"lib{name}.so").unlink()
    return plugin


def test_the_missing_libraries_are_named_exactly(tmp_path: Path) -> None:
    plugin = _library_missing(tmp_path, "xcb-icccm", "xcb-keysyms")
    missing = qt_libraries.missing_libraries(plugin)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.4"]
    hint = qt_libraries.install_hint(missing)
    assert "apt-get install libxcb-icccm4 libxcb-keysyms4" in hint


def test_nothing_missing_gives_an_empty_list(tmp_path: Path) -> None:
    assert qt_libraries.missing_libraries(_library_missing(tmp_path)) == []


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"), ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libEGL.so.1", "libegl1"), ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libdbus-1.so.3", "libdbus-1-3"), ("oddname", "oddname"),
])
def test_debian_package_names_follow_the_soname(soname: str, package: str) -> None:
    assert qt_libraries.debian_package(soname) == package


def test_the_app_names_the_missing_libraries_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`assist --demo` on a desktop (DISPLAY set) that lacks what the real xcb plugin needs, if this one does."""
    real = qt_libraries.xcb_plugin()
    missing = qt_libraries.missing_libraries(real) if real else []
    if not missing:
        pytest.skip("this machine has every library Qt's xcb plugin needs")
    env = {k: v for k, v in __import__("os").environ.items() if k != "QT_QPA_PLATFORM"}
    env["DISPLAY"] = ":99"
    done = subprocess.run([sys.executable, "-m", "assist", "--demo"], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert done.returncode == 3
    assert done.stderr.splitlines()[0] == ("assist: error: the window cannot open: missing system libraries "
                                           + ", ".join(missing))
    assert "apt-get install" in done.stderr
