"""Where a sentence ends: at . ! ? before a space or a line break, never inside a link, an amount or an
abbreviation that goes on."""

from __future__ import annotations

import pytest

from assist.base.text import sentence_partition, sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_a_sentence_ends_at_its_mark_or_a_line_break() -> None:
    assert _sentences("It is done. Thanks!\nSam") == ["It is done.", "Thanks!", "Sam"]


def test_dots_inside_links_amounts_and_emails_do_not_end_one() -> None:
    assert _sentences("Pay $64.99 at northwind.example or mail grace.kim@example.com. Done.") == [
        "Pay $64.99 at northwind.example or mail grace.kim@example.com.", "Done."]


@pytest.mark.parametrize("text", ["Can I pay in instalments, e.g. with Klarna?", "Das geht z. B. mit PayPal.",
                                  "¿Puedo pagar p. ej. con PayPal?", "Hi Dr. Smith, it shipped."])
def test_an_abbreviation_that_goes_on_does_not_end_one(text: str) -> None:
    assert _sentences(f"{text} Thanks.") == [text, "Thanks."]
    assert len(sentence_partition(f"{text} Thanks.")) == 3  # the two and the empty rest
