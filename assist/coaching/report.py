"""What coaching hands out: a Report per scored side of a conversation (the agent's, the bot's), each with
its criteria, evidence, the overall score and how it was computed.

The overall score follows the weighted formula QA tools use (Zendesk QA's AutoQA): the weighted average of
score/max over the counted criteria, as a percentage, except that a critical criterion below half of its
scale sets it to 0. Criteria judged by the model are shown but not counted (their agreement with labelled
examples is what `assist eval coaching` measures), and the report says so in `overall_rule`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from assist.base.vocab import Method

FORMULA = ("weighted average of score/max over the criteria scored by rules; a critical criterion below half "
           "its scale sets the overall score to 0; model-judged criteria are shown, not counted")


@dataclass(frozen=True)
class Evidence:
    message_index: int  # into conversation.messages
    quote: str  # a verbatim substring of that message's text (or the whole message, cut at a word)

    def as_dict(self) -> dict[str, Any]:
        return {"message_index": self.message_index, "quote": self.quote}


@dataclass(frozen=True)
class Scored:
    """One criterion's result."""

    id: str
    label: str
    score: int
    max: int
    weight: float
    critical: bool
    method: str
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""  # why this score, in a sentence
    suggestion: str = ""  # for the weakest ones: one concrete thing to do
    rewrite: str = ""  # and that message rewritten
    rewrite_index: int = -1  # the message the rewrite replaces

    @property
    def counted(self) -> bool:
        return self.method == Method.RULE

    @property
    def fraction(self) -> float:
        return self.score / self.max if self.max else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "score": self.score, "max": self.max, "weight": self.weight,
                "critical": self.critical, "method": self.method, "counted": self.counted,
                "evidence": [e.as_dict() for e in self.evidence], "reason": self.reason,
                "suggestion": self.suggestion, "rewrite": self.rewrite, "rewrite_index": self.rewrite_index}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Scored:
        return cls(d["id"], d.get("label", d["id"]), int(d["score"]), int(d["max"]), float(d["weight"]),
                   bool(d["critical"]), d["method"],
                   tuple(Evidence(int(e["message_index"]), e["quote"]) for e in d.get("evidence", [])),
                   d.get("reason", ""), d.get("suggestion", ""), d.get("rewrite", ""), int(d.get("rewrite_index", -1)))


@dataclass(frozen=True)
class Report:
    conversation_id: str
    scored_as: str  # "agent" | "bot"
    author: str
    criteria: tuple[Scored, ...] = ()
    rubric_version: str = ""
    not_scored: str = ""  # a NotScored reason: too short to judge; then there are no criteria
    not_scored_detail: str = ""
    message_indexes: tuple[int, ...] = ()  # the messages this side wrote
    ended_at: str = ""  # time of the last message scored (for the trend)
    overall_rule: str = FORMULA
    zeroed_by: str = ""  # the critical criterion that set the overall score to 0
    strengths: tuple[str, ...] = field(default=())
    improvements: tuple[str, ...] = field(default=())
    not_judged: tuple[str, ...] = ()  # model-judged criteria left unjudged (no model, or it failed)

    @property
    def overall(self) -> float | None:
        """0..100, or None when not scored."""
        return overall_of(self.criteria) if not self.not_scored else None

    def with_scores(self, scores: dict[str, int]) -> Report:
        """The report with some criteria re-scored (a dispute accepted); evidence kept, overall recomputed."""
        criteria = tuple(replace(c, score=max(0, min(c.max, int(scores[c.id])))) if c.id in scores else c
                         for c in self.criteria)
        return replace(self, criteria=criteria, zeroed_by=zeroed_by(criteria))

    def as_dict(self) -> dict[str, Any]:
        return {"conversation_id": self.conversation_id, "scored_as": self.scored_as, "author": self.author,
                "rubric_version": self.rubric_version, "not_scored": self.not_scored,
                "not_scored_detail": self.not_scored_detail, "criteria": [c.as_dict() for c in self.criteria],
                "overall": None if self.overall is None else round(self.overall, 1), "overall_rule": self.overall_rule,
                "zeroed_by": self.zeroed_by, "strengths": list(self.strengths),
                "improvements": list(self.improvements), "message_indexes": list(self.message_indexes),
                "ended_at": self.ended_at, "not_judged": list(self.not_judged)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        return cls(d["conversation_id"], d["scored_as"], d.get("author", ""),
                   tuple(Scored.from_dict(c) for c in d.get("criteria", [])), d.get("rubric_version", ""),
                   d.get("not_scored", ""), d.get("not_scored_detail", ""),
                   tuple(int(i) for i in d.get("message_indexes", [])), d.get("ended_at", ""),
                   d.get("overall_rule", FORMULA), d.get("zeroed_by", ""), tuple(d.get("strengths", [])),
                   tuple(d.get("improvements", [])), tuple(d.get("not_judged", [])))


def zeroed_by(criteria: tuple[Scored, ...]) -> str:
    return next((c.id for c in criteria if c.counted and c.critical and c.fraction < 0.5), "")


def overall_of(criteria: tuple[Scored, ...]) -> float:
    counted = [c for c in criteria if c.counted and c.weight > 0]
    if not counted:
        return 100.0
    if zeroed_by(criteria):
        return 0.0
    total = sum(c.weight for c in counted)
    return 100.0 * sum(c.weight * c.fraction for c in counted) / total
