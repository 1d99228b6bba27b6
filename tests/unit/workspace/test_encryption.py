"""Encryption at rest on a real file (SQLCipher through sqlcipher3): the key made on first run and kept in a
real keychain backend, FTS5 search through it, and a missing or wrong key a clear error, never a new database."""

from __future__ import annotations

from pathlib import Path

import pytest

from assist.base.errors import StoreError
from assist.config import secrets
from assist.config.settings import Settings
from assist.domain.conversation import from_dict
from assist.workspace import doctor, encryption
from assist.workspace.workspace import Workspace

ON = Settings(encrypt_at_rest=True)


def _create(folder: Path, conversation_dict: dict) -> None:
    ws = Workspace.open_configured(folder, demo_mode=False, settings=ON)
    try:
        ws.store.conversations.import_all([from_dict(conversation_dict)])
        ws.store.articles.upsert([{"id": "kb-1", "title": "Lost parcels", "body": "A parcel marked delivered "
                                   "but not received is refunded after a carrier claim."}])
    finally:
        ws.close()


def test_the_file_is_encrypted_and_reads_back_with_the_keychain_key(tmp_path: Path, conversation_dict: dict,
                                                                    plaintext_keychain: object) -> None:
    folder = tmp_path / "ws"
    _create(folder, conversation_dict)
    raw = (folder / "assist.sqlite3").read_bytes()
    assert not raw.startswith(encryption.PLAIN_HEADER)
    assert b"Dana" not in raw and b"4412" not in raw
    key = secrets.get_token(encryption.account(folder))
    assert key is not None and len(key) == 64
    ws = Workspace.open_configured(folder, demo_mode=False, settings=ON)
    try:
        got = ws.store.conversations.get("c-1")
        assert got is not None and got.customer.name == "Dana Ruiz"
        assert [a["id"] for a in ws.store.articles.search("parcel delivered")] == ["kb-1"]  # FTS5 inside
    finally:
        ws.close()
    check = doctor.check_database(folder, False)
    assert check.status == "ok" and "1 conversations, encrypted" in check.detail


def test_a_missing_key_is_an_error_and_no_new_database(tmp_path: Path, conversation_dict: dict,
                                                      plaintext_keychain: object) -> None:
    folder = tmp_path / "ws"
    _create(folder, conversation_dict)
    before = (folder / "assist.sqlite3").read_bytes()
    secrets.delete_token(encryption.account(folder))
    with pytest.raises(StoreError, match="keychain has no key for it") as caught:
        Workspace.open_configured(folder, demo_mode=False, settings=ON)
    assert "database-key" in str(caught.value) and caught.value.hint
    assert (folder / "assist.sqlite3").read_bytes() == before
    secrets.set_token(encryption.account(folder), "ab" * 32)  # another key
    with pytest.raises(StoreError, match="cannot be opened with the key"):
        Workspace.open_configured(folder, demo_mode=False, settings=ON)
    assert (folder / "assist.sqlite3").read_bytes() == before


def test_a_workspace_made_before_the_policy_stays_plain(tmp_path: Path, conversation_dict: dict,
                                                        plaintext_keychain: object) -> None:
    folder = tmp_path / "ws"
    ws = Workspace.open_configured(folder, demo_mode=False, settings=Settings())
    ws.store.conversations.import_all([from_dict(conversation_dict)])
    ws.close()
    ws = Workspace.open_configured(folder, demo_mode=False, settings=ON)
    try:
        assert ws.store.conversations.get("c-1") is not None
    finally:
        ws.close()
    assert encryption.is_plaintext(folder / "assist.sqlite3")
