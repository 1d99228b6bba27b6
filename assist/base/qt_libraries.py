"""Which system libraries Qt's X11 platform plugin needs and this Linux machine lacks, without loading Qt.

Qt's own message when the xcb plugin cannot load is several lines long and lists packages that may well be
installed already. `ldd` on the plugin names exactly the libraries that are missing; the Debian/Ubuntu
package name follows from the soname (libxcb-icccm.so.4 -> libxcb-icccm4, libxkbcommon-x11.so.0 ->
libxkbcommon-x11-0). Used by `assist doctor` and by the app's start-up error; the core still never imports Qt.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_SONAME = re.compile(r"^(lib[\w.+-]*?)\.so\.(\d+)")


def xcb_plugin() -> Path | None:
    """PySide6's bundled libqxcb.so, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def missing_libraries(plugin: Path | None = None) -> list[str]:
    """Sonames the plugin (or what it links) cannot find; empty when all are there or it cannot tell."""
    if not sys.platform.startswith("linux"):
        return []
    target = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if target is None or ldd is None:
        return []
    try:
        done = subprocess.run([ldd, str(target)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted(set(_NOT_FOUND.findall(done.stdout)))


def debian_package(soname: str) -> str:
    """libxcb-icccm.so.4 -> libxcb-icccm4; libxkbcommon-x11.so.0 -> libxkbcommon-x11-0; libEGL.so.1 -> libegl1."""
    m = _SONAME.match(soname)
    if m is None:
        return soname
    name, version = m.group(1).lower(), m.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def install_hint(missing: list[str]) -> str:
    packages = " ".join(dict.fromkeys(debian_package(s) for s in missing))
    return (f"Qt's X11 plugin cannot find {', '.join(missing)}. On Debian or Ubuntu: sudo apt-get install "
            f"{packages} (other distributions ship the same libraries under similar names).")
