"""What the agent did with a card, written to the store off the GUI thread (ui.tasks): the outcome
(inserted, edited, dismissed, overridden), the override's audit entry, and flags.

The core decides what an action means (assist.reply.outcomes), the panel asks the agent (confirm, flag
comment); this module only writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from assist.reply.outcomes import override_entry
from assist.store import Store
from ui.base import errors
from ui.base.tasks import run_task


def record_outcome(store: Store, actor: str, suggestion_id: int | None, outcome: str, final_text: str, *,
                   audit: dict[str, Any] | None, conversation_id: str,
                   on_done: Callable[[str], None], parent: QWidget) -> None:
    """Store the outcome of a suggestion and, for an override, its audit entry; `on_done(outcome)` after."""
    if suggestion_id is None and audit is None:
        return  # a rewrite of the agent's own draft: nothing stored to attach the outcome to

    def write() -> str:
        if suggestion_id is not None:
            store.suggestions.record_outcome(suggestion_id, outcome, final_text, actor=actor)
        if audit is not None:
            action, subject = override_entry(suggestion_id, conversation_id)
            store.audit.log(actor, action, subject, audit)
        return outcome

    run_task(write, on_done, lambda exc: errors.show_error(exc, parent))


def record_flag(store: Store, actor: str, suggestion_id: int, reason: str, comment: str, *,
                on_done: Callable[[str], None], parent: QWidget) -> None:
    """Store a flag on a suggestion; `on_done(reason)` after."""

    def write() -> str:
        store.suggestions.flag(suggestion_id, reason, comment, actor=actor)
        return reason

    run_task(write, on_done, lambda exc: errors.show_error(exc, parent))
