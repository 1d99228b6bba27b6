"""Few-shot examples from the team: which replies qualify, which two are chosen, where they go in the prompt."""

from __future__ import annotations

from pathlib import Path

import pytest

from assist.domain import playbook
from assist.domain.conversation import Conversation, Customer, Message
from assist.llm.engines.fake import FakeEngine
from assist.reply import examples
from assist.reply.suggest import Suggester
from assist.store import SuggestionRecord
from assist.store.store import ExampleSource
from assist.workspace.workspace import Workspace

DEMO_PLAYBOOK = Path(__file__).resolve().parents[3] / "assist" / "workspace" / "demo_data" / "playbook.toml"


@pytest.fixture(scope="module")
def pb() -> playbook.Playbook:
    return playbook.load(DEMO_PLAYBOOK)


def _solved(cid: str, customer: str, reply: str, last: str = "Great, thank you!") -> Conversation:
    return Conversation(cid, "chat", [Message("customer", customer, "Ann Lee"), Message("agent", reply, "Mei Chen"),
                                      Message("customer", last, "Ann Lee")],
                        subject="s", status="solved", customer=Customer(name="Ann Lee"))


def test_candidates_keep_good_endings_and_clean_replies_and_mask_names(pb) -> None:
    good = _solved("a", "My parcel never arrived", "Hi Ann, I'm Mei. I've opened a trace with UPS and will update you.")
    angry = _solved("b", "My parcel never arrived", "Hi Ann, I have opened a trace with the carrier for you now.",
                    last="This is useless, worst service ever, I'm furious!!!")
    unsafe = _solved("c", "Refund me", "Hi Ann, I've issued a refund of $450 to your card, it's done.")
    edit = {"id": 7, "conversation_id": "d",
            "final_text": "Hi Bo, the $300 refund needs a team lead's approval; I asked today.",
            "customer_text": "I want $300 back", "customer_name": "Bo Diaz"}
    pool = examples.candidates(ExampleSource([good, angry, unsafe], [edit]), pb)
    assert [e.id for e in pool] == ["reply:a:1", "edit:7"]
    assert pool[0].reply.startswith("Hi [customer], I'm [agent].")


def test_select_picks_the_two_most_similar_from_other_conversations() -> None:
    pool = [
        examples.Example("reply:x:1", "x", "Where is my parcel? Tracking hasn't moved", "We traced it."),
        examples.Example("reply:y:1", "y", "My promo code is not working at checkout", "Here's a new code."),
        examples.Example("reply:z:1", "z", "The parcel tracking says delivered but nothing here", "Trace opened."),
        examples.Example("reply:me:1", "me", "parcel tracking delivered nothing", "Same conversation."),
    ]
    chosen = examples.select(pool, "tracking says delivered, no parcel", exclude_conversation="me")
    assert [e.id for e in chosen] == ["reply:z:1", "reply:x:1"]
    assert examples.select(pool, "hello thanks", exclude_conversation="me") == []  # nothing in common


def test_select_respects_the_token_budget() -> None:
    long = "tracking " * 200
    pool = [examples.Example("reply:a:1", "a", "tracking parcel", long),
            examples.Example("reply:b:1", "b", "tracking parcel late", "Short reply.")]
    chosen = examples.select(pool, "tracking parcel", exclude_conversation="", token_budget=300)
    assert [e.id for e in chosen] == ["reply:b:1"]


def test_examples_sit_in_the_knowledge_segment_of_the_prompt(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    try:
        conv = ws.store.conversations.get("c-1001")
        engine = FakeEngine()
        suggester = Suggester(ws.store, ws.playbook, "Sam Lee")
        parts = suggester.prompt_for(conv, engine)
        segments = parts.prompt.segments
        knowledge = segments[parts.prompt.prefix_segments - 1]
        assert "Examples of replies our team sent" in knowledge
        assert "Help-centre articles you may use" in knowledge
        assert "Examples of replies" not in segments[-1]  # the instruction stays short
        chosen = suggester.inputs_for(conv).examples
        assert len(chosen) == 2 and all(e.conversation_id != "c-1001" for e in chosen)
        # Deterministic: warm-up and Suggest build the same prefix.
        assert suggester.prompt_for(conv, engine).prompt.segments == segments
    finally:
        ws.close()


def test_an_agent_edit_becomes_an_example(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    try:
        sid = ws.store.suggestions.record(SuggestionRecord("c-1001", "draft", "fake",
                                                          prompt_inputs={"message_count": 1}))
        ws.store.suggestions.record_outcome(sid, "edited", "Hi Dana, I've opened a carrier trace for order 4412.")
        source = ws.store.suggestions.examples_source()
        [edit] = source.edits
        # The customer message the suggestion answered: the last one among the first message_count.
        assert edit["customer_text"] == "Hi, order 4412 never arrived"
        pool = examples.candidates(source, ws.playbook())
        assert any(e.id == f"edit:{sid}" and "[customer]" in e.reply for e in pool)
    finally:
        ws.close()


def test_copied_name_masks_are_filled_with_todays_names(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    try:
        conv = ws.store.conversations.get("c-1001")
        engine = FakeEngine("Hi [customer], I'm [agent] and I've started a trace.")
        suggestion = Suggester(ws.store, ws.playbook, "Sam Lee").suggest_now(conv, engine, record=False)
        assert suggestion.text == "Hi Dana, I'm Sam and I've started a trace."
    finally:
        ws.close()
