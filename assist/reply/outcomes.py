"""What the agent's action on a suggestion means, decided once for the app (and anything else that records
outcomes): inserted as shown or edited first, which dismissals count, and the audit entry of an override.

Pure functions; the UI asks the agent and writes through the store, this module only decides. "edited"
matters beyond the label: the final text of an edited suggestion joins the pool of team examples
(reply/examples.py), so the rule lives here and not in a view.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assist.base.vocab import Outcome, Severity
from assist.guardrails.policy import Finding


def insert_outcome(shown_text: str, final_text: str, *, rewritten: bool = False) -> Outcome:
    """Inserted as suggested, or edited: the agent changed the text, or inserted a rewrite of it."""
    return Outcome.EDITED if rewritten or final_text != shown_text else Outcome.INSERTED


def dismissal_counts(*, rewritten: bool) -> bool:
    """Whether dismissing a card is recorded: a rewrite is the agent's tool, and dismissing it says nothing
    about the suggestion it came from."""
    return not rewritten


def blocking_rules(findings: Iterable[Finding]) -> list[str]:
    """The rules a reply breaks with a block finding, once each, sorted."""
    return sorted({f.rule for f in findings if f.severity == Severity.BLOCK})


def override_detail(findings: Iterable[Finding], conversation_id: str, rewrite_action: str = "") -> dict[str, Any]:
    """The audit payload of inserting a blocked reply anyway: the rules it broke, the conversation and,
    for a rewrite, which one."""
    detail: dict[str, Any] = {"rules": blocking_rules(findings), "conversation": conversation_id}
    if rewrite_action:
        detail["rewrite"] = rewrite_action
    return detail


def override_entry(suggestion_id: int | None, conversation_id: str) -> tuple[str, str]:
    """(audit action, subject) of an override: a stored suggestion by its id; a rewrite of the agent's own
    draft (nothing stored to point at) by its conversation."""
    if suggestion_id is not None:
        return "suggestion.override", str(suggestion_id)
    return "draft.override", conversation_id
