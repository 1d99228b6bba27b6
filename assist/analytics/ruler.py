"""The same ruler for every agent and the bot: one row each, and the same measures by week.

Every number comes from store.metrics aggregates (SQL); this module only joins the families of figures
(conversations, rubric, suggestion outcomes, open disputes) into rows, rounds them and names them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from assist.base.vocab import Measure, Outcome
from assist.store import Store
from assist.store.metrics import BOT, Filter

# The measures of a row, in the order the lead's table shows them (docs/metrics.md defines each).
MEASURES = tuple(Measure)
RATES = {Measure.RESOLUTION_RATE, Measure.FCR_RATE, Measure.ESCALATION_RATE, Measure.NEGATIVE_END_RATE,
         Measure.ACCEPTANCE_RATE}
BOT_SIDE = "bot"


def _round(value: Any, digits: int = 3) -> Any:
    return round(float(value), digits) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _base(row: dict[str, Any]) -> dict[str, Any]:
    return {"conversations": int(row["conversations"]), "resolution_rate": _round(row["resolution_rate"]),
            "fcr_rate": _round(row["fcr_rate"]), "handle_s": _round(row["handle_s"], 1),
            "escalation_rate": _round(row["escalation_rate"]), "sentiment_end": _round(row["sentiment_end"]),
            "negative_end_rate": _round(row["negative_end_rate"]),
            "resolution_unknown": int(row["resolution_unknown"] or 0)}


def _empty() -> dict[str, Any]:
    return {"conversations": 0, "resolution_rate": None, "fcr_rate": None, "handle_s": None, "escalation_rate": None,
            "sentiment_end": None, "negative_end_rate": None, "resolution_unknown": 0}


def _suggestions(counts: dict[str, int]) -> dict[str, Any]:
    decided = sum(counts.get(o, 0) for o in (Outcome.INSERTED, Outcome.EDITED, Outcome.DISMISSED, Outcome.OVERRIDDEN))
    used = counts.get(Outcome.INSERTED, 0) + counts.get(Outcome.EDITED, 0)
    return {"inserted": counts.get(Outcome.INSERTED, 0), "edited": counts.get(Outcome.EDITED, 0),
            "dismissed": counts.get(Outcome.DISMISSED, 0) + counts.get(Outcome.OVERRIDDEN, 0),
            "no_outcome": counts.get("", 0), "acceptance_rate": _round(used / decided) if decided else None}


def table(store: Store, f: Filter) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(one row per agent, the bot's row) under the filter."""
    rubric: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"overall": None, "reports": 0,
                                                                         "criteria": {}})
    for r in store.metrics.rubric(f):
        key = (BOT_SIDE, "") if r["side"] == BOT_SIDE else ("agent", r["author"])
        if r["criterion"]:
            rubric[key]["criteria"][r["criterion"]] = _round(r["score"], 1)
        else:
            rubric[key]["overall"] = _round(r["score"], 1) if r["score"] is not None else None
            rubric[key]["reports"] += int(r["reports"])
    outcomes: dict[str, dict[str, int]] = defaultdict(dict)
    for r in store.metrics.suggestion_outcomes(f):
        outcomes[r["agent"]][r["outcome"]] = int(r["n"])
    disputes: dict[tuple[str, str], int] = defaultdict(int)
    for r in store.metrics.open_disputes():
        disputes[(BOT_SIDE, "") if r["side"] == BOT_SIDE else ("agent", r["author"])] += int(r["n"])

    rows = []
    for r in store.metrics.by_agent(f):
        name = r["agent"]
        row = {"agent": name, **_base(r), "rubric": dict(rubric[("agent", name)]),
               "suggestions": _suggestions(outcomes.get(name, {})), "disputes_open": disputes[("agent", name)]}
        row["acceptance_rate"] = row["suggestions"]["acceptance_rate"]
        rows.append(row)
    bot_rows = store.metrics.bot(f)
    bot = {"agent": BOT, **(_base(bot_rows[0]) if bot_rows else _empty()), "rubric": dict(rubric[(BOT_SIDE, "")]),
           "suggestions": None, "acceptance_rate": None, "disputes_open": disputes[(BOT_SIDE, "")],
           "covers": "every stored conversation with a bot turn (handed off or not)"}
    return rows, bot


def weekly(store: Store, f: Filter) -> dict[str, list[dict[str, Any]]]:
    """name (or BOT) -> [{week, measures...}] oldest first: the trend lines."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.metrics.by_agent(f, by_week=True):
        out[r["agent"]].append({"week": r["week"], **_base(r)})
    for r in store.metrics.bot(f, by_week=True):
        out[BOT].append({"week": r["week"], **_base(r)})
    return dict(out)


def public(row: dict[str, Any]) -> dict[str, Any]:
    """A row for JSON: the bot's key spelled as the word "bot"."""
    return {**row, "agent": "bot" if row["agent"] == BOT else row["agent"]}
