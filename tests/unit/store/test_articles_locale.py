"""Schema v4: articles carry a locale; migrated from a real v3 file; all() and signature() for index caches."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from assist.store import SCHEMA_VERSION, Store, schema
from assist.store.schema import MIGRATIONS


def _v3_file(path: Path) -> None:
    """A real v3 file as an older Assist left it: articles written through the FTS triggers, no locale."""
    conn = sqlite3.connect(path / "assist.sqlite3", isolation_level=None)
    db = sqlite_utils.Database(conn)
    for step in MIGRATIONS[:3]:
        step(db)
    conn.execute("PRAGMA user_version = 3")
    conn.executemany(
        "INSERT INTO articles (id, title, body, tags, url, source, updated_at) VALUES (?, ?, ?, '[]', ?, 'old', ?)",
        [("kb-returns", "Returning an item", "Return most items within 30 days of delivery.", "https://x/r",
          "2026-01-01T10:00:00Z"),
         ("kb-gift", "Gift cards", "Gift cards never expire and cannot be refunded.", "", "2026-01-02T10:00:00Z")],
    )
    conn.close()


def _fts_in_sync(store: Store) -> bool:
    # For an external-content table, integrity-check with rank 1 also compares the index with `articles`.
    try:
        store.database.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def test_schema_version_counts_the_migrations() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 4  # never pinned: later migrations append


def test_migration_v4_from_a_v3_file_keeps_articles_and_search(tmp_path: Path) -> None:
    _v3_file(tmp_path)
    store = Store(tmp_path)
    try:
        assert store.database.version == SCHEMA_VERSION
        assert store.database.integrity_ok() and _fts_in_sync(store)
        columns = {c.name: c for c in store.database.db.table("articles").columns}
        assert columns["locale"].type == "TEXT" and columns["locale"].notnull and columns["locale"].default_value
        assert store.count("articles") == 2
        old = store.articles.get("kb-returns")
        assert old is not None and old["locale"] == "" and old["source"] == "old"
        assert old["body"] == "Return most items within 30 days of delivery."
        [hit] = store.articles.search("return an item after delivery")
        assert hit["id"] == "kb-returns" and hit["locale"] == "" and hit["url"] == "https://x/r"
        # Old rows update through the triggers as before, and new rows carry their locale.
        store.articles.upsert([{"id": "kb-returns", "title": "Returning an item",
                                "body": "Within 60 days; keep the receipt."},
                               {"id": "kb-returns-es", "title": "Devolver un artículo",
                                "body": "Devuelve la mayoría de los artículos en 30 días.", "locale": "es"}])
        assert _fts_in_sync(store)
        assert store.articles.search("receipt")[0]["id"] == "kb-returns"
        assert store.articles.search("delivery") == []  # the old body is gone from the index
        [es] = store.articles.search("devuelve artículos")
        assert es["id"] == "kb-returns-es" and es["locale"] == "es"
    finally:
        store.close()


def test_a_failing_v4_step_leaves_the_v3_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _v3_file(tmp_path)

    def broken(db: sqlite_utils.Database) -> None:
        schema._v4_article_locale(db)
        raise RuntimeError("power cut mid-migration")

    monkeypatch.setattr(schema, "MIGRATIONS", [*MIGRATIONS[:3], broken])
    with pytest.raises(RuntimeError):
        Store(tmp_path)
    conn = sqlite3.connect(tmp_path / "assist.sqlite3")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert "locale" not in [row[1] for row in conn.execute("PRAGMA table_info(articles)")]
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    finally:
        conn.close()
    monkeypatch.undo()
    store = Store(tmp_path)  # the next start migrates it properly
    try:
        assert store.database.version == SCHEMA_VERSION and store.articles.get("kb-gift")["locale"] == ""  # type: ignore[index]
    finally:
        store.close()


def test_locale_round_trips_and_all_lists_every_article(tmp_path: Path) -> None:
    store = Store(tmp_path)
    try:
        store.articles.upsert([
            {"id": "kb-b", "title": "B", "body": "bee", "url": "https://x/b", "locale": "pt-BR"},
            {"id": "kb-a", "title": "A", "body": "ay", "tags": ["t"]},
            {"id": "kb-c", "title": "C", "body": "sea", "locale": None},
        ], source="test")
        rows = store.articles.all()
        assert [r["id"] for r in rows] == ["kb-a", "kb-b", "kb-c"]
        assert set(rows[0]) == {"id", "title", "body", "url", "locale", "updated_at"}
        assert [r["locale"] for r in rows] == ["", "pt-BR", ""]
        assert rows[1] == {"id": "kb-b", "title": "B", "body": "bee", "url": "https://x/b", "locale": "pt-BR",
                           "updated_at": rows[1]["updated_at"]}
        assert store.articles.get("kb-b")["locale"] == "pt-BR"  # type: ignore[index]
        store.articles.upsert([{"id": "kb-b", "title": "B", "body": "bee", "locale": "pt"}])
        assert store.articles.get("kb-b")["locale"] == "pt"  # type: ignore[index]
    finally:
        store.close()


def test_signature_changes_whenever_an_article_changes(tmp_path: Path) -> None:
    store = Store(tmp_path)
    try:
        empty = store.articles.signature()
        assert empty == (0, "") and store.articles.all() == []
        store.articles.upsert([{"id": "kb-a", "title": "A", "body": "one"}])
        first = store.articles.signature()
        assert first[0] == 1 and first != empty
        assert store.articles.signature() == first  # reading changes nothing
        seen = {first}
        for body in ("two", "three", "four"):  # several writes in the same second still differ
            store.articles.upsert([{"id": "kb-a", "title": "A", "body": body}])
            signature = store.articles.signature()
            assert signature not in seen and signature[0] == 1
            seen.add(signature)
        store.articles.upsert([{"id": "kb-b", "title": "B", "body": "new"}])
        assert store.articles.signature()[0] == 2
        with store.database.write() as conn:
            conn.execute("DELETE FROM articles WHERE id = 'kb-b'")
        assert store.articles.signature()[0] == 1
    finally:
        store.close()
