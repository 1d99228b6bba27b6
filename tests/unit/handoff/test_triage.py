"""Who needs a human: live (open or pending) conversations where escalation triggers fired."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from assist.analysis import escalation
from assist.analysis.escalation import Trigger
from assist.domain import playbook
from assist.domain.conversation import Conversation, load_file
from assist.handoff import triage

DEMO = Path(__file__).parents[3] / "assist" / "workspace" / "demo_data"


@dataclass
class Row:
    id: str
    status: str


@pytest.fixture(scope="module")
def book() -> playbook.Playbook:
    return playbook.load(DEMO / "playbook.toml")


@pytest.fixture(scope="module")
def demo() -> dict[str, Conversation]:
    return {c.id: c for c in load_file(DEMO / "conversations.json")}


def a_trigger() -> Trigger:
    return Trigger(id="explicit_request", message_index=0, evidence="human", start=0, end=5)


def test_open_and_pending_are_live_and_solved_is_not() -> None:
    assert triage.is_live("open") and triage.is_live("pending")
    assert not triage.is_live("solved")


def test_a_live_chat_needs_a_human_only_when_triggers_fired() -> None:
    assert triage.needs_human("open", [a_trigger()])
    assert triage.needs_human("pending", [a_trigger()])
    assert not triage.needs_human("open", [])
    assert not triage.needs_human("solved", [a_trigger()])


def test_live_ids_keep_queue_order() -> None:
    rows = [Row("a", "solved"), Row("b", "pending"), Row("c", "open"), Row("d", "solved")]
    assert triage.live_ids(rows) == ["b", "c"]


def test_queue_triggers_match_escalation_and_skip_missing_or_calm(
        book: playbook.Playbook, demo: dict[str, Conversation]) -> None:
    ids = [*demo, "no-such-conversation"]
    found = triage.queue_triggers(ids, demo.get, lambda: book)
    assert "no-such-conversation" not in found
    for conversation_id, conversation in demo.items():
        expected = escalation.triggers(conversation, book)
        assert found.get(conversation_id, []) == expected
    assert found  # the demo has conversations that need a person
