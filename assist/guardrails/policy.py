"""Guardrails: check any reply (an AI suggestion or an agent's draft) against the playbook's hard rules.

`check(text, playbook, conversation, sources=..., own_draft=...)` returns Findings (rule id, severity,
character span, message), sorted by position. It is a pure function: no I/O, no model, deterministic. Each
rule kind has one small check in its family's module under assist/guardrails/rules/, chosen through
`rules.KINDS`; unknown kinds are ignored so a newer playbook never breaks an older app. `sources` are the
cited passages' text a reply's facts may come from (besides the conversation and the playbook facts); with
`own_draft` the no-source kinds (unsupported_fact, placeholder) only warn: the agent's own draft is theirs
to send, a suggestion is blocked. `correction_text` turns block findings into the gate's corrective
instruction, from each kind's fix text.

When the playbook's rules could not be loaded (`Playbook.unavailable`), every check returns one block
finding saying so: nothing is marked clean without rules.

The rules read the reply normalised (guardrails/normalise.py: NFKC, no zero-width characters, look-alike
letters mapped, spaced letters joined) and their spans are mapped back to the text as written.

The checks are heuristics tuned for few false alarms on good replies (see tests/unit/guardrails/test_guardrails.py,
which measures the rate on real agent replies): a block finding stops a reply, so it must be rare on
good ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails.normalise import normalise
from assist.guardrails.rules import DRAFT_WARN_KINDS, KINDS, Reply

RULES_UNAVAILABLE = "rules-unavailable"  # the one finding of a check without rules (fail closed)


@dataclass(frozen=True)
class Finding:
    rule: str  # rule id
    severity: str  # "block" | "warn"
    start: int  # character span in the checked text
    end: int
    text: str  # text[start:end]
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "start": self.start, "end": self.end,
                "text": self.text, "message": self.message}


def has_block(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "block" for f in findings)


def check(text: str, playbook: Playbook, conversation: Conversation | None = None, *,
          sources: Sequence[str] | None = None, own_draft: bool = False) -> list[Finding]:
    """Every finding of every known rule in `text`, sorted by start (then end, then rule id).

    The source rules (unsupported facts, placeholders) judge text about to be sent: a suggestion, which
    passes `sources` (its cited passages' text, possibly none) and is blocked, or the agent's own draft
    (`own_draft=True`), which is warned. A reply a person already sent (a transcript under review, an
    evaluation of human replies) passes neither: its facts came from systems Assist cannot see."""
    if playbook.unavailable:
        # Fail closed: with no rules loaded nothing may pass as clean.
        return [Finding(RULES_UNAVAILABLE, "block", 0, len(text), text,
                        f"The playbook's rules could not be loaded, so this cannot be checked: {playbook.unavailable}")]
    plain = normalise(text)  # the rules read the text with its disguises undone; spans map back to `text`
    reply = Reply(plain.text, playbook, conversation, tuple(sources or ()))
    about_to_send = sources is not None or own_draft
    findings: list[Finding] = []
    for rule in playbook.rules:
        kind = KINDS.get(rule.kind)
        if kind is None:
            continue  # unknown kind: a newer playbook; ignore rather than fail
        if rule.kind in DRAFT_WARN_KINDS and not about_to_send:
            continue
        severity = "warn" if own_draft and rule.kind in DRAFT_WARN_KINDS else rule.severity
        for start, end, detail in kind.check(rule, reply):
            start, end = plain.span(start, end)
            message = f"{rule.message} ({detail})" if detail else rule.message
            findings.append(Finding(rule.id, severity, start, end, text[start:end], message))
    return sorted(set(findings), key=lambda f: (f.start, f.end, f.rule))


def correction_text(findings: Sequence[Finding], playbook: Playbook) -> str:
    """The gate's corrective instruction: each broken block rule's message and what to do instead."""
    rules = {r.id: r for r in playbook.rules}
    out: list[str] = []
    for rule_id in dict.fromkeys(f.rule for f in findings if f.severity == "block"):
        rule = rules.get(rule_id)
        if rule is None:
            continue
        kind = KINDS.get(rule.kind)
        fix = kind.fix_for(rule) if kind is not None else ""
        out.append(f"{rule.message} {fix}".strip())
    return " ".join(out)
