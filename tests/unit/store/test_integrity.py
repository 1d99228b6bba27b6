"""Data integrity (issue 10): customers never rewritten by another conversation, times compared as moments,
a damaged file refused for writes, the file and its folder owner-only."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest

from assist.base.errors import InputError, StoreError
from assist.domain import conversation
from assist.store import schema
from assist.store.records import utc
from assist.store.store import Store


def _conv(cid: str, email: str, name: str, vip: bool, ltv: float, language: str, at: str) -> conversation.Conversation:
    return conversation.from_dict({
        "id": cid, "channel": "chat", "subject": cid, "status": "open",
        "customer": {"name": name, "email": email, "vip": vip, "lifetime_value": ltv, "language": language},
        "messages": [{"role": "customer", "author": name, "text": "hello", "at": at}],
    })


def test_same_email_in_another_case_never_rewrites_the_other_conversation(tmp_path: Path) -> None:
    store = Store(tmp_path)
    dana = _conv("c-1", "dana@example.com", "Dana Ruiz", True, 9000.0, "es", "2026-11-20T10:00:00Z")
    other = _conv("c-2", "DANA@Example.com", "Someone Else", False, 10.0, "de", "2026-11-21T10:00:00Z")
    store.conversations.import_all([dana])
    store.conversations.import_all([other])
    first = store.conversations.get("c-1")
    assert first is not None and first.customer == dana.customer  # name, VIP, lifetime value, language kept
    second = store.conversations.get("c-2")
    assert second is not None and second.customer == other.customer
    # Re-importing the original really is unchanged now, and still reads back as it was.
    assert store.conversations.import_all([dana]).as_dict() == {"added": 0, "updated": 0, "unchanged": 1}
    queue = {item.id: item for item in store.conversations.queue()}
    assert queue["c-1"].customer_name == "Dana Ruiz" and queue["c-1"].vip
    assert queue["c-2"].customer_name == "Someone Else" and not queue["c-2"].vip


def test_the_persons_row_follows_their_newest_conversation(tmp_path: Path) -> None:
    store = Store(tmp_path)
    newer = _conv("c-2", "dana@example.com", "Dana R.", True, 50.0, "en", "2026-11-21T10:00:00Z")
    older = _conv("c-1", "dana@example.com", "Dana Old", False, 1.0, "en", "2026-11-20T10:00:00Z")
    store.conversations.import_all([newer])
    store.conversations.import_all([older])  # imported later, but older activity: the person's row stays
    with store.database.read() as db:
        row = next(db.query("SELECT name, vip FROM customers WHERE id = 'dana@example.com'"))
    assert row == {"name": "Dana R.", "vip": 1}


def test_times_with_offsets_compare_as_moments(tmp_path: Path) -> None:
    assert utc("2026-11-20T12:00:00+02:00") == "2026-11-20T10:00:00Z"
    assert utc("2026-11-20T10:00:00Z") == "2026-11-20T10:00:00Z" and utc("yesterday") == "yesterday"
    store = Store(tmp_path)
    store.conversations.import_all([conversation.from_dict({
        "id": "c-1", "channel": "chat", "messages": [
            {"role": "customer", "text": "first", "at": "2026-11-20T11:30:00+02:00"},  # 09:30 UTC
            {"role": "customer", "text": "second", "at": "2026-11-20T10:00:00Z"},
        ]})])
    with store.database.read() as db:
        row = next(db.query("SELECT started_at, updated_at FROM conversations WHERE id = 'c-1'"))
    assert row == {"started_at": "2026-11-20T09:30:00Z", "updated_at": "2026-11-20T10:00:00Z"}


def _damage(path: Path) -> None:
    """Overwrite a page in the middle of the messages table's b-tree with garbage."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'messages'").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\x0d" + os.urandom(page_size - 1))


