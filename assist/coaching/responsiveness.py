"""Responsiveness: how long the customer waited for the side's first reply, and its longest silence.

Thresholds per channel (seconds), overridable in the criterion's params as first_response_s / gap_s
(applied to every channel). A wait over the threshold is partly, over three times it (or both waits over)
fails. Without message times there is nothing to judge, and the side passes with that said.
"""

from __future__ import annotations

from datetime import datetime

from assist.base.vocab import Role
from assist.coaching.report import Evidence
from assist.coaching.side import Side, quote
from assist.coaching.verdict import FAIL, PARTLY, PASS, Verdict
from assist.domain.rubric import Criterion

# channel -> (first response, longest gap while the customer waits)
THRESHOLDS: dict[str, tuple[float, float]] = {
    "chat": (120, 300), "in_app": (120, 300), "voice": (60, 180), "social": (3600, 4 * 3600),
    "email": (4 * 3600, 24 * 3600),
}


def _time(at: str) -> datetime | None:
    if not at:
        return None
    try:
        return datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return None


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def responsiveness(side: Side, criterion: Criterion) -> Verdict:
    first_limit, gap_limit = THRESHOLDS.get(side.conversation.channel, THRESHOLDS["chat"])
    first_limit = float(criterion.params.get("first_response_s", first_limit))
    gap_limit = float(criterion.params.get("gap_s", gap_limit))
    waits: list[tuple[float, int]] = []  # (seconds, reply index), in order
    waiting_since = None
    for i in side.indexes:
        message = side.messages[i]
        when = _time(message.at)
        if message.role == Role.CUSTOMER:
            if waiting_since is None:
                waiting_since = when
        elif message.role == side.scored_as:
            if waiting_since is not None and when is not None:
                waits.append(((when - waiting_since).total_seconds(), i))
            waiting_since = None
    if not waits:
        return Verdict(PASS, "no message times to judge")
    first, first_index = waits[0]
    gap, gap_index = max(waits[1:], default=(0.0, -1))
    slow_first, slow_gap = first > first_limit, gap > gap_limit
    if not slow_first and not slow_gap:
        return Verdict(PASS, f"first reply after {_minutes(first)}")
    evidence, reasons = [], []
    if slow_first:
        evidence.append(Evidence(first_index, quote(side.text(first_index))))
        reasons.append(f"first reply after {_minutes(first)} (target {_minutes(first_limit)})")
    if slow_gap:
        evidence.append(Evidence(gap_index, quote(side.text(gap_index))))
        reasons.append(f"the customer waited {_minutes(gap)} for a reply (target {_minutes(gap_limit)})")
    worst = first > 3 * first_limit or gap > 3 * gap_limit or (slow_first and slow_gap)
    return Verdict(FAIL if worst else PARTLY, "; ".join(reasons), evidence)
