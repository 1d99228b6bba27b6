"""`assist eval coaching`: how far the coaching rules agree with labelled conversations.

Each conversation carries `"_expect": {"low": [criterion ids], "high": [criterion ids]}` (flat: for every
report of it), or keyed by side (`{"bot": {...}, "agent": {...}}`), or `{"not_scored": true}` for a chat
too short to judge. A criterion is predicted "low" when it scores below its maximum. Scored on a fresh
demo workspace (its playbook, rubric and help centre), so the figures do not depend on the user's data.

Figures: per criterion the labelled count, agreement, flaws caught (low labels predicted low) and clean
kept (high labels predicted full); the overall of the flawless conversations (the target is >= 85); the
same ruler (a bot's report and the same transcript scored as a human's mark down the same criteria); and
the time per report without the model.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.base.vocab import Role
from assist.coaching.report import Report
from assist.domain import conversation as conv_mod
from assist.domain.conversation import Conversation
from assist.llm.engine import Engine
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.workspace import Workspace

GOOD_TARGET = 85.0


@contextmanager
def demo_workspace() -> Iterator[Workspace]:
    with tempfile.TemporaryDirectory(prefix="assist-coaching-eval-") as folder:
        workspace = Workspace.open(Path(folder) / "demo", demo_mode=True)
        try:
            yield workspace
        finally:
            workspace.close()


def load(path: Path) -> list[Conversation]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    out: list[Conversation] = []
    for file in files:
        for c in conv_mod.load_file(file):
            if not isinstance(c.extra.get("_expect"), dict):
                raise InputError("needs an _expect object (low/high criterion ids)", source=str(file),
                                 field=f"{c.id}._expect")
            out.append(c)
    if not out:
        raise InputError("no conversations found", source=str(path))
    return out


def _expect_for(expect: dict[str, Any], report: Report) -> dict[str, Any] | None:
    if "low" in expect or "high" in expect or "not_scored" in expect:
        return expect
    keyed = expect.get(report.scored_as)
    return keyed if isinstance(keyed, dict) else None


def _marked_down(report: Report) -> set[str]:
    return {c.id for c in report.criteria if c.counted and c.score < c.max}


def evaluate(conversations: list[Conversation], flow: CoachingFlow, details: bool = False) -> dict[str, Any]:
    per: dict[str, dict[str, int]] = {}
    good_overall: list[float] = []
    timings: list[float] = []
    not_scored_ok = not_scored_n = 0
    ruler_same = ruler_n = 0
    misses: list[dict[str, Any]] = []
    unjudged: dict[str, int] = {}
    n_reports = 0
    for c in conversations:
        expect = c.extra["_expect"]
        started = time.perf_counter()
        reports = flow.score(c)
        timings.append(1000 * (time.perf_counter() - started) / max(1, len(reports)))
        for report in reports:
            n_reports += 1
            e = _expect_for(expect, report)
            if e is None:
                continue
            if e.get("not_scored"):
                not_scored_n += 1
                not_scored_ok += bool(report.not_scored)
                continue
            if report.not_scored:
                misses.append({"id": c.id, "side": report.scored_as, "not_scored": report.not_scored})
                continue
            low = _marked_down(report)
            judged = {x.id for x in report.criteria}
            for cid, label in [*((x, "low") for x in e.get("low", [])), *((x, "high") for x in e.get("high", []))]:
                if cid not in judged:
                    unjudged[cid] = unjudged.get(cid, 0) + 1  # a model criterion without a model
                    continue
                stats = per.setdefault(cid, {"labelled": 0, "agree": 0, "low": 0, "low_caught": 0, "high": 0,
                                             "high_kept": 0})
                predicted = "low" if cid in low else "high"
                stats["labelled"] += 1
                stats["agree"] += predicted == label
                stats[label] += 1
                stats["low_caught" if label == "low" else "high_kept"] += predicted == label
                if predicted != label:
                    crit = next((x for x in report.criteria if x.id == cid), None)
                    misses.append({"id": c.id, "side": report.scored_as, "criterion": cid, "expected": label,
                                   "reason": crit.reason if crit else "not in the rubric"})
            if not e.get("low") and report.overall is not None:
                good_overall.append(report.overall)
            # The same ruler: a bot-only chat scored as a human's (a handoff would merge into one side).
            if report.scored_as == Role.BOT and not any(m.role == Role.AGENT for m in c.messages):
                ruler_n += 1
                as_human = flow.score(c, scored_as=Role.AGENT)
                twin = next((r for r in as_human if set(r.message_indexes) == set(report.message_indexes)), None)
                ruler_same += twin is not None and _marked_down(twin) == low
    labelled = sum(s["labelled"] for s in per.values())
    result: dict[str, Any] = {
        "conversations": len(conversations), "reports": n_reports,
        "agreement": round(sum(s["agree"] for s in per.values()) / labelled, 3) if labelled else None,
        "labelled": labelled,
        "criteria": {cid: {"labelled": s["labelled"], "agreement": round(s["agree"] / s["labelled"], 3),
                           "flaws": s["low"], "flaws_caught": _share(s["low_caught"], s["low"]),
                           "clean": s["high"], "clean_kept": _share(s["high_kept"], s["high"])}
                     for cid, s in sorted(per.items())},
        "not_judged": unjudged,
        "good_reports": len(good_overall),
        "good_min_overall": round(min(good_overall), 1) if good_overall else None,
        "good_at_least_85": round(sum(o >= GOOD_TARGET for o in good_overall) / len(good_overall), 3)
        if good_overall else None,
        "not_scored_ok": f"{not_scored_ok}/{not_scored_n}",
        "same_ruler": round(ruler_same / ruler_n, 3) if ruler_n else None, "bot_reports": ruler_n,
        "ms_per_report_median": round(statistics.median(timings), 2),
        "ms_per_report_max": round(max(timings), 2),
    }
    if details:
        result["misses"] = misses
    return result


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def run(path: Path, engine: Engine | None = None, details: bool = False) -> dict[str, Any]:
    conversations = load(path)
    with demo_workspace() as workspace:
        flow = CoachingFlow(workspace, engine)
        flow.score(conversations[0])  # warm the help-centre index and the analysers: time reports, not set-up
        return evaluate(conversations, flow, details)