@pytest.mark.allow_log(r"is damaged, refusing writes")
def test_a_damaged_file_is_refused_for_writes_with_one_clear_line(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.conversations.import_all([_conv(f"c-{i}", f"p{i}@example.com", "P", False, 1.0, "en",
                                          "2026-11-20T10:00:00Z") for i in range(50)])
    path = store.database.path
    store.close()
    _damage(path)
    damaged = Store(tmp_path)
    assert damaged.database.damage
    with pytest.raises(StoreError, match=r"the database is damaged .*nothing was written") as err:
        damaged.conversations.import_all([_conv("new", "n@example.com", "N", False, 1.0, "en", "2026-11-22T10:00:00Z")])
    assert err.value.hint and "backup" in err.value.hint
    damaged.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_file_and_its_folder_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a typical umask: without care the file would be readable by everyone
    try:
        store = Store(tmp_path / "new-dir")
        store.conversations.import_all([_conv("c-1", "a@example.com", "A", False, 1.0, "en", "2026-11-20T10:00:00Z")])
        path = store.database.path
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir() if p.name.startswith(path.name)}
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert modes and all(mode == 0o600 for mode in modes.values()), modes
        store.close()
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_an_existing_world_readable_file_is_made_owner_only(tmp_path: Path) -> None:
    Store(tmp_path).close()
    path = next(tmp_path.glob("*.sqlite3"))
    path.chmod(0o644)
    Store(tmp_path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.allow_log(r"is damaged, refusing writes")
def test_import_into_a_damaged_file_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from assist.cli import main

    data = tmp_path / "ws"
    store = Store(data)
    store.conversations.import_all([_conv(f"c-{i}", f"p{i}@example.com", "P", False, 1.0, "en",
                                          "2026-11-20T10:00:00Z") for i in range(50)])
    path = store.database.path
    store.close()
    _damage(path)
    new = tmp_path / "new.json"
    new.write_text(json.dumps({"id": "n", "channel": "chat", "messages": [{"role": "customer", "text": "hi"}]}),
                   encoding="utf-8")
    assert main(["--data-dir", str(data), "import", str(new)]) == 3
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err


def test_migration_gives_each_existing_conversation_its_snapshot(tmp_path: Path) -> None:
    store = Store(tmp_path)
    dana = _conv("c-1", "dana@example.com", "Dana Ruiz", True, 9000.0, "es", "2026-11-20T10:00:00Z")
    store.conversations.import_all([dana])
    path = store.database.path
    version = store.database.version
    store.close()
    conn = sqlite3.connect(path)  # the file as the schema before snapshots left it
    conn.execute("ALTER TABLE conversations DROP COLUMN customer")
    conn.execute("ALTER TABLE customers DROP COLUMN seen_at")
    conn.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._v9_customer_snapshots)}")
    conn.commit()
    conn.close()
    again = Store(tmp_path)
    assert again.database.version == version
    got = again.conversations.get("c-1")
    assert got is not None and got.customer == dana.customer
    again.close()


@pytest.mark.parametrize(("change", "field", "why"), [
    (lambda d: d["messages"][0].update(text="bad \ud800 text"), "messages[0].text", "lone surrogate"),
    (lambda d: d["customer"].update(lifetime_value=float("nan")), "customer.lifetime_value", "is nan"),
    (lambda d: d.update(score=float("inf")), "score", "is inf"),
])
def test_what_no_file_or_export_can_hold_is_refused_naming_the_field(tmp_path: Path, change, field: str,
                                                                      why: str) -> None:
    good = _conv("c-0", "a@example.com", "A", False, 1.0, "en", "2026-11-20T10:00:00Z")
    raw = conversation.to_dict(_conv("c-1", "b@example.com", "B", False, 1.0, "en", "2026-11-20T10:00:00Z"))
    change(raw)
    bad = conversation.Conversation(
        raw["id"], raw["channel"], [conversation.Message(m["role"], m["text"], m.get("author", ""), m.get("at", ""))
                                    for m in raw["messages"]],
        customer=conversation.Customer(**{k: v for k, v in raw["customer"].items() if k != "extra"}),
        extra={k: v for k, v in raw.items() if k == "score"})
    store = Store(tmp_path)
    with pytest.raises(InputError, match=rf"conversation c-1: {re.escape(field)}: .*{why}"):
        store.conversations.import_all([good, bad])
    assert store.conversations.ids() == []  # all or nothing: the good one is not half imported either
    with pytest.raises(InputError, match="lone surrogate"):
        store.conversations.add_message("c-0", conversation.Message("agent", "x\udfffy"))
