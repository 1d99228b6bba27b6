"""The same ruler for every agent and the bot: one row each, and the same measures by week.

Every number is a ratio of sums that store.metrics.grouped() adds up in SQL per (week, agent, bot or not,
contact reason); this module adds those groups together for the row asked (an agent, the bot, a week), joins
the rubric, suggestion outcomes and open disputes, and names the figures (docs/metrics.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from assist.base.vocab import Measure, Outcome
from assist.store import Store
from assist.store.metrics import BOT, Filter

# The measures of a row, in the order the lead's table shows them (docs/metrics.md defines each).
MEASURES = tuple(Measure)
RATES = {Measure.RESOLUTION_RATE, Measure.FCR_RATE, Measure.ESCALATION_RATE, Measure.NEGATIVE_END_RATE,
         Measure.ACCEPTANCE_RATE}
BOT_SIDE = "bot"
SUMMED = ("n", "res_n", "res", "fcr", "handle_n", "handle", "mood", "neg", "bot_res", "bot_fcr", "bot_handle_n",
          "bot_handle", "esc_n", "esc", "bot_mood", "bot_neg", "turns", "spread", "low", "rub_n", "rub", "bot_rub_n",
          "bot_rub")


def _round(value: Any, digits: int = 3) -> Any:
    return round(float(value), digits) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _ratio(top: float, bottom: float, digits: int = 3) -> float | None:
    return round(top / bottom, digits) if bottom else None


def add_up(groups: Iterable[dict[str, Any]]) -> dict[str, float]:
    """The SUMS of several groups added (store.metrics.grouped rows)."""
    total = dict.fromkeys(SUMMED, 0.0)
    for g in groups:
        for k in SUMMED:
            total[k] += g[k] or 0
    return total


def human_measures(t: dict[str, float]) -> dict[str, Any]:
    return {"conversations": int(t["n"]), "resolution_rate": _ratio(t["res"], t["res_n"]),
            "fcr_rate": _ratio(t["fcr"], t["res_n"]), "handle_s": _ratio(t["handle"], t["handle_n"], 1),
            "escalation_rate": None, "sentiment_end": _ratio(t["mood"], t["n"]),
            "negative_end_rate": _ratio(t["neg"], t["n"]), "resolution_unknown": int(t["n"] - t["res_n"]),
            "rubric_overall": _ratio(t["rub"], t["rub_n"], 1), "rubric_reports": int(t["rub_n"])}


def bot_measures(t: dict[str, float]) -> dict[str, Any]:
    """The same measures for the bot's side of the conversations it took part in (t sums has_bot rows only)."""
    return {"conversations": int(t["n"]), "resolution_rate": _ratio(t["bot_res"], t["res_n"]),
            "fcr_rate": _ratio(t["bot_fcr"], t["res_n"]), "handle_s": _ratio(t["bot_handle"], t["bot_handle_n"], 1),
            "escalation_rate": _ratio(t["esc"], t["esc_n"]), "sentiment_end": _ratio(t["bot_mood"], t["n"]),
            "negative_end_rate": _ratio(t["bot_neg"], t["n"]), "resolution_unknown": int(t["n"] - t["res_n"]),
            "rubric_overall": _ratio(t["bot_rub"], t["bot_rub_n"], 1), "rubric_reports": int(t["bot_rub_n"])}


def _suggestions(counts: dict[str, int]) -> dict[str, Any]:
    decided = sum(counts.get(o, 0) for o in (Outcome.INSERTED, Outcome.EDITED, Outcome.DISMISSED, Outcome.OVERRIDDEN))
    used = counts.get(Outcome.INSERTED, 0) + counts.get(Outcome.EDITED, 0)
    return {"inserted": counts.get(Outcome.INSERTED, 0), "edited": counts.get(Outcome.EDITED, 0),
            "dismissed": counts.get(Outcome.DISMISSED, 0) + counts.get(Outcome.OVERRIDDEN, 0),
            "no_outcome": counts.get("", 0), "acceptance_rate": _round(used / decided) if decided else None}


def _rubric(measures: dict[str, Any], criteria: dict[str, Any] | None) -> dict[str, Any]:
    return {"overall": measures.pop("rubric_overall"), "reports": measures.pop("rubric_reports"),
            **({"criteria": criteria} if criteria is not None else {})}


def table(store: Store, f: Filter, groups: list[dict[str, Any]] | None = None, *, criteria: bool = False
          ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(one row per agent, the bot's row) under the filter; `groups` = store.metrics.grouped(f) when at hand;
    `criteria`: also each rubric criterion's mean (reads every report: seconds over tens of thousands)."""
    groups = store.metrics.grouped(f) if groups is None else groups
    per_criterion: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for r in store.metrics.rubric(f) if criteria else []:
        if r["criterion"]:
            key = (BOT_SIDE, "") if r["side"] == BOT_SIDE else ("agent", r["author"])
            per_criterion[key][r["criterion"]] = _round(r["score"], 1)
    outcomes: dict[str, dict[str, int]] = defaultdict(dict)
    for r in store.metrics.suggestion_outcomes(f):
        outcomes[r["agent"]][r["outcome"]] = int(r["n"])
    disputes: dict[tuple[str, str], int] = defaultdict(int)
    for r in store.metrics.open_disputes():
        disputes[(BOT_SIDE, "") if r["side"] == BOT_SIDE else ("agent", r["author"])] += int(r["n"])

    per_agent: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in groups:
        if g["agent"]:
            per_agent[g["agent"]].append(g)
    rows = []
    for name in sorted(per_agent):
        measures = human_measures(add_up(per_agent[name]))
        rubric = _rubric(measures, per_criterion.get(("agent", name)))
        row = {"agent": name, **measures, "rubric": rubric,
               "suggestions": _suggestions(outcomes.get(name, {})), "disputes_open": disputes[("agent", name)]}
        row["acceptance_rate"] = row["suggestions"]["acceptance_rate"]
        rows.append(row)
    measures = bot_measures(add_up(g for g in groups if g["has_bot"]))
    rubric = _rubric(measures, per_criterion.get((BOT_SIDE, "")))
    bot = {"agent": BOT, **measures, "rubric": rubric, "suggestions": None, "acceptance_rate": None,
           "disputes_open": disputes[(BOT_SIDE, "")],
           "covers": "every stored conversation with a bot turn (handed off or not)"}
    return rows, bot


def weekly(store: Store, f: Filter, groups: list[dict[str, Any]] | None = None) -> dict[str, list[dict[str, Any]]]:
    """name (or BOT) -> [{week, measures...}] oldest first: the trend lines."""
    groups = store.metrics.grouped(f) if groups is None else groups
    cells: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for g in groups:
        if g["agent"]:
            cells[(g["agent"], g["week"])].append(g)
        if g["has_bot"]:
            cells[(BOT, g["week"])].append(g)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (who, week), cell in sorted(cells.items()):
        measures = bot_measures if who == BOT else human_measures
        out[who].append({"week": week, **measures(add_up(cell))})
    return dict(out)


def span(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """The first and last start, the number of weeks and of conversations the groups cover."""
    firsts = [g["first"] for g in groups if g["first"]]
    lasts = [g["last"] for g in groups if g["last"]]
    return {"first": min(firsts, default=""), "last": max(lasts, default=""),
            "weeks": len({g["week"] for g in groups if g["week"]}), "conversations": int(sum(g["n"] for g in groups))}


def public(row: dict[str, Any]) -> dict[str, Any]:
    """A row for JSON: the bot's key spelled as the word "bot"."""
    return {**row, "agent": "bot" if row["agent"] == BOT else row["agent"]}
