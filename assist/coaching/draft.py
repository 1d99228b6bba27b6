"""The pre-send check of one draft against the rubric criteria that one message can be judged on (voice,
accuracy's hard rules, tone, readability), plus the live missed-step warnings of the chat so far.

The draft is scored as the next agent message of the conversation, with the same checks the report uses,
so what the pre-send check says is what the coaching report will say.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from assist.base.vocab import CriterionId, Role
from assist.coaching.procedures import MissingStep, missing_steps
from assist.coaching.report import Scored
from assist.coaching.score import CHECKS
from assist.coaching.side import Side
from assist.coaching.verdict import score_on
from assist.domain.conversation import Conversation, Message
from assist.domain.playbook import Playbook

ONE_MESSAGE = (CriterionId.VOICE, CriterionId.ACCURACY, CriterionId.TONE, CriterionId.READABILITY)


@dataclass(frozen=True)
class DraftReview:
    criteria: tuple[Scored, ...]
    missing_steps: tuple[MissingStep, ...]

    @property
    def ok(self) -> bool:
        return all(c.fraction >= 1 for c in self.criteria) and not self.missing_steps

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "criteria": [c.as_dict() for c in self.criteria],
                "missing_steps": [m.as_dict() for m in self.missing_steps]}


def review(draft: str, conversation: Conversation, playbook: Playbook, author: str = "") -> DraftReview:
    messages = [*conversation.messages, Message(role="agent", text=draft, author=author)]
    extended = replace(conversation, messages=messages)
    index = len(messages) - 1
    side = Side(extended, playbook, Role.AGENT, [index])
    out = []
    for criterion in playbook.rubric:
        if criterion.id not in ONE_MESSAGE or criterion.method != "rule":
            continue
        verdict = CHECKS[criterion.id](side, criterion)
        out.append(Scored(criterion.id, criterion.label, score_on(verdict.level, criterion.scale), criterion.scale,
                          criterion.weight, criterion.critical, criterion.method, tuple(verdict.evidence),
                          verdict.reason))
    return DraftReview(tuple(out), tuple(missing_steps(conversation, playbook, draft)))
