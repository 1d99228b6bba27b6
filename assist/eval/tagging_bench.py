"""Tagging speed and memory for `assist bench` (and `assist bench --tagging`, which needs no model):

- retag_10k_s: re-tagging 10,000 stored conversations (the demo's 45, copied under new ids) without the
  model, as the app's background re-tag does; target under 60 s. retag_10k_cpu_s is the CPU time this
  process spent, which a machine shared with other work does not inflate.
- tag_ms_per_conversation: the same, per conversation.
- csv_million_rows_peak_mb: peak memory of a child process handed a 1,000,000-row training CSV, which the
  reader refuses while streaming (past tagging_data.MAX_ROWS) instead of loading it whole.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from assist.workspace.tagger import WorkspaceTagger
from assist.workspace.workspace import Workspace

TARGETS = {"retag_10k_s": 60.0}
_PEAK_CHILD = """
import json, sys
from pathlib import Path
from assist.analysis import tagging_data
from assist.base.errors import InputError
try:
    tagging_data.read_labelled(Path(sys.argv[1]))
    refused = ""
except InputError as exc:
    refused = str(exc)
try:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
except ImportError:  # not POSIX
    peak = None
print(json.dumps({"peak_kb": peak, "refused": refused}))
"""


def measure_retag(n: int = 10_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="assist-tag-bench-") as tmp:
        workspace = Workspace.open(Path(tmp) / "demo", demo_mode=True)
        try:
            demo = workspace.store.conversations.all()
            copies = [dataclasses.replace(demo[i % len(demo)], id=f"bench-{i:05d}") for i in range(n)]
            workspace.store.conversations.import_all(copies)
            tagger = WorkspaceTagger(workspace.store, workspace.playbook, workspace.data_dir)
            started, cpu = time.perf_counter(), time.process_time()
            result = tagger.retag_all()
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        finally:
            workspace.close()
    scale = 10_000 / max(1, result["tagged"])
    return {"retag_10k_s": round(seconds * scale, 2), "retag_10k_cpu_s": round(cpu_seconds * scale, 2),
            "tag_ms_per_conversation": round(seconds * 1000 / max(1, result["tagged"]), 3),
            "retag_conversations": result["tagged"]}


def measure_csv_peak(rows: int = 1_000_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="assist-csv-bench-") as tmp:
        path = Path(tmp) / "million.csv"
        with path.open("w", encoding="utf-8") as handle:
            handle.write("text,label\n")
            handle.writelines(f"customer message number {i} about my card,label_{i % 50}\n" for i in range(rows))
        done = subprocess.run([sys.executable, "-c", _PEAK_CHILD, str(path)], capture_output=True, text=True,
                              timeout=300, check=True)
    child = json.loads(done.stdout)
    peak = None if child["peak_kb"] is None else round(child["peak_kb"] / 1024, 1)
    return {"csv_million_rows_peak_mb": peak, "csv_million_rows": child["refused"]}


def run(n: int = 10_000) -> dict[str, Any]:
    result = {**measure_retag(n), **measure_csv_peak()}
    result["tagging_meets_targets"] = {k: result[k] <= goal for k, goal in TARGETS.items()}
    return result
