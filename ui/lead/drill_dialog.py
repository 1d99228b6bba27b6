"""The evidence behind a number: the conversations it counts, and for one of them its transcript beside its
coaching reports (overall, each criterion with its reason)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assist.workspace.workspace import Workspace
from ui import labels
from ui.base.tasks import run_task
from ui.lead.table_model import Column, RowsModel, minutes

COLUMNS = [
    Column("subject", "Conversation", lambda v: v or "(no subject)"),
    Column("started_at", "Started", lambda v: (v or "")[:16].replace("T", " ")),
    Column("agent", "Agent", lambda v: v or "bot only"),
    Column("channel", "Channel", lambda v: labels.label(v, labels.CHANNEL)),
    Column("reason", "Contact reason"),
    Column("resolved", "Resolved", lambda v: "–" if v is None else "yes" if v else "no"),
    Column("handle_s", "Handle time", minutes),
]


def transcript_html(conversation: Any, reports: list[Any]) -> str:
    """The transcript and its reports as simple HTML (escaped: customer text is never markup)."""
    parts = [f"<h3>{html.escape(conversation.subject or conversation.id)}</h3>"]
    for report in reports:
        r = report.report
        overall = "not scored" if report.overall is None else f"{report.overall:.0f}/100"
        parts.append(f"<p><b>Coaching · {html.escape(labels.label(report.scored_as, labels.ROLE))} "
                     f"{html.escape(report.author)}: {overall}</b> "
                     f"({html.escape(labels.label(report.status, labels.REPORT_STATUS))})</p><ul>")
        for c in r.get("criteria", []):
            parts.append(f"<li>{html.escape(labels.label(c['id'], labels.CRITERION))}: {c['score']}/{c['max']}"
                         f" — {html.escape(c.get('reason', ''))}</li>")
        parts.append("</ul>")
    if not reports:
        parts.append("<p><i>No coaching report for this conversation yet.</i></p>")
    parts.append("<hr>")
    for m in conversation.messages:
        who = f"{labels.label(m.role, labels.ROLE)} · {m.author}" if m.author else labels.label(m.role, labels.ROLE)
        parts.append(f"<p><b>{html.escape(who)}</b> <small>{html.escape(m.at)}</small><br>"
                     f"{html.escape(m.text).replace(chr(10), '<br>')}</p>")
    return "".join(parts)


class DrillDialog(QDialog):
    def __init__(self, workspace: Workspace, title: str, rows: list[dict[str, Any]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(title)
        self.resize(1000, 640)
        self.model = RowsModel(COLUMNS)
        self.model.set_rows(rows)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self.open_row(current.row()))
        self.transcript = QTextBrowser()
        self.transcript.setPlaceholderText("Choose a conversation to read its transcript and coaching report")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.transcript)
        split.setSizes([240, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{len(rows)} conversation{'s' if len(rows) != 1 else ''} behind this number"))
        layout.addWidget(split)

    def open_row(self, number: int) -> None:
        if not 0 <= number < len(self.model.rows):
            return
        conversation_id = self.model.row(number)["id"]
        store = self.workspace.store

        def work() -> tuple[Any, list[Any]]:
            return store.conversations.get(conversation_id), store.coaching.for_conversation(conversation_id)

        run_task(work, self._show)

    def _show(self, found: tuple[Any, list[Any]]) -> None:
        conversation, reports = found
        if conversation is None:
            self.transcript.setPlainText("This conversation is no longer in the workspace.")
            return
        self.transcript.setHtml(transcript_html(conversation, reports))
