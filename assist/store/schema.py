"""The schema, as stepwise migrations keyed by `PRAGMA user_version`.

Each migration moves the file from version N-1 to N inside one transaction. Never edit a released
migration; add the next one. A file whose version is higher than SCHEMA_VERSION was written by a newer
Assist and is refused (see db.open_database).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import sqlite_utils


def _v1_core(db: sqlite_utils.Database) -> None:
    db.table("customers").create(
        {"id": str, "name": str, "email": str, "vip": int, "lifetime_value": float, "language": str,
         "extra": str},
        pk="id",
    )
    db.table("conversations").create(
        {"id": str, "channel": str, "subject": str, "status": str, "customer_id": str,
         "started_at": str, "updated_at": str, "extra": str, "imported_at": str},
        pk="id",
        foreign_keys=[("customer_id", "customers", "id")],
    )
    db.table("conversations").create_index(["status", "updated_at"])
    db.table("messages").create(
        {"id": int, "conversation_id": str, "idx": int, "role": str, "author": str, "text": str,
         "at": str, "extra": str},
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id")],
    )
    db.table("messages").create_index(["conversation_id", "idx"], unique=True)
    db.table("tags").create(
        {"conversation_id": str, "tag": str, "source": str, "confidence": float, "created_at": str},
        pk=("conversation_id", "tag"),
        foreign_keys=[("conversation_id", "conversations", "id")],
    )
    db.table("suggestions").create(
        {"id": int, "conversation_id": str, "created_at": str, "model": str, "text": str,
         "citations": str, "findings": str, "ttft_s": float, "tokens_per_s": float, "latency_s": float,
         "outcome": str, "final_text": str, "outcome_at": str},
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id")],
    )
    db.table("suggestions").create_index(["conversation_id"])
    db.table("audit_log").create(
        {"id": int, "at": str, "actor": str, "action": str, "subject": str, "detail": str}, pk="id"
    )


def _v2_knowledge(db: sqlite_utils.Database) -> None:
    db.table("articles").create(
        {"id": str, "title": str, "body": str, "tags": str, "url": str, "source": str, "updated_at": str},
        pk="id",
    )
    # External-content FTS5 table kept in sync by triggers; ranked with BM25.
    db.table("articles").enable_fts(["title", "body"], tokenize="porter unicode61", create_triggers=True)


def _v3_suggestion_feedback(db: sqlite_utils.Database) -> None:
    # What went into each suggestion (passage and example ids, message count, model, params), so a flag
    # ("wrong facts") can be traced back to the knowledge or example that caused it.
    db.table("suggestions").add_column("prompt_inputs", str)
    db.table("suggestion_flags").create(
        {"id": int, "suggestion_id": int, "reason": str, "comment": str, "created_at": str},
        pk="id",
        foreign_keys=[("suggestion_id", "suggestions", "id")],
    )
    db.table("suggestion_flags").create_index(["suggestion_id"])


def _v4_article_locale(db: sqlite_utils.Database) -> None:
    # The language an article is written in ("es", "pt-BR"; "" = not stated), so retrieval can prefer the
    # customer's. ALTER TABLE ADD COLUMN keeps every row and its rowid, so the external-content FTS5 index
    # (title, body; keyed by rowid) and its triggers (which name only title and body) stay valid as they are.
    db.table("articles").add_column("locale", str, not_null_default="")


def _v5_connectors(db: sqlite_utils.Database) -> None:
    # Helpdesk connectors (never their tokens: those are in the OS keychain), where each sync got to, which
    # remote ticket is which conversation, and which write-backs were done (so none is posted twice).
    db.table("connectors").create(
        {"id": str, "kind": str, "url": str, "user": str, "options": str, "created_at": str}, pk="id")
    db.table("sync_state").create(
        {"connector_id": str, "cursor": str, "health": str, "error": str, "last_attempt_at": str,
         "last_ok_at": str, "fetched": int},
        pk="connector_id", foreign_keys=[("connector_id", "connectors", "id")])
    db.table("remote_links").create(
        {"connector_id": str, "remote_id": str, "conversation_id": str, "remote_updated_at": str},
        pk=("connector_id", "remote_id"), foreign_keys=[("connector_id", "connectors", "id")])
    db.table("remote_links").create_index(["conversation_id"])
    db.table("write_backs").create(
        {"connector_id": str, "conversation_id": str, "kind": str, "key": str, "at": str},
        pk=("connector_id", "conversation_id", "kind", "key"))


def _v6_drafts(db: sqlite_utils.Database) -> None:
    # The agent's own draft per conversation, so a reply written for one customer never shows in another's
    # chat and survives a restart. One row per conversation; an empty draft is deleted, not stored.
    db.table("drafts").create(
        {"conversation_id": str, "text": str, "updated_at": str},
        pk="conversation_id", foreign_keys=[("conversation_id", "conversations", "id")])


def _v7_tag_values(db: sqlite_utils.Database) -> None:
    # Tags as kind -> value: the v1 `tag` column holds the kind (one row per kind per conversation, so its
    # primary key still fits), `value` what it is, and `machine_value` what the tagger said before an agent
    # changed or removed it (a removal keeps its row with value ''), so corrections feed `--from-store` training.
    db.table("tags").add_column("value", str, not_null_default="")
    db.table("tags").add_column("machine_value", str, not_null_default="")
    db.table("tags").create_index(["tag", "source"])


def _v8_coaching(db: sqlite_utils.Database) -> None:
    # Coaching reports (one per scored side of a conversation and rubric version, the report as JSON with
    # the overall score and author alongside for trends) and the agent's disputes with the lead's verdict.
    db.table("coaching_reports").create(
        {"id": int, "conversation_id": str, "scored_as": str, "author": str, "rubric_version": str,
         "overall": float, "status": str, "locked": int, "created_at": str, "ended_at": str, "report": str},
        pk="id", foreign_keys=[("conversation_id", "conversations", "id")])
    db.table("coaching_reports").create_index(["conversation_id", "scored_as", "rubric_version"], unique=True)
    db.table("coaching_reports").create_index(["author", "ended_at"])
    db.table("coaching_disputes").create(
        {"id": int, "report_id": int, "comment": str, "proposed": str, "created_at": str, "actor": str,
         "verdict": str, "lead_comment": str, "final": str, "resolved_at": str},
        pk="id", foreign_keys=[("report_id", "coaching_reports", "id")])
    db.table("coaching_disputes").create_index(["report_id"])


def _v9_customer_snapshots(db: sqlite_utils.Database) -> None:
    # Each conversation keeps the customer as it gave them (issue 10): another conversation with the same email
    # must never rewrite it. customers.seen_at is the activity time of the conversation that last wrote the
    # person's row, so only newer activity updates it.
    db.execute("ALTER TABLE conversations ADD COLUMN customer TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE customers ADD COLUMN seen_at TEXT NOT NULL DEFAULT ''")
    db.execute(
        "UPDATE conversations SET customer = (SELECT json_object('name', cu.name, 'email', cu.email, "
        "'vip', cu.vip, 'lifetime_value', cu.lifetime_value, 'language', cu.language, "
        "'extra', json(COALESCE(NULLIF(cu.extra, ''), '{}'))) FROM customers cu "
        "WHERE cu.id = conversations.customer_id) WHERE customer_id IN (SELECT id FROM customers)")


def _v10_conversation_metrics(db: sqlite_utils.Database) -> None:
    # One row of figures per conversation (who handled it, bot or not, handed off, reason, resolved, handle
    # time, the sentiment journey's end, low point and spread), refreshed by analytics when the conversation
    # or its tags change (`stamp`), so the lead's view aggregates in SQL instead of re-reading transcripts.
    # IF NOT EXISTS: a test that rewinds user_version over a current file re-runs this step.
    db.table("conversation_metrics").create(
        {"conversation_id": str, "stamp": str, "agent": str, "has_bot": int, "escalated": int, "channel": str,
         "reason": str, "status": str, "started_at": str, "ended_at": str, "week": str, "customer_turns": int,
         "messages": int, "resolved": int, "resolved_by": str, "fcr": int, "handle_s": float,
         "bot_handle_s": float, "sentiment_start": float, "sentiment_end": float, "sentiment_low": float,
         "sentiment_spread": float, "bot_sentiment_end": float, "end_label": str, "bot_end_label": str, "question": str,
         "article_found": int},
        pk="conversation_id", foreign_keys=[("conversation_id", "conversations", "id")], if_not_exists=True)
    for columns in (["started_at"], ["agent", "started_at"], ["has_bot", "started_at"], ["reason", "started_at"],
                    ["channel", "started_at"], ["week"]):
        db.table("conversation_metrics").create_index(columns, if_not_exists=True)


def _v11_purged_conversations(db: sqlite_utils.Database) -> None:
    # Tombstones of conversations purged by retention (store/retention.py): only the id and when, never text,
    # so an import or a sync that brings a purged ticket back leaves it purged.
    db.table("purged_conversations").create({"id": str, "purged_at": str}, pk="id", if_not_exists=True)


def _v12_metrics_speed(db: sqlite_utils.Database) -> None:
    # The lead's view over 50,000 conversations: one covering index holds every column its grouped query reads
    # (a scan of the narrow index, not of rows carrying the question text); the store's signature at the last
    # refresh (metrics_state), so an unchanged store skips the per-conversation stale check; tags by time.
    db.table("conversation_metrics").create_index(
        ["started_at", "channel", "reason", "agent", "week", "has_bot", "status", "escalated", "resolved", "fcr",
         "handle_s", "bot_handle_s", "sentiment_end", "end_label", "bot_sentiment_end", "bot_end_label",
         "customer_turns", "sentiment_spread", "sentiment_low"], index_name="conversation_metrics_covering",
        if_not_exists=True)
    db.table("metrics_state").create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db.table("tags").create_index(["created_at"], if_not_exists=True)


def _v13_metrics_grouping(db: sqlite_utils.Database) -> None:
    # The covering index in the grouped query's order (week, agent, bot, reason), so GROUP BY streams through
    # it instead of sorting 50,000 rows; each conversation's newest overall coaching score per side on its
    # metrics row (summed like every other figure: a join over thousands of wide report rows took seconds);
    # the conversations' times and the reports' scores indexed so the refresh signature is cheap.
    for column in ("agent_rubric", "bot_rubric"):  # guarded: a test rewinds user_version over a current file
        if column not in db.table("conversation_metrics").columns_dict:
            db.table("conversation_metrics").add_column(column, float)
    db.execute("DROP INDEX IF EXISTS conversation_metrics_covering")
    db.table("conversation_metrics").create_index(
        ["week", "agent", "has_bot", "reason", "started_at", "channel", "status", "escalated", "resolved", "fcr",
         "handle_s", "bot_handle_s", "sentiment_end", "end_label", "bot_sentiment_end", "bot_end_label",
         "customer_turns", "sentiment_spread", "sentiment_low", "agent_rubric", "bot_rubric"],
        index_name="conversation_metrics_grouping", if_not_exists=True)
    db.table("conversations").create_index(["updated_at"], if_not_exists=True)
    db.table("conversations").create_index(["imported_at"], if_not_exists=True)
    db.table("coaching_reports").create_index(["overall"], if_not_exists=True)

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_core, _v2_knowledge, _v3_suggestion_feedback, _v4_article_locale,
    _v5_connectors, _v6_drafts, _v7_tag_values, _v8_coaching, _v9_customer_snapshots,
    _v10_conversation_metrics, _v11_purged_conversations, _v12_metrics_speed,
    _v13_metrics_grouping,
]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the missing migrations one by one, each in its own transaction; return the versions applied."""
    applied = []
    db = sqlite_utils.Database(conn)
    while (current := user_version(conn)) < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[current](db)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(current + 1)
    return applied
