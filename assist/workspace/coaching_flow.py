"""Coaching, wired: solved -> coaching -> store, on demand, for every solved conversation, and the agent's
and lead's answers to a report. What the CLI (`assist coach`) and the UI (ui/coaching/) call.

The help centre (knowledge.retrieval) gives accuracy its facts; the engine, when one is passed, judges the
playbook's model criteria. Scoring reads and writes the store, so callers run it off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from assist.base.errors import Cancelled, InputError
from assist.base.vocab import ReportStatus, Status
from assist.coaching import disputes
from assist.coaching.draft import DraftReview, review
from assist.coaching.procedures import MissingStep, missing_steps
from assist.coaching.report import Report
from assist.coaching.score import coach, rubric_version
from assist.domain.conversation import Conversation
from assist.knowledge.retrieval import Retriever
from assist.llm.engine import CancelToken, Engine
from assist.store.coaching import ReportRow
from assist.workspace.workspace import Workspace

log = logging.getLogger(__name__)

BATCH = 200  # reports written per transaction by coach_all


class CoachingFlow:
    def __init__(self, workspace: Workspace, engine: Engine | None = None) -> None:
        self.workspace = workspace
        self.engine = engine
        self._retriever: Retriever | None = None

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            self._retriever = Retriever(self.workspace.store)
        return self._retriever

    def score(self, conversation: Conversation, *, scored_as: str | None = None) -> list[Report]:
        """Reports for a conversation, without storing them (`assist coach --conversation FILE`)."""
        return coach(conversation, self.workspace.playbook(), retriever=self.retriever, engine=self.engine,
                     scored_as=scored_as)

    def on_solved(self, conversation_id: str) -> list[ReportRow]:
        """The hook for a conversation marked solved: score it and store the reports."""
        conversation = self.workspace.store.conversations.get(conversation_id)
        if conversation is None:
            raise InputError(f"no conversation {conversation_id!r} in this workspace", field="conversation")
        self.workspace.store.coaching.save([r.as_dict() for r in self.score(conversation)])
        return self.workspace.store.coaching.for_conversation(conversation_id)

    def after_import(self, conversations: list[Conversation]) -> int:
        """Score the solved ones of an import (connectors and `assist import` land here); returns how many."""
        solved = [c.id for c in conversations if c.status == Status.SOLVED]
        return self.coach_all(ids=solved)["scored"]

    def coach_all(self, *, since: str = "", ids: list[str] | None = None, force: bool = False,
                  progress: Callable[[int, int], None] | None = None,
                  cancel: CancelToken | None = None) -> dict[str, Any]:
        """Score every solved conversation (active since `since`), skipping those already scored at this
        rubric version unless `force`."""
        store = self.workspace.store
        version = rubric_version(self.workspace.playbook())
        todo = ids if ids is not None else store.coaching.solved_ids(since)
        done = store.coaching.scored_versions()
        pending = [cid for cid in todo if force or version not in done.get(cid, set())]
        skipped = len(todo) - len(pending)
        scored = not_scored = 0
        batch: list[dict[str, Any]] = []
        for n, cid in enumerate(pending, start=1):
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            conversation = store.conversations.get(cid)
            if conversation is None:
                continue
            for report in self.score(conversation):
                batch.append(report.as_dict())
                not_scored += bool(report.not_scored)
            scored += 1
            if len(batch) >= BATCH:
                store.coaching.save(batch)
                batch = []
            if progress is not None:
                progress(n, len(pending))
        if batch:
            store.coaching.save(batch)
        return {"conversations": len(todo), "scored": scored, "skipped": skipped, "sides_not_scored": not_scored,
                "rubric_version": version}

    # --- the agent and the lead -----------------------------------------------------------------------

    def acknowledge(self, report_id: int) -> None:
        row = self._row(report_id)
        if row.locked:
            raise InputError(f"report {report_id} is locked: its dispute was rejected", field="report")
        if row.status not in (ReportStatus.NEW, ReportStatus.SEEN):
            raise InputError(f"report {report_id} is {row.status}; only a new report is acknowledged", field="report")
        self.workspace.store.coaching.set_status(report_id, ReportStatus.SEEN)

    def dispute(self, report_id: int, comment: str, proposed: dict[str, int] | None = None) -> int:
        row = self._row(report_id)
        comment, clean = disputes.check_dispute(row.report, comment, proposed or {})
        return self.workspace.store.coaching.open_dispute(report_id, comment, clean)

    def resolve(self, report_id: int, verdict: str, *, final: dict[str, int] | None = None,
                comment: str = "") -> None:
        row = self._row(report_id)
        dispute = self.workspace.store.coaching.dispute_of(report_id)
        if dispute is None or dispute.verdict:
            raise InputError(f"report {report_id} has no open dispute", field="report")
        scores = disputes.verdict_scores(row.report, verdict, dispute.proposed, final)
        self.workspace.store.coaching.resolve(dispute.id, verdict, scores, comment.strip(),
                                              disputes.rescored(row.report, scores))

    def _row(self, report_id: int) -> ReportRow:
        row = self.workspace.store.coaching.get(report_id)
        if row is None:
            raise InputError(f"no coaching report {report_id}", field="report")
        return row

    # --- live ---------------------------------------------------------------------------------------------

    def missing_steps(self, conversation: Conversation, draft: str = "") -> list[MissingStep]:
        return missing_steps(conversation, self.workspace.playbook(), draft)

    def review_draft(self, draft: str, conversation: Conversation, author: str = "") -> DraftReview:
        return review(draft, conversation, self.workspace.playbook(), author)
