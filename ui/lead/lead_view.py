"""The team lead's window: filters, then tabs for the team (one row per agent and the bot, a weekly trend),
what to automate next, the help centre's gaps and the disputes queue.

Every figure is computed by assist/analytics in a background task (the store's aggregates); this window only
shows what comes back. Double-clicking a number opens the conversations behind it, and from there a transcript
with its coaching report.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assist.analytics import figures, report, ruler
from assist.base.vocab import Measure, Role
from assist.store.metrics import BOT, Filter
from assist.workspace.workspace import Workspace
from ui import labels
from ui.base import errors
from ui.base.tasks import run_task
from ui.lead import one_page
from ui.lead.drill_dialog import DrillDialog
from ui.lead.lead_tabs import AutomationTab, DigestTab, DisputesTab, GapsTab
from ui.lead.table_model import SORT_ROLE, Column, RowsModel, minutes, number, percent
from ui.lead.week_chart import WeekChart

log = logging.getLogger(__name__)
ALL = ""


def _m(measure: Measure) -> str:
    return labels.label(measure, labels.MEASURE)


def team_columns() -> list[Column]:
    return [
        Column("agent", "Who", lambda v: labels.label(Role.BOT, labels.ROLE) if v == BOT else v),
        Column(Measure.CONVERSATIONS, _m(Measure.CONVERSATIONS), str),
        Column(Measure.RESOLUTION_RATE, _m(Measure.RESOLUTION_RATE), percent,
               tip="Finished conversations tagged resolved (the bot: resolved without a handoff)"),
        Column(Measure.FCR_RATE, _m(Measure.FCR_RATE), percent,
               tip="Resolved without the customer saying they had contacted before"),
        Column(Measure.HANDLE_S, _m(Measure.HANDLE_S), minutes,
               tip="From the customer message first answered to the side's last message"),
        Column(Measure.ESCALATION_RATE, _m(Measure.ESCALATION_RATE), percent,
               tip="Bot conversations handed to a human"),
        Column(Measure.SENTIMENT_END, _m(Measure.SENTIMENT_END), number, tip="-1 very negative … +1 very positive"),
        Column(Measure.NEGATIVE_END_RATE, _m(Measure.NEGATIVE_END_RATE), percent),
        Column(Measure.RUBRIC, _m(Measure.RUBRIC), number, get=lambda r: r["rubric"].get("overall"),
               tip="Mean overall coaching score (0-100); per criterion in the tooltip of the row"),
        Column(Measure.ACCEPTANCE_RATE, _m(Measure.ACCEPTANCE_RATE), percent,
               tip="Suggestions inserted or edited, of those with an outcome"),
        Column(Measure.DISPUTES_OPEN, _m(Measure.DISPUTES_OPEN), str),
    ]


# A column's number -> the conversations behind it (store.metrics MEASURES).
DRILL = {Measure.RESOLUTION_RATE: "resolved", Measure.FCR_RATE: "fcr", Measure.ESCALATION_RATE: "escalated",
         Measure.NEGATIVE_END_RATE: "negative_end"}
TREND = (Measure.RESOLUTION_RATE, Measure.FCR_RATE, Measure.ESCALATION_RATE, Measure.NEGATIVE_END_RATE,
         Measure.HANDLE_S, Measure.SENTIMENT_END, Measure.CONVERSATIONS)


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # as computed: agents, then the bot
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class LeadView(QWidget):
    loaded = Signal()  # every tab shows the newest figures

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle("Team lead · Assist")
        self.resize(1180, 760)
        self.filter = Filter()
        self.weekly: dict[str, list[dict[str, Any]]] = {}
        self._choices_loaded = False

        self.period, self.channel, self.reason, self.agent = (QComboBox() for _ in range(4))
        for box, first in ((self.period, "All time"), (self.channel, "All channels"),
                           (self.reason, "All contact reasons"), (self.agent, "Everyone")):
            box.addItem(first, ALL)
            box.currentIndexChanged.connect(self._filters_changed)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("The table of the open tab as a CSV file")
        self.export_button.clicked.connect(self._export_clicked)
        self.summary_button = QPushButton("1:1 summary…")
        self.summary_button.setToolTip("A one-page summary of the selected agent (or the bot), as HTML and PDF")
        self.summary_button.clicked.connect(self._summary_clicked)
        self.status = QLabel("Loading…")
        bar = QHBoxLayout()
        for w in (QLabel("Period"), self.period, QLabel("Channel"), self.channel, QLabel("Reason"), self.reason,
                  QLabel("Agent"), self.agent):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.summary_button)
        bar.addWidget(self.export_button)

        self.team = RowsModel(team_columns())
        self.team_view = _table(self.team)
        self.team_view.doubleClicked.connect(self._drill)
        self.team_view.setToolTip("Double-click a number for the conversations behind it")
        self.trend_measure = QComboBox()
        for measure in TREND:
            self.trend_measure.addItem(_m(measure), measure)
        self.trend_measure.currentIndexChanged.connect(self._draw_trend)
        self.chart = WeekChart()
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Trend by week:"))
        row.addWidget(self.trend_measure)
        row.addStretch(1)
        chart_layout.addLayout(row)
        chart_layout.addWidget(self.chart, 1)
        team_split = QSplitter(Qt.Orientation.Vertical)
        team_split.addWidget(self.team_view)
        team_split.addWidget(chart_box)
        team_split.setSizes([300, 320])

        self.automation = AutomationTab()
        self.gaps = GapsTab(workspace)
        self.disputes = DisputesTab(workspace)
        self.disputes.changed.connect(self.reload)
        self.digest = DigestTab(workspace)
        self.tabs = QTabWidget()
        self.tabs.addTab(team_split, "Team and bot")
        self.tabs.addTab(self.automation, "Automate next")
        self.tabs.addTab(self.gaps, "Help-centre gaps")
        self.tabs.addTab(self.disputes, "Disputes")
        self.tabs.addTab(self.digest, "This week")
        self.tabs.currentChanged.connect(self._tab_shown)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.reload()

    # --- loading ------------------------------------------------------------------------------------------

    def _filters_changed(self) -> None:
        if not self._choices_loaded:
            return  # the boxes are being filled
        since, until = figures.week_bounds(self.period.currentData()) if self.period.currentData() else ("", "")
        self.filter = Filter(since=since, until=until, channel=self.channel.currentData() or "",
                             reason=self.reason.currentData() or "", agent=self.agent.currentData() or "")
        self.reload()

    def reload(self) -> None:
        self.status.setText("Loading…")
        store, f = self.workspace.store, self.filter

        run_task(lambda: report.snapshot(store, f, choices=not self._choices_loaded), self._show, self._failed)
        if self.tabs.currentWidget() in (self.gaps, self.digest):
            self._tab_shown(self.tabs.currentIndex())
        self.disputes.reload()

    def _show(self, result: dict[str, Any]) -> None:
        if not self._choices_loaded:
            self._fill_choices(result["choices"])
        self.team.set_rows([*result["rows"], result["bot"]])
        self.weekly = result["weekly"]
        self._draw_trend()
        self.automation.show_figures(result["ranked"], result["forecast"])
        span, bot = result["span"], result["bot"]
        self.status.setText(
            f"{span['conversations']} conversations from {span['first'][:10] or '–'} to {span['last'][:10] or '–'}"
            f" · the bot's row covers all {bot['conversations']} with a bot turn (handed off or not)"
            + (f" · {result['refreshed']} updated" if result["refreshed"] else ""))
        self.loaded.emit()

    def _tab_shown(self, _: int) -> None:
        if self.tabs.currentWidget() is self.gaps and self.gaps.shown_for != self.filter:
            self.gaps.load(self.filter)  # grouping questions costs more than the table: only when looked at
        week = self.period.currentData() or ""  # the period's week, else the newest
        if self.tabs.currentWidget() is self.digest and self.digest.shown_for != week:
            self.digest.load(week)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(f"Could not load the figures: {exc}")
        errors.show_error(exc, self)

    def _fill_choices(self, choices: dict[str, list[str]]) -> None:
        for week in reversed(choices["week"]):
            self.period.addItem(f"Week {week}", week)
        for channel in choices["channel"]:
            self.channel.addItem(labels.label(channel, labels.CHANNEL), channel)
        for reason in choices["reason"]:
            self.reason.addItem(reason.replace("_", " "), reason)
        for agent in choices["agent"]:
            self.agent.addItem(agent, agent)
        self._choices_loaded = True

    def _draw_trend(self) -> None:
        measure = self.trend_measure.currentData() or Measure.RESOLUTION_RATE
        bot_name = labels.label(Role.BOT, labels.ROLE)
        series = {}
        for who, weeks in self.weekly.items():
            points = [(w["week"], float(w[measure])) for w in weeks if w.get(measure) is not None]
            if measure == Measure.HANDLE_S:
                points = [(w, v / 60) for w, v in points]
            if points:
                series[bot_name if who == BOT else who] = points
        title = _m(measure) + (" (minutes)" if measure == Measure.HANDLE_S else "") + " by week"
        self.chart.set_series(series, title, percent=measure in ruler.RATES, bot_name=bot_name)

    # --- drill-down and export ------------------------------------------------------------------------------

    def _drill(self, index: Any) -> None:
        source = self.team_view.model().mapToSource(index)  # type: ignore[attr-defined]
        row = self.team.row(source.row())
        column = self.team.columns[source.column()].key
        measure = DRILL.get(Measure(column), "conversations") if column in set(Measure) else "conversations"
        self.drill(row["agent"], measure)

    def drill(self, who: str, measure: str) -> None:
        store, f = self.workspace.store, self.filter
        name = labels.label(Role.BOT, labels.ROLE) if who == BOT else who
        run_task(lambda: store.metrics.conversations(f, who=who, measure=measure),
                 lambda rows: self._open_drill(f"{name} · {measure.replace('_', ' ')}", rows), self._failed)

    def _open_drill(self, title: str, rows: list[dict[str, Any]]) -> None:
        self.drill_dialog = DrillDialog(self.workspace, title, rows, self)
        self.drill_dialog.show()

    def current_model(self) -> RowsModel | None:
        return {0: self.team, 1: self.automation.model, 2: self.gaps.model}.get(self.tabs.currentIndex())

    def export_csv(self, path: Path) -> None:
        model = self.current_model()
        if model is not None:
            model.write_csv(path)

    def export_summary(self, number: int, folder: Path) -> tuple[Path, Path]:
        """The one-page summary of the team table's row `number` into `folder` (HTML and PDF)."""
        row = self.team.row(number)
        who = labels.label(Role.BOT, labels.ROLE) if row["agent"] == BOT else row["agent"]
        chart = WeekChart()
        chart.set_series({k: v for k, v in self.chart.series.items() if k == who}, self.chart.title,
                         percent=self.chart.percent, bot_name=self.chart.bot_name)
        stem = folder / ("summary-" + "".join(ch if ch.isalnum() else "-" for ch in who).strip("-").lower())
        paths = stem.with_suffix(".html"), stem.with_suffix(".pdf")
        agents = [r for r in self.team.rows if r["agent"] != BOT]
        one_page.write(*paths, who, row, agents, self.team.columns,
                       self.period.currentText() + " · " + self.status.text().split(" · ")[0], chart)
        return paths

    def _summary_clicked(self) -> None:
        rows = self.team_view.selectionModel().selectedRows()
        if not rows:
            self.status.setText("Select an agent's row (or the bot's) for the 1:1 summary")
            return
        number = self.team_view.model().mapToSource(rows[0]).row()  # type: ignore[attr-defined]
        folder = QFileDialog.getExistingDirectory(self, "Save the 1:1 summary in")
        if folder:
            try:
                html_path, pdf_path = self.export_summary(number, Path(folder))
                self.status.setText(f"Saved {html_path.name} and {pdf_path.name}")
            except OSError as exc:
                errors.show_error(exc, self)

    def _export_clicked(self) -> None:
        if self.current_model() is None:
            self.status.setText("The disputes queue has no table to export; choose another tab")
            return
        name, _ = QFileDialog.getSaveFileName(self, "Export the table as CSV", "assist-team.csv", "CSV (*.csv)")
        if name:
            try:
                self.export_csv(Path(name))
            except OSError as exc:
                errors.show_error(exc, self)
