"""Opening the SQLite file: WAL, foreign keys, migrations, refusing newer files, one writer.

Every write goes through `Database.write()`, which holds one lock and one IMMEDIATE transaction, so
writes are serialised and a failure (full disk, read-only file, a kill) leaves nothing half written.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from assist.base.errors import StoreError
from assist.store.schema import SCHEMA_VERSION, migrate, user_version

log = logging.getLogger(__name__)


def explain(exc: sqlite3.Error, path: Path) -> StoreError:
    """Turn an SQLite error about the environment into one clear line with a fix."""
    text = str(exc).lower()
    if "disk is full" in text or "disk i/o" in text:
        return StoreError(f"{path}: the disk is full; nothing was written", hint="Free some disk space.")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: the database is read-only; nothing was written",
                          hint="Check the file's permissions or choose another --data-dir.")
    if "unable to open" in text:
        return StoreError(f"{path}: cannot open the database file",
                          hint="Check that the folder exists and is writable, or choose another --data-dir.")
    if "not a database" in text or "malformed" in text:
        return StoreError(f"{path}: the file is not an Assist database or is damaged",
                          hint="Restore it from a backup or choose another --data-dir.")
    if "locked" in text:
        return StoreError(f"{path}: the database is busy in another program", hint="Close it and retry.")
    return StoreError(f"{path}: database error: {exc}")


class Database:
    """One connection shared under a lock. SQLite serialises writers anyway; the lock makes it explicit
    and lets background threads (import, tagging) share the file with the UI's readers safely."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path.parent}: cannot create the data folder ({exc.strerror})",
                             hint="Choose a writable --data-dir or set ASSIST_DATA_DIR.") from None
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
            version = user_version(self.conn)
            if version > SCHEMA_VERSION:
                self.conn.close()
                raise StoreError(
                    f"{path}: written by a newer Assist (schema version {version}; this one reads up to "
                    f"{SCHEMA_VERSION})",
                    hint="Upgrade Assist, or point --data-dir at another folder.",
                )
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            applied = migrate(self.conn)
        except sqlite3.Error as exc:
            raise explain(exc, path) from None
        if applied:
            log.info("migrated %s to schema %s", path, applied[-1])
        self.db = sqlite_utils.Database(self.conn)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One writer, one transaction: all or nothing."""
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise explain(exc, self.path) from None
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise explain(exc, self.path) from None
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back already (e.g. on SQLITE_FULL)
            self.conn.execute("ROLLBACK")

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        with self._lock:
            try:
                yield self.db
            except sqlite3.Error as exc:
                raise explain(exc, self.path) from None

    def integrity_ok(self) -> bool:
        with self._lock:
            return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    @property
    def version(self) -> int:
        with self._lock:
            return user_version(self.conn)

    def close(self) -> None:
        with self._lock:
            self.conn.close()
