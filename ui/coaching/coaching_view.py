"""The coaching view: the reports of one conversation (the bot's part and the agent's part), each with the
author's trend, and the agent's and lead's answers to them. Opens as its own window from the main window
(the side panel is too narrow for a rubric).

Everything that reads or writes the store (loading, scoring, acknowledging, disputing, a verdict) runs
through run_task; the view only shows what comes back. The rules live in assist/workspace/coaching_flow.py.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assist.base.vocab import ReportStatus
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.workspace import Workspace
from ui import labels
from ui.base import errors
from ui.base.tasks import run_task
from ui.coaching.dispute_dialog import DisputeDialog
from ui.coaching.report_card import ReportCard

log = logging.getLogger(__name__)


class CoachingView(QWidget):
    reports_shown = Signal(int)  # how many reports are on screen
    changed = Signal(int)  # a report whose status changed (seen, disputed, a verdict)
    failed = Signal(str)

    recent_shown = Signal(int)  # how many of the author's recent reports are listed

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *, author: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Coaching")
        self.flow = CoachingFlow(workspace)
        self.author = author
        self.conversation_id = ""
        self._auto_score = False
        self.cards: list[ReportCard] = []
        self.dialog: DisputeDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        head = QHBoxLayout()
        self.heading = QLabel("No conversation selected")
        self.heading.setObjectName("CoachingHeading")
        self.heading.setWordWrap(True)
        self.score_button = QPushButton("Score this chat")
        self.score_button.setToolTip("Score the conversation against the rubric now (it is scored when solved)")
        self.score_button.clicked.connect(self.score_now)
        head.addWidget(self.heading, 1)
        head.addWidget(self.score_button)
        layout.addLayout(head)
        self.recent_label = QLabel(f"Recent reports of {author}" if author else "")
        self.recent_label.setObjectName("CoachingRecentLabel")
        self.recent = QListWidget()
        self.recent.setObjectName("CoachingRecent")
        self.recent.setMaximumHeight(110)
        self.recent.itemActivated.connect(self._open_recent)
        self.recent.itemClicked.connect(self._open_recent)
        for widget in (self.recent_label, self.recent):
            widget.setVisible(bool(author))
            layout.addWidget(widget)
        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addStretch(1)
        self.scroller.setWidget(self.body)
        layout.addWidget(self.scroller, 1)
        self.resize(560, 720)

    # --- loading ----------------------------------------------------------------------------------------

    def show_conversation(self, conversation_id: str, title: str = "", *, solved: bool = False) -> None:
        """Show a conversation's reports; a solved one not scored yet (imported before coaching ran) is
        scored now, as it would have been when it was solved."""
        self.conversation_id = conversation_id
        self._auto_score = solved
        self.heading.setText(f"Coaching — {title or conversation_id}")
        self.reload()
        self.load_recent()

    def load_recent(self) -> None:
        if not self.author:
            return
        store, author = self.flow.workspace.store.coaching, self.author
        run_task(lambda: store.recent(author=author, limit=30), self._show_recent, self._failed)

    def _show_recent(self, rows: list[Any]) -> None:
        self.recent.clear()
        for row in rows:
            overall = "not scored" if row.overall is None else f"{row.overall:.0f}%"
            item = QListWidgetItem(f"{row.conversation_id} · {overall} · "
                                   f"{labels.label(row.status, labels.REPORT_STATUS)}")
            item.setData(Qt.ItemDataRole.UserRole, row.conversation_id)
            self.recent.addItem(item)
        self.recent_shown.emit(len(rows))

    def _open_recent(self, item: QListWidgetItem) -> None:
        cid = str(item.data(Qt.ItemDataRole.UserRole))
        if cid and cid != self.conversation_id:
            self.show_conversation(cid)

    def reload(self) -> None:
        cid = self.conversation_id
        if not cid:
            return
        store = self.flow.workspace.store.coaching

        def load() -> list[tuple[Any, list[float]]]:
            rows = store.for_conversation(cid)
            return [(row, [v for _, v in store.trend(row.author)] if row.author else []) for row in rows]

        run_task(load, lambda rows: self._show(cid, rows), self._failed)

    def score_now(self) -> None:
        cid = self.conversation_id
        if not cid:
            return
        self.score_button.setEnabled(False)
        self.empty.setText("Scoring…")

        def done(_rows: object) -> None:
            self.score_button.setEnabled(True)
            self.reload()
            self.load_recent()

        def failed(exc: BaseException) -> None:
            self.score_button.setEnabled(True)
            self._failed(exc)

        run_task(lambda: self.flow.on_solved(cid), done, failed)

    def _show(self, cid: str, rows: list[tuple[Any, list[float]]]) -> None:
        if cid != self.conversation_id:
            return  # another conversation was picked meanwhile
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for row, trend in rows:
            card = ReportCard(row, trend)
            card.acknowledge.connect(self.acknowledge)
            card.dispute.connect(self.open_dispute)
            card.verdict.connect(self.open_verdict)
            self.body_layout.insertWidget(self.body_layout.count() - 1, card)
            self.cards.append(card)
        if not rows and self._auto_score:
            self._auto_score = False
            self.score_now()
            return
        self.empty.setText("" if rows else "Not scored yet: it is scored when it is solved, or press "
                                           "“Score this chat”.")
        self.empty.setVisible(not rows)
        self.reports_shown.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        errors.show_error(exc, self)
        self.failed.emit(str(exc))

    def card(self, report_id: int) -> ReportCard | None:
        return next((c for c in self.cards if c.row.id == report_id), None)

    # --- the agent and the lead -----------------------------------------------------------------------

    def _then_reload(self, report_id: int) -> Any:
        def done(_result: object) -> None:
            self.changed.emit(report_id)
            self.reload()
        return done

    def acknowledge(self, report_id: int) -> None:
        run_task(lambda: self.flow.acknowledge(report_id), self._then_reload(report_id), self._failed)

    def open_dispute(self, report_id: int) -> None:
        card = self.card(report_id)
        if card is None:
            return
        self.dialog = DisputeDialog(card.row.report, self)
        self.dialog.finished.connect(lambda code: self._dispute_done(report_id, code))
        self.dialog.open()  # window-modal, never blocks the event loop

    def _dispute_done(self, report_id: int, code: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None or code != QDialog.DialogCode.Accepted:
            return
        comment, proposed = dialog.comment_text(), dialog.proposed()
        run_task(lambda: self.flow.dispute(report_id, comment, proposed), self._then_reload(report_id),
                 self._failed)

    def open_verdict(self, report_id: int, verdict: str) -> None:
        if verdict != ReportStatus.PARTLY_ACCEPTED:
            run_task(lambda: self.flow.resolve(report_id, verdict), self._then_reload(report_id), self._failed)
            return
        card = self.card(report_id)
        if card is None:
            return
        self.dialog = DisputeDialog(card.row.report, self, title="Partly accept the dispute",
                                    prompt="Why, for the agent (required), and the scores you settle on:")
        self.dialog.finished.connect(lambda code: self._partly_done(report_id, code))
        self.dialog.open()

    def _partly_done(self, report_id: int, code: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None or code != QDialog.DialogCode.Accepted:
            return
        comment, final = dialog.comment_text(), dialog.proposed()
        run_task(lambda: self.flow.resolve(report_id, ReportStatus.PARTLY_ACCEPTED, final=final, comment=comment),
                 self._then_reload(report_id), self._failed)
