"""The local SQLite store: one file, migrations, one writer. See `Store`."""

from assist.store.db import Database
from assist.store.schema import SCHEMA_VERSION
from assist.store.store import ImportReport, QueueItem, Store, SuggestionRecord

__all__ = ["SCHEMA_VERSION", "Database", "ImportReport", "QueueItem", "Store", "SuggestionRecord"]
