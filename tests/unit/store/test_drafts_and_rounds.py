"""The agent's draft per conversation and the newest Suggest round per conversation, in a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from assist.base.errors import InputError
from assist.domain import conversation
from assist.store import Store, SuggestionRecord
from assist.store.drafts import MAX_DRAFT_CHARS


def _two_conversations(store: Store, conversation_dict: dict) -> None:
    first = conversation.from_dict(conversation_dict)
    second = conversation.from_dict({**conversation_dict, "id": "c-2", "customer": {"name": "Tyler Brooks"}})
    store.conversations.import_all([first, second])


def test_a_draft_belongs_to_its_conversation_and_survives_reopening(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    _two_conversations(store, conversation_dict)
    store.drafts.save("c-1", "Hi Dana, I'll refund you $250 today.")
    assert store.drafts.get("c-1") == "Hi Dana, I'll refund you $250 today."
    assert store.drafts.get("c-2") == ""
    store.drafts.save("c-1", "Hi Dana, the refund is on its way.")
    store.close()
    reopened = Store(tmp_path)
    assert reopened.drafts.get("c-1") == "Hi Dana, the refund is on its way."
    assert reopened.drafts.conversations() == ["c-1"]
    reopened.drafts.save("c-1", "   \n")
    assert reopened.drafts.get("c-1") == "" and reopened.count("drafts") == 0
    reopened.close()


def test_a_draft_over_the_cap_is_refused_and_the_kept_one_stays(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    _two_conversations(store, conversation_dict)
    store.drafts.save("c-1", "kept")
    with pytest.raises(InputError, match="draft: too long"):
        store.drafts.save("c-1", "x" * (MAX_DRAFT_CHARS + 1))
    assert store.drafts.get("c-1") == "kept"
    store.close()


def _record(store: Store, cid: str, text: str, index: int, message_count: int = 3) -> int:
    return store.suggestions.record(SuggestionRecord(
        conversation_id=cid, text=text, model="m",
        findings=[{"rule": "r", "severity": "warn", "start": 0, "end": 2, "text": "Hi", "message": "m"}],
        prompt_inputs={"index": index, "message_count": message_count}))


def test_latest_round_is_the_newest_press_with_outcomes_and_flags(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    _two_conversations(store, conversation_dict)
    for i in range(3):
        _record(store, "c-1", f"old {i}", i, message_count=2)
    other = _record(store, "c-2", "Tyler's", 0)
    first = _record(store, "c-1", "new 0", 0)
    second = _record(store, "c-1", "new 1", 1)
    store.suggestions.record_outcome(first, "edited", "new 0 edited")
    store.suggestions.flag(second, "wrong_tone")
    rows = store.suggestions.latest_round("c-1")
    assert [r["text"] for r in rows] == ["new 0", "new 1"]
    assert [r["outcome"] for r in rows] == ["edited", ""]
    assert rows[0]["final_text"] == "new 0 edited"
    assert [r["flagged"] for r in rows] == ["", "wrong_tone"]
    assert rows[0]["message_count"] == 3 and rows[0]["findings"][0]["rule"] == "r"
    assert [r["id"] for r in store.suggestions.latest_round("c-2")] == [other]
    assert store.suggestions.latest_round("nobody") == []
    store.close()


def test_a_round_without_index_zero_stops_at_the_previous_press(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    _two_conversations(store, conversation_dict)
    _record(store, "c-1", "a0", 0)
    _record(store, "c-1", "a1", 1)
    _record(store, "c-1", "b1", 1)  # a press whose first card was not recorded (stopped early)
    assert [r["text"] for r in store.suggestions.latest_round("c-1")] == ["b1"]
    store.close()
