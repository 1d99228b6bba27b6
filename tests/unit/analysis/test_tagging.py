"""Tags of a conversation: the same kinds for bots and humans, only taxonomy labels, "unknown" over a guess."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from assist.analysis import tagging, tagging_rules
from assist.analysis.tagging_model import ContactReasonModel
from assist.base.errors import InputError
from assist.base.vocab import TagKind, TagSource
from assist.domain import conversation, playbook
from assist.domain.conversation import Conversation
from assist.domain.playbook import Category, Playbook
from assist.workspace.workspace import default_playbook_text


@pytest.fixture(scope="module")
def starter() -> Playbook:
    return playbook.parse(default_playbook_text(), "starter")


def _demo() -> list[Conversation]:
    text = resources.files("assist.workspace").joinpath("demo_data/conversations.json").read_text(encoding="utf-8")
    return conversation.parse_text(text, "demo")


def _chat(*turns: tuple[str, str], status: str = "open") -> Conversation:
    return conversation.from_dict({"id": "t-1", "channel": "chat", "status": status,
                                   "messages": [{"role": r, "text": t} for r, t in turns]})


def test_a_bot_only_chat_and_a_human_one_carry_the_same_tag_kinds(starter: Playbook) -> None:
    chats = _demo()
    bot_only = next(c for c in chats if {m.role for m in c.messages} <= {"customer", "bot"})
    human = next(c for c in chats if "agent" in {m.role for m in c.messages} and "bot" not in
                 {m.role for m in c.messages})
    kinds = [[t.kind for t in tagging.tag(c, starter)] for c in (bot_only, human)]
    assert kinds[0] == kinds[1] == list(TagKind)


def test_only_taxonomy_labels_or_unknown_come_out(starter: Playbook) -> None:
    allowed = {c.id for c in starter.taxonomy} | {tagging.UNKNOWN}
    reasons = [tagging.tag(c, starter)[0] for c in _demo()]
    assert {r.value for r in reasons} <= allowed
    assert sum(r.value != tagging.UNKNOWN for r in reasons) >= len(reasons) // 2  # it does tag on day one
    for tag in tagging.tag(_demo()[0], starter):
        assert 0.0 <= tag.confidence <= 1.0 and tag.source in TagSource


def test_a_clear_keyword_tags_and_a_tie_abstains() -> None:
    taxonomy = [Category("refund", "Refund", ["refund"]), Category("return", "Return", ["return"])]
    assert tagging_rules.guess(taxonomy, "I want a refund for order 5").label == "refund"
    assert tagging_rules.guess(taxonomy, "return it and refund me").label == tagging_rules.UNKNOWN
    assert tagging_rules.guess(taxonomy, "hello there").label == tagging_rules.UNKNOWN


def test_examples_tag_without_any_keyword() -> None:
    taxonomy = [Category("card_lost", "Lost card", [], ["my card was stolen on the train yesterday"])]
    assert tagging_rules.guess(taxonomy, "card stolen on the train").label == "card_lost"
    assert tagging_rules.guess(taxonomy, "what are your opening hours").label == tagging_rules.UNKNOWN


def _model(labels: list[str], term: str, winner: int, threshold: float = 0.5) -> ContactReasonModel:
    weights = np.zeros((1, len(labels)))
    weights[0, winner] = 10.0
    return ContactReasonModel(labels=labels, vocabulary={term: 0}, idf=np.ones(1), weights=weights,
                              bias=np.zeros(len(labels)), threshold=threshold)


def test_the_classifier_wins_only_with_a_confident_taxonomy_label(starter: Playbook) -> None:
    chat = _chat(("customer", "hi, my package is late and I am still waiting for it"))
    assert tagging.tag(chat, starter)[0].value == "delivery_delay"
    model = _model(["order_status", "refund"], "w:package", 0)
    reason = tagging.tag(chat, starter, model)[0]
    assert (reason.value, reason.source) == ("order_status", TagSource.MODEL)
    foreign = _model(["card_arrival", "refund"], "w:package", 0)  # a label the playbook does not have
    assert tagging.tag(chat, starter, foreign)[0].value == "delivery_delay"
    unsure = _model(["order_status", "refund"], "w:package", 0, threshold=1.01)
    assert tagging.tag(chat, starter, unsure)[0].source == TagSource.RULE


def test_resolution_priority_and_tier_follow_the_conversation(starter: Playbook) -> None:
    solved = _chat(("customer", "where is my order 4412? tracking shows nothing"), ("bot", "It ships today."),
                   ("customer", "thanks, that worked"), status="solved")
    tags = {t.kind: t.value for t in tagging.tag(solved, starter)}
    assert (tags[TagKind.RESOLVED], tags[TagKind.RESOLVED_BY]) == ("yes", "bot")
    assert tags[TagKind.TIER] == "1" and tags[TagKind.AUTOMATION_CANDIDATE] == "yes"
    angry = _chat(("customer", "This is unacceptable. I want a lawyer, your kettle burned me"),
                  ("agent", "I'm so sorry."),
                  # A calm "I want to speak to a manager" alone reads neutral since the sentiment model learned
                  # from support messages; the anger is in what comes with it.
                  ("customer", "I want to speak to a manager NOW, this is ridiculous"))
    tags = {t.kind: t.value for t in tagging.tag(angry, starter)}
    assert tags[TagKind.PRIORITY] == "urgent" and tags[TagKind.TIER] == "3"
    assert tags[TagKind.RESOLVED] == "no" and tags[TagKind.RESOLVED_BY] == "nobody"
    assert tags[TagKind.SENTIMENT_END] == "negative"


def test_tags_serialise_as_the_cli_prints_them(starter: Playbook) -> None:
    out = [t.as_dict() for t in tagging.tag(_chat(("customer", "refund please")), starter)]
    assert set(out[0]) == {"kind", "value", "confidence", "source"}
    json.dumps(out)


def test_a_taxonomy_tier_out_of_range_is_refused_by_name() -> None:
    text = '[[taxonomy]]\nid = "refund"\nlabel = "Refund"\nkeywords = ["refund"]\ntier = 5\n'
    with pytest.raises(InputError, match=r"line 5: taxonomy.refund.tier: should be 1, 2 or 3"):
        playbook.parse(text, "p.toml")
