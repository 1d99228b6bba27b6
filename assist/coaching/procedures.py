"""Required procedure steps: a flow the customer starts (a password reset, an account change) and the steps
the playbook says must come before its action (verify the identity before resetting).

`missing_steps` is the live warning: run on each new message (and on a draft about to be sent), it names
every step of a detected flow still missing, so "Verify the customer's identity before the reset" shows
before the mistake is made. `procedure` is the rubric check after the chat: a step missing when the action
was taken fails it, with the action's words as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assist.base.vocab import Role
from assist.coaching import lexicon
from assist.coaching.report import Evidence
from assist.coaching.side import Side, quote
from assist.coaching.verdict import FAIL, PASS, Verdict
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.domain.rubric import Criterion, Procedure, Step

_REPLIES = (Role.AGENT, Role.BOT)


@lru_cache(maxsize=256)
def _regex(phrases: tuple[str, ...], inflect: bool = True) -> re.Pattern[str]:
    return lexicon.regex(phrases, inflect=inflect)


@dataclass(frozen=True)
class MissingStep:
    procedure: str  # procedure id
    procedure_label: str
    step: str  # step id
    label: str  # what to do: the warning text
    detected_at: int  # the customer message that started the flow
    trigger: str  # its words
    acted_at: int = -1  # the reply (or -2: the draft) that took the action without the step; -1 not yet

    def as_dict(self) -> dict[str, Any]:
        return {"procedure": self.procedure, "procedure_label": self.procedure_label, "step": self.step,
                "label": self.label, "detected_at": self.detected_at, "trigger": self.trigger,
                "acted_at": self.acted_at}


def _detected(procedure: Procedure, messages: Sequence[tuple[int, str, str]]) -> tuple[int, str] | None:
    detect = _regex(tuple(procedure.detect), False)
    for index, role, text in messages:
        if role == Role.CUSTOMER and (m := detect.search(text)):
            return index, m.group(0)
    return None


def _step_state(step: Step, messages: Sequence[tuple[int, str, str]], after: int) -> tuple[int | None, int | None,
                                                                                          str]:
    """(first reply doing the step, first reply taking the action, the action's words) after `after`."""
    done_at: int | None = None
    acted_at: int | None = None
    words = ""
    done, before = _regex(tuple(step.done)), _regex(tuple(step.before)) if step.before else None
    for index, role, text in messages:
        if index < after or role not in _REPLIES:
            continue
        if done_at is None and done.search(text):
            done_at = index
        if acted_at is None and before is not None and (m := before.search(text)):
            acted_at, words = index, m.group(0)
    return done_at, acted_at, words


def _walk(playbook: Playbook, messages: Sequence[tuple[int, str, str]]) -> list[tuple[Procedure, Step, int, str,
                                                                                       int | None, int | None, str]]:
    out = []
    for procedure in playbook.coaching.procedures:
        found = _detected(procedure, messages)
        if found is None:
            continue
        at, trigger = found
        for step in procedure.steps:
            out.append((procedure, step, at, trigger, *_step_state(step, messages, at)))
    return out


def missing_steps(conversation: Conversation, playbook: Playbook, draft: str = "",
                  draft_role: str = Role.AGENT) -> list[MissingStep]:
    """Steps of every detected flow not yet done (a draft counts as the next reply: acted_at -2)."""
    messages: list[tuple[int, str, str]] = [(i, m.role, m.text) for i, m in enumerate(conversation.messages)]
    if draft.strip():
        messages.append((len(conversation.messages), draft_role, draft))
    out = []
    for procedure, step, at, trigger, done_at, acted_at, _words in _walk(playbook, messages):
        if done_at is not None and (acted_at is None or done_at <= acted_at):
            continue
        acted = -1 if acted_at is None else (-2 if acted_at == len(conversation.messages) and draft else acted_at)
        out.append(MissingStep(procedure.id, procedure.label, step.id, step.label, at, trigger, acted))
    return out


def procedure(side: Side, criterion: Criterion) -> Verdict:
    own = set(side.own)
    # The flow may have started before this part (the customer told the bot), and a step done earlier
    # (the bot verified the identity) counts: what matters is the state when this side acted.
    messages = [(i, m.role, m.text) for i, m in enumerate(side.messages[: max(side.indexes) + 1])]
    applied = []
    for proc, step, at, _trigger, done_at, acted_at, words in _walk(side.playbook, messages):
        applied.append(proc.label)
        if acted_at is not None and acted_at in own and (done_at is None or done_at > acted_at):
            return Verdict(FAIL, f"{proc.label}: {step.label[0].lower()}{step.label[1:]}",
                           [Evidence(at, quote(side.text(at))), Evidence(acted_at, words)], target=acted_at,
                           detail=step.label)
    if not applied:
        return Verdict(PASS, "no flow with required steps came up")
    return Verdict(PASS, f"required steps followed ({', '.join(dict.fromkeys(applied))})")
