"""The customer's language, given or detected (py3langid, limited to the playbook's languages)."""

from __future__ import annotations

import pytest

from assist.analysis.language import conversation_language, detect
from assist.domain.conversation import from_dict


@pytest.mark.parametrize(("text", "code"), [
    ("How long do I have to return a jacket I bought from you?", "en"),
    ("¿Cuánto tiempo tengo para devolver una chaqueta?", "es"),
    ("Je vois deux débits pour la même commande", "fr"),
    ("Wie lange habe ich Zeit, eine Jacke zurückzugeben?", "de"),
])
def test_detects_the_playbook_languages(text: str, code: str) -> None:
    assert detect(text) == code


def test_too_short_to_tell() -> None:
    assert detect("ok!") is None


def test_only_the_allowed_languages() -> None:
    assert detect("Bom dia, quero devolver o meu casaco", ["en", "es"]) in ("en", "es")


def _chat(text: str, language: str | None) -> dict:
    customer = {"name": "Dana"} | ({"language": language} if language is not None else {})
    return {"id": "c", "channel": "chat", "customer": customer, "messages": [{"role": "customer", "text": text}]}


def test_given_language_wins_and_missing_is_detected() -> None:
    assert conversation_language(from_dict(_chat("Bonjour, ma commande n'est pas arrivée", "es"))) == "es"
    assert conversation_language(from_dict(_chat("Bonjour, ma commande n'est pas arrivée", None))) == "fr"
    assert conversation_language(from_dict(_chat("hi", None))) == "en"  # too short: the default
