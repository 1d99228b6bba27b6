"""What a rewrite must keep and must not bring (reply/rewrite_checks.py), on real texts and the starter
playbook's source rules."""

from __future__ import annotations

import pytest

from assist.base.vocab import RewriteProblem
from assist.domain import conversation, playbook
from assist.reply import rewrite_checks
from assist.reply.rewrite_checks import length_ratio, lost_values, problems
from assist.workspace.workspace import default_playbook_text

DRAFT = ("Hi Dana, I'm so sorry about this. I checked order 4412 and it really did get lost. I've refunded $150 "
         "to your card, and it should show within 5 business days. Thanks, Sam")


@pytest.fixture(scope="module")
def pb() -> playbook.Playbook:
    return playbook.parse(default_playbook_text(), "starter")


@pytest.fixture
def conv(conversation_dict: dict) -> conversation.Conversation:
    return conversation.from_dict(conversation_dict)


def kinds(found: list[rewrite_checks.Problem]) -> list[str]:
    return [p.kind for p in found]


def test_a_good_shorter_rewrite_passes(pb, conv) -> None:
    short = "Hi Dana, order 4412 was lost, so I've refunded $150; it shows within 5 business days. Sam"
    assert length_ratio(DRAFT, short) <= 0.8
    assert problems(DRAFT, short, "shorter", pb, conv) == []


@pytest.mark.parametrize("kept", [
    "Hi Dana, order #4412 was lost: I've refunded 150 dollars, back within five business days. Sam",
    "Hi Dana, I've refunded US$150.00 for 4412; it shows within 5 working days. Sam",
])
def test_values_are_kept_in_any_wording_the_value_parser_reads_alike(kept: str) -> None:
    assert lost_values(DRAFT, kept) == []


def test_a_dropped_value_is_named(pb, conv) -> None:
    dropped = "Hi Dana, order 4412 was lost, so I've refunded you; it shows within a few days. Sam"
    found = problems(DRAFT, dropped, "shorter", pb, conv)
    assert kinds(found) == [RewriteProblem.LOST_VALUE]
    assert found[0].message == "dropped $150, 5 business days"


def test_a_changed_value_is_lost_and_added(pb, conv) -> None:
    changed = "Hi Dana, order 4412 was lost, so I've refunded $300; it shows within 5 business days. Sam"
    found = problems(DRAFT, changed, "shorter", pb, conv)
    assert kinds(found) == [RewriteProblem.LOST_VALUE, RewriteProblem.ADDED_FACT]
    assert "$300" in found[1].message


def test_a_fact_from_the_conversation_may_come_in(pb, conv) -> None:
    text = "Hi Dana, I've refunded $150; it shows within 5 business days. Sam"
    assert problems(text, "Hi Dana, your refund of $150 for order 4412 shows within 5 business days. Sam",
                    "expand", pb, conv) == []


def test_a_template_hole_is_an_added_fact(pb, conv) -> None:
    found = problems(DRAFT, "Hi [customer name], order 4412: $150 back in 5 business days. Sam", "shorter", pb, conv)
    assert kinds(found) == [RewriteProblem.ADDED_FACT]


def test_shorter_must_be_shorter_and_expand_longer(pb, conv) -> None:
    assert kinds(problems(DRAFT, DRAFT + " Have a lovely day.", "shorter", pb, conv)) == [RewriteProblem.LENGTH]
    assert problems(DRAFT, DRAFT + " Have a lovely day.", "shorter", pb, conv)[0].message.startswith(
        "is not shorter")
    assert kinds(problems(DRAFT, DRAFT, "expand", pb, conv)) == [RewriteProblem.LENGTH]


def test_the_prompt_talking_is_refused(pb, conv) -> None:
    echo = DRAFT + " Keep every fact, amount, order number, date and link exactly as written."
    found = problems(DRAFT, echo, "friendlier", pb, conv,
                     prompt_texts=["Keep every fact, amount, order number, date and link exactly as written."])
    assert RewriteProblem.PROMPT_ECHO in kinds(found)


def test_a_sentence_said_twice_and_a_cut_off_end(pb, conv) -> None:
    twice = ("Hi Dana, I refunded $150 for order 4412 today. I refunded $150 for order 4412 today. "
             "It shows within 5 business days. Sam")
    assert kinds(problems(DRAFT, twice, "formal", pb, conv)) == [RewriteProblem.REPEATED]
    cut = "Hi Dana, I refunded $150 for order 4412 and it should show within 5 business days, and if it does"
    assert RewriteProblem.CUT_OFF in kinds(problems(DRAFT, cut, "formal", pb, conv))
    # An input that ends without a full stop may be rewritten the same way: that is the agent's style.
    plain = "hi dana i refunded $150 for order 4412 and it shows within 5 business days"
    assert problems(plain, "Hi Dana, I refunded $150 for order 4412 and it shows within 5 business days",
                    "grammar", pb, conv) == []


def test_the_language_is_kept_or_the_customer_s_for_translate(pb, conv) -> None:
    spanish = ("Hola Dana, he reembolsado $150 del pedido 4412 a tu tarjeta; lo verás en 5 días hábiles. "
               "Gracias, Sam")
    assert RewriteProblem.LANGUAGE in kinds(problems(DRAFT, spanish, "formal", pb, conv))
    assert problems(DRAFT, spanish, "translate", pb, conv, language="es") == []


def test_empty_is_one_problem(pb, conv) -> None:
    assert kinds(problems(DRAFT, "  ", "shorter", pb, conv)) == [RewriteProblem.EMPTY]


def test_summary_reads_as_one_sentence() -> None:
    found = [rewrite_checks.Problem(RewriteProblem.LOST_VALUE, "dropped 4412"),
             rewrite_checks.Problem(RewriteProblem.CUT_OFF, "stops mid-sentence")]
    assert rewrite_checks.summary(found) == "dropped 4412 and stops mid-sentence"


def test_a_code_the_value_parser_does_not_read_must_be_kept_as_written(pb, conv) -> None:
    draft = "Hi Ruth, I have updated the address to 14 Oak Lane, Bristol BS1 4DJ. It arrives on Nov 30. Sam"
    garbled = "Hello Ruth, I have updated the address to 14 Oak Lane, Bristol BBS 14. It arrives on Nov 30. Sam"
    found = problems(draft, garbled, "formal", pb, conv)
    assert [p.kind for p in found] == [RewriteProblem.LOST_VALUE] and found[0].message == "dropped BS1, 4DJ"
    kept = "Hello Ruth, I have updated the address to 14 Oak Lane, Bristol BS1 4DJ. It arrives on Nov 30. Sam"
    assert problems(draft, kept, "formal", pb, conv) == []


def test_a_rewrite_that_turns_a_yes_into_a_no_is_refused(pb, conv) -> None:
    draft = "Hi Ruth, I can update the address to 14 Oak Lane today. Sam"
    flipped = "Hello Ruth, I am unable to update the address to 14 Oak Lane today. Kind regards, Sam"
    assert [p.kind for p in problems(draft, flipped, "formal", pb, conv)] == [RewriteProblem.ADDED_FACT]
    written_out = "Hi Ruth, I cannot promise more, but I can update the address to 14 Oak Lane today. Sam"
    assert problems("Hi Ruth, I can't promise more, but I can update the address to 14 Oak Lane today. Sam",
                    written_out, "formal", pb, conv) == []  # "can't" -> "cannot" is no new "not"
