"""The demo help centre in Spanish, French and German: 18 translations, each faithful to its English source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assist.knowledge.importers.common import parse_locale
from assist.store import Store
from assist.workspace import demo

SOURCES = ["kb-returns", "kb-refunds", "kb-delivery-delays", "kb-order-tracking", "kb-password-reset",
           "kb-cancel-order"]
LOCALES = ["es", "fr", "de"]
TRANSLATIONS = [(source, locale) for source in SOURCES for locale in LOCALES]
# Sections for agents only, in each language (knowledge.retrieval keeps these out of customer replies).
INTERNAL = {"en": "For agents", "es": "Para agentes", "fr": "Pour les agents", "de": "Für Mitarbeiter"}


@pytest.fixture(scope="module")
def articles() -> dict[str, dict]:
    loaded = demo.load_articles(demo._demo_file("articles.json"))
    by_id = {a["id"]: a for a in loaded}
    assert len(by_id) == len(loaded), "duplicate ids in the demo articles"
    return by_id


def _numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+", text))


def _outline(body: str) -> list[str]:
    """The shape of a body: heading levels, numbered steps, bullets and rules, in order."""
    shape = []
    for line in body.splitlines():
        if line.strip() == "---":
            shape.append("---")
        elif m := re.match(r"(#+|\d+\.|-)\s", line):
            shape.append(m.group(1))
    return shape


def test_the_demo_has_20_english_articles_and_18_translations(articles: dict[str, dict]) -> None:
    english = [a for a in articles.values() if a["locale"] == "en"]
    translated = [a for a in articles.values() if a["locale"] != "en"]
    assert len(english) == 20 and len(translated) == 18 and len(articles) == 38
    assert sorted(a["id"] for a in translated) == sorted(f"{s}-{loc}" for s, loc in TRANSLATIONS)
    assert all(parse_locale(a["locale"], "locale") == a["locale"] for a in articles.values())


@pytest.mark.parametrize(("source", "locale"), TRANSLATIONS)
def test_each_translation_keeps_every_number_of_its_source(articles: dict[str, dict], source: str,
                                                           locale: str) -> None:
    english, translated = articles[source], articles[f"{source}-{locale}"]
    assert translated["locale"] == locale
    assert set(_numbers(translated["body"])) == set(_numbers(english["body"]))
    assert _numbers(translated["body"]) == _numbers(english["body"])  # and as often
    assert _numbers(translated["title"]) == _numbers(english["title"])


@pytest.mark.parametrize(("source", "locale"), TRANSLATIONS)
def test_each_translation_has_the_same_structure(articles: dict[str, dict], source: str, locale: str) -> None:
    english, translated = articles[source], articles[f"{source}-{locale}"]
    assert _outline(translated["body"]) == _outline(english["body"])
    assert "#" in _outline(english["body"]) and "##" in _outline(english["body"])
    assert translated["body"].startswith(f"# {translated['title']}\n")
    assert translated["title"] != english["title"]
    assert translated["tags"] == english["tags"]
    assert translated["url"] == english["url"].replace("/articles/", f"/{locale}/articles/")
    english_internal = [h for h in english["body"].splitlines() if h.startswith("## " + INTERNAL["en"])]
    internal = [h for h in translated["body"].splitlines() if h.startswith("## " + INTERNAL[locale])]
    assert len(internal) == len(english_internal)


def test_seeding_stores_the_locales(tmp_path: Path) -> None:
    demo.seed(tmp_path)
    store = Store(tmp_path)
    try:
        stored = {a["id"]: a["locale"] for a in store.articles.all()}
        assert len(stored) == 38 and stored["kb-returns"] == "en" and stored["kb-returns-de"] == "de"
        hit = store.articles.search("olvidé mi contraseña", limit=1)[0]
        assert (hit["id"], hit["locale"]) == ("kb-password-reset-es", "es")
        assert store.articles.search("I forgot my password and can't log in")[0]["id"] == "kb-password-reset"
    finally:
        store.close()
