"""The coaching figures of `assist bench`: one report without the model, and scoring 10,000 stored
conversations without the model (`assist coach --all`) on this machine.

The 10,000 are the demo conversations and the coaching evaluation set (tests/data/coaching, when present)
copied under new ids, all solved, imported into a fresh workspace; the clock runs over coach_all only (read,
score, write the reports), not the import.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from assist.domain import conversation as conv_mod
from assist.domain.conversation import Conversation
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.workspace import Workspace

TARGETS = {"coaching_report_ms_max": 200.0, "coaching_10k_s": 120.0}
EVAL_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "coaching"


def _pool(workspace: Workspace) -> list[Conversation]:
    pool = workspace.store.conversations.all()
    for name in ("tune.jsonl", "report.jsonl"):
        if (EVAL_SET / name).exists():
            pool += conv_mod.load_file(EVAL_SET / name)
    return pool


def measure_report(workspace: Workspace) -> dict[str, Any]:
    """Every pool conversation scored once to warm up, then timed (the first call, which loads the help-centre
    index and the language model, is reported on its own)."""
    flow = CoachingFlow(workspace)
    pool = _pool(workspace)
    start = time.perf_counter()
    flow.score(pool[0])
    first = (time.perf_counter() - start) * 1000
    for c in pool:
        flow.score(c)
    times = []
    for c in pool:
        start = time.perf_counter()
        flow.score(c)
        times.append((time.perf_counter() - start) * 1000)
    return {"coaching_report_ms_median": round(statistics.median(times), 2),
            "coaching_report_ms_max": round(max(times), 1), "coaching_report_first_call_ms": round(first, 1),
            "coaching_report_conversations": len(pool)}


def measure_bulk(count: int = 10_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="assist-coaching-bench-") as folder:
        workspace = Workspace.open(Path(folder) / "demo", demo_mode=True)
        try:
            pool = _pool(workspace)
            copies = [replace(pool[i % len(pool)], id=f"bulk-{i:05d}", status="solved",
                              extra={k: v for k, v in pool[i % len(pool)].extra.items() if k != "_expect"})
                      for i in range(count)]
            workspace.store.conversations.import_all(copies)
            start = time.perf_counter()
            result = CoachingFlow(workspace).coach_all()
            seconds = time.perf_counter() - start
        finally:
            workspace.close()
    return {"coaching_10k_s": round(seconds, 1), "coaching_10k_conversations": result["conversations"],
            "coaching_10k_per_s": round(result["scored"] / seconds, 1) if seconds else None}


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="assist-coaching-bench-") as folder:
        workspace = Workspace.open(Path(folder) / "demo", demo_mode=True)
        try:
            out = measure_report(workspace)
        finally:
            workspace.close()
    out.update(measure_bulk())
    return out


def run_with_targets() -> dict[str, Any]:
    """`assist bench --coaching`: the figures, the targets and whether each is met."""
    out = run()
    out["targets"] = TARGETS
    out["meets_targets"] = {key: out[key] is not None and out[key] <= goal for key, goal in TARGETS.items()}
    return out
