"""`assist bench --lead`: the team lead's view over 50,000 conversations (no model).

The store: the 45 demo conversations, tagged and coached, cloned under new ids into 50,000 spread over 26 weeks
and 12 agents (each clone's tags, coaching reports and metrics row are its template's with the id, agent and
times changed, exactly what `figures.refresh` would compute for it), imported into a fresh
workspace. Timed: opening the view (every query the lead window runs on open, the stale check included), each
filter, the gaps tab, a drill-down; and refreshing the figures of 1,000 changed conversations (sentiment journey
and help-centre lookup per conversation).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from assist.analytics import figures, gaps, report
from assist.domain.conversation import Conversation, Message
from assist.store import Store
from assist.store.metrics import Filter
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.tagger import WorkspaceTagger
from assist.workspace.workspace import Workspace

TARGETS = {"lead_open_50k_s": 1.0, "lead_filter_50k_ms_max": 300.0}
AGENTS = [f"Agent {n:02d}" for n in range(1, 13)]
WEEKS = 26
CHUNK = 5000


def _shift(at: str, delta: timedelta) -> str:
    try:
        return (datetime.fromisoformat(at) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return at


def _delta(n: int) -> timedelta:
    return timedelta(days=-7 * (n % WEEKS), hours=n % 11)


def _clone(c: Conversation, n: int) -> Conversation:
    delta = _delta(n)
    agent = AGENTS[n % len(AGENTS)]
    msgs = [replace(m, at=_shift(m.at, delta), author=agent if m.role == "agent" else m.author) for m in c.messages]
    return replace(c, id=f"{c.id}-x{n}", messages=msgs)


def _agent_of(c: Conversation) -> str:
    return next((m.author for m in reversed(c.messages) if m.role == "agent"), "")


def open_view(store: Store, f: Filter, *, opening: bool = False) -> dict[str, Any]:
    """Every query the lead window runs to show a filter (LeadView.reload's background call; on opening, the
    filters' choices too)."""
    return report.snapshot(store, f, choices=opening)


def _build(folder: Path, total: int) -> Store:
    demo = Workspace.open(folder / "demo", demo_mode=True)
    try:
        WorkspaceTagger(demo.store, demo.playbook, demo.data_dir).retag_all()
        templates = demo.store.conversations.all()
        tags = {c.id: [(t.kind, t.value, t.confidence, t.source) for t in demo.store.tags.get(c.id)] for c in templates}
        CoachingFlow(demo).coach_all()
        reports: dict[str, list[dict[str, Any]]] = {}
        for r in demo.store.coaching.recent(limit=1000):
            reports.setdefault(r.conversation_id, []).append(r.report)
        figures.refresh(demo.store)
        rows = {r["conversation_id"]: r for r in demo.store.metrics.rows_of(list(tags))}
    finally:
        demo.close()
    store = Store(folder / "big")
    for start in range(0, total, CHUNK):
        clones = [_clone(templates[n % len(templates)], n) for n in range(start, min(total, start + CHUNK))]
        store.conversations.import_all(clones)
        store.tags.save_many((c.id, tags[c.id.rsplit("-x", 1)[0]]) for c in clones)
        store.coaching.save([{**report, "conversation_id": c.id,
                              "author": _agent_of(c) if report["scored_as"] == "agent" else report["author"]}
                             for c in clones for report in reports.get(c.id.rsplit("-x", 1)[0], [])])
    out = []
    for cid, stamp in store.metrics.stale():  # each clone's row: its template's, with its id, agent and times
        template, n = cid.rsplit("-x", 1)
        row, delta = dict(rows[template]), _delta(int(n))
        started = datetime.fromisoformat(row["started_at"]) + delta if row["started_at"] else None
        row.update(conversation_id=cid, stamp=stamp, agent=AGENTS[int(n) % len(AGENTS)] if row["agent"] else "",
                   started_at=_shift(row["started_at"], delta), ended_at=_shift(row["ended_at"], delta),
                   week=figures.iso_week(started) if started else "")
        out.append(row)
        if len(out) >= CHUNK:
            store.metrics.save(out)
            out = []
    store.metrics.save(out)
    store.metrics.mark_refreshed(store.metrics.signature())
    return store


def _ms(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return round(1000 * (time.perf_counter() - start), 1)


def run(total: int = 50_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="assist-lead-bench-") as tmp:
        started = time.perf_counter()
        store = _build(Path(tmp), total)
        try:
            build_s = round(time.perf_counter() - started, 1)
            assert store.metrics.count() == total, "every conversation has its metrics row"
            open_ms = _ms(lambda: open_view(store, Filter(), opening=True))
            weeks = store.metrics.choices()["week"]
            since, until = figures.week_bounds(weeks[-1])
            filters = {"week": Filter(since=since, until=until), "channel": Filter(channel="email"),
                       "reason": Filter(reason="delivery_delay"), "agent": Filter(agent=AGENTS[3]),
                       "all_four": Filter(since=since, until=until, channel="chat", reason="delivery_delay",
                                          agent=AGENTS[3])}
            filter_ms = {name: _ms(lambda f=f: open_view(store, f)) for name, f in filters.items()}
            gaps_ms = _ms(lambda: gaps.groups(store, Filter()))
            drill_ms = _ms(lambda: store.metrics.conversations(Filter(), who=AGENTS[0], measure="resolved"))
            changed = [c for c in (store.conversations.get(f"c-1001-x{n}") for n in range(0, 1000 * 45, 45)) if c]
            for c in changed:
                store.conversations.add_message(c.id, Message(role="customer", text="Any news on this?",
                                                              at="2026-12-01T09:00:00Z"))
            start = time.perf_counter()
            refreshed = figures.refresh(store)
            refresh_s = round(time.perf_counter() - start, 2)
        finally:
            store.close()
    result = {"lead_conversations": total, "lead_build_s": build_s, "lead_open_50k_s": round(open_ms / 1000, 3),
              "lead_filter_ms": filter_ms, "lead_filter_50k_ms_max": max(filter_ms.values()),
              "lead_drill_ms": drill_ms, "lead_gaps_tab_ms": gaps_ms, "lead_refresh_changed": refreshed,
              "lead_refresh_1000_s": refresh_s}
    return result


def run_with_targets() -> dict[str, Any]:
    result = run()
    result["targets"] = TARGETS
    result["meets_targets"] = {k: result[k] <= goal for k, goal in TARGETS.items()}
    return result
