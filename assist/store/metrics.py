"""Per-conversation figures and their aggregates: `store.metrics` (docs/metrics.md defines each measure).

Analytics computes one row per conversation (who handled it, whether the bot took part and handed off, the
contact reason, resolved, handle time, the sentiment journey) and saves it here when the conversation or its
tags change (`stamp`); every figure of the lead's view is then one SQL aggregate over those rows, filtered by
date, channel, reason and agent, so 50,000 conversations answer in milliseconds (`assist bench`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assist.store.db import Database

COLUMNS = ("conversation_id", "stamp", "agent", "has_bot", "escalated", "channel", "reason", "status",
           "started_at", "ended_at", "week", "customer_turns", "messages", "resolved", "resolved_by", "fcr",
           "handle_s", "bot_handle_s", "sentiment_start", "sentiment_end", "sentiment_low", "sentiment_spread",
           "bot_sentiment_end", "end_label", "bot_end_label", "question", "article_found", "agent_rubric", "bot_rubric")

# The stamp of a conversation as stored now: a metrics row with another stamp is stale.
_STAMP = ("COALESCE(c.imported_at, '') || '|' || COALESCE(c.updated_at, '') || '|' || COALESCE("
          "(SELECT MAX(created_at) FROM tags t WHERE t.conversation_id = c.id), '') || '|' || COALESCE("
          "(SELECT group_concat(id || ':' || COALESCE(overall, '')) FROM coaching_reports r "
          "WHERE r.conversation_id = c.id), '')")

# Who a number is about: the humans' rows (one per agent) or the bot's (every conversation it took part in).
# A bot conversation still open and not handed off may yet be: it counts for escalation once it is over.
_FINISHED = "(status != 'open' OR escalated = 1)"
# Sums and counts per group; every rate of the lead's view is a ratio of two of them (analytics/ruler.py), so
# one scan of the covering index (schema v12) serves the table, the trends, the candidates and the span.
SUMS = (
    "COUNT(*) AS n, MIN(started_at) AS first, MAX(started_at) AS last, "
    "SUM(resolved IS NOT NULL) AS res_n, TOTAL(resolved) AS res, TOTAL(fcr) AS fcr, "
    "COUNT(handle_s) AS handle_n, TOTAL(handle_s) AS handle, TOTAL(sentiment_end) AS mood, "
    "TOTAL(end_label = 'negative') AS neg, "
    "TOTAL(has_bot = 1 AND resolved = 1 AND escalated = 0) AS bot_res, "
    "TOTAL(has_bot = 1 AND fcr = 1 AND escalated = 0) AS bot_fcr, "
    "COUNT(bot_handle_s) AS bot_handle_n, TOTAL(bot_handle_s) AS bot_handle, "
    f"TOTAL(has_bot = 1 AND {_FINISHED}) AS esc_n, TOTAL(has_bot = 1 AND escalated = 1) AS esc, "
    "TOTAL(CASE WHEN has_bot = 1 THEN bot_sentiment_end END) AS bot_mood, "
    "TOTAL(has_bot = 1 AND bot_end_label = 'negative') AS bot_neg, "
    "TOTAL(customer_turns) AS turns, TOTAL(sentiment_spread) AS spread, TOTAL(sentiment_low) AS low, "
    "COUNT(agent_rubric) AS rub_n, TOTAL(agent_rubric) AS rub, COUNT(bot_rubric) AS bot_rub_n, "
    "TOTAL(bot_rubric) AS bot_rub")
_COLUMN = re.compile(r"(?<![\w.])(resolved|escalated|fcr|end_label|article_found|bot_end_label)\b")
TEAM_STAMP = "team:"  # a row imported from a team file: its transcript is on the agent's machine, not here
BOT = "\x00bot"  # the bot's key among agents' names in grouped results (no agent can be called that)

# What a number counts, for the drill-down: the conversations behind it.
MEASURES = {
    "conversations": "1", "resolved": "resolved = 1", "unresolved": "resolved = 0", "fcr": "fcr = 1",
    "escalated": "escalated = 1", "negative_end": "end_label = 'negative'", "no_article": "article_found = 0",
}
BOT_MEASURES = {**MEASURES, "resolved": "resolved = 1 AND escalated = 0",
                "unresolved": "(resolved = 0 OR escalated = 1)", "fcr": "fcr = 1 AND escalated = 0",
                "negative_end": "bot_end_label = 'negative'"}


@dataclass(frozen=True)
class Filter:
    """Which conversations: started on or after `since` and before `until` (ISO dates), of a channel,
    contact reason or agent; empty = all."""

    since: str = ""
    until: str = ""
    channel: str = ""
    reason: str = ""
    agent: str = ""

    def where(self, *, with_agent: bool = True, alias: str = "") -> tuple[str, list[Any]]:
        p = f"{alias}." if alias else ""
        parts, args = ["1"], []
        for column, value, op in (("started_at", self.since, ">="), ("started_at", self.until, "<"),
                                  ("channel", self.channel, "="), ("reason", self.reason, "=")):
            if value:
                parts.append(f"{p}{column} {op} ?")
                args.append(value)
        if with_agent and self.agent:
            parts.append(f"{p}agent = ?")
            args.append(self.agent)
        return " AND ".join(parts), args


class Metrics:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.fresh_at: tuple[int, int] | None = None  # quick_stamp() when the rows were last known fresh

    # --- the rows --------------------------------------------------------------------------------------

    def stale(self) -> list[tuple[str, str]]:
        """(conversation id, its stamp now) of conversations with no metrics row or an older one."""
        with self._db.read() as db:
            return [(r["id"], r["stamp"]) for r in db.query(
                f"SELECT c.id, {_STAMP} AS stamp FROM conversations c LEFT JOIN conversation_metrics m "
                f"ON m.conversation_id = c.id WHERE m.stamp IS NULL OR (m.stamp != {_STAMP} AND m.stamp NOT LIKE "
                f"'{TEAM_STAMP}%') ORDER BY c.id")]

    def quick_stamp(self) -> tuple[int, int]:
        """(PRAGMA data_version, this connection's total changes): equal twice = nobody wrote in between."""
        with self._db.read() as db:
            return int(db.execute("PRAGMA data_version").fetchone()[0]), int(db.conn.total_changes)

    def signature(self) -> str:
        """What changes whenever a conversation, a message or a tag does (cheap: aggregates over indexes)."""
        with self._db.read() as db:
            conv = db.execute("SELECT COUNT(*), MAX(imported_at), MAX(updated_at) FROM conversations").fetchone()
            tags = db.execute("SELECT COUNT(*), MAX(created_at) FROM tags").fetchone()
            reports = db.execute("SELECT COUNT(*), MAX(id), TOTAL(overall) FROM coaching_reports").fetchone()
        return json.dumps([*conv, *tags, *reports])

    def refreshed_at(self) -> str:
        """The signature saved by the last complete refresh ("" when none)."""
        with self._db.read() as db:
            row = db.execute("SELECT value FROM metrics_state WHERE key = 'signature'").fetchone()
        return str(row[0]) if row else ""

    def mark_refreshed(self, signature: str) -> None:
        with self._db.write() as conn:
            conn.execute("INSERT OR REPLACE INTO metrics_state (key, value) VALUES ('signature', ?)", (signature,))

    def save(self, rows: Iterable[dict[str, Any]]) -> int:
        """Insert or replace rows (dicts with COLUMNS), all in one transaction; returns how many."""
        sql = (f"INSERT OR REPLACE INTO conversation_metrics ({', '.join(COLUMNS)}) "
               f"VALUES ({', '.join('?' for _ in COLUMNS)})")
        values = [tuple(r.get(c) for c in COLUMNS) for r in rows]
        with self._db.write() as conn:
            conn.executemany(sql, values)
        return len(values)

    def import_team(self, rows: Sequence[dict[str, Any]], source: str) -> tuple[int, int]:
        """Rows from an agent's team file: each conversation gets a shell (id, channel, status, times; no
        messages) unless this store holds the conversation itself, whose own row then wins. Returns (written,
        kept local)."""
        written = kept = 0
        with self._db.write() as conn:
            for r in rows:
                local = conn.execute("SELECT extra FROM conversations WHERE id = ?", (r["conversation_id"],)).fetchone()
                if local is not None and "team_file" not in json.loads(local[0] or "{}"):
                    kept += 1
                    continue
                conn.execute(
                    "INSERT INTO conversations (id, channel, subject, status, customer_id, started_at, updated_at, "
                    "extra, imported_at, customer) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, '') ON CONFLICT(id) DO UPDATE "
                    "SET status = excluded.status, updated_at = excluded.updated_at",
                    (r["conversation_id"], r.get("channel") or "", r.get("subject") or "", r.get("status") or "",
                     r.get("started_at") or "", r.get("ended_at") or "", json.dumps({"team_file": source}),
                     r.get("started_at") or ""))
                row = {**r, "stamp": TEAM_STAMP + source}
                conn.execute(f"INSERT OR REPLACE INTO conversation_metrics ({', '.join(COLUMNS)}) "
                             f"VALUES ({', '.join('?' for _ in COLUMNS)})", tuple(row.get(c) for c in COLUMNS))
                written += 1
        return written, kept

    def agent_rows(self, agent: str) -> list[dict[str, Any]]:
        """This store's own metrics rows of an agent's conversations, with their subjects (the team export)."""
        with self._db.read() as db:
            return list(db.query(
                "SELECT m.*, c.subject AS subject FROM conversation_metrics m JOIN conversations c "
                f"ON c.id = m.conversation_id WHERE m.agent = ? AND m.stamp NOT LIKE '{TEAM_STAMP}%' "
                "ORDER BY m.conversation_id", [agent]))

    def outcomes_of(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """(id, conversation, outcome, when) of the suggestions shown in some conversations."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        with self._db.read() as db:
            return list(db.query(
                "SELECT id, conversation_id, COALESCE(outcome, '') AS outcome, COALESCE(outcome_at, '') AS outcome_at "
                f"FROM suggestions WHERE conversation_id IN ({marks}) ORDER BY id", list(ids)))

    def count(self) -> int:
        with self._db.read() as db:
            return int(db.execute("SELECT COUNT(*) FROM conversation_metrics").fetchone()[0])

    def choices(self) -> dict[str, list[str]]:
        """What the filters can choose: the agents, contact reasons, channels and weeks stored."""
        with self._db.read() as db:
            return {column: [r[0] for r in db.execute(
                f"SELECT DISTINCT {column} FROM conversation_metrics WHERE {column} != '' ORDER BY 1")]
                for column in ("agent", "reason", "channel", "week")}

    # --- the same ruler for every agent and the bot -------------------------------------------------------

    def grouped(self, f: Filter) -> list[dict[str, Any]]:
        """SUMS per (week, agent, bot or not, contact reason) of the filtered conversations: one scan."""
        where, args = f.where()
        with self._db.read() as db:
            return list(db.query(
                f"SELECT week, agent, has_bot, reason, {SUMS} FROM conversation_metrics INDEXED BY "
                f"conversation_metrics_grouping WHERE {where} GROUP BY week, agent, has_bot, reason", args))

    def rubric(self, f: Filter) -> list[dict[str, Any]]:
        """(side, author, criterion or '' for overall, mean score 0..100, reports) of the newest report of each
        scored side, over the filtered conversations."""
        where, args = f.where(with_agent=False, alias="m")
        latest = "r.id IN (SELECT MAX(id) FROM coaching_reports GROUP BY conversation_id, scored_as)"
        author = " AND (r.scored_as = 'bot' OR r.author = ?)" if f.agent else ""
        args = [*args, f.agent] if f.agent else args
        # CROSS JOIN: SQLite walks the reports and looks each conversation up, never the other way round
        tables = "FROM coaching_reports r CROSS JOIN conversation_metrics m ON m.conversation_id = r.conversation_id"
        cond = f"WHERE {latest} AND {where}{author}"
        with self._db.read() as db:
            overall = list(db.query(
                "SELECT r.scored_as AS side, r.author AS author, '' AS criterion, AVG(r.overall) AS score, "
                f"COUNT(r.overall) AS reports {tables} {cond} GROUP BY 1, 2", args))
            criteria = list(db.query(
                "SELECT r.scored_as AS side, r.author AS author, json_extract(c.value, '$.id') AS criterion, "
                "AVG(100.0 * json_extract(c.value, '$.score') / json_extract(c.value, '$.max')) AS score, "
                f"COUNT(*) AS reports {tables}, json_each(r.report, '$.criteria') c {cond} "
                "AND json_extract(c.value, '$.counted') AND json_extract(c.value, '$.max') > 0 GROUP BY 1, 2, 3",
                args))
        return overall + criteria

    def suggestion_outcomes(self, f: Filter) -> list[dict[str, Any]]:
        """(agent, outcome, count) of suggestions in the filtered conversations; outcome '' = none recorded."""
        where, args = f.where(alias="m")
        with self._db.read() as db:
            return list(db.query(
                "SELECT m.agent AS agent, COALESCE(s.outcome, '') AS outcome, COUNT(*) AS n FROM suggestions s "
                f"CROSS JOIN conversation_metrics m ON m.conversation_id = s.conversation_id WHERE {where} "
                "GROUP BY 1, 2", args))

    def open_disputes(self) -> list[dict[str, Any]]:
        """(side, author, count) of disputes still waiting for the lead."""
        with self._db.read() as db:
            return list(db.query(
                "SELECT r.scored_as AS side, r.author AS author, COUNT(*) AS n FROM coaching_disputes d "
                "JOIN coaching_reports r ON r.id = d.report_id WHERE d.verdict IS NULL GROUP BY 1, 2"))

    def rules_fired(self, f: Filter, limit: int = 10) -> list[dict[str, Any]]:
        """Guardrail rules that fired on suggestions in the filtered conversations, most first, with examples."""
        where, args = f.where(alias="m")
        with self._db.read() as db:
            return list(db.query(
                "SELECT json_extract(j.value, '$.rule') AS rule, COUNT(*) AS n, "
                "group_concat(DISTINCT s.conversation_id) AS conversations FROM suggestions s CROSS JOIN "
                "conversation_metrics m ON m.conversation_id = s.conversation_id, json_each(s.findings) j "
                f"WHERE {where} GROUP BY 1 ORDER BY n DESC, rule LIMIT ?", [*args, limit]))

    def flags(self, f: Filter) -> list[dict[str, Any]]:
        """Agents' flags on suggestions by reason, with their comments and conversations."""
        where, args = f.where(alias="m")
        with self._db.read() as db:
            return list(db.query(
                "SELECT fl.reason AS reason, COUNT(*) AS n, group_concat(NULLIF(fl.comment, ''), ' | ') AS comments, "
                "group_concat(DISTINCT s.conversation_id) AS conversations FROM suggestion_flags fl "
                "JOIN suggestions s ON s.id = fl.suggestion_id CROSS JOIN conversation_metrics m "
                f"ON m.conversation_id = s.conversation_id WHERE {where} GROUP BY 1 ORDER BY n DESC", args))

    # --- the evidence behind a number ----------------------------------------------------------------------

    def conversations(self, f: Filter, *, who: str = "", measure: str = "conversations",
                      extra: str = "", limit: int = 500) -> list[dict[str, Any]]:
        """The conversations behind a number: `who` is an agent's name, BOT, or "" for all; `measure` one of
        MEASURES; `extra` an already-validated condition from this module's callers (knowledge gaps)."""
        measures = BOT_MEASURES if who == BOT else MEASURES
        if measure not in measures:
            raise ValueError(measure)
        where, args = f.where(with_agent=who == "", alias="m")
        if who == BOT:
            where += " AND m.has_bot = 1"
        elif who:
            where += " AND m.agent = ?"
            args.append(who)
        with self._db.read() as db:
            return list(db.query(
                "SELECT m.conversation_id AS id, c.subject AS subject, m.started_at, m.agent, m.channel, m.reason, "
                "m.resolved, m.escalated, m.end_label, m.handle_s, m.question FROM conversation_metrics m "
                f"JOIN conversations c ON c.id = m.conversation_id WHERE {where} AND ({_qualified(measures[measure])}) "
                f"{extra} ORDER BY m.started_at DESC, m.conversation_id LIMIT ?", [*args, limit]))

    def gap_rows(self, f: Filter, limit: int = 5000) -> list[dict[str, Any]]:
        """Conversations where no article answered the customer's question, or the bot and the agents both
        failed (handed off and still unresolved): the knowledge-gap candidates."""
        where, args = f.where(alias="m")
        with self._db.read() as db:
            return list(db.query(
                "SELECT m.conversation_id AS id, m.question, m.reason, m.article_found, m.escalated, m.resolved "
                f"FROM conversation_metrics m WHERE {where} AND m.question != '' AND (m.article_found = 0 OR "
                "(m.has_bot = 1 AND m.escalated = 1 AND m.resolved = 0)) ORDER BY m.started_at DESC LIMIT ?",
                [*args, limit]))

    def rows_of(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The stored metrics rows of some conversations (the team export)."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        with self._db.read() as db:
            return list(db.query(f"SELECT * FROM conversation_metrics WHERE conversation_id IN ({marks})", list(ids)))


def _qualified(cond: str) -> str:
    """Prefix the bare column names of a MEASURES condition with the metrics alias."""
    return _COLUMN.sub(lambda m: f"m.{m.group(0)}", cond)
