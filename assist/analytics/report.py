"""`assist report`: the lead's whole picture as one document (the same figures the lead view shows)."""

from __future__ import annotations

from typing import Any

from assist.analytics import automation, figures, gaps, ruler
from assist.store import Store
from assist.store.metrics import Filter


def build(store: Store, f: Filter, *, top: int = 3, refresh: bool = True) -> dict[str, Any]:
    """{"by_agent", "bot", "automation_candidates", "forecast", "knowledge_gaps", "coverage"}; the metrics rows
    of new or changed conversations are recomputed first."""
    refreshed = figures.refresh(store) if refresh else 0
    groups = store.metrics.grouped(f)
    rows, bot = ruler.table(store, f, groups, criteria=True)
    ranked = automation.candidates(store, f, groups)
    span = ruler.span(groups)
    unknown = int(sum(g["n"] for g in groups if g["reason"] == automation.UNKNOWN))
    return {
        "filter": {k: v for k, v in vars(f).items() if v},
        "by_agent": [ruler.public(r) for r in rows],
        "bot": ruler.public(bot),
        "automation_candidates": ranked,
        "forecast": automation.forecast(store, f, ranked, top=top, bot_resolution_rate=bot["resolution_rate"],
                                        groups=groups),
        "knowledge_gaps": gaps.groups(store, f),
        "coverage": {"conversations": span["conversations"], "from": span["first"], "to": span["last"],
                     "weeks": span["weeks"], "bot_conversations": bot["conversations"],
                     "metrics_refreshed": refreshed, "reason_unknown": unknown,
                     "resolution_unknown": sum(r["resolution_unknown"] for r in rows)
                     + (bot["resolution_unknown"] or 0)},
    }


def snapshot(store: Store, f: Filter, *, top: int = 3, choices: bool = False) -> dict[str, Any]:
    """What the lead window's team and automation tabs show for a filter, in one background call (the figures
    refreshed first); the filters' choices when asked (on open). The gaps tab asks gaps.groups when shown."""
    refreshed = figures.refresh(store)
    groups = store.metrics.grouped(f)
    rows, bot = ruler.table(store, f, groups)
    ranked = automation.candidates(store, f, groups)
    return {"rows": rows, "bot": bot, "weekly": ruler.weekly(store, f, groups), "ranked": ranked,
            "forecast": automation.forecast(store, f, ranked, top=top, bot_resolution_rate=bot["resolution_rate"],
                                            groups=groups),
            "choices": store.metrics.choices() if choices else None, "span": ruler.span(groups),
            "refreshed": refreshed}
