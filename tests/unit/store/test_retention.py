"""Retention on a real SQLite file: what is purged with an old conversation, the audit entry, the file
shrinking, and a purged id that an import or a sync brings back staying purged."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from assist.base.vocab import FlagReason
from assist.connectors.registry import KINDS
from assist.connectors.sync import sync_once
from assist.domain.conversation import from_dict
from assist.eval.helpdesk_server import TOKEN, USER, Helpdesk, serving
from assist.store import Store
from assist.store.records import SuggestionRecord
from assist.store.retention import PURGE_ACTION
from assist.store.sync_state import ConnectorRecord

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
FILLER = "My parcel has not arrived and I have been waiting for a very long time now. " * 40


def _conversation(cid: str, days_ago: int, email: str, messages: int = 3) -> dict[str, Any]:
    at = (NOW - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"id": cid, "channel": "chat", "subject": f"Order {cid}", "status": "solved",
            "customer": {"name": f"Customer {cid}", "email": email},
            "messages": [{"role": "customer", "author": "C", "text": f"{FILLER} {i}", "at": at}
                         for i in range(messages)]}


def _fill(store: Store) -> None:
    old = [_conversation(f"old-{n}", 400, f"old{n}@example.com", 20) for n in range(40)]
    shared = _conversation("old-shared", 200, "keep@example.com")  # its customer also has a recent chat
    new = [_conversation("new-1", 5, "keep@example.com"), _conversation("new-2", 1, "new2@example.com")]
    store.conversations.import_all([from_dict(d) for d in [*old, shared, *new]])
    for cid in ("old-0", "new-1"):
        sid = store.suggestions.record(SuggestionRecord(cid, "Hi, sorry about that", "fake"))
        store.suggestions.flag(sid, next(iter(FlagReason)))
        store.drafts.save(cid, "Hi, I am looking")
        with store.database.write() as conn:
            conn.execute("INSERT INTO tags (conversation_id, tag, source, confidence, created_at, value) "
                         "VALUES (?, 'reason', 'machine', 0.9, '', 'delivery')", (cid,))
            report = conn.execute(
                "INSERT INTO coaching_reports (conversation_id, scored_as, author, rubric_version, overall, status,"
                " locked, created_at, ended_at, report) VALUES (?, 'agent', 'Sam', '1', 0.8, 'new', 0, '', '', "
                "'{}')", (cid,)).lastrowid
            conn.execute("INSERT INTO coaching_disputes (report_id, comment, created_at, actor) "
                         "VALUES (?, 'unfair', '', 'Sam')", (report,))
    store.audit.log("agent", "inserted", "old-0", {"text": "Hi Customer old-0, sorry"})


def _rows(store: Store, table: str, cid: str) -> int:
    column = "id" if table == "conversations" else "conversation_id"
    with store.database.read() as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", [cid]).fetchone()[0])


def test_purge_removes_old_conversations_and_all_about_them(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    try:
        _fill(store)
        report = store.retention.purge(30, now=NOW)
        assert (report.conversations, report.messages) == (41, 40 * 20 + 3)
        assert report.customers == 40  # keep@example.com still has new-1
        for table in ("conversations", "messages", "suggestions", "drafts", "tags", "coaching_reports"):
            assert _rows(store, table, "old-0") == 0, table
            assert _rows(store, table, "new-1") >= 1, table
        assert store.count("suggestion_flags") == 1 and store.count("coaching_disputes") == 1
        assert store.conversations.get("new-2") is not None
        assert store.retention.purged_ids() == {f"old-{n}" for n in range(40)} | {"old-shared"}
        entry = store.audit.entries(1)[0]
        assert entry["action"] == PURGE_ACTION
        assert json.loads(entry["detail"])["conversations"] == 41
        inserted = [e for e in store.audit.entries() if e["action"] == "inserted"]
        assert [json.loads(e["detail"]) for e in inserted] == [{}]  # its payload quoted the customer
        assert report.bytes_after < report.bytes_before / 2, report
        assert store.database.integrity_ok()
    finally:
        store.close()


def test_a_purged_conversation_imported_again_stays_purged(tmp_path: Path) -> None:
    store = Store(tmp_path / "ws")
    try:
        _fill(store)
        store.retention.purge(30, now=NOW)
        again = store.conversations.import_all([from_dict(_conversation("old-1", 400, "old1@example.com"))])
        assert again.added == 0 and store.conversations.get("old-1") is None
        assert store.retention.purge(0, now=NOW).conversations == 0  # 0 days: keep everything
        assert store.conversations.get("new-1") is not None
    finally:
        store.close()


def test_a_purged_ticket_that_sync_brings_back_stays_purged(tmp_path: Path) -> None:
    long_ago = time.time() - 400 * 86400
    desk = Helpdesk()
    dana = desk.user("Dana Ruiz", "end-user", "dana@example.com")
    old = desk.ticket("Where is my order?", dana, at=long_ago)
    desk.say(old, dana, "customer", "Hi, order 4412 never arrived", long_ago)
    fresh = desk.ticket("Change my address", dana)
    desk.say(fresh, dana, "customer", "Can I change the delivery address?")
    store = Store(tmp_path / "ws")
    with serving("zendesk", desk) as base:
        record = ConnectorRecord("zendesk", "zendesk", base, USER, {"initial_days": 1000,
                                                                     "requests_per_minute": 100_000})
        store.sync.add_connector(record)
        connector = KINDS["zendesk"](record, TOKEN, timeout=1.0, backoff=0.01)
        try:
            assert sync_once(store, connector).added == 2
            assert store.retention.purge(30).conversations == 1
            time.sleep(1.1)  # a new activity time, so the listing brings the old ticket back
            desk.say(old, dana, "customer", "Any news on order 4412?")
            store.sync.reset_cursor("zendesk")
            report = sync_once(store, connector)
            assert report.arrivals == [] and store.conversations.get("zendesk:1") is None
            assert store.conversations.get("zendesk:2") is not None
        finally:
            connector.close()
            store.close()
