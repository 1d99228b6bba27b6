"""Article locales: read from Markdown front matter, JSON fields and a CSV column; validated; stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.knowledge.importers import load_articles
from assist.knowledge.importers.common import BadLocale, parse_locale
from assist.store import Store


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("value", "expected"), [
    ("es", "es"), ("ES", "es"), (" fr ", "fr"), ("pt-BR", "pt-BR"), ("pt-br", "pt-BR"), ("pt_BR", "pt-BR"),
    ("", ""), ("  ", ""), (None, ""),
])
def test_parse_locale_normalises_short_codes(value: str | None, expected: str) -> None:
    assert parse_locale(value, "locale") == expected


@pytest.mark.parametrize("value", ["English", "eng", "e", "es-419", "es-", "zh-Hant", "1", "es MX", "de/DE"])
def test_parse_locale_refuses_anything_else_naming_the_field(value: str) -> None:
    with pytest.raises(BadLocale, match=r"^lang: .* is not a language code"):
        parse_locale(value, "lang")


def test_parse_locale_refuses_a_non_string() -> None:
    with pytest.raises(BadLocale, match=r"^locale: expected a language code .* got int"):
        parse_locale(7, "locale")


@pytest.mark.parametrize("key", ["locale", "lang", "language", "Locale"])
def test_markdown_front_matter_locale(tmp_path: Path, key: str) -> None:
    md = _write(tmp_path / "devoluciones.md", f"---\ntitle: Devoluciones\n{key}: \"es\"\n---\n30 días.\n")
    result = load_articles(md)
    assert result.problems == []
    [article] = result.articles
    assert (article["id"], article["title"], article["locale"]) == ("kb-devoluciones", "Devoluciones", "es")


def test_markdown_locale_wins_over_lang_and_is_empty_without_front_matter(tmp_path: Path) -> None:
    [both] = load_articles(_write(tmp_path / "a.md", "---\nlang: fr\nlocale: de-AT\n---\n# A\nText\n")).articles
    assert both["locale"] == "de-AT"
    [plain] = load_articles(_write(tmp_path / "b.md", "# B\nText\n")).articles
    assert plain["locale"] == ""


def test_markdown_bad_locale_is_a_problem_naming_file_and_field(tmp_path: Path) -> None:
    md = _write(tmp_path / "bad.md", "---\ntitle: Returns\nlang: English\n---\nText\n")
    result = load_articles(md)
    assert result.articles == []
    assert result.problems == [f"{md}: front matter 'lang': 'English' is not a language code (use 2 letters, "
                               f"optionally a region: es, fr, pt-BR)"]


def test_json_locale_language_and_lang_fields(tmp_path: Path) -> None:
    path = _write(tmp_path / "kb.json", json.dumps({"articles": [
        {"id": "kb-1", "title": "Uno", "body": "texto", "locale": "es"},
        {"id": "kb-2", "title": "Deux", "body": "texte", "language": "FR"},
        {"id": "kb-3", "title": "Drei", "body": "Text", "lang": "de_ch"},
        {"id": "kb-4", "title": "Four", "body": "text"},
        {"id": "kb-5", "title": "Five", "body": "text", "locale": None},
    ]}))
    result = load_articles(path)
    assert result.problems == []
    assert [(a["id"], a["locale"]) for a in result.articles] == [
        ("kb-1", "es"), ("kb-2", "fr"), ("kb-3", "de-CH"), ("kb-4", ""), ("kb-5", "")]


def test_json_bad_locale_is_a_problem_and_the_others_still_import(tmp_path: Path) -> None:
    path = _write(tmp_path / "kb.json", json.dumps([
        {"id": "kb-ok", "title": "Fine", "body": "text", "locale": "en"},
        {"id": "kb-bad", "title": "Bad", "body": "text", "language": "Spanish"},
        {"id": "kb-num", "title": "Num", "body": "text", "lang": 12},
    ]))
    result = load_articles(path)
    assert [a["id"] for a in result.articles] == ["kb-ok"]
    assert result.problems == [
        f"{path}: [1] kb-bad: 'language': 'Spanish' is not a language code (use 2 letters, optionally a region: "
        f"es, fr, pt-BR), skipped",
        f"{path}: [2] kb-num: 'lang': expected a language code such as es or pt-BR, got int, skipped",
    ]


def test_csv_locale_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "kb.csv", "id,title,body,Locale\nkb-a,Hola,texto,es\nkb-b,Hello,text,\n"
                                       "kb-c,Olá,texto,pt-br\n")
    result = load_articles(path)
    assert result.problems == []
    assert [(a["id"], a["locale"]) for a in result.articles] == [("kb-a", "es"), ("kb-b", ""), ("kb-c", "pt-BR")]
    [no_column] = load_articles(_write(tmp_path / "plain.csv", "title,body\nHello,text\n")).articles
    assert no_column["locale"] == ""


def test_csv_bad_locale_is_a_problem_naming_the_row_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "kb.csv", "title,body,locale\nGood,text,de\nBad,text,Deutsch\n")
    result = load_articles(path)
    assert [a["title"] for a in result.articles] == ["Good"]
    assert result.problems == [f"{path}: row 3: column 'locale': 'Deutsch' is not a language code (use 2 letters, "
                               f"optionally a region: es, fr, pt-BR), skipped"]


def test_html_and_unstated_locales_are_empty(tmp_path: Path) -> None:
    [page] = load_articles(_write(tmp_path / "p.html", "<title>T</title><p>Body</p>")).articles
    assert page["locale"] == ""


def test_imported_locale_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    _write(folder / "a.md", "---\nid: kb-a-fr\nlocale: fr\n---\n# Retours\nSous 30 jours.\n")
    _write(folder / "b.csv", "id,title,body,locale\nkb-b-de,Rückgabe,Innerhalb von 30 Tagen,de\n")
    _write(folder / "c.json", json.dumps([{"id": "kb-c", "title": "Returns", "body": "Within 30 days"}]))
    result = load_articles(folder)
    assert result.problems == []
    store = Store(tmp_path / "data")
    try:
        store.articles.upsert(result.articles, source=str(folder))
        assert {a["id"]: a["locale"] for a in store.articles.all()} == {"kb-a-fr": "fr", "kb-b-de": "de",
                                                                         "kb-c": ""}
    finally:
        store.close()
