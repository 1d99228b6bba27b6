"""The key of a workspace encrypted at rest (policy `encrypt_at_rest`): 256 random bits, made when the
workspace is created and kept only in the OS keychain (service "Assist", account "database-key <file>").

A file that exists but whose key the keychain does not hold is an error naming the entry, never a new empty
database. A workspace created before the policy was set stays unencrypted (`assist doctor` says so); IT
escrows a key by reading that keychain entry, and moves a workspace by copying the file and writing the same
entry on the new machine (docs/it-guide.md).
"""

from __future__ import annotations

import secrets as random_bytes
from pathlib import Path

from assist.base import paths
from assist.base.errors import StoreError
from assist.config import secrets

PLAIN_HEADER = b"SQLite format 3\x00"


def account(data_dir: Path) -> str:
    return f"database-key {(data_dir / paths.DB_FILENAME).expanduser().resolve()}"


def is_plaintext(db_file: Path) -> bool:
    with db_file.open("rb") as handle:
        return handle.read(len(PLAIN_HEADER)) == PLAIN_HEADER


def database_key(data_dir: Path) -> str:
    """The key to open this workspace with: the keychain's, or a new one for a workspace not created yet;
    "" for an existing unencrypted workspace. SecretsUnavailable when there is no keychain to keep it in."""
    db_file = data_dir.expanduser() / paths.DB_FILENAME
    name = account(data_dir)
    stored = secrets.get_token(name)
    if stored:
        return stored
    if db_file.exists() and db_file.stat().st_size > 0:
        if is_plaintext(db_file):
            return ""  # made before the policy: kept as it is, never rewritten behind the user's back
        raise StoreError(f"{db_file} is encrypted, but this computer's keychain has no key for it "
                         f"(entry {name!r}); nothing was opened or created",
                         hint="Restore the key IT escrowed for this workspace into that keychain entry.")
    key = random_bytes.token_hex(32)
    secrets.set_token(name, key)
    return key
