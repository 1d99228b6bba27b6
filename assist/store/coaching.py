"""Coaching reports and their disputes: `store.coaching`.

A report row per scored side of a conversation and rubric version (the report itself as JSON, its overall
score and author alongside for the trend and the lead's lists). The agent acknowledges a report ("seen")
or disputes it with a comment and proposed scores; a lead then accepts, partly accepts or rejects the
dispute, and a rejected report is locked. The rules of that flow (a comment is required, scores in range,
who may move what) are coaching's (assist/coaching/disputes.py); this manager keeps the rows and refuses
only what would corrupt them: a missing report, a second open dispute, a change to a locked report.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from assist.base.errors import InputError
from assist.base.vocab import ReportStatus
from assist.store.db import Database
from assist.store.records import now_iso, write_audit


@dataclass(frozen=True)
class ReportRow:
    id: int
    conversation_id: str
    scored_as: str
    author: str
    rubric_version: str
    overall: float | None
    status: str
    locked: bool
    created_at: str
    ended_at: str
    report: dict[str, Any]  # coaching.report.Report.as_dict()


@dataclass(frozen=True)
class DisputeRow:
    id: int
    report_id: int
    comment: str
    proposed: dict[str, int]
    created_at: str
    verdict: str
    lead_comment: str
    final: dict[str, int]
    resolved_at: str


def _report(row: dict[str, Any]) -> ReportRow:
    return ReportRow(row["id"], row["conversation_id"], row["scored_as"], row["author"] or "", row["rubric_version"],
                     row["overall"], row["status"], bool(row["locked"]), row["created_at"], row["ended_at"] or "",
                     json.loads(row["report"]))


def _dispute(row: dict[str, Any]) -> DisputeRow:
    return DisputeRow(row["id"], row["report_id"], row["comment"], json.loads(row["proposed"] or "{}"),
                      row["created_at"], row["verdict"] or "", row["lead_comment"] or "",
                      json.loads(row["final"] or "{}"), row["resolved_at"] or "")


class Coaching:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- reports -----------------------------------------------------------------------------------------

    def save(self, reports: list[dict[str, Any]]) -> list[int]:
        """Store reports (Report.as_dict()); one already stored for the same conversation, side and rubric
        version is replaced unless the agent or a lead has acted on it (then it is kept, and its id returned)."""
        ids = []
        with self._db.write() as conn:
            for r in reports:
                row = conn.execute(
                    "SELECT id, status FROM coaching_reports WHERE conversation_id = ? AND scored_as = ? "
                    "AND rubric_version = ?", (r["conversation_id"], r["scored_as"], r["rubric_version"])).fetchone()
                if row is not None and row[1] != ReportStatus.NEW:
                    ids.append(int(row[0]))
                    continue
                if row is not None:
                    conn.execute("DELETE FROM coaching_reports WHERE id = ?", (row[0],))
                cur = conn.execute(
                    "INSERT INTO coaching_reports (conversation_id, scored_as, author, rubric_version, overall, "
                    "status, locked, created_at, ended_at, report) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                    (r["conversation_id"], r["scored_as"], r.get("author", ""), r["rubric_version"], r.get("overall"),
                     ReportStatus.NEW, now_iso(), r.get("ended_at", ""), json.dumps(r, ensure_ascii=False)))
                ids.append(int(cur.lastrowid or 0))
        return ids

    def get(self, report_id: int) -> ReportRow | None:
        with self._db.read() as db:
            rows = list(db.query("SELECT * FROM coaching_reports WHERE id = ?", [report_id]))
        return _report(rows[0]) if rows else None

    def for_conversation(self, conversation_id: str) -> list[ReportRow]:
        """The newest report of each side (bot first, then agent)."""
        with self._db.read() as db:
            rows = list(db.query(
                "SELECT * FROM coaching_reports r WHERE conversation_id = ? AND id = (SELECT MAX(id) FROM "
                "coaching_reports WHERE conversation_id = r.conversation_id AND scored_as = r.scored_as) "
                "ORDER BY CASE scored_as WHEN 'bot' THEN 0 ELSE 1 END", [conversation_id]))
        return [_report(r) for r in rows]

    def recent(self, *, author: str | None = None, scored_as: str | None = None, limit: int = 200) -> list[ReportRow]:
        """Newest first; only the latest report per conversation side."""
        where, args = ["id IN (SELECT MAX(id) FROM coaching_reports GROUP BY conversation_id, scored_as)"], []
        if author is not None:
            where.append("author = ?")
            args.append(author)
        if scored_as is not None:
            where.append("scored_as = ?")
            args.append(scored_as)
        with self._db.read() as db:
            rows = list(db.query(f"SELECT * FROM coaching_reports WHERE {' AND '.join(where)} "
                                 "ORDER BY COALESCE(NULLIF(ended_at, ''), created_at) DESC, id DESC LIMIT ?",
                                 [*args, limit]))
        return [_report(r) for r in rows]

    def trend(self, author: str, limit: int = 30) -> list[tuple[str, float]]:
        """(when, overall) of an author's scored reports, oldest first: the line in the agent's view."""
        rows = [r for r in self.recent(author=author, limit=limit) if r.overall is not None]
        return [(r.ended_at or r.created_at, float(r.overall or 0.0)) for r in reversed(rows)]

    def scored_versions(self) -> dict[str, set[str]]:
        """conversation id -> rubric versions it has reports at (to skip re-scoring)."""
        out: dict[str, set[str]] = {}
        with self._db.read() as db:
            for row in db.query("SELECT DISTINCT conversation_id, rubric_version FROM coaching_reports"):
                out.setdefault(row["conversation_id"], set()).add(row["rubric_version"])
        return out

    def solved_ids(self, since: str = "") -> list[str]:
        """Solved conversations, optionally those active on or after `since` (an ISO date or time)."""
        with self._db.read() as db:
            return [r["id"] for r in db.query(
                "SELECT id FROM conversations WHERE status = 'solved' AND COALESCE(updated_at, '') >= ? ORDER BY id",
                [since])]

    # --- the agent's answer and the lead's verdict ----------------------------------------------------------

    def _locked_row(self, conn: sqlite3.Connection, report_id: int) -> tuple[str, int]:
        row = conn.execute("SELECT status, locked FROM coaching_reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            raise InputError(f"no coaching report {report_id}", field="report")
        if row[1]:
            raise InputError(f"report {report_id} is locked: its dispute was rejected", field="report")
        return str(row[0]), int(row[1])

    def set_status(self, report_id: int, status: str, actor: str = "agent") -> None:
        with self._db.write() as conn:
            self._locked_row(conn, report_id)
            conn.execute("UPDATE coaching_reports SET status = ? WHERE id = ?", (status, report_id))
            write_audit(conn, actor, f"coaching.{status}", str(report_id), {})

    def open_dispute(self, report_id: int, comment: str, proposed: dict[str, int], actor: str = "agent") -> int:
        with self._db.write() as conn:
            self._locked_row(conn, report_id)
            if conn.execute("SELECT 1 FROM coaching_disputes WHERE report_id = ? AND verdict IS NULL",
                            (report_id,)).fetchone():
                raise InputError(f"report {report_id} already has an open dispute", field="report")
            cur = conn.execute("INSERT INTO coaching_disputes (report_id, comment, proposed, created_at, actor) "
                               "VALUES (?, ?, ?, ?, ?)", (report_id, comment, json.dumps(proposed), now_iso(), actor))
            conn.execute("UPDATE coaching_reports SET status = ? WHERE id = ?", (ReportStatus.DISPUTED, report_id))
            write_audit(conn, actor, "coaching.disputed", str(report_id), {"proposed": proposed})
            return int(cur.lastrowid or 0)

    def dispute_of(self, report_id: int) -> DisputeRow | None:
        """The newest dispute of a report."""
        with self._db.read() as db:
            rows = list(db.query("SELECT * FROM coaching_disputes WHERE report_id = ? ORDER BY id DESC LIMIT 1",
                                 [report_id]))
        return _dispute(rows[0]) if rows else None

    def open_disputes(self) -> list[DisputeRow]:
        with self._db.read() as db:
            return [_dispute(r) for r in db.query("SELECT * FROM coaching_disputes WHERE verdict IS NULL ORDER BY id")]

    def resolve(self, dispute_id: int, verdict: str, final: dict[str, int], lead_comment: str,
                new_report: dict[str, Any] | None, actor: str = "lead") -> None:
        """Close a dispute; `new_report` (re-scored) replaces the report's scores when the dispute was
        accepted in full or in part; a rejection locks the report."""
        with self._db.write() as conn:
            row = conn.execute("SELECT report_id, verdict FROM coaching_disputes WHERE id = ?",
                               (dispute_id,)).fetchone()
            if row is None:
                raise InputError(f"no dispute {dispute_id}", field="dispute")
            if row[1] is not None:
                raise InputError(f"dispute {dispute_id} is already {row[1]}", field="dispute")
            report_id = int(row[0])
            conn.execute("UPDATE coaching_disputes SET verdict = ?, lead_comment = ?, final = ?, resolved_at = ? "
                         "WHERE id = ?", (verdict, lead_comment, json.dumps(final), now_iso(), dispute_id))
            if new_report is not None:
                conn.execute("UPDATE coaching_reports SET report = ?, overall = ? WHERE id = ?",
                             (json.dumps(new_report, ensure_ascii=False), new_report.get("overall"), report_id))
            conn.execute("UPDATE coaching_reports SET status = ?, locked = ? WHERE id = ?",
                         (verdict, int(verdict == ReportStatus.REJECTED), report_id))
            write_audit(conn, actor, f"coaching.dispute.{verdict}", str(report_id), {"dispute": dispute_id,
                                                                                     "final": final})
