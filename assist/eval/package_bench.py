"""`assist bench --package DIR`: the packaged app's size on disk and its start-up, beside this checkout's.

DIR is a one-folder build (packaging/build.sh's dist/assist) or an installed one (/opt/assist). Figures:
installed_mb (the folder, links counted once), model_mb (its GGUF files), and for the packaged launcher and,
as the reference measured in the same run, `python -m assist` from this checkout: window_shown_s (launch to
the window shown) and ready_s (to a conversation open and the model loaded: the first suggestion possible),
for the first run on a new profile, a cold start and the median of warm starts. With --drop-caches (Linux,
root) the page cache is emptied before the cold start, so it reads everything from disk, as after a reboot.
Targets (checked on the cold and warm starts; the first run also creates the workspace): installed at most
350 MB including the default model, window within 3 s, first suggestion possible within 5 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from assist.base.errors import InputError

TARGETS = {"installed_mb": 350.0, "window_shown_s": 3.0, "ready_s": 5.0}
ROUNDS = 3


def folder_mb(folder: Path) -> float:
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        st = path.stat()
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            total += st.st_size
    return round(total / 1e6, 1)


def _drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
    except OSError:
        return False
    return True


def _launch(command: list[str], home: Path) -> dict[str, float]:
    env = {**os.environ, "HOME": str(home), "ASSIST_DEMO_DIR": str(home / "demo"), "ASSIST_NO_DIALOGS": "1",
           "ASSIST_EXIT_WHEN_READY": "1", "ASSIST_CONFIG_DIR": str(home / "config"),
           "ASSIST_LOG_DIR": str(home / "logs"), "ASSIST_CACHE_DIR": str(home / "cache")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.time()
    done = subprocess.run([*command, "--demo", "app"], capture_output=True, text=True, env=env, timeout=300,
                          check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{command[0]} --demo app failed: {done.stderr.strip()[-400:]}")
    probe = json.loads(lines[-1])
    if probe["engine"] != "ready":
        raise RuntimeError(f"{command[0]}: the model did not load: {probe['reason']}")
    return {"window_shown_s": probe["shown_at"] - start, "ready_s": probe["ready_at"] - start}


def measure_starts(command: list[str], *, drop_caches: bool) -> dict[str, Any]:
    """First run (the demo workspace created, the engine proved in a child process: once per machine), then a
    start from disk (page cache emptied, when allowed: a workstation after a reboot), then warm starts."""
    with tempfile.TemporaryDirectory(prefix="assist-start-") as tmp:
        first = _launch(command, Path(tmp))
        dropped = _drop_page_cache() if drop_caches else False
        cold = _launch(command, Path(tmp))
        warm = [_launch(command, Path(tmp)) for _ in range(ROUNDS)]
    result: dict[str, Any] = {"page_cache_dropped": dropped}
    for key in ("window_shown_s", "ready_s"):
        result[f"first_run_{key}"] = round(first[key], 3)
        result[f"cold_{key}"] = round(cold[key], 3)
        result[f"warm_{key}"] = round(statistics.median(run[key] for run in warm), 3)
    return result


def run(package: Path, *, drop_caches: bool = False) -> dict[str, Any]:
    launcher = package / ("assist.exe" if os.name == "nt" else "assist")
    if not launcher.is_file():
        raise InputError(f"{package} is not a packaged Assist: no {launcher.name} in it",
                         hint="Pass the folder packaging/build.sh made (dist/assist) or /opt/assist.")
    packaged = measure_starts([str(launcher)], drop_caches=drop_caches)
    reference = measure_starts([sys.executable, "-m", "assist"], drop_caches=drop_caches)
    result: dict[str, Any] = {
        "package": str(package), "installed_mb": folder_mb(package),
        "model_mb": round(sum(p.stat().st_size for p in package.rglob("*.gguf")) / 1e6, 1),
        "packaged": packaged, "reference_checkout": reference, "targets": TARGETS,
    }
    worst = {key: max(packaged[f"cold_{key}"], packaged[f"warm_{key}"]) for key in ("window_shown_s", "ready_s")}
    result["meets_targets"] = {"installed_mb": result["installed_mb"] <= TARGETS["installed_mb"],
                               **{key: worst[key] <= TARGETS[key] for key in worst}}
    return result
