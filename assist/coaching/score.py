"""Coaching one conversation: a report per side (the bot's part, the agent's part), every criterion of the
playbook's rubric scored with evidence, the weakest ones with a suggestion and a rewrite.

Rules decide every criterion they can (CHECKS); the model (an Engine, optional) judges only criteria the
playbook marks method = "model", which are shown but not counted (report.FORMULA). Without a model those
are listed in `not_judged`. The same checks run for a bot and for a human: the side's role only picks its
messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assist.base.vocab import CriterionId, Method, NotScored
from assist.coaching import advice, checks_content, checks_wording, judge, procedures, responsiveness
from assist.coaching.help_centre import HelpCentre
from assist.coaching.report import Report, Scored, zeroed_by
from assist.coaching.side import Side, sides
from assist.coaching.verdict import Verdict, score_on
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.domain.rubric import Criterion
from assist.llm.engine import Engine

CODE_VERSION = "1"  # bump when a check changes what it scores: stored reports are then re-scored

CHECKS: dict[str, Callable[[Side, Criterion], Verdict]] = {
    CriterionId.GREETING: checks_wording.greeting,
    CriterionId.EMPATHY: checks_wording.empathy,
    CriterionId.COMPREHENSION: checks_content.comprehension,
    CriterionId.SOLUTION: checks_content.solution,
    CriterionId.ACCURACY: checks_content.accuracy,
    CriterionId.PROCEDURE: procedures.procedure,
    CriterionId.VOICE: checks_wording.voice,
    CriterionId.TONE: checks_wording.tone,
    CriterionId.READABILITY: checks_wording.readability,
    CriterionId.CLOSING: checks_wording.closing,
    CriterionId.RESPONSIVENESS: responsiveness.responsiveness,
}


def rubric_version(playbook: Playbook) -> str:
    return f"{CODE_VERSION}-{playbook.coaching.fingerprint}"


def coach(conversation: Conversation, playbook: Playbook, *, help_centre: HelpCentre | None = None,
          engine: Engine | None = None, scored_as: str | None = None) -> list[Report]:
    """One report per side; `scored_as` forces every reply to be judged as that role's (the same ruler:
    a bot's transcript scored as a human's gives the same criteria)."""
    if scored_as is not None:
        conversation = _as_role(conversation, scored_as)
    return [score_side(side, engine) for side in sides(conversation, playbook, help_centre)]


def _as_role(conversation: Conversation, role: str) -> Conversation:
    messages = [replace(m, role=role) if m.role in ("agent", "bot") else m for m in conversation.messages]  # type: ignore[arg-type]
    return replace(conversation, messages=messages)


def score_side(side: Side, engine: Engine | None = None) -> Report:
    version = rubric_version(side.playbook)
    base = Report(side.conversation.id, side.scored_as, side.author, rubric_version=version,
                  message_indexes=tuple(side.own), ended_at=_ended_at(side))
    reason, detail = side.not_scored()
    if not reason and not any(c.method == Method.RULE for c in side.playbook.rubric):
        # Fail closed: without rule criteria (no rubric, or a playbook that could not be loaded) every
        # report would read 100%.
        reason, detail = NotScored.NO_RUBRIC, "the playbook has no rubric criteria Assist can score"
    if reason:
        return replace(base, not_scored=reason, not_scored_detail=detail)
    scored: list[Scored] = []
    verdicts: dict[str, Verdict] = {}
    not_judged: list[str] = []
    for criterion in side.playbook.rubric:
        if criterion.method == Method.MODEL:
            judged = judge.judge(side, criterion, engine) if engine is not None else None
            if judged is None:
                not_judged.append(criterion.id)
            else:
                scored.append(judged)
            continue
        check = CHECKS.get(criterion.id)
        if check is None:
            continue  # playbook validation keeps this from happening; a newer id is skipped, not a crash
        verdict = check(side, criterion)
        verdicts[criterion.id] = verdict
        scored.append(Scored(criterion.id, criterion.label, score_on(verdict.level, criterion.scale),
                             criterion.scale, criterion.weight, criterion.critical, Method.RULE,
                             tuple(verdict.evidence), verdict.reason))
    weakest = sorted((s for s in scored if s.counted and s.fraction < 1),
                     key=lambda s: (s.fraction, -s.weight, -s.critical))[: advice.WEAKEST]
    advised = {}
    for s in weakest:
        suggestion, rewrite = advice.advise(s.id, verdicts[s.id], side)
        advised[s.id] = replace(s, suggestion=suggestion, rewrite=rewrite,
                                rewrite_index=verdicts[s.id].target if rewrite else -1)
    criteria = tuple(advised.get(s.id, s) for s in scored)
    strengths = tuple(s.label for s in criteria if s.counted and s.fraction >= 1 and s.evidence)[:3]
    improvements = tuple(s.suggestion for s in criteria if s.suggestion)
    return replace(base, criteria=criteria, zeroed_by=zeroed_by(criteria), strengths=strengths,
                   improvements=improvements, not_judged=tuple(not_judged))


def _ended_at(side: Side) -> str:
    times = [side.messages[i].at for i in side.own if side.messages[i].at]
    return max(times, default="")
