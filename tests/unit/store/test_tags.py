"""store.tags on a real SQLite file: machine tags, agent corrections that survive re-tagging, training labels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assist.domain import conversation
from assist.store import Store


@pytest.fixture
def store(tmp_path: Path, conversation_dict: dict) -> Iterator[Store]:
    s = Store(tmp_path / "ws")
    second = {**conversation_dict, "id": "c-2"}
    s.conversations.import_all([conversation.from_dict(conversation_dict), conversation.from_dict(second)])
    yield s
    s.close()


def test_machine_tags_are_stored_and_replaced(store: Store) -> None:
    store.tags.save("c-1", [("contact_reason", "order_status", 0.8, "rule"), ("priority", "high", 0.6, "rule")])
    store.tags.save("c-1", [("contact_reason", "delivery_delay", 0.7, "model")])
    got = {t.kind: t for t in store.tags.get("c-1")}
    assert got["contact_reason"].value == "delivery_delay" and got["contact_reason"].source == "model"
    assert got["contact_reason"].machine_value == "delivery_delay"
    assert got["priority"].value == "high"
    assert store.tags.get("c-2") == []


def test_an_agents_correction_survives_re_tagging_and_feeds_training(store: Store) -> None:
    store.tags.save("c-1", [("contact_reason", "order_status", 0.8, "rule")])
    store.tags.set_by_agent("c-1", "contact_reason", "delivery_delay")
    store.tags.save_many([("c-1", [("contact_reason", "order_status", 0.9, "rule")]),
                          ("c-2", [("contact_reason", "refund", 0.7, "rule")])])
    tag = store.tags.get("c-1")[0]
    assert (tag.value, tag.source, tag.machine_value, tag.confidence) == ("delivery_delay", "agent", "order_status",
                                                                          1.0)
    store.tags.set_by_agent("c-2", "contact_reason", "refund")  # accepted as it was
    assert store.tags.agent_labels("contact_reason") == [("c-1", "delivery_delay"), ("c-2", "refund")]
    actions = [e["action"] for e in store.audit.entries()]
    assert actions[:2] == ["tag_accepted", "tag_changed"]


def test_a_removed_tag_stays_removed_and_is_not_a_training_label(store: Store) -> None:
    store.tags.save("c-1", [("tier", "1", 0.6, "rule"), ("contact_reason", "refund", 0.7, "rule")])
    store.tags.set_by_agent("c-1", "tier", "")
    store.tags.save("c-1", [("tier", "1", 0.6, "rule")])
    assert [t.kind for t in store.tags.get("c-1")] == ["contact_reason"]
    removed = next(t for t in store.tags.get("c-1", include_removed=True) if t.kind == "tier")
    assert removed.removed and removed.machine_value == "1"
    assert store.tags.agent_labels("tier") == []
    assert store.tags.tagged_ids() == {"c-1"}


def test_tags_outlive_a_reopen(tmp_path: Path, store: Store) -> None:
    store.tags.save("c-1", [("vip", "no", 1.0, "rule")])
    store.close()
    again = Store(tmp_path / "ws")
    try:
        assert again.tags.get("c-1")[0].value == "no"
    finally:
        again.close()
