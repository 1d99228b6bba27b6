"""The audit log: who did what to which suggestion, import or setting, newest first."""

from __future__ import annotations

from typing import Any

from assist.store.db import Database
from assist.store.records import write_audit


class AuditLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    def log(self, actor: str, action: str, subject: str, detail: dict[str, Any] | None = None) -> None:
        with self._db.write() as conn:
            write_audit(conn, actor, action, subject, detail or {})

    def entries(self, limit: int = 100) -> list[dict[str, Any]]:
        with self._db.read() as db:
            return list(db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit]))
