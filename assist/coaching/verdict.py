"""What one rule check returns: a level (pass, partly, fail) with its evidence and the message to fix."""

from __future__ import annotations

from dataclasses import dataclass, field

from assist.coaching.report import Evidence

PASS, PARTLY, FAIL = 1.0, 0.5, 0.0


@dataclass
class Verdict:
    level: float  # PASS, PARTLY or FAIL; mapped onto the criterion's scale
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
    target: int = -1  # the message a rewrite would replace (-1: none)
    detail: str = ""  # a check's own note for the suggestion (the phrase, the step, the rule message)


def score_on(level: float, scale: int) -> int:
    """PASS -> scale, FAIL -> 0, PARTLY -> half the scale rounded down (0 on a binary scale)."""
    return scale if level >= PASS else 0 if level <= FAIL else int(scale * level)
