"""Help-centre articles and their FTS5 index: upsert, BM25 search, one article."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from assist.store.db import Database
from assist.store.fts import fts_query
from assist.store.records import now_iso


class Articles:
    def __init__(self, db: Database) -> None:
        self._db = db

    def upsert(self, articles: Iterable[dict[str, Any]], source: str = "") -> int:
        n = 0
        with self._db.write() as conn:
            for a in articles:
                conn.execute(
                    "INSERT INTO articles (id, title, body, tags, url, source, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET title=excluded.title, "
                    "body=excluded.body, tags=excluded.tags, url=excluded.url, source=excluded.source, "
                    "updated_at=excluded.updated_at",
                    (a["id"], a["title"], a["body"], json.dumps(a.get("tags", [])), a.get("url", ""),
                     source, now_iso()),
                )
                n += 1
        return n

    def search(self, query: str, limit: int = 3) -> list[dict[str, Any]]:
        """BM25-ranked articles for free text (see store.fts.fts_query); best first."""
        match = fts_query(query)
        if not match:
            return []
        with self._db.read() as db:
            return list(db.query(
                "SELECT a.id, a.title, a.body, a.url, bm25(articles_fts, 2.0, 1.0) AS score FROM articles_fts "
                "JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? "
                "ORDER BY score LIMIT ?",
                [match, limit],
            ))

    def get(self, article_id: str) -> dict[str, Any] | None:
        with self._db.read() as db:
            rows = list(db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        return rows[0] if rows else None
