"""Issue 11's CLI points that need a real process: a closed pipe after `kb search` is quiet, and
`app --screenshot` says where it wrote (its time is `screenshot_s` in `assist bench`: under 5 s)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ASSIST = [sys.executable, "-m", "assist"]


def test_kb_search_into_head_exits_quietly(tmp_path: Path) -> None:
    data = tmp_path / "ws"
    articles = tmp_path / "kb"
    articles.mkdir()
    for i in range(40):
        (articles / f"a{i}.md").write_text(f"# Returns {i}\n\nReturn an item within 30 days ({i}).\n", encoding="utf-8")
    imported = subprocess.run([*ASSIST, "--data-dir", str(data), "kb", "import", str(articles)],
                              capture_output=True, text=True, timeout=120, check=False)
    assert imported.returncode == 0, imported.stderr
    # A real shell pipeline: head reads one line and closes the pipe while assist still writes.
    command = " ".join([*ASSIST, "--data-dir", str(data), "kb", "search", "return", "item", "--limit", "40"])
    done = subprocess.run(f"{command} | head -1; echo \"status=${{PIPESTATUS[0]}}\" >&2", shell=True,
                          executable="/bin/bash", capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout.count("\n") == 1 and done.stdout.startswith("1.")
    status = done.stderr.strip().splitlines()[-1]
    assert status in ("status=0", "status=141")
    assert done.stderr.strip().splitlines() == [status]  # nothing else: no traceback, no "Exception ignored"


def test_screenshot_says_where_it_wrote(tmp_path: Path) -> None:
    target = tmp_path / "shots" / "panel.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ASSIST_NO_DIALOGS": "1"}
    subprocess.run([*ASSIST, "demo"], capture_output=True, text=True, env=env, timeout=300, check=True)
    done = subprocess.run([*ASSIST, "--demo", "--json", "app", "--screenshot", str(target)], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["screenshot"] == str(target.resolve()) and report["seconds"] > 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    plain = subprocess.run([*ASSIST, "--demo", "app", "--screenshot", str(target)], capture_output=True, text=True,
                           env=env, timeout=120, check=False)
    assert plain.stdout.startswith(f"Wrote the screenshot to {target.resolve()} (")
