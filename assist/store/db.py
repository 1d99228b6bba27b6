"""Opening the SQLite file: WAL, foreign keys, migrations, refusing newer files, one writer.

Every write goes through `Database.write()`, which holds one lock and one IMMEDIATE transaction, so
writes are serialised and a failure (full disk, read-only file, a kill) leaves nothing half written.

A damaged file is found where it is cheap: `PRAGMA quick_check` at open (the full `integrity_check` is
the doctor's); a damaged file can still be read (to export what is left) but every write is refused with
one clear line, so nothing new is put into it. The file and its folder are the user's alone on POSIX
(0600 and 0700; SQLite gives the WAL and shared-memory files the database file's mode).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import sqlite_utils

from assist.base.errors import StoreError
from assist.store.schema import SCHEMA_VERSION, migrate, user_version

log = logging.getLogger(__name__)

try:  # SQLCipher, for a workspace encrypted at rest (policy encrypt_at_rest); its errors are not sqlite3's
    from sqlcipher3 import dbapi2 as _cipher  # type: ignore[import-untyped]

    ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, _cipher.Error)
    _DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, _cipher.DatabaseError)
except ImportError:  # pragma: no cover - depends on the install
    _cipher = None
    ERRORS, _DATABASE_ERRORS = (sqlite3.Error,), (sqlite3.DatabaseError,)
_KEY = re.compile(r"[0-9a-f]{64}")


def explain(exc: Exception, path: Path) -> StoreError:
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

    def __init__(self, path: Path, key: str = "") -> None:
        """`key`: 64 hex digits to open (or create) the file encrypted with SQLCipher; "" for plain SQLite."""
        self.path = path
        self._lock = threading.RLock()
        self.damage = ""  # why the file is damaged ("" when quick_check found nothing)
        try:
            _private_folder(path.parent)
            _private_file(path)
        except OSError as exc:
            raise StoreError(f"{path.parent}: cannot create the data folder ({exc.strerror})",
                             hint="Choose a writable --data-dir or set ASSIST_DATA_DIR.") from None
        try:
            self.conn = _connect(path, key)
            try:
                self.damage = _quick_check(self.conn)
            except _DATABASE_ERRORS as exc:
                if key and "not a database" in str(exc).lower():
                    self.conn.close()
                    raise StoreError(f"{path}: cannot be opened with the key this computer's keychain holds for "
                                     "it (another key, or a file that is not encrypted); nothing was written",
                                     hint="Restore the key IT escrowed for this workspace into the keychain.") from None
                raise
            version = user_version(self.conn)
            if version > SCHEMA_VERSION:
                self.conn.close()
                raise StoreError(
                    f"{path}: written by a newer Assist (schema version {version}; this one reads up to "
                    f"{SCHEMA_VERSION})",
                    hint="Upgrade Assist, or point --data-dir at another folder.",
                )
            if self.damage and version < SCHEMA_VERSION:
                self.conn.close()
                raise self._damaged()
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            applied = migrate(self.conn)
        except ERRORS as exc:
            raise explain(exc, path) from None
        if applied:
            log.info("migrated %s to schema %s", path, applied[-1])
        for sidecar in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            _private_file(sidecar, create=False)
        if self.damage:
            log.error("%s is damaged, refusing writes: %s", path, self.damage)
        self.db = sqlite_utils.Database(self.conn)

    def _damaged(self) -> StoreError:
        return StoreError(f"{self.path}: the database is damaged ({self.damage}); nothing was written",
                          hint="Export what can be read (assist export), then restore the file from a backup "
                               "or choose another --data-dir.")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One writer, one transaction: all or nothing."""
        with self._lock:
            if self.damage:
                raise self._damaged()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except ERRORS as exc:
                raise explain(exc, self.path) from None
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except ERRORS as exc:
                self._rollback()
                if "malformed" in str(exc).lower():
                    self.damage = str(exc)  # found while writing: no further writes into this file
                raise explain(exc, self.path) from None
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        with contextlib.suppress(*ERRORS):  # SQLite may have rolled back already (e.g. on SQLITE_FULL)
            self.conn.execute("ROLLBACK")

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        with self._lock:
            try:
                yield self.db
            except ERRORS as exc:
                raise explain(exc, self.path) from None

    def shrink(self) -> None:
        """Give freed pages back to the file system (after a purge): incremental vacuum, then a WAL checkpoint.
        A file made before auto_vacuum was on is converted once by a full VACUUM (it needs no transaction)."""
        with self._lock:
            if self.damage:
                raise self._damaged()
            try:
                if int(self.conn.execute("PRAGMA auto_vacuum").fetchone()[0]) != 2:
                    self.conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
                    self.conn.execute("VACUUM")
                self.conn.execute("PRAGMA incremental_vacuum").fetchall()
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            except ERRORS as exc:
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


def _connect(path: Path, key: str) -> sqlite3.Connection:
    if not key:
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    if _cipher is None:
        raise StoreError(f"{path}: the workspace is encrypted, but this Assist has no SQLCipher (sqlcipher3)",
                         hint="Reinstall Assist.")
    if not _KEY.fullmatch(key):
        raise StoreError(f"{path}: the database key in the keychain is not 64 hex digits",
                         hint="Restore the key IT escrowed for this workspace into the keychain.")
    conn: Any = _cipher.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to explain, not stderr noise
    conn.execute(f"PRAGMA key = \"x'{key}'\"")  # a raw 256-bit key: no passphrase derivation to slow opening
    return cast(sqlite3.Connection, conn)


def _quick_check(conn: sqlite3.Connection) -> str:
    """"" when SQLite's quick_check finds the file sound, else its first complaint."""
    try:
        first = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except _DATABASE_ERRORS as exc:
        if "not a database" in str(exc).lower():
            raise  # not an Assist file at all: explain() says so
        return str(exc)
    # One line: "*** in database main ***\nPage 7: btreeInitPage() returns error code 11" -> "Page 7: ..."
    return "" if first == "ok" else " ".join(str(first).replace("*** in database main ***", "").split())


def _private_folder(folder: Path) -> None:
    """Create the data folder owner-only (0700) on POSIX; an existing folder is left as its owner set it,
    except a folder Assist created: then it is owner-only too."""
    if folder.exists():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        folder.chmod(0o700)  # mkdir's mode is masked by the umask


def _private_file(path: Path, create: bool = True) -> None:
    """The database file (created empty if missing) and its WAL readable by its owner only, on POSIX."""
    if os.name != "posix":
        return  # Windows: the file inherits the user profile's ACL (the data dir is under the profile)
    if create and not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
