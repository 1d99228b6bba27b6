"""Knowledge import: every format, front matter, bad files and rows as problem lines, the ABCD dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.knowledge.importers import common as knowledge
from assist.knowledge.importers import load_all, load_articles
from assist.store import Store

ABCD = Path(__file__).resolve().parents[4] / "shared/data/abcd"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_title_from_first_heading_and_id_from_stem(tmp_path: Path) -> None:
    md = _write(tmp_path / "Returns Policy.md",
                "Intro line\n\n```\n# not a heading in code\n```\n# Returning an item\n\nWithin **30 days**.\n")
    result = load_articles(md)
    assert result.problems == []
    [article] = result.articles
    assert article["id"] == "kb-returns-policy"
    assert article["title"] == "Returning an item"
    assert "Within **30 days**." in article["body"]  # Markdown kept
    assert (article["tags"], article["url"]) == ([], "")


def test_markdown_without_heading_uses_the_file_stem(tmp_path: Path) -> None:
    [article] = load_articles(_write(tmp_path / "gift-cards.markdown", "Gift cards never expire.")).articles
    assert (article["id"], article["title"]) == ("kb-gift-cards", "gift-cards")


def test_markdown_front_matter_is_honoured(tmp_path: Path) -> None:
    md = _write(tmp_path / "x.md", "\ufeff---\nid: kb-shipping\ntitle: \"Shipping times\"\ntags: [shipping, eu]\n"
                                   "url: https://help.example.com/shipping\n---\n# Ignored heading\n\nEU: 3-5 days.\n")
    [article] = load_articles(md).articles
    assert article == {"id": "kb-shipping", "title": "Shipping times", "tags": ["shipping", "eu"],
                       "url": "https://help.example.com/shipping", "body": "# Ignored heading\n\nEU: 3-5 days.",
                       "locale": ""}


def test_unclosed_front_matter_is_a_problem(tmp_path: Path) -> None:
    result = load_articles(_write(tmp_path / "open.md", "---\ntitle: x\n\nbody"))
    assert result.articles == []
    assert result.problems == [f"{tmp_path / 'open.md'}: front matter starts with --- but has no closing --- line"]


def test_html_visible_text_in_paragraphs(tmp_path: Path) -> None:
    html = _write(tmp_path / "warranty.html", """<!doctype html><html><head><title>Warranty &amp; repairs</title>
        <style>p { color: red }</style><script>var secret = "no";</script>
        <link rel="canonical" href="https://help.example.com/warranty"></head>
        <body><h1>Our warranty</h1><p>Every item has a
        <b>one-year</b> warranty.</p><ul><li>Keep the receipt</li><li>Contact us</li></ul>
        <script>track()</script><noscript>Enable JS</noscript><p>Repairs take 10 days.</p></body></html>""")
    [article] = load_articles(html).articles
    assert article["id"] == "kb-warranty"
    assert article["title"] == "Warranty & repairs"
    assert article["url"] == "https://help.example.com/warranty"
    assert article["body"] == ("Our warranty\n\nEvery item has a one-year warranty.\n\n- Keep the receipt\n\n"
                               "- Contact us\n\nRepairs take 10 days.")
    assert "secret" not in article["body"] and "color" not in article["body"] and "track" not in article["body"]


def test_html_title_falls_back_to_first_h1(tmp_path: Path) -> None:
    html = _write(tmp_path / "a.htm", "<h1>Gift <i>cards</i></h1><p>They never expire.</p>")
    [article] = load_articles(html).articles
    assert article["title"] == "Gift cards"


def test_csv_rows_with_tags_and_a_bad_row(tmp_path: Path) -> None:
    csv_file = _write(tmp_path / "faq.csv",
                      "Title,Body,Tags,URL,id\n"
                      "Store hours,\"Open 9-5,\nMonday to Friday\",hours; store,https://x.example/h,\n"
                      "No body here,,misc,,\n"
                      ",,,,\n"
                      "Gift cards,Never expire,\"gift, cards\",,kb-gift\n")
    result = load_articles(csv_file)
    assert [a["id"] for a in result.articles] == ["kb-store-hours", "kb-gift"]
    assert result.articles[0]["body"] == "Open 9-5,\nMonday to Friday"
    assert result.articles[0]["tags"] == ["hours", "store"]
    assert result.articles[0]["url"] == "https://x.example/h"
    assert result.articles[1]["tags"] == ["gift", "cards"]
    assert result.problems == [f"{csv_file}: row 3: no body, skipped"]


def test_csv_without_title_and_body_columns_is_a_problem(tmp_path: Path) -> None:
    result = load_articles(_write(tmp_path / "bad.csv", "name,text\na,b\n"))
    assert result.articles == []
    assert result.problems == [f"{tmp_path / 'bad.csv'}: the CSV header needs 'title' and 'body' columns "
                               f"(found: name, text)"]


def test_json_list_of_articles_with_a_bad_entry(tmp_path: Path) -> None:
    data = [{"id": "kb-1", "title": "One", "body": "First", "tags": ["a"], "url": "u"},
            {"title": "Two", "body": "Second", "tags": "b; c"},
            {"title": "Three"}, "oops", {"title": "Empty", "body": "   "}]
    path = _write(tmp_path / "a.json", json.dumps(data))
    result = load_articles(path)
    assert [(a["id"], a["tags"]) for a in result.articles] == [("kb-1", ["a"]), ("kb-two", ["b", "c"])]
    assert result.problems == [f"{path}: [2]: body missing or not text, skipped",
                               f"{path}: [3]: expected an object, got str",
                               f"{path}: [4]: body missing or not text, skipped"]


@pytest.mark.parametrize(("content", "expected"), [
    ('{"hello": 1}', "not a knowledge-base shape"),
    ("[]", "an empty list: no articles"),
    ('[{"convo_id": 1}]', "none an object with both 'title' and 'body'"),
    ('{"title": "x", ', "not valid JSON (line 1, column"),
    ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "JSON nested too deeply"),  # Python's parser would recurse
])
def test_unknown_or_broken_json_is_a_problem(tmp_path: Path, content: str, expected: str) -> None:
    path = _write(tmp_path / "x.json", content)
    result = load_articles(path)
    assert result.articles == []
    [problem] = result.problems
    assert problem.startswith(f"{path}: ") and expected in problem


def test_broken_files_never_stop_the_good_ones(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    _write(kb / "good.md", "# Good\n\nText.")
    _write(kb / "sub" / "deeper" / "good2.html", "<title>Good 2</title><p>More.</p>")
    (kb / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (kb / "latin1.csv").write_bytes("title,body\nCaf\xe9,cr\xe8me\n".encode("latin-1"))
    _write(kb / "empty.md", "---\ntitle: Nothing\n---\n\n")
    _write(kb / "notes.txt", "ignored: not a supported type")
    _write(kb / ".hidden" / "secret.md", "# Hidden\n\nnot imported")
    result = load_articles(kb)
    assert sorted(a["id"] for a in result.articles) == ["kb-good", "kb-good2"]
    assert result.files == 5
    assert sorted(result.problems) == sorted([
        f"{kb / 'binary.md'}: binary data, not a text file",
        f"{kb / 'latin1.csv'}: not valid UTF-8 (byte 14)",
        f"{kb / 'empty.md'}: kb-empty: empty body, skipped",
    ])


def test_missing_path_unsupported_file_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    txt = _write(tmp_path / "a.txt", "x")
    result = load_all([tmp_path / "nope", txt, tmp_path / "empty"])
    assert result.articles == []
    assert result.problems[0] == f"{tmp_path / 'nope'}: no such file or folder"
    assert result.problems[1].startswith(f"{txt}: not a supported file type")
    assert result.problems[2].startswith(f"{tmp_path / 'empty'}: no .md")


def test_too_big_file_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knowledge, "MAX_FILE_BYTES", 10)
    big = _write(tmp_path / "big.md", "# Big\n\n" + "x" * 100)
    small = _write(tmp_path / "small.md", "# S\n\nx")
    result = load_articles(tmp_path)
    assert [a["id"] for a in result.articles] == ["kb-small"]
    [problem] = result.problems
    assert problem.startswith(f"{big}: too big (") and small.exists()


def test_duplicate_ids_keep_the_last_and_are_counted(tmp_path: Path) -> None:
    first = _write(tmp_path / "a" / "faq.md", "# Old\n\nold text")
    second = _write(tmp_path / "b" / "faq.md", "# New\n\nnew text")
    result = load_all([first, second])
    assert [(a["id"], a["title"]) for a in result.articles] == [("kb-faq", "New")]
    assert (result.duplicates, result.problems) == (1, [])


@pytest.fixture
def abcd() -> Path:
    if not (ABCD / "kb.json").exists() or not (ABCD / "guidelines.json").exists():
        pytest.skip(f"ABCD data not found in {ABCD}")
    return ABCD


def test_abcd_kb_and_guidelines_become_many_readable_articles(abcd: Path) -> None:
    guidelines = load_articles(abcd / "guidelines.json")
    kb = load_articles(abcd / "kb.json")
    assert guidelines.problems == [] and kb.problems == []
    subflows = sum(len(flow["subflows"]) for flow in json.loads((abcd / "guidelines.json").read_text()).values())
    assert len(guidelines.articles) == subflows >= 40
    assert len(kb.articles) == len(json.loads((abcd / "kb.json").read_text())) >= 40
    by_id = {a["id"]: a for a in guidelines.articles}
    size = by_id["abcd-product-defect-return-due-to-size"]
    assert size["title"] == "Return Due to Size (Product Defect)"
    assert "Steps:\n1. Pull up Account:" in size["body"]
    assert "Gold members get unlimited returns" in size["body"]
    assert {a["id"] for a in kb.articles} >= {"abcd-kb-recover-username", "abcd-kb-return-size"}
    recover = next(a for a in kb.articles if a["id"] == "abcd-kb-recover-username")
    assert "1. Pull up account\n2. Verify identity" in recover["body"]


@pytest.mark.parametrize(("question", "relevant"), [
    ("I want to return the shirt I bought because it is the wrong size", {"abcd-kb-return-size",
                                                                          "abcd-product-defect-return-due-to-size"}),
    ("how do I update my shipping address", {"abcd-shipping-issue-manage-shipping",
                                             "abcd-manage-account-manage-change-address"}),
    ("I forgot my password and cannot log in", {"abcd-account-access-recover-password",
                                                "abcd-kb-recover-password"}),
    ("my promo code is not working", {"abcd-purchase-dispute-promo-code-invalid", "abcd-kb-promo-code-invalid"}),
])
def test_abcd_search_finds_a_relevant_article_in_the_top_three(abcd: Path, tmp_path: Path, question: str,
                                                               relevant: set[str]) -> None:
    result = load_all([abcd / "kb.json", abcd / "guidelines.json"])
    store = Store(tmp_path / "ws")
    try:
        assert store.articles.upsert(result.articles, source=str(abcd)) == len(result.articles) >= 100
        top = [hit["id"] for hit in store.articles.search(question, limit=3)]
    finally:
        store.close()
    assert relevant & set(top), top
