"""Someone hurt, found once for the composed suggestion and the handoff's first line, acknowledged alike."""

from __future__ import annotations

import pytest

from assist.analysis.injury import ACKNOWLEDGEMENT, injury_term, someone_hurt, unsafe
from assist.handoff.first_line import _CARE
from assist.reply.frame_phrases import PHRASES


@pytest.mark.parametrize("text", ["The kettle handle came off and I burned my hand", "it gave me a small shock",
                                  "me quemé con la tapa", "mon fils s'est blessé", "Ich habe mich verletzt",
                                  "my daughter is at urgent care"])
def test_a_person_hurt_is_found(text: str) -> None:
    assert someone_hurt(text)


@pytest.mark.parametrize("text", ["what a shock, the price went up", "the lid arrived cut in two",
                                  "I'm hurt that nobody answered"])
def test_a_surprise_or_damage_is_not_an_injury(text: str) -> None:
    assert not someone_hurt(text)


@pytest.mark.parametrize("text", ["I saw a spark near the plug", "there was a burning smell", "it started smoking",
                                  "el cargador echa humo", "il y a de la fumée", "das Kabel ist überhitzt"])
def test_a_product_that_could_hurt_is_unsafe_though_nobody_is_hurt(text: str) -> None:
    assert unsafe(text) and not someone_hurt(text)


@pytest.mark.parametrize("text", ["the sparkling water glasses arrived", "what a shock, the price went up",
                                  "the smoked oak table is lovely", "does the smoke alarm come with batteries?",
                                  "¿el detector de humo lleva pilas?", "le détecteur de fumée est-il fourni ?"])
def test_words_that_only_look_dangerous_are_not(text: str) -> None:
    assert not unsafe(text)


def test_an_evidence_term_tells_an_injury_from_a_legal_matter() -> None:
    assert injury_term("burned") and injury_term("urgent care")
    assert not injury_term("lawyer") and not injury_term("chargeback")


def test_the_suggestion_and_the_handoff_acknowledge_it_in_the_same_words() -> None:
    for language, words in ACKNOWLEDGEMENT.items():
        assert PHRASES[language]["hurt"] == words == _CARE[language]["injury"]
