"""What the rest of Assist reads from and writes to the SQLite file: one `Store` per workspace, with one
manager per table family (Anki's `col.decks`, `col.tags`): `store.conversations`, `store.suggestions`,
`store.audit`, `store.articles`, `store.drafts`, `store.coaching`, `store.retention`.

SQL lives in the managers and schema.py only. Writes go through Database.write() (one transaction each), so
an import of a thousand conversations is all or nothing and idempotent by conversation id.
"""

from __future__ import annotations

from pathlib import Path

from assist.base import paths
from assist.store.articles import Articles
from assist.store.audit import AuditLog
from assist.store.coaching import Coaching
from assist.store.conversations import Conversations
from assist.store.db import Database
from assist.store.drafts import Drafts
from assist.store.metrics import Metrics
from assist.store.records import (  # noqa: F401 - the records are part of the store's face
    FLAG_REASONS,
    OUTCOMES,
    ExampleSource,
    ImportReport,
    QueueItem,
    SuggestionRecord,
)
from assist.store.retention import Retention
from assist.store.suggestions import Suggestions
from assist.store.sync_state import SyncStates
from assist.store.tags import Tags

COUNTED_TABLES = frozenset({"conversations", "messages", "customers", "suggestions", "articles", "audit_log",
                            "tags", "suggestion_flags", "drafts", "coaching_reports", "coaching_disputes"})


class Store:
    def __init__(self, data_dir: Path, key: str = "") -> None:
        self.data_dir = data_dir
        self.database = Database(data_dir / paths.DB_FILENAME, key)  # key: SQLCipher, see workspace/encryption
        self.conversations = Conversations(self.database)
        self.suggestions = Suggestions(self.database, self.conversations)
        self.audit = AuditLog(self.database)
        self.articles = Articles(self.database)
        self.tags = Tags(self.database)
        self.drafts = Drafts(self.database)
        self.sync = SyncStates(self.database, self.conversations)
        self.coaching = Coaching(self.database)
        self.metrics = Metrics(self.database)
        self.retention = Retention(self.database)

    @property
    def path(self) -> Path:
        return self.database.path

    def close(self) -> None:
        self.database.close()

    def count(self, table: str) -> int:
        if table not in COUNTED_TABLES:
            raise ValueError(table)
        with self.database.read() as db:
            return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
