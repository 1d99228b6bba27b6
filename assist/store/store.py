"""What the rest of Assist reads from and writes to the SQLite file.

SQL lives here and in schema.py only. Writes go through Database.write() (one transaction each), so an
import of a thousand conversations is all or nothing and idempotent by conversation id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assist.base import paths
from assist.base.vocab import FlagReason, Outcome
from assist.domain.conversation import Conversation, Customer, Message
from assist.store.db import Database
from assist.store.fts import fts_query

OUTCOMES = tuple(Outcome)
FLAG_REASONS = tuple(FlagReason)


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _customer_id(customer: Customer, conversation_id: str) -> str:
    # Customers are keyed by email when there is one, so the same person across tickets is one row.
    return customer.email.lower() if customer.email else f"anon:{conversation_id}"


@dataclass(frozen=True)
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged}


@dataclass(frozen=True)
class QueueItem:
    id: str
    subject: str
    customer_name: str
    channel: str
    status: str
    updated_at: str
    preview: str
    from_bot: bool
    vip: bool


@dataclass
class SuggestionRecord:
    conversation_id: str
    text: str
    model: str
    citations: list[str] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    ttft_s: float | None = None
    tokens_per_s: float | None = None
    latency_s: float | None = None
    prompt_inputs: dict[str, Any] | None = None  # passage/example ids, message count, model, params


@dataclass(frozen=True)
class ExampleSource:
    """Raw material for few-shot examples (assist/examples.py picks from it)."""

    solved: list[Conversation]
    edits: list[dict[str, Any]]  # id, conversation_id, final_text, customer_text, customer_name


class Store:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.database = Database(data_dir / paths.DB_FILENAME)

    @property
    def path(self) -> Path:
        return self.database.path

    def close(self) -> None:
        self.database.close()

    # --- conversations ----------------------------------------------------------------------------

    def import_conversations(self, conversations: Iterable[Conversation]) -> ImportReport:
        """Insert or replace conversations by id, in one transaction. Re-importing the same file is a no-op."""
        added = updated = unchanged = 0
        stamp = now_iso()
        with self.database.write() as conn:
            for conversation in conversations:
                state = self._write_conversation(conn, conversation, stamp)
                added += state == "added"
                updated += state == "updated"
                unchanged += state == "unchanged"
        return ImportReport(added, updated, unchanged)

    def _write_conversation(self, conn: sqlite3.Connection, c: Conversation, stamp: str) -> str:
        from assist.domain.conversation import to_dict  # local: keep the import graph one-way and obvious

        fingerprint = json.dumps(to_dict(c), sort_keys=True, ensure_ascii=False)
        row = conn.execute("SELECT extra FROM conversations WHERE id = ?", (c.id,)).fetchone()
        if row is not None and json.loads(row[0] or "{}").get("_fingerprint") == _digest(fingerprint):
            return "unchanged"
        customer_id = _customer_id(c.customer, c.id)
        cu = c.customer
        conn.execute(
            "INSERT INTO customers (id, name, email, vip, lifetime_value, language, extra) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, "
            "email=excluded.email, vip=excluded.vip, lifetime_value=excluded.lifetime_value, "
            "language=excluded.language, extra=excluded.extra",
            (customer_id, cu.name, cu.email, int(cu.vip), cu.lifetime_value, cu.language,
             json.dumps(cu.extra, ensure_ascii=False)),
        )
        times = [m.at for m in c.messages if m.at]
        extra = {**c.extra, "_fingerprint": _digest(fingerprint)}
        conn.execute(
            "INSERT INTO conversations (id, channel, subject, status, customer_id, started_at, updated_at, "
            "extra, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "channel=excluded.channel, subject=excluded.subject, status=excluded.status, "
            "customer_id=excluded.customer_id, started_at=excluded.started_at, "
            "updated_at=excluded.updated_at, extra=excluded.extra, imported_at=excluded.imported_at",
            (c.id, c.channel, c.subject, c.status, customer_id, min(times, default=""),
             max(times, default=""), json.dumps(extra, ensure_ascii=False), stamp),
        )
        conn.execute("DELETE FROM messages WHERE conversation_id = ?", (c.id,))
        conn.executemany(
            "INSERT INTO messages (conversation_id, idx, role, author, text, at, extra) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(c.id, i, m.role, m.author, m.text, m.at, json.dumps(m.extra, ensure_ascii=False))
             for i, m in enumerate(c.messages)],
        )
        return "added" if row is None else "updated"

    def add_message(self, conversation_id: str, message: Message) -> int:
        with self.database.write() as conn:
            idx = conn.execute(
                "SELECT COALESCE(MAX(idx) + 1, 0) FROM messages WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO messages (conversation_id, idx, role, author, text, at, extra) "
                "VALUES (?, ?, ?, ?, ?, ?, '{}')",
                (conversation_id, idx, message.role, message.author, message.text, message.at or now_iso()),
            )
            conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?",
                         (message.at or now_iso(), conversation_id))
        return int(idx)

    def queue(self) -> list[QueueItem]:
        """Open first, then pending, then solved; newest activity first within each."""
        sql = """
            SELECT c.id, c.subject, c.channel, c.status, c.updated_at, cu.name, cu.vip,
                   (SELECT text FROM messages m WHERE m.conversation_id = c.id AND m.role != 'note'
                    ORDER BY idx DESC LIMIT 1) AS preview,
                   EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'bot')
                    AS from_bot
            FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id
            ORDER BY CASE c.status WHEN 'open' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, c.updated_at DESC
        """
        with self.database.read() as db:
            rows = list(db.query(sql))
        return [
            QueueItem(
                id=r["id"], subject=r["subject"] or "", customer_name=r["name"] or "", channel=r["channel"],
                status=r["status"], updated_at=r["updated_at"] or "", preview=(r["preview"] or "")[:160],
                from_bot=bool(r["from_bot"]), vip=bool(r["vip"]),
            )
            for r in rows
        ]

    def conversation_ids(self) -> list[str]:
        with self.database.read() as db:
            return [r["id"] for r in db.query("SELECT id FROM conversations ORDER BY id")]

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        with self.database.read() as db:
            rows = list(db.query(
                "SELECT c.*, cu.name AS cu_name, cu.email AS cu_email, cu.vip AS cu_vip, "
                "cu.lifetime_value AS cu_ltv, cu.language AS cu_language, cu.extra AS cu_extra "
                "FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.id = ?",
                [conversation_id],
            ))
            if not rows:
                return None
            messages = list(db.query(
                "SELECT role, author, text, at, extra FROM messages WHERE conversation_id = ? ORDER BY idx",
                [conversation_id],
            ))
        r = rows[0]
        extra = json.loads(r["extra"] or "{}")
        extra.pop("_fingerprint", None)
        customer = Customer(
            name=r["cu_name"] or "", email=r["cu_email"] or "", vip=bool(r["cu_vip"]),
            lifetime_value=r["cu_ltv"], language=r["cu_language"] or "en",
            extra=json.loads(r["cu_extra"] or "{}"),
        )
        return Conversation(
            id=r["id"], channel=r["channel"], subject=r["subject"] or "", status=r["status"],
            customer=customer, extra=extra,
            messages=[Message(role=m["role"], text=m["text"], author=m["author"] or "", at=m["at"] or "",
                              extra=json.loads(m["extra"] or "{}")) for m in messages],
        )

    def all_conversations(self) -> list[Conversation]:
        return [c for cid in self.conversation_ids() if (c := self.get_conversation(cid)) is not None]

    def count(self, table: str) -> int:
        if table not in {"conversations", "messages", "customers", "suggestions", "articles", "audit_log",
                         "tags", "suggestion_flags"}:
            raise ValueError(table)
        with self.database.read() as db:
            return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    # --- suggestions and the audit log ------------------------------------------------------------

    def record_suggestion(self, s: SuggestionRecord) -> int:
        with self.database.write() as conn:
            cur = conn.execute(
                "INSERT INTO suggestions (conversation_id, created_at, model, text, citations, findings, "
                "ttft_s, tokens_per_s, latency_s, prompt_inputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (s.conversation_id, now_iso(), s.model, s.text, json.dumps(s.citations),
                 json.dumps(s.findings), s.ttft_s, s.tokens_per_s, s.latency_s,
                 json.dumps(s.prompt_inputs, ensure_ascii=False) if s.prompt_inputs is not None else None),
            )
            return int(cur.lastrowid or 0)

    def record_outcome(self, suggestion_id: int, outcome: str, final_text: str = "", actor: str = "agent") -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        with self.database.write() as conn:
            conn.execute(
                "UPDATE suggestions SET outcome = ?, final_text = ?, outcome_at = ? WHERE id = ?",
                (outcome, final_text, now_iso(), suggestion_id),
            )
            self._audit(conn, actor, f"suggestion.{outcome}", str(suggestion_id), {})

    def suggestion(self, suggestion_id: int) -> dict[str, Any] | None:
        with self.database.read() as db:
            rows = list(db.query("SELECT * FROM suggestions WHERE id = ?", [suggestion_id]))
        return rows[0] if rows else None

    def flag_suggestion(self, suggestion_id: int, reason: str, comment: str = "", actor: str = "agent") -> int:
        """The agent says a suggestion was wrong; kept with the suggestion's prompt inputs for review."""
        if reason not in FLAG_REASONS:
            raise ValueError(f"unknown flag reason {reason!r} (one of {', '.join(FLAG_REASONS)})")
        with self.database.write() as conn:
            if conn.execute("SELECT 1 FROM suggestions WHERE id = ?", (suggestion_id,)).fetchone() is None:
                raise ValueError(f"no suggestion {suggestion_id}")
            cur = conn.execute(
                "INSERT INTO suggestion_flags (suggestion_id, reason, comment, created_at) VALUES (?, ?, ?, ?)",
                (suggestion_id, reason, comment, now_iso()),
            )
            self._audit(conn, actor, "suggestion.flagged", str(suggestion_id), {"reason": reason})
            return int(cur.lastrowid or 0)

    def flags(self, limit: int = 100) -> list[dict[str, Any]]:
        """Newest flags first, each with its suggestion's text, model and parsed prompt inputs."""
        with self.database.read() as db:
            rows = list(db.query(
                "SELECT f.id, f.suggestion_id, f.reason, f.comment, f.created_at, s.conversation_id, s.text, "
                "s.model, s.citations, s.prompt_inputs FROM suggestion_flags f "
                "JOIN suggestions s ON s.id = f.suggestion_id ORDER BY f.id DESC LIMIT ?",
                [limit],
            ))
        for row in rows:
            row["citations"] = json.loads(row["citations"] or "[]")
            row["prompt_inputs"] = json.loads(row["prompt_inputs"] or "{}")
        return rows

    def examples_signature(self) -> tuple[Any, ...]:
        """Changes whenever examples_source() would: a cheap check before rebuilding the example pool."""
        with self.database.read() as db:
            solved = db.execute("SELECT COUNT(*), MAX(updated_at), MAX(imported_at) FROM conversations "
                                "WHERE status = 'solved'").fetchone()
            edits = db.execute("SELECT COUNT(*), MAX(outcome_at), MAX(id) FROM suggestions "
                               "WHERE outcome = 'edited'").fetchone()
        return (*solved, *edits)

    def examples_source(self, limit_solved: int = 500, limit_edits: int = 500) -> ExampleSource:
        """Solved conversations, and agents' edits of suggestions with the customer message they answered.

        The answered message is the last customer message among the first `message_count` the suggestion
        saw (recorded in prompt_inputs since schema v3); older rows fall back to the last customer message.
        """
        with self.database.read() as db:
            # The most recent ones: the team's current voice, and a bounded cost on a big helpdesk import.
            solved_ids = [r["id"] for r in db.query(
                "SELECT id FROM conversations WHERE status = 'solved' ORDER BY updated_at DESC, id LIMIT ?",
                [limit_solved])]
            edits = list(db.query(
                "SELECT s.id, s.conversation_id, s.final_text, cu.name AS customer_name, "
                "(SELECT m.text FROM messages m WHERE m.conversation_id = s.conversation_id "
                " AND m.role = 'customer' AND m.idx < COALESCE(json_extract(s.prompt_inputs, "
                " '$.message_count'), 1e9) ORDER BY m.idx DESC LIMIT 1) AS customer_text "
                "FROM suggestions s JOIN conversations c ON c.id = s.conversation_id "
                "LEFT JOIN customers cu ON cu.id = c.customer_id "
                "WHERE s.outcome = 'edited' AND TRIM(COALESCE(s.final_text, '')) != '' "
                "ORDER BY s.id DESC LIMIT ?",
                [limit_edits],
            ))
        solved = [c for cid in solved_ids if (c := self.get_conversation(cid)) is not None]
        return ExampleSource(solved, [e for e in edits if e["customer_text"]])

    def audit(self, actor: str, action: str, subject: str, detail: dict[str, Any] | None = None) -> None:
        with self.database.write() as conn:
            self._audit(conn, actor, action, subject, detail or {})

    @staticmethod
    def _audit(conn: sqlite3.Connection, actor: str, action: str, subject: str, detail: dict[str, Any]) -> None:
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            (now_iso(), actor, action, subject, json.dumps(detail, ensure_ascii=False)),
        )

    def audit_entries(self, limit: int = 100) -> list[dict[str, Any]]:
        with self.database.read() as db:
            return list(db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit]))

    # --- knowledge --------------------------------------------------------------------------------

    def upsert_articles(self, articles: Iterable[dict[str, Any]], source: str = "") -> int:
        n = 0
        with self.database.write() as conn:
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

    def search_articles(self, query: str, limit: int = 3) -> list[dict[str, Any]]:
        """BM25-ranked articles for free text (see store.fts.fts_query); best first."""
        match = fts_query(query)
        if not match:
            return []
        with self.database.read() as db:
            return list(db.query(
                "SELECT a.id, a.title, a.body, a.url, bm25(articles_fts, 2.0, 1.0) AS score FROM articles_fts "
                "JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? "
                "ORDER BY score LIMIT ?",
                [match, limit],
            ))

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        with self.database.read() as db:
            rows = list(db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        return rows[0] if rows else None


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
