"""Conversations, their messages and customers: import (idempotent by id), the queue, reading back.

Identity: a customer is one row per email (case-insensitive; no email: one per conversation), holding the
person as their newest conversation gave them. Each conversation also keeps its own snapshot of its customer,
which is what reading it back returns, so importing another conversation with the same email never changes
what an earlier one says about its customer. Message times are compared in UTC, not as written.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from assist.base import redaction
from assist.base.errors import InputError
from assist.domain.conversation import Conversation, Customer, Message
from assist.store.db import Database
from assist.store.records import ImportReport, QueueItem, customer_id, digest, now_iso, utc
from assist.store.retention import is_purged


def unstorable(value: Any, path: str = "") -> tuple[str, str] | None:
    """(field, why) for the first value the file and an export could not hold: a lone surrogate in a string
    (not UTF-8, so SQLite cannot store it) or a number that is NaN or infinite (not JSON, so an export would
    be invalid); None when everything can be stored and written back out."""
    if isinstance(value, str):
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            return path or "text", "holds a lone surrogate (such as \\ud800): not valid Unicode text"
    elif isinstance(value, float):
        if not math.isfinite(value):
            return path or "value", f"is {value}: not a number JSON can hold"
    elif isinstance(value, dict):
        for key, item in value.items():
            found = unstorable(key, path) or unstorable(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = unstorable(item, f"{path}[{i}]")
            if found:
                return found
    return None


def _masked(c: Conversation) -> Conversation:
    """Card numbers, emails and phones masked in the subject and every message; the customer's email is
    dropped (so the person is one row per conversation, never keyed by a masked address)."""
    return replace(c, subject=redaction.mask(c.subject), customer=replace(c.customer, email=""),
                   messages=[replace(m, text=redaction.mask(m.text)) for m in c.messages])


class Conversations:
    def __init__(self, db: Database) -> None:
        self._db = db

    def import_all(self, conversations: Iterable[Conversation]) -> ImportReport:
        """Insert or replace conversations by id, in one transaction. Re-importing the same file is a no-op."""
        added = updated = unchanged = 0
        stamp = now_iso()
        with self._db.write() as conn:
            for conversation in conversations:
                state = self._write_conversation(conn, conversation, stamp)
                added += state == "added"
                updated += state == "updated"
                unchanged += state == "unchanged"
        return ImportReport(added, updated, unchanged)

    def _write_conversation(self, conn: sqlite3.Connection, c: Conversation, stamp: str) -> str:
        from assist.domain.conversation import to_dict  # local: keep the import graph one-way and obvious

        if is_purged(conn, c.id):  # retention purged it: an import or a sync bringing it back leaves it purged
            return "unchanged"
        c = _masked(c) if redaction.active() else c  # IT's redaction policy: masked before it is stored
        data = to_dict(c)
        problem = unstorable(data)
        if problem:  # nothing of the batch is written (one transaction), and the error names the field
            raise InputError(problem[1], source=f"conversation {c.id}", field=problem[0])
        fingerprint = json.dumps(data, sort_keys=True, ensure_ascii=False)
        row = conn.execute("SELECT extra FROM conversations WHERE id = ?", (c.id,)).fetchone()
        if row is not None and json.loads(row[0] or "{}").get("_fingerprint") == digest(fingerprint):
            return "unchanged"
        owner = customer_id(c.customer, c.id)
        cu = c.customer
        times = sorted(utc(m.at) for m in c.messages if m.at)  # "10:00+02:00" is before "09:30Z"
        # The person's row follows their newest conversation; every conversation keeps its own snapshot of
        # the customer (below), so one with the same email never rewrites another's.
        conn.execute(
            "INSERT INTO customers (id, name, email, vip, lifetime_value, language, extra, seen_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, "
            "email=excluded.email, vip=excluded.vip, lifetime_value=excluded.lifetime_value, "
            "language=excluded.language, extra=excluded.extra, seen_at=excluded.seen_at "
            "WHERE excluded.seen_at >= customers.seen_at",
            (owner, cu.name, cu.email, int(cu.vip), cu.lifetime_value, cu.language,
             json.dumps(cu.extra, ensure_ascii=False), times[-1] if times else ""),
        )
        snapshot = {"name": cu.name, "email": cu.email, "vip": cu.vip, "lifetime_value": cu.lifetime_value,
                    "language": cu.language, "extra": cu.extra}
        extra = {**c.extra, "_fingerprint": digest(fingerprint)}
        conn.execute(
            "INSERT INTO conversations (id, channel, subject, status, customer_id, started_at, updated_at, "
            "extra, imported_at, customer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "channel=excluded.channel, subject=excluded.subject, status=excluded.status, "
            "customer_id=excluded.customer_id, started_at=excluded.started_at, "
            "updated_at=excluded.updated_at, extra=excluded.extra, imported_at=excluded.imported_at, "
            "customer=excluded.customer",
            (c.id, c.channel, c.subject, c.status, owner, times[0] if times else "",
             times[-1] if times else "", json.dumps(extra, ensure_ascii=False), stamp,
             json.dumps(snapshot, ensure_ascii=False)),
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
        message = replace(message, text=redaction.when_enabled(message.text))
        problem = unstorable(message.text, "text")
        if problem:
            raise InputError(problem[1], source=f"conversation {conversation_id}", field=problem[0])
        with self._db.write() as conn:
            idx = conn.execute(
                "SELECT COALESCE(MAX(idx) + 1, 0) FROM messages WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO messages (conversation_id, idx, role, author, text, at, extra) "
                "VALUES (?, ?, ?, ?, ?, ?, '{}')",
                (conversation_id, idx, message.role, message.author, message.text, message.at or now_iso()),
            )
            conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?",
                         (utc(message.at) if message.at else now_iso(), conversation_id))
        return int(idx)

    def queue(self) -> list[QueueItem]:
        """Open first, then pending, then solved; newest activity first within each."""
        sql = """
            SELECT c.id, c.subject, c.channel, c.status, c.updated_at,
                   COALESCE(json_extract(NULLIF(c.customer, ''), '$.name'), cu.name) AS name,
                   COALESCE(json_extract(NULLIF(c.customer, ''), '$.vip'), cu.vip) AS vip,
                   (SELECT text FROM messages m WHERE m.conversation_id = c.id AND m.role != 'note'
                    ORDER BY idx DESC LIMIT 1) AS preview,
                   EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'bot')
                    AS from_bot
            FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id
            ORDER BY CASE c.status WHEN 'open' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, c.updated_at DESC
        """
        with self._db.read() as db:
            rows = list(db.query(sql))
        return [
            QueueItem(
                id=r["id"], subject=r["subject"] or "", customer_name=r["name"] or "", channel=r["channel"],
                status=r["status"], updated_at=r["updated_at"] or "", preview=(r["preview"] or "")[:160],
                from_bot=bool(r["from_bot"]), vip=bool(r["vip"]),
            )
            for r in rows
        ]

    def ids(self) -> list[str]:
        with self._db.read() as db:
            return [r["id"] for r in db.query("SELECT id FROM conversations ORDER BY id")]

    def get(self, conversation_id: str) -> Conversation | None:
        with self._db.read() as db:
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
        if r.get("customer"):  # the conversation's own snapshot of its customer
            snap = json.loads(r["customer"])
            customer = Customer(name=snap.get("name") or "", email=snap.get("email") or "",
                                vip=bool(snap.get("vip")), lifetime_value=snap.get("lifetime_value"),
                                language=snap.get("language") or "", extra=snap.get("extra") or {})
        else:
            customer = Customer(
                name=r["cu_name"] or "", email=r["cu_email"] or "", vip=bool(r["cu_vip"]),
                lifetime_value=r["cu_ltv"], language=r["cu_language"] or "",
                extra=json.loads(r["cu_extra"] or "{}"),
            )
        return Conversation(
            id=r["id"], channel=r["channel"], subject=r["subject"] or "", status=r["status"],
            customer=customer, extra=extra,
            messages=[Message(role=m["role"], text=m["text"], author=m["author"] or "", at=m["at"] or "",
                              extra=json.loads(m["extra"] or "{}")) for m in messages],
        )

    def all(self) -> list[Conversation]:
        return [c for cid in self.ids() if (c := self.get(cid)) is not None]
