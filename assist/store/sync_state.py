"""Helpdesk connectors as the store knows them: their settings (never their tokens), where each sync got to,
which remote ticket is which conversation, and which write-backs are done.

A sync step (a page of tickets and the cursor after it) is written in one transaction, so a network drop or a
kill mid-sync leaves the store at the last whole page: re-fetching it replaces the same conversations by id,
never duplicating a message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from assist.base.errors import InputError
from assist.base.vocab import SyncHealth
from assist.domain.conversation import Conversation
from assist.store.conversations import Conversations
from assist.store.db import Database
from assist.store.records import ImportReport, now_iso, write_audit


@dataclass
class ConnectorRecord:
    id: str  # "zendesk", or "zendesk-2" for a second account of the same kind
    kind: str  # ConnectorKind
    url: str
    user: str = ""
    options: dict[str, Any] = field(default_factory=dict)  # bot names/ids, tag prefix, write-backs, interval

    @property
    def keychain_account(self) -> str:
        """Where its token is in the keychain: one per helpdesk account and user."""
        return f"{self.kind}:{self.user}@{self.url}"


@dataclass(frozen=True)
class SyncState:
    connector_id: str
    cursor: str = ""
    health: str = SyncHealth.NEVER
    error: str = ""
    last_attempt_at: str = ""
    last_ok_at: str = ""
    fetched: int = 0


@dataclass(frozen=True)
class Link:
    remote_id: str
    conversation_id: str
    remote_updated_at: str


class SyncStates:
    def __init__(self, db: Database, conversations: Conversations) -> None:
        self._db = db
        self._conversations = conversations

    # --- connectors --------------------------------------------------------------------------------

    def add_connector(self, record: ConnectorRecord) -> None:
        with self._db.write() as conn:
            if conn.execute("SELECT 1 FROM connectors WHERE id = ?", (record.id,)).fetchone():
                raise InputError(f"a connector named {record.id!r} already exists", field="id",
                                 hint="Remove it first, or give this one another --name.")
            conn.execute("INSERT INTO connectors (id, kind, url, user, options, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                         (record.id, record.kind, record.url, record.user, json.dumps(record.options), now_iso()))
            conn.execute("INSERT INTO sync_state (connector_id, cursor, health, error, last_attempt_at, last_ok_at, "
                         "fetched) VALUES (?, '', ?, '', '', '', 0)", (record.id, SyncHealth.NEVER))
            write_audit(conn, "user", "connector.add", record.id, {"kind": record.kind, "url": record.url})

    def update_options(self, connector_id: str, options: dict[str, Any]) -> None:
        with self._db.write() as conn:
            conn.execute("UPDATE connectors SET options = ? WHERE id = ?", (json.dumps(options), connector_id))
            write_audit(conn, "user", "connector.options", connector_id, options)

    def connectors(self) -> list[ConnectorRecord]:
        with self._db.read() as db:
            rows = list(db.query("SELECT * FROM connectors ORDER BY created_at, id"))
        return [ConnectorRecord(r["id"], r["kind"], r["url"], r["user"] or "", json.loads(r["options"] or "{}"))
                for r in rows]

    def connector(self, connector_id: str) -> ConnectorRecord:
        found = next((c for c in self.connectors() if c.id == connector_id), None)
        if found is None:
            raise InputError(f"no connector named {connector_id!r}", field="name",
                             hint="`assist connectors list` shows the connectors of this workspace.")
        return found

    def remove_connector(self, connector_id: str) -> None:
        """Forget the connector and its sync state; the conversations it brought in stay."""
        self.connector(connector_id)
        with self._db.write() as conn:
            for table in ("write_backs", "remote_links", "sync_state"):
                conn.execute(f"DELETE FROM {table} WHERE connector_id = ?", (connector_id,))
            conn.execute("DELETE FROM connectors WHERE id = ?", (connector_id,))
            write_audit(conn, "user", "connector.remove", connector_id, {})

    # --- sync progress -----------------------------------------------------------------------------

    def state(self, connector_id: str) -> SyncState:
        with self._db.read() as db:
            rows = list(db.query("SELECT * FROM sync_state WHERE connector_id = ?", [connector_id]))
        return SyncState(**rows[0]) if rows else SyncState(connector_id)

    def save_page(self, connector_id: str, conversations: Iterable[tuple[str, Conversation, str]],
                  cursor: str | None) -> ImportReport:
        """One page of (remote id, conversation, remote updated time) and the cursor after it, in one
        transaction: the page and the cursor land together or not at all."""
        added = updated = unchanged = 0
        stamp = now_iso()
        with self._db.write() as conn:
            for remote_id, conversation, remote_updated_at in conversations:
                # The conversations manager's own writer, inside this transaction (one page, one commit).
                state = self._conversations._write_conversation(conn, conversation, stamp)
                added += state == "added"
                updated += state == "updated"
                unchanged += state == "unchanged"
                conn.execute(
                    "INSERT INTO remote_links (connector_id, remote_id, conversation_id, remote_updated_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(connector_id, remote_id) DO UPDATE SET "
                    "conversation_id = excluded.conversation_id, remote_updated_at = excluded.remote_updated_at",
                    (connector_id, remote_id, conversation.id, remote_updated_at))
            if cursor is not None:
                conn.execute("UPDATE sync_state SET cursor = ? WHERE connector_id = ?", (cursor, connector_id))
            conn.execute("UPDATE sync_state SET fetched = fetched + ? WHERE connector_id = ?",
                         (added + updated + unchanged, connector_id))
        return ImportReport(added, updated, unchanged)

    def mark(self, connector_id: str, health: str, error: str = "") -> None:
        """The status light after an attempt; `error` must already be redacted (it is shown and stored)."""
        stamp = now_iso()
        with self._db.write() as conn:
            conn.execute("UPDATE sync_state SET health = ?, error = ?, last_attempt_at = ? WHERE connector_id = ?",
                         (health, error, stamp, connector_id))
            if health == SyncHealth.OK:
                conn.execute("UPDATE sync_state SET last_ok_at = ? WHERE connector_id = ?", (stamp, connector_id))

    def reset_cursor(self, connector_id: str) -> None:
        with self._db.write() as conn:
            conn.execute("UPDATE sync_state SET cursor = '' WHERE connector_id = ?", (connector_id,))

    def links(self, connector_id: str) -> list[Link]:
        with self._db.read() as db:
            return [Link(r["remote_id"], r["conversation_id"], r["remote_updated_at"] or "") for r in db.query(
                "SELECT * FROM remote_links WHERE connector_id = ? ORDER BY remote_id", [connector_id])]

    def link_of(self, conversation_id: str) -> tuple[str, str] | None:
        """(connector id, remote id) of a synced conversation, or None for an imported or pasted one."""
        with self._db.read() as db:
            rows = list(db.query("SELECT connector_id, remote_id FROM remote_links WHERE conversation_id = ?",
                                 [conversation_id]))
        return (rows[0]["connector_id"], rows[0]["remote_id"]) if rows else None

    # --- write-back --------------------------------------------------------------------------------

    def written(self, connector_id: str, conversation_id: str, kind: str, key: str) -> bool:
        with self._db.read() as db:
            return bool(list(db.query(
                "SELECT 1 FROM write_backs WHERE connector_id = ? AND conversation_id = ? AND kind = ? AND key = ?",
                [connector_id, conversation_id, kind, key])))

    def record_write_back(self, connector_id: str, conversation_id: str, kind: str, key: str,
                          detail: dict[str, Any]) -> None:
        """Remember a write-back and audit it, in one transaction."""
        with self._db.write() as conn:
            conn.execute("INSERT OR IGNORE INTO write_backs (connector_id, conversation_id, kind, key, at) "
                         "VALUES (?, ?, ?, ?, ?)", (connector_id, conversation_id, kind, key, now_iso()))
            write_audit(conn, "assist", f"write_back.{kind}", conversation_id, {"connector": connector_id, **detail})
