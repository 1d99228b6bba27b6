from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assist.base.errors import StoreError
from assist.domain import conversation
from assist.domain.conversation import Message
from assist.store import SCHEMA_VERSION, Store, SuggestionRecord
from assist.workspace import demo as demo_workspace


def test_migrates_an_empty_file_from_version_0(tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / "assist.sqlite3").close()
    store = Store(tmp_path)
    assert store.database.version == SCHEMA_VERSION
    assert store.database.integrity_ok()
    assert store.database.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_migrates_step_by_step_from_version_1(tmp_path: Path) -> None:
    import sqlite_utils

    from assist.store.schema import MIGRATIONS

    conn = sqlite3.connect(tmp_path / "assist.sqlite3", isolation_level=None)
    MIGRATIONS[0](sqlite_utils.Database(conn))
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    store = Store(tmp_path)
    assert store.database.version == SCHEMA_VERSION
    assert "articles_fts" in store.database.db.table_names()
    store.close()


def test_refuses_a_newer_file(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "assist.sqlite3")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer Assist"):
        Store(tmp_path)


def test_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "assist.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not an Assist database"):
        Store(tmp_path)


def test_import_is_idempotent_and_updates(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    first = conversation.from_dict(conversation_dict)
    assert store.conversations.import_all([first]).as_dict() == {"added": 1, "updated": 0, "unchanged": 0}
    assert store.conversations.import_all([first]).as_dict() == {"added": 0, "updated": 0, "unchanged": 1}
    conversation_dict["status"] = "solved"
    changed = conversation.from_dict(conversation_dict)
    assert store.conversations.import_all([changed]).as_dict() == {"added": 0, "updated": 1, "unchanged": 0}
    assert store.count("messages") == 3
    loaded = store.conversations.get("c-1")
    assert loaded == changed
    store.close()


def test_a_failing_import_leaves_nothing(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    good = conversation.from_dict(conversation_dict)

    def batch():
        yield good
        raise RuntimeError("disk went away mid-import")

    with pytest.raises(RuntimeError):
        store.conversations.import_all(batch())
    assert store.count("conversations") == 0
    assert store.count("messages") == 0
    store.close()


def test_read_only_database_gives_a_clear_error(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    store.database.conn.execute("PRAGMA query_only = ON")  # SQLite answers writes with SQLITE_READONLY
    with pytest.raises(StoreError, match="read-only; nothing was written"):
        store.conversations.import_all([conversation.from_dict(conversation_dict)])
    store.database.conn.execute("PRAGMA query_only = OFF")
    assert store.count("conversations") == 0
    store.close()


def test_full_disk_gives_a_clear_error_and_no_partial_write(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    store.conversations.import_all([conversation.from_dict(conversation_dict)])
    conn = store.database.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite reports SQLITE_FULL beyond this
    big = [conversation.from_dict({**conversation_dict, "id": f"big-{i}",
                                   "messages": [{"role": "customer", "text": "x" * 50_000}]}) for i in range(20)]
    with pytest.raises(StoreError, match="disk is full; nothing was written"):
        store.conversations.import_all(big)
    assert store.count("conversations") == 1
    assert store.database.integrity_ok()
    store.close()


def test_unwritable_folder_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        Store(blocker / "sub")


def test_queue_lists_open_first(tmp_path: Path) -> None:
    demo_workspace.seed(tmp_path)
    store = Store(tmp_path)
    queue = store.conversations.queue()
    statuses = [item.status for item in queue]
    assert statuses == sorted(statuses, key=["open", "pending", "solved"].index)
    assert any(item.from_bot for item in queue)
    assert any(item.vip for item in queue)
    store.close()


def test_suggestion_outcome_and_audit(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    store.conversations.import_all([conversation.from_dict(conversation_dict)])
    sid = store.suggestions.record(SuggestionRecord("c-1", "Hi Dana", "SmolLM2", ["kb-returns"], [], 0.2, 90.0, 1.0))
    store.suggestions.record_outcome(sid, "edited", "Hi Dana!")
    row = store.suggestions.get(sid)
    assert row is not None and row["outcome"] == "edited" and row["final_text"] == "Hi Dana!"
    assert store.audit.entries()[0]["action"] == "suggestion.edited"
    with pytest.raises(ValueError, match="unknown outcome"):
        store.suggestions.record_outcome(sid, "sent")
    store.close()


def test_add_message_appends(tmp_path: Path, conversation_dict: dict) -> None:
    store = Store(tmp_path)
    store.conversations.import_all([conversation.from_dict(conversation_dict)])
    idx = store.conversations.add_message("c-1", Message(role="customer", text="Any news?"))
    loaded = store.conversations.get("c-1")
    assert idx == 3 and loaded is not None and loaded.messages[-1].text == "Any news?"
    store.close()


def test_article_search_ranks_the_matching_article_first(tmp_path: Path) -> None:
    demo_workspace.seed(tmp_path)
    store = Store(tmp_path)
    assert store.articles.search("I forgot my password and can't log in")[0]["id"] == "kb-password-reset"
    assert store.articles.search("do you ship to Iran?")[0]["id"] == "kb-shipping-countries"
    assert store.articles.search('"; DROP TABLE articles; --') == [] or store.count("articles") == 38
    store.close()
