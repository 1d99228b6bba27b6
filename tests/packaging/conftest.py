"""Packaging fixtures: the PyInstaller one-folder build, made once per session by packaging/build.sh.

Set ASSIST_PAYLOAD_DIR to an existing build (the folder holding `assist`, `assist-gui` and `_internal/`) to
reuse it while iterating; CI builds it from the fresh clone, in its own build venv, as a builder would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 3600  # a first build compiles llama.cpp when .wheels/ has no wheel for this key


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/packaging" in str(item.fspath):
            item.add_marker(pytest.mark.integration)
            item.add_marker(pytest.mark.timeout(BUILD_TIMEOUT_S))  # the first test waits for the build


def need_tool(name: str, package: str) -> str:
    """The tool's path; without it the test skips on a developer's machine but fails in CI (CI=true)."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed: apt-get install {package} (tools/install.py --dev does as root)"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def linux_payload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("ASSIST_PAYLOAD_DIR")
    if given:
        return Path(given)
    dist = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "DIST_DIR": str(dist), "WORK_DIR": str(ROOT / "build" / "pyinstaller"),
           "BUILD_VENV": str(ROOT / "build" / "venv"), "SKIP_GUI_SMOKE": "1"}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=BUILD_TIMEOUT_S, check=False)
    if done.returncode != 0:
        pytest.fail(f"packaging/build.sh failed (exit {done.returncode}):\n{done.stdout[-3000:]}\n"
                    f"{done.stderr[-3000:]}", pytrace=False)
    return dist / "assist"
