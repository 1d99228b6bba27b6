"""The customer's last word only closes the chat: a short warm close instead of an article."""

from __future__ import annotations

import pytest

from assist.base.vocab import Origin
from assist.domain.conversation import from_dict
from assist.knowledge.retrieval import Retriever
from assist.reply.closing import DONE, WAITING, closing_kind
from assist.reply.compose import compose
from assist.workspace.workspace import Workspace


@pytest.mark.parametrize(("turn", "kind"), [
    ("it arrived! thanks again Mei, he's going to love it", DONE),
    ("Parfait, merci beaucoup !", DONE),
    ("Thank you. That is all I wanted. I will wait for your confirmation.", WAITING),
    ("thanks. and when will I see the refund?", ""),
    ("thanks, but it still doesn't work", ""),
    ("How long do I have to return a jacket?", ""),
])
def test_what_closes_a_chat(turn: str, kind: str) -> None:
    assert closing_kind(turn) == kind


def _closed(ws: Workspace, name: str, language: str, *turns: str):
    """Compose for a chat of customer, agent, customer turns."""
    roles = ["customer", "agent", "customer"]
    chat = from_dict({"id": "t", "channel": "chat", "subject": "", "customer": {"name": name, "language": language},
                      "messages": [{"role": roles[i], "text": t} for i, t in enumerate(turns)]})
    return compose(chat, ws.store, ws.playbook(), agent_name="Sam Lee", retriever=Retriever(ws.store))


def test_a_thank_you_gets_a_close_in_the_customers_language(demo: Workspace) -> None:
    made = _closed(demo, "Camille Roy", "fr", "Je voudrais retourner une couverture.",
                   "C'est fait, l'étiquette est dans votre boîte mail.", "Parfait, merci beaucoup !")
    assert made.origin == Origin.CLOSING and not made.citations
    assert made.text.startswith("Bonjour Camille") and "ravi" in made.text


def test_a_problem_is_not_a_close() -> None:
    assert closing_kind("Hi, order 4412 never arrived") == ""
    assert closing_kind("it hasn't arrived, thanks") == ""
    assert closing_kind("my blender from order 4990 arrived 3 days late") == ""
    assert closing_kind("no worries, but it still doesn't turn on") == ""
    assert closing_kind("¡Gracias! Pero llegó roto") == ""


def test_accepting_a_no_is_a_close() -> None:
    assert closing_kind("pity, but ok. thanks for explaining") == DONE
    assert closing_kind("Oh no, my typo! Thank you, I'll wait.") == WAITING


def test_a_grudging_close_gets_an_apology_not_glad_its_sorted(demo: Workspace) -> None:
    made = _closed(demo, "Ana Lima", "en", "My parcel is a week late.",
                   "It's with the carrier and should arrive this week.", "it finally came today. took forever")
    assert made.origin == Origin.CLOSING and "sorry it took longer" in made.text, made.text
