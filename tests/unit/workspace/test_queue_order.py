"""Which conversation opens first: a bot handoff still open, else any open chat, else the first."""

from __future__ import annotations

from assist.store import QueueItem
from assist.workspace.queue_order import default_conversation


def item(conversation_id: str, status: str, from_bot: bool = False) -> QueueItem:
    return QueueItem(id=conversation_id, subject="", customer_name="", channel="chat", status=status,
                     updated_at="", preview="", from_bot=from_bot, vip=False)


def test_an_open_bot_handoff_comes_first() -> None:
    items = [item("a", "solved", True), item("b", "open"), item("c", "pending", True), item("d", "open", True)]
    assert default_conversation(items) == "d"


def test_else_the_first_open_one() -> None:
    assert default_conversation([item("a", "pending", True), item("b", "open"), item("c", "open")]) == "b"


def test_else_the_first_and_nothing_for_an_empty_queue() -> None:
    assert default_conversation([item("a", "solved"), item("b", "pending")]) == "a"
    assert default_conversation([]) == ""
