"""Rewrites without the model (reply/rewrite_rules.py): they cut filler, write contractions out, fix case
and add a warm sentence, and never lose a value."""

from __future__ import annotations

import pytest

from assist.reply.rewrite_checks import length_ratio, lost_values
from assist.reply.rewrite_rules import formal, grammar, rule_rewrite, shorter, warmer

PADDED = ("Hi Tom, thanks for getting in touch. I checked and the refund of $49.99 was issued today. Refunds take "
          "5-10 business days to show on your card. I hope this helps, and have a great day! Best, Priya")


def test_shorter_drops_filler_keeps_values_greeting_and_sign_off() -> None:
    out = shorter(PADDED)
    assert out == ("Hi Tom, I checked and the refund of $49.99 was issued today. Refunds take 5-10 business days "
                   "to show on your card. Best, Priya")
    assert length_ratio(PADDED, out) <= 0.8 and lost_values(PADDED, out) == []


def test_shorter_gives_up_rather_than_cut_a_value() -> None:
    dense = "Hi Ana, order NW-1234 ships on Dec 6 by 10:00. The refund of $20 is back in 5 days. Sam"
    assert shorter(dense) == ""


def test_formal_writes_contractions_out_and_calms_the_tone() -> None:
    out = formal("Hi chris, no problem at all! I've cancelled order #48213 and you'll get €79.90 back. Thanks, Sam")
    assert out == ("Hello Chris, certainly. I have cancelled order #48213 and you will get €79.90 back. Kind "
                   "regards, Sam")


def test_grammar_fixes_case_and_apostrophes_only() -> None:
    out = grammar("hi ben, im sure the mixer is covered. i opened claim WC-88120 , a courier comes on friday. Sam")
    assert out == "Hi Ben, I'm sure the mixer is covered. I opened claim WC-88120, a courier comes on Friday. Sam"


@pytest.mark.parametrize("language, opener", [("en", "Hi Kim, thanks so much for reaching out"),
                                              ("es", "Hi Kim, muchas gracias por escribirnos")])
def test_warmer_adds_an_opener_and_an_offer_of_help(language: str, opener: str) -> None:
    text = "Hi Kim, the gift card ending 4471 has $75 on it. Sam"
    out = warmer(text, language)
    assert out.startswith(opener) and out.endswith(" Sam") and lost_values(text, out) == []
    assert length_ratio(text, out) >= 1.1


def test_translate_has_no_rule_based_form() -> None:
    assert rule_rewrite(PADDED, "translate", "es") == ""
    assert rule_rewrite(PADDED, "formal", "de") == ""  # formal and grammar are English rules
