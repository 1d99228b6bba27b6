"""Suggestions: what was shown, the agent's outcome, flags, and the team's edits as few-shot material."""

from __future__ import annotations

import json
from typing import Any

from assist.store.conversations import Conversations
from assist.store.db import Database
from assist.store.records import (
    FLAG_REASONS,
    OUTCOMES,
    ExampleSource,
    SuggestionRecord,
    now_iso,
    write_audit,
)


class Suggestions:
    def __init__(self, db: Database, conversations: Conversations) -> None:
        self._db = db
        self._conversations = conversations

    def record(self, s: SuggestionRecord) -> int:
        with self._db.write() as conn:
            cur = conn.execute(
                "INSERT INTO suggestions (conversation_id, created_at, model, text, citations, findings, "
                "ttft_s, tokens_per_s, latency_s, prompt_inputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (s.conversation_id, now_iso(), s.model, s.text, json.dumps(s.citations),
                 json.dumps(s.findings), s.ttft_s, s.tokens_per_s, s.latency_s,
                 json.dumps(s.prompt_inputs, ensure_ascii=False) if s.prompt_inputs is not None else None),
            )
            return int(cur.lastrowid or 0)

    def record_outcome(self, suggestion_id: int, outcome: str, final_text: str = "", actor: str = "agent") -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        with self._db.write() as conn:
            conn.execute(
                "UPDATE suggestions SET outcome = ?, final_text = ?, outcome_at = ? WHERE id = ?",
                (outcome, final_text, now_iso(), suggestion_id),
            )
            write_audit(conn, actor, f"suggestion.{outcome}", str(suggestion_id), {})

    def get(self, suggestion_id: int) -> dict[str, Any] | None:
        with self._db.read() as db:
            rows = list(db.query("SELECT * FROM suggestions WHERE id = ?", [suggestion_id]))
        return rows[0] if rows else None

    def flag(self, suggestion_id: int, reason: str, comment: str = "", actor: str = "agent") -> int:
        """The agent says a suggestion was wrong; kept with the suggestion's prompt inputs for review."""
        if reason not in FLAG_REASONS:
            raise ValueError(f"unknown flag reason {reason!r} (one of {', '.join(FLAG_REASONS)})")
        with self._db.write() as conn:
            if conn.execute("SELECT 1 FROM suggestions WHERE id = ?", (suggestion_id,)).fetchone() is None:
                raise ValueError(f"no suggestion {suggestion_id}")
            cur = conn.execute(
                "INSERT INTO suggestion_flags (suggestion_id, reason, comment, created_at) VALUES (?, ?, ?, ?)",
                (suggestion_id, reason, comment, now_iso()),
            )
            write_audit(conn, actor, "suggestion.flagged", str(suggestion_id), {"reason": reason})
            return int(cur.lastrowid or 0)

    def flags(self, limit: int = 100) -> list[dict[str, Any]]:
        """Newest flags first, each with its suggestion's text, model and parsed prompt inputs."""
        with self._db.read() as db:
            rows = list(db.query(
                "SELECT f.id, f.suggestion_id, f.reason, f.comment, f.created_at, s.conversation_id, s.text, "
                "s.model, s.citations, s.prompt_inputs FROM suggestion_flags f "
                "JOIN suggestions s ON s.id = f.suggestion_id ORDER BY f.id DESC LIMIT ?",
                [limit],
            ))
        for row in rows:
            row["citations"] = json.loads(row["citations"] or "[]")
            row["prompt_inputs"] = json.loads(row["prompt_inputs"] or "{}")
        return rows

    def examples_signature(self) -> tuple[Any, ...]:
        """Changes whenever examples_source() would: a cheap check before rebuilding the example pool."""
        with self._db.read() as db:
            solved = db.execute("SELECT COUNT(*), MAX(updated_at), MAX(imported_at) FROM conversations "
                                "WHERE status = 'solved'").fetchone()
            edits = db.execute("SELECT COUNT(*), MAX(outcome_at), MAX(id) FROM suggestions "
                               "WHERE outcome = 'edited'").fetchone()
        return (*solved, *edits)

    def examples_source(self, limit_solved: int = 500, limit_edits: int = 500) -> ExampleSource:
        """Solved conversations, and agents' edits of suggestions with the customer message they answered.

        The answered message is the last customer message among the first `message_count` the suggestion
        saw (recorded in prompt_inputs since schema v3); older rows fall back to the last customer message.
        """
        with self._db.read() as db:
            # The most recent ones: the team's current voice, and a bounded cost on a big helpdesk import.
            solved_ids = [r["id"] for r in db.query(
                "SELECT id FROM conversations WHERE status = 'solved' ORDER BY updated_at DESC, id LIMIT ?",
                [limit_solved])]
            edits = list(db.query(
                "SELECT s.id, s.conversation_id, s.final_text, "
                "COALESCE(json_extract(NULLIF(c.customer, ''), '$.name'), cu.name) AS customer_name, "
                "(SELECT m.text FROM messages m WHERE m.conversation_id = s.conversation_id "
                " AND m.role = 'customer' AND m.idx < COALESCE(json_extract(s.prompt_inputs, "
                " '$.message_count'), 1e9) ORDER BY m.idx DESC LIMIT 1) AS customer_text "
                "FROM suggestions s JOIN conversations c ON c.id = s.conversation_id "
                "LEFT JOIN customers cu ON cu.id = c.customer_id "
                "WHERE s.outcome = 'edited' AND TRIM(COALESCE(s.final_text, '')) != '' "
                "ORDER BY s.id DESC LIMIT ?",
                [limit_edits],
            ))
        solved = [c for cid in solved_ids if (c := self._conversations.get(cid)) is not None]
        return ExampleSource(solved, [e for e in edits if e["customer_text"]])

    def latest_round(self, conversation_id: str, limit: int = 3) -> list[dict[str, Any]]:
        """The suggestions of the conversation's newest Suggest press, in the order shown, each with its
        outcome, its first flag reason ("" if none) and `message_count` (how many messages it saw).

        A press records its suggestions with rising `index` (prompt_inputs.index, 0 = first shown), so the
        round is the newest row and the rows before it while the index keeps falling to 0.
        """
        with self._db.read() as db:
            rows = list(db.query(
                "SELECT s.id, s.text, s.model, s.citations, s.findings, s.ttft_s, s.tokens_per_s, s.outcome, "
                "s.final_text, s.created_at, "
                "COALESCE(json_extract(s.prompt_inputs, '$.index'), 0) AS idx, "
                "COALESCE(json_extract(s.prompt_inputs, '$.message_count'), 0) AS message_count, "
                "COALESCE(json_extract(s.prompt_inputs, '$.origin'), 'model') AS origin, "
                "COALESCE(json_extract(s.prompt_inputs, '$.regenerated'), 0) AS regenerated, "
                "(SELECT f.reason FROM suggestion_flags f WHERE f.suggestion_id = s.id ORDER BY f.id LIMIT 1) "
                "AS flagged FROM suggestions s WHERE s.conversation_id = ? ORDER BY s.id DESC LIMIT ?",
                [conversation_id, limit * 4]))
        chosen: list[dict[str, Any]] = []
        for row in rows:
            if chosen and int(row["idx"]) >= int(chosen[-1]["idx"]):
                break
            chosen.append(row)
            if int(row["idx"]) <= 0 or len(chosen) >= limit:
                break
        for row in chosen:
            row["citations"] = json.loads(row["citations"] or "[]")
            row["findings"] = json.loads(row["findings"] or "[]")
            row["outcome"] = row["outcome"] or ""
            row["flagged"] = row["flagged"] or ""
        return chosen[::-1]
