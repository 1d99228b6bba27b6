"""One coaching report on screen: who was scored, the overall (and why it is 0 when a critical criterion
failed), each criterion with its score, evidence, suggestion and rewrite, the author's trend, and the
actions its status allows (Seen, Dispute…; for a lead on a disputed report: Accept, Partly…, Reject)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assist.base.vocab import ReportStatus
from assist.store.coaching import ReportRow
from ui import labels
from ui.coaching.trend_line import TrendLine

QUOTE_CHARS = 110


def _line(text: str, object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


def criterion_html(c: dict[str, Any]) -> str:
    full = c["score"] >= c["max"]
    mark = "✓" if full else "!"
    counted = "" if c.get("counted", True) else f" · {html.escape(labels.label(c['method'], labels.METHOD))}"
    parts = [f"<b>{mark} {html.escape(c['label'])}</b> {c['score']}/{c['max']}{counted}"
             f" — {html.escape(c.get('reason', ''))}"]
    if not full:
        for e in c.get("evidence", [])[:2]:
            said = html.escape(labels.shorten(e["quote"], QUOTE_CHARS))
            parts.append(f"&nbsp;&nbsp;[{e['message_index'] + 1}] “{said}”")
        if c.get("suggestion"):
            parts.append(f"&nbsp;&nbsp;→ {html.escape(c['suggestion'])}")
        if c.get("rewrite"):
            parts.append(f"&nbsp;&nbsp;<i>Rewrite:</i> {html.escape(c['rewrite'])}")
    return "<br>".join(parts)


class ReportCard(QFrame):
    acknowledge = Signal(int)
    dispute = Signal(int)
    verdict = Signal(int, str)  # report id, ReportStatus verdict

    def __init__(self, row: ReportRow, trend: list[float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("CoachingReport")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        report = row.report
        who = f"{labels.label(row.scored_as, labels.ROLE)} · {row.author}" if row.author else \
            labels.label(row.scored_as, labels.ROLE)
        head = QHBoxLayout()
        overall = "" if row.overall is None else f" — {row.overall:.0f}%"
        self.title = _line(f"<b>{html.escape(who)}</b>{overall}", "CoachingTitle")
        self.status = QLabel(labels.label(row.status, labels.REPORT_STATUS))
        self.status.setObjectName("CoachingStatus")
        head.addWidget(self.title, 1)
        head.addWidget(self.status)
        layout.addLayout(head)
        if report.get("not_scored"):
            layout.addWidget(_line(html.escape(f"{labels.label(report['not_scored'], labels.NOT_SCORED)}: "
                                               f"{report.get('not_scored_detail', '')}")))
        else:
            self.trend = TrendLine()
            self.trend.set_values(trend)
            self.trend.setVisible(len(trend) >= 2)  # one point is no trend
            layout.addWidget(self.trend)
            if report.get("zeroed_by"):
                layout.addWidget(_line(html.escape(f"Overall 0: {report['zeroed_by']} is critical and scored below "
                                                   "half."), "CoachingWarning"))
            weak = [c for c in report["criteria"] if c["score"] < c["max"]]
            good = [c for c in report["criteria"] if c["score"] >= c["max"]]
            for c in weak + good:
                layout.addWidget(_line(criterion_html(c)))
            if report.get("not_judged"):
                layout.addWidget(_line(html.escape("Not judged (no model): " + ", ".join(report["not_judged"]))))
            note = _line(html.escape(report.get("overall_rule", "")), "CoachingNote")
            layout.addWidget(note)
        layout.addLayout(self._actions())

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        status = self.row.status
        if self.row.locked:
            row.addWidget(QLabel("Scores locked"))
            return row
        wanted: list[tuple[str, str]] = []
        if status in (ReportStatus.NEW, ReportStatus.SEEN) and not self.row.report.get("not_scored"):
            if status == ReportStatus.NEW:
                wanted.append(("seen", "Seen"))
            wanted.append(("dispute", "Dispute…"))
        if status == ReportStatus.DISPUTED:
            wanted += [("accepted", "Accept"), ("partly_accepted", "Partly…"), ("rejected", "Reject")]
        for key, text in wanted:
            button = QPushButton(text)
            button.setAccessibleName(f"{text} report {self.row.id}")
            button.clicked.connect(lambda _=False, k=key: self._clicked(k))
            self.buttons[key] = button
            row.addWidget(button)
        return row

    def _clicked(self, key: str) -> None:
        if key == "seen":
            self.acknowledge.emit(self.row.id)
        elif key == "dispute":
            self.dispute.emit(self.row.id)
        else:
            self.verdict.emit(self.row.id, key)
