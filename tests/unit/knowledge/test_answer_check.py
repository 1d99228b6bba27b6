"""`Hit.answers`: an answer, not a word in common. Forms of one word count once, words nearly every article
uses ("order", "Bestellung") and the story's words tell no article apart, and an ordinary word no article
uses weighs against the hit; a word the article names in its title is what it is about."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assist.knowledge.retrieval import Retriever
from assist.workspace.workspace import Workspace


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Retriever]:
    ws = Workspace.open(Path(tmp_path_factory.mktemp("demo")), demo_mode=True)
    yield Retriever(ws.store)
    ws.close()


@pytest.mark.parametrize(("question", "language", "context"), [
    # "bezahlen" and "bezahlt" are one word, and "Bestellung" is in nearly every German article.
    ("Kann ich meine Bestellung in Raten bezahlen?", "de", ""),
    ("Kann ich mit PayPal bezahlen?", "de", ""),
    # "come" and "order" are in the warranty article; "assemble" and "bookshelf" in none.
    ("Can someone come and assemble the bookshelf I ordered?", "en", "I'm not great with tools"),
    ("Are you hiring? I'd like to apply for a job in your warehouse.", "en", ""),
    ("Do you have a showroom in Boston where I can see the sofas in person?", "en", ""),
])
def test_a_question_the_help_centre_does_not_answer_gets_no_answer(retriever: Retriever, question: str,
                                                                    language: str, context: str) -> None:
    hits = retriever.search(question, language=language, context=context)
    assert not (hits and hits[0].answers), [(h.article_id, h.coverage, h.matched) for h in hits]


@pytest.mark.parametrize(("question", "language", "article"), [
    ("How long do I have to return a jacket I bought from you", "en", "kb-returns"),
    ("Can I swap my boots for a bigger size, is that free?", "en", "kb-exchanges"),
    ("Wie lange ist der Link zum Zurücksetzen des Passworts gültig?", "de", "kb-password-reset-de"),
    ("¿Cuánto cuesta la entrega el mismo día?", "es", "kb-same-day-delivery"),
])
def test_a_question_it_answers_still_is(retriever: Retriever, question: str, language: str, article: str) -> None:
    hits = retriever.search(question, language=language)
    assert hits and hits[0].article_id == article and hits[0].answers, [(h.article_id, h.coverage) for h in hits]


def test_forms_of_one_word_are_one_word(retriever: Retriever) -> None:
    hit = retriever.search("Kann ich meine Bestellung in Raten bezahlen?", language="de")[0]
    assert hit.matched <= 1  # "bezahl"/"bezahlt" once; "Bestellung" is in most German articles
