"""One conversation's figures (analytics/figures.py) and their refresh, on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from assist.analytics import figures
from assist.store import Store
from tests.unit.analytics.conftest import timed


def _never(question: str, language: str) -> bool:
    return False


def test_a_handed_off_chat_counts_for_the_bot_and_the_agent() -> None:
    c = timed(("customer", "Where is my order 4412?", 0), ("bot", "Let me check that for you.", 1),
              ("customer", "This is the third time I ask, I want a human", 3), ("bot", "Connecting you.", 4),
              ("agent", "Hi Dana, I'm Sam. I can see the parcel is delayed.", 10), ("customer", "ok", 12),
              ("agent", "It will arrive tomorrow.", 25))
    row = figures.compute(c, {"contact_reason": "delivery_delay", "resolved": "yes"}, _never)
    assert (row["agent"], row["has_bot"], row["escalated"], row["reason"]) == ("Sam Lee", 1, 1, "delivery_delay")
    assert row["handle_s"] == 22 * 60  # from the customer message Sam first answered (minute 3) to his last (25)
    assert row["bot_handle_s"] == 4 * 60  # from the customer's first message to the bot's last
    assert row["customer_turns"] == 3 and row["messages"] == 7
    assert row["resolved"] == 1 and row["fcr"] == 0  # "third time": not resolved at first contact
    assert row["week"] == "2026-W47" and row["started_at"] == "2026-11-16T09:00:00Z"
    assert row["question"] == "Where is my order 4412?" and row["article_found"] == 0
    assert row["sentiment_low"] <= row["sentiment_end"] and row["sentiment_spread"] >= 0


def test_an_open_chat_is_neither_resolved_nor_failed_and_a_bot_only_chat_is_not_escalated() -> None:
    c = timed(("customer", "Do you ship to Japan?", 0), ("bot", "Yes, we ship to Japan.", 1), status="open")
    row = figures.compute(c, {"resolved": "no"}, _never)
    assert row["resolved"] is None and row["fcr"] is None
    assert (row["agent"], row["has_bot"], row["escalated"], row["handle_s"]) == ("", 1, 0, None)
    assert row["reason"] == "unknown"  # untagged


def test_refresh_writes_new_and_changed_conversations_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    try:
        store.conversations.import_all([timed(("customer", "hi, refund please", 0), ("agent", "Done.", 5), cid="a"),
                                        timed(("customer", "where is it", 0), ("agent", "On its way.", 9), cid="b")])
        assert figures.refresh(store) == 2 and figures.refresh(store) == 0
        store.tags.save("a", [("contact_reason", "refund", 0.9, "rule"), ("resolved", "yes", 0.8, "rule")])
        assert [cid for cid, _ in store.metrics.stale()] == ["a"]
        assert figures.refresh(store) == 1
        assert store.metrics.rows_of(["a"])[0]["reason"] == "refund"
    finally:
        store.close()
