"""Which conversation opens first when the queue loads (and nothing is selected yet).

A chat the bot handed off is the most urgent thing an agent can pick up; then any open chat; then
whatever comes first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assist.base.vocab import Status
from assist.store import QueueItem

_PREFERENCES: tuple[Callable[[QueueItem], bool], ...] = (
    lambda item: item.status == Status.OPEN and item.from_bot,  # handed off by the bot, still open
    lambda item: item.status == Status.OPEN,
    lambda item: True,
)


def default_conversation(items: Sequence[QueueItem]) -> str:
    """The first open conversation handed off by the bot, else the first open one, else the first ("" if none)."""
    for pick in _PREFERENCES:
        found = next((item.id for item in items if pick(item)), "")
        if found:
            return found
    return ""
