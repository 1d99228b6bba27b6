"""[voice.phrases.<lang>]: the composed reply's frame worded by the playbook, validated with file, line and field."""

from __future__ import annotations

import pytest

from assist.base.errors import InputError
from assist.domain import playbook

GOOD = """
[company]
name = "Northwind Goods"

[voice.phrases.es]
thanks = "¡Gracias por contarnos!"
source = "Lo tienes en «{title}»."
"""


def test_phrases_are_read_per_language() -> None:
    book = playbook.parse(GOOD, "pb.toml")
    assert book.voice.phrases == {"es": {"thanks": "¡Gracias por contarnos!", "source": "Lo tienes en «{title}»."}}


@pytest.mark.parametrize(("table", "expected"), [
    ('greeting = "Hola"', "line 6: voice.phrases.es.greeting: unknown phrase (one of thanks"),
    ('source = "Lo tienes en el artículo."', "line 6: voice.phrases.es.source: should contain {title}"),
    ('thanks = ""', "line 6: voice.phrases.es.thanks: should be a non-empty string"),
])
def test_a_bad_phrase_is_named_with_its_line(table: str, expected: str) -> None:
    text = f'[company]\nname = "X"\n\n[voice.phrases.es]\n\n{table}\n'
    with pytest.raises(InputError) as caught:
        playbook.parse(text, "pb.toml")
    assert expected in str(caught.value)
