"""Which rewrite actions are offered with which engine: translate only where the engine can translate (the
company's model server, a recommended larger local model), never with the small built-in model; an English
customer has nothing to translate. The reasons are what the app shows on the greyed menu item."""

from __future__ import annotations

import pytest

from assist.domain import conversation
from assist.llm import catalog
from assist.reply.rewrite import NO_TRANSLATION, translate_unavailable, unavailable_reason


def _default_id() -> str:
    return next(e.id for e in catalog.load_catalog() if e.default)


def _tier_id() -> str:
    return next(e.id for e in catalog.load_catalog() if e.tier)


@pytest.mark.parametrize("model_id, offered", [("server:llama3.1-8b", True), ("fake", False), ("nope", False)])
def test_translate_is_offered_on_the_company_server_only_among_these(model_id: str, offered: bool) -> None:
    assert (translate_unavailable(model_id) == "") is offered


def test_the_built_in_model_does_not_translate_and_a_larger_tier_does() -> None:
    assert translate_unavailable(_default_id()) == NO_TRANSLATION
    assert "Settings" in NO_TRANSLATION  # where to change it
    assert translate_unavailable(_tier_id()) == ""


def test_the_reason_for_the_menu(conversation_dict: dict) -> None:
    english = conversation.from_dict(conversation_dict)
    conversation_dict["customer"]["language"] = "es"
    spanish = conversation.from_dict(conversation_dict)
    assert "English" in unavailable_reason("translate", english, "server:x")  # nothing to translate
    assert unavailable_reason("translate", spanish, "server:x") == ""
    assert unavailable_reason("translate", spanish, _default_id()) == NO_TRANSLATION
    assert unavailable_reason("shorter", spanish, _default_id()) == ""  # the others always are
