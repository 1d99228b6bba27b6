"""The weekly "what broke" review: for one ISO week against the four weeks before it, the contact reasons whose
escalation or negative-end rate rose, the bot's failures in reasons where it had none, the guardrail rules that
fired most, the suggestions agents flagged most and why, and agents whose suggestion acceptance dropped
(drift); each item with the conversations behind it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from assist.analytics import figures, ruler
from assist.base.errors import InputError
from assist.base.vocab import Outcome
from assist.store import Store
from assist.store.metrics import BOT, Filter

BASELINE_WEEKS = 4
RISE = 0.10  # a rate is "up" when it rose by at least ten points
MIN_VOLUME = 2
EXAMPLES = 5


def _week(text: str) -> tuple[str, str, str]:
    """(since, until, baseline since) of an ISO week "2026-W47"."""
    try:
        since, until = figures.week_bounds(text)
    except ValueError:
        raise InputError(f"{text!r} is not an ISO week (YYYY-Www, e.g. 2026-W47)", field="week") from None
    return since, until, (date.fromisoformat(since) - timedelta(days=7 * BASELINE_WEEKS)).isoformat()


def _by_reason(groups: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    cells: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in groups:
        cells[g["reason"]].append(g)
    out = {}
    for reason, rows in cells.items():
        bot = ruler.bot_measures(ruler.add_up(g for g in rows if g["has_bot"]))
        everyone = ruler.human_measures(ruler.add_up(rows))
        out[reason] = {"volume": everyone["conversations"], "escalation_rate": bot["escalation_rate"],
                       "negative_end_rate": everyone["negative_end_rate"], "bot_resolved": bot["resolution_rate"]}
    return out


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in rows[:EXAMPLES]]


def build(store: Store, week: str = "") -> dict[str, Any]:
    figures.refresh(store)
    if not week:
        weeks = store.metrics.choices()["week"]
        if not weeks:
            return {"week": "", "empty": True, "note": "no conversations stored yet"}
        week = weeks[-1]
    since, until, base_since = _week(week)
    now_f, base_f = Filter(since=since, until=until), Filter(since=base_since, until=since)
    now, base = _by_reason(store.metrics.grouped(now_f)), _by_reason(store.metrics.grouped(base_f))
    rising = []
    for reason, fig in sorted(now.items()):
        before = base.get(reason, {})
        for measure, drill in (("escalation_rate", "escalated"), ("negative_end_rate", "negative_end")):
            was, is_ = before.get(measure), fig[measure]
            if is_ is not None and fig["volume"] >= MIN_VOLUME and is_ - (was or 0.0) >= RISE:
                who = BOT if measure == "escalation_rate" else ""
                rows = store.metrics.conversations(Filter(since=since, until=until, reason=reason), who=who,
                                                   measure=drill, limit=EXAMPLES)
                rising.append({"reason": reason, "measure": measure, "was": was, "now": is_,
                               "volume": fig["volume"], "examples": _ids(rows)})
    new_failures = []
    for reason in sorted(now):
        failed = store.metrics.conversations(Filter(since=since, until=until, reason=reason), who=BOT,
                                             measure="unresolved", limit=50)
        failed = [r for r in failed if r["escalated"] == 1]
        earlier = store.metrics.conversations(Filter(since=base_since, until=since, reason=reason), who=BOT,
                                              measure="unresolved", limit=1)
        if failed and not earlier:
            new_failures.append({"reason": reason, "handed_off": len(failed), "examples": _ids(failed)})
    acceptance = []
    rate_now = _acceptance(store, now_f)
    rate_before = _acceptance(store, base_f)
    for agent, (rate, n) in sorted(rate_now.items()):
        was = rate_before.get(agent, (None, 0))[0]
        if was is not None and was - rate >= RISE:
            acceptance.append({"agent": agent, "was": round(was, 3), "now": round(rate, 3), "suggestions": n})
    return {
        "week": week, "from": since, "to": until, "baseline": {"from": base_since, "to": since},
        "reasons_rising": rising, "bot_new_failures": new_failures,
        "rules_fired": [{"rule": r["rule"], "count": r["n"],
                         "examples": (r["conversations"] or "").split(",")[:EXAMPLES]}
                        for r in store.metrics.rules_fired(now_f)],
        "flagged": [{"reason": r["reason"], "count": r["n"], "comments": (r["comments"] or "").split(" | ")[:EXAMPLES],
                     "examples": (r["conversations"] or "").split(",")[:EXAMPLES]} for r in store.metrics.flags(now_f)],
        "acceptance_dropping": acceptance,
    }


def _acceptance(store: Store, f: Filter) -> dict[str, tuple[float, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for r in store.metrics.suggestion_outcomes(f):
        counts[r["agent"]][r["outcome"]] = int(r["n"])
    out = {}
    for agent, c in counts.items():
        decided = sum(v for k, v in c.items() if k)
        if decided:
            out[agent] = ((c.get(Outcome.INSERTED, 0) + c.get(Outcome.EDITED, 0)) / decided, decided)
    return out
