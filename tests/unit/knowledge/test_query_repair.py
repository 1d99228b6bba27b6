"""The question's words as customers type them: typos, missing accents, French elision and
names met in an English article all reach the help centre's words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from assist.knowledge.query_words import english_terms, fold, glossary_word, stems
from assist.knowledge.retrieval import Retriever, _mended
from assist.workspace.workspace import Workspace


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Retriever]:
    ws = Workspace.open(Path(tmp_path_factory.mktemp("demo")), demo_mode=True)
    yield Retriever(ws.store)
    ws.close()


def test_accents_are_optional() -> None:
    assert fold("devolución") == "devolucion"
    assert stems("devolución", "es") == stems("devolucion", "es")
    assert glossary_word("contrasena", "es") == "password"


def test_glossary_meets_other_forms_of_a_word() -> None:
    assert glossary_word("entregas", "es") == "delivery"
    assert glossary_word("Bestellungen", "de") == "order"


def test_french_elision_is_split() -> None:
    assert stems("l'annuler", "fr") == stems("annuler", "fr")


def test_names_carry_over_to_english_articles() -> None:
    assert "denver" in english_terms("¿Entregan el mismo día en Denver?", "es")


def test_one_typo_is_mended_but_another_form_of_the_word_is_not() -> None:
    known = Counter({"return": 9, "notif": 2, "express": 3, "versand": 2})
    assert _mended("retrun", known) == "return"
    assert _mended("notifi", known) == "notifi"  # "notifying": a form, not a typo of "notif"
    assert _mended("expressversand", known) == "expressversand"  # compounds are not split (see _mended)
    assert _mended("zzzzzz", known) == "zzzzzz"


@pytest.mark.parametrize(("question", "language", "article"), [
    ("how many days do I have to retrun shoes", "en", "kb-returns"),
    ("cuanto tiempo tengo para devolucion de unos zapatos", "es", "kb-returns-es"),
    ("Est-ce que je peux l'annuler, ma commande ?", "fr", "kb-cancel-order-fr"),
])
def test_misspelled_questions_find_their_article(retriever: Retriever, question: str, language: str,
                                                 article: str) -> None:
    hits = retriever.search(question, language=language)
    assert hits and hits[0].article_id == article and hits[0].answers


def test_context_weighs_less_than_the_question(retriever: Retriever) -> None:
    # The story is about an order; the question is about a password.
    hits = retriever.search("how do I reset my password?", language="en",
                            context="I placed an order yesterday and want to cancel it")
    assert hits[0].article_id == "kb-password-reset"
    # A bare follow-up takes its topic from the turn before it.
    hits = retriever.search("is that still covered?", language="en",
                            context="My blender stopped working, is it under warranty?")
    assert hits[0].article_id == "kb-warranty"


@pytest.mark.parametrize(("typed", "meant"), [
    ("how lnog do i have to return it", "how long do i have to return it"),
    ("how mcuh is same day delivery", "how much is same day delivery"),
    ("how come it is late", "how come it is late"),  # a real word is left alone
    ("How long does it take", "How long does it take"),
])
def test_a_typo_in_the_question_word_is_mended(typed: str, meant: str) -> None:
    from assist.knowledge.query_words import mended_question_words

    assert mended_question_words(typed) == meant
