"""The lead window's other tabs: what to automate next (ranked reasons, the bot's and the humans' results side
by side, the forecast with its assumptions), the help centre's gaps (with an editable draft article), the
disputes queue (accept, partly accept or reject, with a comment) and the week's "what broke" digest."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assist.analytics import digest, gaps
from assist.base.vocab import ReportStatus
from assist.store.metrics import Filter
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.workspace import Workspace
from ui import labels
from ui.base import errors
from ui.base.tasks import run_task
from ui.lead.table_model import Column, RowsModel, minutes, percent


def _nested(*keys: str) -> Any:
    def get(row: dict[str, Any]) -> Any:
        value: Any = row
        for k in keys:
            value = value.get(k) if isinstance(value, dict) else None
        return value
    return get


AUTOMATION_COLUMNS = [
    Column("rank", "#", str), Column("reason", "Contact reason", lambda v: v.replace("_", " ")),
    Column("score", "Score", lambda v: f"{v:.2f}", tip="Weighted: volume, exchanges, escalation, resolution, mood"),
    Column("volume", "Volume", str), Column("exchanges", "Exchanges", lambda v: f"{v:.1f}"),
    Column("resolution_rate", "Resolved", percent), Column("resolution_consistency", "Steady", percent,
                                                           tip="1 - twice the spread of the weekly resolution rate"),
    Column("sentiment_spread", "Mood spread", lambda v: f"{v:.2f}"),
    Column("sentiment_low", "Lowest mood", lambda v: f"{v:+.2f}"),
    Column("bot_conv", "Bot conv.", str, get=_nested("bot", "conversations")),
    Column("bot_res", "Bot resolved", percent, get=_nested("bot", "resolution_rate")),
    Column("bot_esc", "Bot escalated", percent, get=_nested("bot", "escalation_rate")),
    Column("human_conv", "Agent conv.", str, get=_nested("humans", "conversations")),
    Column("human_res", "Agents resolved", percent, get=_nested("humans", "resolution_rate")),
    Column("human_handle", "Agent handle", minutes, get=_nested("humans", "handle_s")),
]
GAP_COLUMNS = [
    Column("count", "Questions", str), Column("label", "Group"),
    Column("no_article", "No article", str, tip="No help-centre article answered the question"),
    Column("both_failed", "Bot and agent failed", str, tip="Handed off and still unresolved"),
    Column("examples", "Example", lambda v: (v[0] if v else "").replace("\n", " ")[:120]),
]


class AutomationTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.model = RowsModel(AUTOMATION_COLUMNS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.resizeColumnsToContents()
        self.forecast = QLabel()
        self.forecast.setWordWrap(True)
        self.forecast.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.forecast)

    def show_figures(self, ranked: list[dict[str, Any]], forecast: dict[str, Any]) -> None:
        self.model.set_rows(ranked)
        self.table.resizeColumnsToContents()
        if not ranked:
            self.forecast.setText("No contact reason has enough conversations to rank yet.")
            return
        share = percent(forecast["share_of_volume"])
        matched = forecast["if_bot_matched_humans"]
        self.forecast.setText(
            f"<b>Forecast:</b> if the bot took {', '.join(r.replace('_', ' ') for r in forecast['reasons'])}, it would "
            f"handle {share} of volume and free {forecast['agent_hours_freed_per_week']} agent hours a week at its "
            f"measured rate, or {matched['agent_hours_freed_per_week']} a week if it resolved them as often as the "
            f"agents do.<br><small>Assumptions: " + "; ".join(forecast["assumptions"]) + ".</small>")


class GapsTab(QWidget):
    loaded = Signal()

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.groups: list[dict[str, Any]] = []
        self.shown_for: Filter | None = None
        self.model = RowsModel(GAP_COLUMNS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self.draft_for(current.row()))
        self.draft = QPlainTextEdit()
        self.draft.setPlaceholderText("Choose a group: a draft article from the agents' own answers appears here, "
                                      "to edit and export")
        self.export_button = QPushButton("Export draft…")
        self.export_button.clicked.connect(self._export)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Draft article (every sentence is an agent's, verbatim)"))
        column.addWidget(self.draft, 1)
        column.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([620, 480])
        QVBoxLayout(self).addWidget(split)

    def load(self, f: Filter) -> None:
        store = self.workspace.store
        self.shown_for = f
        run_task(lambda: gaps.groups(store, f), self.show_groups, lambda exc: errors.show_error(exc, self))

    def show_groups(self, found: list[dict[str, Any]]) -> None:
        self.groups = found
        self.model.set_rows(found)
        self.table.resizeColumnsToContents()
        self.loaded.emit()

    def draft_for(self, number: int) -> None:
        if 0 <= number < len(self.groups):
            group, store = self.groups[number], self.workspace.store
            run_task(lambda: gaps.as_markdown(gaps.draft(store, group)), self.draft.setPlainText)

    def export_to(self, path: Path) -> None:
        path.write_text(self.draft.toPlainText(), encoding="utf-8")

    def _export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export the draft article", "draft-article.md", "Markdown (*.md)")
        if name:
            try:
                self.export_to(Path(name))
            except OSError as exc:
                errors.show_error(exc, self)


class DisputesTab(QWidget):
    changed = Signal()  # a verdict was stored

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.flow = CoachingFlow(workspace)
        self.items: list[dict[str, Any]] = []
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._select)
        self.detail = QLabel("No dispute waiting for you.")
        self.detail.setWordWrap(True)
        self.scores = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("Your comment to the agent")
        self.buttons = {verdict: QPushButton(text) for verdict, text in (
            (ReportStatus.ACCEPTED, "Accept"), (ReportStatus.PARTLY_ACCEPTED, "Partly accept"),
            (ReportStatus.REJECTED, "Reject"))}
        row = QHBoxLayout()
        for verdict, button in self.buttons.items():
            button.clicked.connect(lambda _=False, v=verdict: self.decide(v))
            button.setEnabled(False)
            row.addWidget(button)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.detail)
        column.addLayout(self.scores)
        column.addWidget(self.comment)
        column.addLayout(row)
        column.addStretch(1)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([380, 700])
        QVBoxLayout(self).addWidget(split)

    def reload(self) -> None:
        store = self.workspace.store

        def work() -> list[dict[str, Any]]:
            out = []
            for d in store.coaching.open_disputes():
                report = store.coaching.get(d.report_id)
                if report is not None:
                    out.append({"dispute": d, "report": report})
            return out

        run_task(work, self._show)

    def _show(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        self.list.clear()
        for item in items:
            r = item["report"]
            self.list.addItem(QListWidgetItem(f"{r.author or labels.label(r.scored_as, labels.ROLE)} · "
                                              f"{r.conversation_id} · {r.overall or 0:.0f}/100"))
        if items:
            self.list.setCurrentRow(0)
        else:
            self._select(-1)

    def _select(self, number: int) -> None:
        while self.scores.rowCount():
            self.scores.removeRow(0)
        self.spins = {}
        has = 0 <= number < len(self.items)
        for button in self.buttons.values():
            button.setEnabled(has)
        if not has:
            self.detail.setText("No dispute waiting for you.")
            return
        d, r = self.items[number]["dispute"], self.items[number]["report"]
        self.detail.setText(f"<b>{r.author}</b> disputes the report of {r.conversation_id}: “{d.comment}”")
        current = {c["id"]: c for c in r.report.get("criteria", [])}
        for cid, proposed in d.proposed.items():
            now = int(current.get(cid, {}).get("score", proposed))
            spin = QSpinBox()
            spin.setRange(min(now, proposed), max(now, proposed))
            spin.setValue((now + proposed) // 2)
            self.spins[cid] = spin
            self.scores.addRow(f"{labels.label(cid, labels.CRITERION)}: {now} → proposed {proposed}", spin)

    def decide(self, verdict: str) -> None:
        number = self.list.currentRow()
        if not 0 <= number < len(self.items):
            return
        report_id = self.items[number]["report"].id
        final = {cid: spin.value() for cid, spin in self.spins.items()} if verdict == ReportStatus.PARTLY_ACCEPTED \
            else None
        comment = self.comment.text()
        run_task(lambda: self.flow.resolve(report_id, verdict, final=final, comment=comment), self._decided,
                 lambda exc: errors.show_error(exc, self))

    def _decided(self, _: Any) -> None:
        self.comment.clear()
        self.changed.emit()


class DigestTab(QWidget):
    """The weekly "what broke" review of the period's week (the newest week when the period is all time)."""

    loaded = Signal()

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.shown_for: str | None = None
        self.text = QTextBrowser()
        self.text.setPlaceholderText("Loading the week's review…")
        QVBoxLayout(self).addWidget(self.text)

    def load(self, week: str) -> None:
        store = self.workspace.store
        self.shown_for = week
        run_task(lambda: digest.build(store, week), self._show, lambda exc: errors.show_error(exc, self))

    def _show(self, d: dict[str, Any]) -> None:
        self.text.setHtml(digest_html(d))
        self.loaded.emit()


