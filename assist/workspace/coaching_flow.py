"""Coaching, wired: solved -> coaching -> store, on demand, for every solved conversation, and the agent's
and lead's answers to a report. What the CLI (`assist coach`) and the UI (ui/coaching/) call.

The help centre (knowledge.retrieval) gives accuracy its facts; the engine, when one is passed, judges the
playbook's model criteria. Scoring reads and writes the store, so callers run it off the GUI thread.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from assist.base.errors import Cancelled, InputError
from assist.base.vocab import ReportStatus, Status
from assist.coaching import disputes
from assist.coaching.draft import DraftReview, review
from assist.coaching.help_centre import HelpCentre
from assist.coaching.procedures import MissingStep, missing_steps
from assist.coaching.report import Report
from assist.coaching.score import coach, rubric_version
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.knowledge.retrieval import Retriever
from assist.llm.engine import CancelToken, Engine
from assist.store.coaching import ReportRow
from assist.workspace.workspace import Workspace

log = logging.getLogger(__name__)

BATCH = 100  # conversations scored per chunk (and their reports written per transaction) by coach_all


class CoachingFlow:
    def __init__(self, workspace: Workspace, engine: Engine | None = None, *, playbook: Playbook | None = None) -> None:
        self.workspace = workspace
        self.engine = engine
        self._fixed_playbook = playbook  # a worker process scores with its parent's playbook
        self._help_centre: HelpCentre | None = None

    @property
    def help_centre(self) -> HelpCentre:
        if self._help_centre is None:
            store = self.workspace.store
            self._help_centre = HelpCentre(Retriever(store), store.articles.all, store.articles.signature)
        return self._help_centre

    def score(self, conversation: Conversation, *, scored_as: str | None = None) -> list[Report]:
        """Reports for a conversation, without storing them (`assist coach --conversation FILE`)."""
        return coach(conversation, self.playbook(), help_centre=self.help_centre, engine=self.engine,
                     scored_as=scored_as)

    def playbook(self) -> Playbook:
        return self._fixed_playbook or self.workspace.playbook()

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
        version = rubric_version(self.playbook())
        todo = ids if ids is not None else store.coaching.solved_ids(since)
        done = store.coaching.scored_versions()
        pending = [cid for cid in todo if force or version not in done.get(cid, set())]
        skipped = len(todo) - len(pending)
        scored = not_scored = 0
        chunks = [pending[i:i + BATCH] for i in range(0, len(pending), BATCH)]
        workers = _workers(len(pending)) if self.engine is None else 1
        for chunk_no, reports in enumerate(self._scored_chunks(chunks, workers, cancel), start=1):
            store.coaching.save(reports)  # the one writer: this process
            scored += len({r["conversation_id"] for r in reports})
            not_scored += sum(bool(r["not_scored"]) for r in reports)
            if progress is not None:
                progress(min(chunk_no * BATCH, len(pending)), len(pending))
        return {"conversations": len(todo), "scored": scored, "skipped": skipped, "sides_not_scored": not_scored,
                "rubric_version": version, "workers": workers}

    def _scored_chunks(self, chunks: list[list[str]], workers: int,
                       cancel: CancelToken | None) -> Iterator[list[dict[str, Any]]]:
        """Report dicts per chunk of ids, in order; with workers > 1 scored by that many processes (each with
        its own read connection to the file; WAL lets them read while this process writes)."""
        if workers <= 1:
            for chunk in chunks:
                if cancel is not None and cancel.cancelled:
                    raise Cancelled()
                yield _score_ids(self, chunk)
            return
        ws = self.workspace
        context = multiprocessing.get_context("spawn")  # no fork of a process holding SQLite connections
        delivered = 0
        try:
            # Each worker opens the workspace as this process did, and scores with this process's playbook
            # (pickled), so every report carries the same rubric version.
            configured = str(ws.playbook_path) if getattr(ws, "playbook_configured", False) else ""
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                     initargs=(str(ws.data_dir), configured, ws.playbook())) as pool:
                futures = [pool.submit(_score_in_worker, chunk) for chunk in chunks]
                try:
                    for future in futures:
                        if cancel is not None and cancel.cancelled:
                            raise Cancelled()
                        reports = future.result()
                        delivered += 1
                        yield reports
                finally:
                    for future in futures:
                        future.cancel()
        except BrokenProcessPool as exc:  # a worker could not start or died: finish here, one process
            log.warning("coaching workers stopped (%s); scoring the rest in this process", exc)
            yield from self._scored_chunks(chunks[delivered:], 1, cancel)

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
        return missing_steps(conversation, self.playbook(), draft)

    def review_draft(self, draft: str, conversation: Conversation, author: str = "") -> DraftReview:
        return review(draft, conversation, self.playbook(), author)


# --- scoring many conversations -----------------------------------------------------------------------

PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves
_worker_flow: CoachingFlow | None = None


def _workers(pending: int) -> int:
    return max(1, min(os.cpu_count() or 1, 4)) if pending >= PARALLEL_FROM else 1


def _score_ids(flow: CoachingFlow, ids: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for cid in ids:
        conversation = flow.workspace.store.conversations.get(cid)
        if conversation is not None:
            out += [r.as_dict() for r in flow.score(conversation)]
    return out


def _init_worker(data_dir: str, playbook_path: str, book: Playbook) -> None:
    global _worker_flow
    workspace = Workspace.open(Path(data_dir), playbook_path=Path(playbook_path) if playbook_path else None)
    _worker_flow = CoachingFlow(workspace, playbook=book)


def _score_in_worker(ids: list[str]) -> list[dict[str, Any]]:
    assert _worker_flow is not None, "the worker was not initialised"
    return _score_ids(_worker_flow, ids)
