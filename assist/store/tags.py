"""Tags per conversation (`store.tags`): what the tagger said, what an agent accepted, changed or removed.

One row per (conversation, kind); the v1 `tag` column holds the kind (schema v7 added `value` and
`machine_value`). Machine writes never overwrite an agent's row, so re-tagging keeps every correction, and
`agent_labels()` hands those corrections to `assist tagger train --from-store`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assist.store.db import Database
from assist.store.records import now_iso, write_audit

AGENT = "agent"  # the source of an agent's tag (TagSource.AGENT; the store does not import analysis)


@dataclass(frozen=True)
class StoredTag:
    kind: str
    value: str  # "" = an agent removed it
    confidence: float
    source: str
    machine_value: str  # what the tagger said ("" if it never tagged this kind)

    @property
    def removed(self) -> bool:
        return self.value == ""


MachineTag = tuple[str, str, float, str]  # (kind, value, confidence, source)


class Tags:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def _write_machine(conn: sqlite3.Connection, conversation_id: str, tags: Sequence[MachineTag], stamp: str) -> None:
        for kind, value, confidence, source in tags:
            conn.execute(
                "INSERT INTO tags (conversation_id, tag, value, machine_value, source, confidence, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(conversation_id, tag) DO UPDATE SET "
                "value=excluded.value, machine_value=excluded.machine_value, source=excluded.source, "
                "confidence=excluded.confidence, created_at=excluded.created_at WHERE tags.source != ?",
                (conversation_id, kind, value, value, source, float(confidence), stamp, AGENT),
            )

    def save(self, conversation_id: str, tags: Sequence[MachineTag]) -> None:
        """The tagger's tags for one conversation; kinds an agent set are left as the agent set them."""
        with self._db.write() as conn:
            self._write_machine(conn, conversation_id, tags, now_iso())

    def save_many(self, items: Iterable[tuple[str, Sequence[MachineTag]]]) -> int:
        """Many conversations in one transaction (re-tagging thousands); returns how many."""
        n = 0
        stamp = now_iso()
        with self._db.write() as conn:
            for conversation_id, tags in items:
                self._write_machine(conn, conversation_id, tags, stamp)
                n += 1
        return n

    def get(self, conversation_id: str, *, include_removed: bool = False) -> list[StoredTag]:
        with self._db.read() as db:
            rows = list(db.query(
                "SELECT tag, value, confidence, source, machine_value FROM tags WHERE conversation_id = ? "
                "ORDER BY rowid", [conversation_id]))
        tags = [StoredTag(r["tag"], r["value"], float(r["confidence"] or 0.0), r["source"], r["machine_value"])
                for r in rows]
        return tags if include_removed else [t for t in tags if not t.removed]

    def set_by_agent(self, conversation_id: str, kind: str, value: str, actor: str = "agent") -> None:
        """An agent accepts (same value), changes (another value) or removes (value "") one tag; audited."""
        with self._db.write() as conn:
            row = conn.execute("SELECT value, machine_value FROM tags WHERE conversation_id = ? AND tag = ?",
                               (conversation_id, kind)).fetchone()
            before, machine = (row[0], row[1]) if row else ("", "")
            conn.execute(
                "INSERT INTO tags (conversation_id, tag, value, machine_value, source, confidence, created_at) "
                "VALUES (?, ?, ?, ?, ?, 1.0, ?) ON CONFLICT(conversation_id, tag) DO UPDATE SET "
                "value=excluded.value, source=excluded.source, confidence=1.0, created_at=excluded.created_at",
                (conversation_id, kind, value, machine, AGENT, now_iso()),
            )
            action = "tag_removed" if value == "" else ("tag_accepted" if value == before else "tag_changed")
            write_audit(conn, actor, action, conversation_id, {"kind": kind, "from": before, "to": value,
                                                               "machine": machine})

    def agent_labels(self, kind: str) -> list[tuple[str, str]]:
        """(conversation_id, value) for every tag of `kind` an agent confirmed or corrected (not removals)."""
        with self._db.read() as db:
            rows = db.query("SELECT conversation_id, value FROM tags WHERE tag = ? AND source = ? AND value != '' "
                            "ORDER BY conversation_id", [kind, AGENT])
            return [(r["conversation_id"], r["value"]) for r in rows]

    def tagged_ids(self) -> set[str]:
        with self._db.read() as db:
            return {r["conversation_id"] for r in db.query("SELECT DISTINCT conversation_id FROM tags")}
