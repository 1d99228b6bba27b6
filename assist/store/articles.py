"""Help-centre articles and their FTS5 index: upsert, BM25 search, one article, all of them, a change signature."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from assist.store.db import Database
from assist.store.fts import fts_query

# What `all()` hands out: enough to split articles into passages and cite them.
_ALL_COLUMNS = "id, title, body, url, locale, updated_at"


def _stamp() -> str:
    # Microseconds, so two writes in the same second still give `signature()` a new max(updated_at).
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Articles:
    def __init__(self, db: Database) -> None:
        self._db = db

    def upsert(self, articles: Iterable[dict[str, Any]], source: str = "") -> int:
        """Insert or replace articles by id (one transaction); `locale` is optional ("" = not stated)."""
        n = 0
        stamp = _stamp()
        with self._db.write() as conn:
            for a in articles:
                conn.execute(
                    "INSERT INTO articles (id, title, body, tags, url, source, locale, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET title=excluded.title, "
                    "body=excluded.body, tags=excluded.tags, url=excluded.url, source=excluded.source, "
                    "locale=excluded.locale, updated_at=excluded.updated_at",
                    (a["id"], a["title"], a["body"], json.dumps(a.get("tags", [])), a.get("url", ""),
                     source, str(a.get("locale") or ""), stamp),
                )
                n += 1
        return n

    def search(self, query: str, limit: int = 3) -> list[dict[str, Any]]:
        """BM25-ranked articles for free text (see store.fts.fts_query); best first, in every locale."""
        match = fts_query(query)
        if not match:
            return []
        with self._db.read() as db:
            return list(db.query(
                "SELECT a.id, a.title, a.body, a.url, a.locale, bm25(articles_fts, 2.0, 1.0) AS score "
                "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? "
                "ORDER BY score LIMIT ?",
                [match, limit],
            ))

    def get(self, article_id: str) -> dict[str, Any] | None:
        with self._db.read() as db:
            rows = list(db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        return rows[0] if rows else None

    def all(self) -> list[dict[str, Any]]:
        """Every article as {id, title, body, url, locale, updated_at}, ordered by id."""
        with self._db.read() as db:
            return list(db.query(f"SELECT {_ALL_COLUMNS} FROM articles ORDER BY id"))

    def signature(self) -> tuple[int, str]:
        """(count, newest updated_at): changes whenever an article is added, replaced or removed, so a
        caller can keep an index built from `all()` until it does. One indexless scan, no bodies read."""
        with self._db.read() as db:
            count, newest = db.execute("SELECT count(*), max(updated_at) FROM articles").fetchone()
        return int(count), str(newest or "")
