"""What to automate next: contact reasons ranked as candidates for the bot, and what taking the top N would mean.

A good candidate (the seeds' method) has high volume, few exchanges, low escalation, consistent resolution and
a calm sentiment journey (a small spread and a high lowest point, not only a good end). Each is scored 0..1
from the store's per-reason aggregates and the weighted mean ranks the reasons; every figure behind a rank is
in its row, with the bot's and the humans' results side by side. The forecast uses the same rows.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from assist.analytics import ruler
from assist.store import Store
from assist.store.metrics import Filter

WEIGHTS = {"volume": 0.30, "exchanges": 0.15, "escalation": 0.15, "resolution": 0.20, "sentiment": 0.20}
MIN_VOLUME = 2  # a reason seen once says nothing about how it goes
MIN_BOT_SAMPLE = 3  # fewer bot conversations of a reason than this: the bot's overall resolution rate is used
UNKNOWN = "unknown"


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def _reasons(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per contact reason: volume, exchanges, the journey, the bot's and the humans' results, weekly resolution."""
    by_reason: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in groups:
        by_reason[g["reason"]].append(g)
    out = []
    for reason, cells in by_reason.items():
        t = ruler.add_up(cells)
        bot = ruler.add_up(g for g in cells if g["has_bot"])
        human = ruler.add_up(g for g in cells if g["agent"])
        weeks: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for g in cells:
            weeks[g["week"]].append(g)
        weekly = [w["res"] / w["res_n"] for w in (ruler.add_up(c) for c in weeks.values()) if w["res_n"]]
        out.append({"reason": reason, "volume": int(t["n"]), "exchanges": t["turns"] / t["n"],
                    "sentiment_spread": t["spread"] / t["n"], "sentiment_low": t["low"] / t["n"],
                    "resolution_rate": t["res"] / t["res_n"] if t["res_n"] else None, "weekly_resolution": weekly,
                    "bot": ruler.bot_measures(bot), "humans": ruler.human_measures(human)})
    return out


def candidates(store: Store, f: Filter, groups: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Reasons ranked best candidate first, each with its figures and the score of each part."""
    groups = store.metrics.grouped(f) if groups is None else groups
    rows = [r for r in _reasons(groups) if r["reason"] != UNKNOWN and r["volume"] >= MIN_VOLUME]
    if not rows:
        return []
    top_volume = max(r["volume"] for r in rows)
    out = []
    for r in rows:
        rates = r["weekly_resolution"]
        consistency = 1.0 - min(1.0, 2 * statistics.pstdev(rates)) if len(rates) > 1 else 1.0
        resolution = float(r["resolution_rate"] or 0.0)
        escalation = r["bot"]["escalation_rate"]
        parts = {
            "volume": r["volume"] / top_volume,
            "exchanges": 1.0 / max(1.0, float(r["exchanges"] or 1.0)),
            "escalation": 0.5 if escalation is None else 1.0 - float(escalation),  # no bot data: neither way
            "resolution": resolution * consistency,
            "sentiment": ((1.0 - min(2.0, float(r["sentiment_spread"] or 0.0)) / 2.0)
                          + (float(r["sentiment_low"] or 0.0) + 1.0) / 2.0) / 2.0,
        }
        score = sum(WEIGHTS[k] * v for k, v in parts.items())
        out.append({
            "reason": r["reason"], "score": _r(score), "parts": {k: _r(v) for k, v in parts.items()},
            "volume": r["volume"], "exchanges": _r(r["exchanges"], 2),
            "resolution_rate": _r(resolution), "resolution_consistency": _r(consistency),
            "sentiment_spread": _r(r["sentiment_spread"]), "sentiment_low": _r(r["sentiment_low"]),
            "bot": {"conversations": r["bot"]["conversations"], "resolution_rate": r["bot"]["resolution_rate"],
                    "escalation_rate": escalation},
            "humans": {"conversations": r["humans"]["conversations"],
                       "resolution_rate": r["humans"]["resolution_rate"], "handle_s": r["humans"]["handle_s"]},
        })
    out.sort(key=lambda c: (-(c["score"] or 0.0), -c["volume"], c["reason"]))
    for rank, c in enumerate(out, 1):
        c["rank"] = rank
    return out


def forecast(store: Store, f: Filter, ranked: list[dict[str, Any]], top: int = 3,
             bot_resolution_rate: float | None = None, groups: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """If the bot took the top N reasons: the share of volume it would handle and the agent hours freed."""
    span = ruler.span(store.metrics.grouped(f) if groups is None else groups)
    total = span["conversations"]
    chosen = ranked[:top]
    fallback = bot_resolution_rate if bot_resolution_rate is not None else 0.5
    volume = sum(c["volume"] for c in chosen)
    at_bot = at_humans = 0.0  # seconds freed at the bot's measured rate / at the humans' resolution rate
    contained = 0.0
    for c in chosen:
        rate = c["bot"]["resolution_rate"] if c["bot"]["conversations"] >= MIN_BOT_SAMPLE else None
        rate = fallback if rate is None else rate
        human_rate = c["humans"]["resolution_rate"] or 0.0
        handle = c["humans"]["handle_s"] or 0.0
        contained += c["humans"]["conversations"] * rate
        at_bot += c["humans"]["conversations"] * rate * handle
        at_humans += c["humans"]["conversations"] * human_rate * handle
    weeks = max(1, span["weeks"])
    return {
        "top": top, "reasons": [c["reason"] for c in chosen],
        "share_of_volume": _r(volume / total) if total else None,
        "conversations_in_scope": volume,
        "human_conversations_taken": _r(contained, 1),
        "agent_hours_freed": _r(at_bot / 3600.0, 1),
        "agent_hours_freed_per_week": _r(at_bot / 3600.0 / weeks, 2),
        "if_bot_matched_humans": {"agent_hours_freed": _r(at_humans / 3600.0, 1),
                                  "agent_hours_freed_per_week": _r(at_humans / 3600.0 / weeks, 2)},
        "weeks": span["weeks"], "from": span["first"], "to": span["last"],
        "assumptions": [
            f"the bot resolves each reason's conversations at its own measured rate there when it has at least "
            f"{MIN_BOT_SAMPLE} of them, else at its overall resolution rate ({_r(fallback)})",
            "each conversation the bot resolves frees the humans' average handle time of that reason",
            "if_bot_matched_humans: the bot, given those reasons' answers, resolves them as often as the agents do "
            "now (an upper bound for a well-built bot flow)",
            "handle time is elapsed time from the customer message the agent first answered to the agent's last "
            "message (docs/metrics.md): for email it includes waiting, so hours freed are an upper bound there",
            "volume stays as it was over the period measured; conversations the bot fails still reach an agent",
        ],
    }