def _list(title: str, items: list[str]) -> str:
    body = "".join(f"<li>{i}</li>" for i in items) or "<li><i>nothing this week</i></li>"
    return f"<h4>{html.escape(title)}</h4><ul>{body}</ul>"


def digest_html(d: dict[str, Any]) -> str:
    if d.get("empty"):
        return "<p>No conversations stored yet.</p>"
    e = html.escape

    def ids(items: list[str]) -> str:
        return e(", ".join(items))

    parts = [f"<h3>What broke in {e(d['week'])}</h3><p>{e(d['from'])} to {e(d['to'])}, against the four weeks "
             f"from {e(d['baseline']['from'])}.</p>"]
    parts.append(_list("Reasons whose rate rose", [
        f"{e(r['reason'].replace('_', ' '))}: {e(r['measure'].replace('_', ' '))} {percent(r['was'])} → "
        f"{percent(r['now'])} ({r['volume']} conversations; e.g. {ids(r['examples'])})" for r in d["reasons_rising"]]))
    parts.append(_list("The bot's new failures", [
        f"{e(r['reason'].replace('_', ' '))}: {r['handed_off']} handed off unresolved (e.g. {ids(r['examples'])})"
        for r in d["bot_new_failures"]]))
    parts.append(_list("Rules that fired most", [
        f"{e(r['rule'])}: {r['count']} (e.g. {ids(r['examples'])})" for r in d["rules_fired"]]))
    parts.append(_list("Suggestions flagged by agents", [
        f"{e(labels.label(r['reason'], labels.FLAG_REASON))}: {r['count']} — "
        f"{e('; '.join(c for c in r['comments'] if c))} (e.g. {ids(r['examples'])})" for r in d["flagged"]]))
    parts.append(_list("Suggestion acceptance dropping", [
        f"{e(r['agent'])}: {percent(r['was'])} → {percent(r['now'])} of {r['suggestions']}"
        for r in d["acceptance_dropping"]]))
    return "".join(parts)
