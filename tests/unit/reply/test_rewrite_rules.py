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
    assert out == ("Hi Tom, the refund of $49.99 was issued today. Refunds take 5-10 business days to show on your "
                   "card. Best, Priya")  # the filler sentences and the hedge "I checked and" go
    assert length_ratio(PADDED, out) <= 0.8 and lost_values(PADDED, out) == []


def test_shorter_gives_up_rather_than_cut_a_value() -> None:
    dense = "Hi Ana, order NW-1234 ships on Dec 6 by 10:00. The refund of $20 is back in 5 days. Sam"
    assert shorter(dense) == ""


def test_formal_writes_contractions_out_and_calms_the_tone() -> None:
    out = formal("Hi chris, no problem at all! I've cancelled order #48213 and you'll get €79.90 back. Thanks, Sam")
    assert out == ("Hello Chris, certainly. I have cancelled order #48213 and you will receive €79.90 back. Kind "
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
    assert rule_rewrite("Hallo Anna, Ihre Bestellung ist unterwegs. Sam", "grammar", "de") == ""  # English rules


def test_shorter_never_drops_a_sentence_that_says_something() -> None:
    # No filler to cut: "You'll get a replacement" and the instruction stay, so there is no rule rewrite.
    dense = ("Hi Ben, the mixer has a 2 year warranty. A courier collects it on Friday. Use the label in your "
             "account. You'll get a replacement or a full refund. Sam")
    assert shorter(dense) == ""


def test_shorter_cuts_hedges_and_writes_contractions() -> None:
    text = ("Hi Olivia, I'm really sorry, I can see you were charged $64.50 twice for order NW-30117. I have "
            "refunded the duplicate charge today, and it will be back on your card within 5-10 business days. Thank "
            "you for flagging this, Sam")
    out = shorter(text)
    assert out == ("Hi Olivia, sorry, you were charged $64.50 twice for order NW-30117. I've refunded the duplicate "
                   "charge today, and it'll be back on your card within 5-10 business days. Sam")
    assert length_ratio(text, out) <= 0.8 and lost_values(text, out) == []


def test_formal_swaps_register_words_and_signs_formally() -> None:
    out = formal("Hey Leo, sorry about that! Your refund of $24 is on its way. Shall I go ahead and close the "
                 "ticket? Cheers, Sam")
    assert out == ("Hello Leo, please accept my apologies. Your refund of $24 is on its way. Shall I go ahead and "
                   "close the ticket? Kind regards, Sam")


@pytest.mark.parametrize("language, text, expected", [
    ("de", "Hallo Anna, Ihre Bestellung NW-1 ist unterwegs. Viele Grüße, Sam",
     "Guten Tag Anna, Ihre Bestellung NW-1 ist unterwegs. Mit freundlichen Grüßen, Sam"),
    ("es", "Hola Carmen, tu pedido NW-2 ya salió. Saludos, Sam",
     "Buenos días Carmen, tu pedido NW-2 ya salió. Atentamente, Sam"),
    ("fr", "Salut Louis, votre colis NW-3 est parti. Sam",
     "Bonjour Louis, votre colis NW-3 est parti. Cordialement, Sam"),
])
def test_formal_in_other_languages_changes_the_greeting_and_the_closing(language: str, text: str,
                                                                        expected: str) -> None:
    assert rule_rewrite(text, "formal", language) == expected


def test_grammar_leaves_emails_alone_and_fixes_common_slips() -> None:
    out = grammar("hi maya, theres a label in maya@example.com so your fine. yes you can recieve it today. Sam",
                  "Maya Chen")
    assert out == "Hi Maya, there's a label in maya@example.com so you're fine. Yes, you can receive it today. Sam"


def test_friendlier_adds_no_second_offer_of_help_and_keeps_the_closing_last() -> None:
    text = "Hi Owen, order NW-5 is cancelled. Let me know if there's anything else. Thanks for your patience, Sam"
    assert warmer(text, "en") == ""  # it thanks and offers help already: nothing warm to add, no rule rewrite
    text = "Hi Owen, order NW-5 is cancelled. Thank you for flagging this, Sam"
    assert warmer(text, "en").endswith("I'll gladly help. Thank you for flagging this, Sam")


def test_a_reply_written_in_lines_keeps_its_lines() -> None:
    text = ("Hi Dana,\n\nthanks for getting in touch. Your refund of $20 was issued today and it will be back in "
            "5 days.\nHope this helps!\n\nThanks,\nSam")
    assert shorter(text) == ("Hi Dana,\n\nYour refund of $20 was issued today and it'll be back in 5 days.\n\n"
                             "Thanks,\nSam")
    assert formal(text).endswith("I hope this helps.\n\nKind regards,\nSam")
    assert warmer(text, "en").endswith("Hope this helps!\n\nIf anything else comes up, just reply here and I'll "
                                       "gladly help.\n\nThanks,\nSam")
    composed = ("Hola Dana,\nGracias por escribirnos. La garantía es de 2 años.\n¿Hay algo más en lo que pueda "
                "ayudarte?\nSam, Northwind Goods")  # a help-centre card: the agent's name, then the company's
    assert rule_rewrite(composed, "formal", "es") == composed.replace("Hola", "Buenos días")
    # The filler sentence goes; "Sam," is the agent's name before the company's, never cut as a closing.
    assert rule_rewrite(composed, "shorter", "es") == ("Hola Dana,\nLa garantía es de 2 años.\n¿Hay algo más en lo "
                                                       "que pueda ayudarte?\nSam, Northwind Goods")


def test_shorter_says_the_same_in_fewer_words_when_there_is_no_filler() -> None:
    draft = ("Hi Ana, the refund of $42.10 went back to your card on Monday and should show in 5-10 business days, "
             "depending on your bank. If it isn't there by then, please reply here. Sam")
    assert shorter(draft) == ("Hi Ana, the $42.10 refund went back to your card on Monday and should show in "
                                    "5-10 business days. If not, please reply here. Sam")
