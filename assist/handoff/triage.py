"""Triage: which live chats need a human. A conversation someone still has to answer (open or pending)
needs a person when escalation triggers fired in it (analysis/escalation.py says which and why).

Used by the queue's "Needs a human" badges and the conversation header alike, so both say the same.
Pure functions over the core's data; `queue_triggers` reads conversations and may be slow, so the app
runs it off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from assist.analysis import escalation
from assist.analysis.escalation import Trigger
from assist.base.vocab import Status
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook

LIVE_STATUSES: tuple[str, ...] = (Status.OPEN, Status.PENDING)  # a solved chat needs nobody any more


class QueueEntry(Protocol):
    """What triage needs of a queue row (assist.store.QueueItem has it)."""

    @property
    def id(self) -> str: ...

    @property
    def status(self) -> str: ...


def is_live(status: str) -> bool:
    """Someone still has to answer it."""
    return status in LIVE_STATUSES


def needs_human(status: str, triggers: Sequence[Trigger]) -> bool:
    """A live conversation where escalation triggers fired."""
    return is_live(status) and bool(triggers)


def live_ids(items: Iterable[QueueEntry]) -> list[str]:
    """The ids of the live conversations, in queue order: the only ones worth checking."""
    return [item.id for item in items if is_live(item.status)]


def queue_triggers(ids: Iterable[str], get: Callable[[str], Conversation | None],
                   playbook: Callable[[], Playbook]) -> dict[str, list[Trigger]]:
    """Escalation triggers per conversation id (only those that fired; missing conversations skipped)."""
    rules = playbook()
    out: dict[str, list[Trigger]] = {}
    for conversation_id in ids:
        conversation = get(conversation_id)
        if conversation is None:
            continue
        found = escalation.triggers(conversation, rules)
        if found:
            out[conversation_id] = found
    return out

