"""Retention: conversations whose last activity is older than N days are purged with everything about them
(messages, suggestions and their flags, tags, coaching and disputes, drafts, metrics, sync links), their
customers when no other conversation names them, and the payloads of audit entries older than N days. The
purge is audited (counts, never text), a tombstone keeps each purged id purged when an import or a sync
brings it back, and the file shrinks (Database.shrink: incremental vacuum).
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from assist.store.db import Database
from assist.store.records import now_iso, write_audit

PURGE_ACTION = "retention_purge"
_CHUNK = 500  # ids per statement: far below SQLite's variable limit


@dataclass(frozen=True)
class PurgeReport:
    days: int
    cutoff: str
    conversations: int
    messages: int
    customers: int
    audit_payloads: int
    bytes_before: int
    bytes_after: int

    def as_dict(self) -> dict[str, int | str]:
        return asdict(self)


def is_purged(conn: sqlite3.Connection, conversation_id: str) -> bool:
    """Inside the caller's transaction: whether retention purged this id (import and sync skip it)."""
    return conn.execute("SELECT 1 FROM purged_conversations WHERE id = ?", (conversation_id,)).fetchone() is not None


def _when(row: sqlite3.Row | tuple[str, str, str]) -> datetime | None:
    """A conversation's last activity: its newest message, else its first, else when it was imported."""
    for value in row:
        if value:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                continue
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def _tables_with(conn: sqlite3.Connection, column: str) -> list[str]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
             if "_fts" not in r[0] and not r[0].startswith("sqlite_")]  # (LIKE's _ matches "drafts")
    return [n for n in names if any(c[1] == column for c in conn.execute(f"PRAGMA table_info({n})"))]


class Retention:
    def __init__(self, db: Database) -> None:
        self._db = db

    def purged_ids(self) -> set[str]:
        with self._db.read() as db:
            return {r["id"] for r in db.query("SELECT id FROM purged_conversations")}

    def purge(self, days: int, *, now: datetime | None = None, actor: str = "retention") -> PurgeReport:
        """Purge what is older than `days` (0 = keep everything: nothing happens) in one transaction, then
        shrink the file."""
        moment = now or datetime.now(UTC)
        cutoff = moment - timedelta(days=days)
        cutoff_iso = cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")
        before = self._size()
        if days <= 0:
            return PurgeReport(days, "", 0, 0, 0, 0, before, before)
        with self._db.write() as conn:
            rows = conn.execute("SELECT id, updated_at, started_at, imported_at FROM conversations").fetchall()
            old = [r[0] for r in rows if (when := _when(r[1:])) is not None and when < cutoff]
            messages = customers = 0
            for start in range(0, len(old), _CHUNK):
                messages_n, customers_n = self._delete(conn, old[start:start + _CHUNK])
                messages, customers = messages + messages_n, customers + customers_n
            stamp = now_iso()
            conn.executemany("INSERT OR REPLACE INTO purged_conversations (id, purged_at) VALUES (?, ?)",
                             [(cid, stamp) for cid in old])
            payloads = conn.execute("UPDATE audit_log SET detail = '{}' WHERE at < ? AND action != ? "
                                    "AND detail != '{}'", (cutoff_iso, PURGE_ACTION)).rowcount
            write_audit(conn, actor, PURGE_ACTION, f"conversations older than {days} days",
                        {"days": days, "cutoff": cutoff_iso, "conversations": len(old), "messages": messages,
                         "customers": customers, "audit_payloads": payloads})
        if old or payloads:
            self._db.shrink()
        return PurgeReport(days, cutoff_iso, len(old), messages, customers, payloads, before, self._size())

    def _delete(self, conn: sqlite3.Connection, ids: list[str]) -> tuple[int, int]:
        marks = ", ".join("?" * len(ids))
        owners = [r[0] for r in conn.execute(
            f"SELECT DISTINCT customer_id FROM conversations WHERE id IN ({marks})", ids)]
        # Children of per-conversation rows first (foreign keys are on), then every table that names a
        # conversation (found by its column, so a table added later is purged too), then the conversations.
        conn.execute(f"DELETE FROM suggestion_flags WHERE suggestion_id IN "
                     f"(SELECT id FROM suggestions WHERE conversation_id IN ({marks}))", ids)
        conn.execute(f"DELETE FROM coaching_disputes WHERE report_id IN "
                     f"(SELECT id FROM coaching_reports WHERE conversation_id IN ({marks}))", ids)
        messages = 0
        for table in _tables_with(conn, "conversation_id"):
            deleted = conn.execute(f"DELETE FROM {table} WHERE conversation_id IN ({marks})", ids).rowcount
            messages += deleted if table == "messages" else 0
        conn.execute(f"UPDATE audit_log SET detail = '{{}}' WHERE subject IN ({marks})", ids)
        conn.execute(f"DELETE FROM conversations WHERE id IN ({marks})", ids)
        customers = 0
        if owners:
            owner_marks = ", ".join("?" * len(owners))
            customers = conn.execute(
                f"DELETE FROM customers WHERE id IN ({owner_marks}) "
                f"AND id NOT IN (SELECT customer_id FROM conversations)", owners).rowcount
        return messages, customers

    def _size(self) -> int:
        path = self._db.path
        return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
