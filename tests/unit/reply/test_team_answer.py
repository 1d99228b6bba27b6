"""The team's own answer: a solved chat's reply to a similar question, adapted to this chat, with the other
customer's details gone and only facts that a source here supports."""

from __future__ import annotations

from assist.base.vocab import Origin
from assist.domain.conversation import Conversation, from_dict
from assist.llm.engines.fake import FakeEngine
from assist.reply.suggest import Suggester
from assist.workspace.workspace import Workspace


def chat(text: str, language: str = "en") -> Conversation:
    return from_dict({"id": "t-team", "channel": "chat", "subject": "",
                      "customer": {"name": "Robin Park", "language": language},
                      "messages": [{"role": "customer", "text": text}]})


def cards(ws: Workspace, conversation: Conversation) -> list:
    suggester = Suggester(ws.store, ws.playbook, agent_name="Alex Kim", compose_first=True)
    return suggester.composed(conversation, record=False)


def test_a_similar_solved_question_gives_the_teams_answer_adapted(demo: Workspace) -> None:
    # c-1038 (solved, happy ending): "want to return the hiking boots, too small. order #NW-21020, got them nov 8"
    shown = cards(demo, chat("I want to return the boots, they are too big. order 5555"))
    assert [c.origin for c in shown] == [Origin.HELP_CENTRE, Origin.TEAM_ANSWER]
    team = shown[1]
    assert team.source_author == "Jordan" and team.prompt_inputs["from_conversation"] == "c-1038"
    assert team.text.startswith("Hi Robin,") and team.text.endswith("Alex, Northwind Goods")
    # The other customer's name, order number and dates never come along; the sentences holding them go.
    for theirs in ("Ben", "NW-21020", "21020", "Dec 8", "Jordan"):
        assert theirs not in team.text
    assert team.prompt_inputs["dropped_sentences"] >= 1
    assert "5-10 business days" in team.text  # supported by the returns/refunds passages
    assert not team.blocked


def test_no_card_when_no_past_question_is_alike(demo: Workspace) -> None:
    shown = cards(demo, chat("Do you sell replacement covers for garden furniture?"))
    assert all(c.origin != Origin.TEAM_ANSWER for c in shown)


def test_a_past_answer_in_another_language_is_not_offered(demo: Workspace) -> None:
    # The Spanish lamp-arrived-broken chat (c-1045) is the only one alike; an English customer does not get it.
    shown = cards(demo, chat("The Lumen table lamp from my order arrived with a broken base"))
    assert all(c.prompt_inputs.get("from_conversation") != "c-1045" for c in shown)


def test_the_teams_answer_is_the_second_card_of_a_press(demo: Workspace) -> None:
    engine = FakeEngine("Hi Robin, a model reply.")
    suggester = Suggester(demo.store, demo.playbook, agent_name="Alex Kim", compose_first=True)
    conversation = chat("I want to return the boots, they are too big. order 5555")
    demo.store.conversations.import_all([conversation])
    shown = suggester.suggest_many(conversation, engine, count=3, record=True)
    assert [c.origin for c in shown] == [Origin.HELP_CENTRE, Origin.TEAM_ANSWER, Origin.MODEL]
    assert [c.index for c in shown] == [0, 1, 2]
    assert all(c.id is not None for c in shown)  # each recorded, so its outcome can be
