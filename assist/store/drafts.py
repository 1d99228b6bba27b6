"""The agent's own draft, one per conversation: kept while the agent works elsewhere and across restarts."""

from __future__ import annotations

from assist.base.errors import InputError
from assist.store.db import Database
from assist.store.records import now_iso

MAX_DRAFT_CHARS = 20_000  # a reply, not a document: a pasted log this long is a mistake, not a draft


class Drafts:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, conversation_id: str) -> str:
        with self._db.read() as db:
            row = db.execute("SELECT text FROM drafts WHERE conversation_id = ?", [conversation_id]).fetchone()
        return str(row[0]) if row else ""

    def save(self, conversation_id: str, text: str) -> None:
        """Keep the draft (a blank one is removed). A draft over the size cap is refused, the kept one untouched."""
        if len(text) > MAX_DRAFT_CHARS:
            raise InputError(f"too long ({len(text)} characters; at most {MAX_DRAFT_CHARS})", field="draft",
                             hint="Shorten the draft; the saved one is unchanged.")
        with self._db.write() as conn:
            if not text.strip():
                conn.execute("DELETE FROM drafts WHERE conversation_id = ?", (conversation_id,))
                return
            conn.execute(
                "INSERT INTO drafts (conversation_id, text, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (conversation_id, text, now_iso()),
            )

    def conversations(self) -> list[str]:
        """Conversations with a draft kept, newest first."""
        with self._db.read() as db:
            return [str(r[0]) for r in db.execute("SELECT conversation_id FROM drafts ORDER BY updated_at DESC")]
