"""The trend of an agent's (or the bot's) overall scores: a small line, newest on the right."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class TrendLine(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[float] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(28)

    def sizeHint(self) -> QSize:
        return QSize(160, 28)

    def set_values(self, values: list[float]) -> None:
        self.values = list(values)
        self.setToolTip("Overall score of the last reports: " + " → ".join(f"{v:.0f}" for v in self.values[-10:])
                        if self.values else "No scored reports yet")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if len(self.values) < 2:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width() - 6, self.height() - 6
        step = w / (len(self.values) - 1)
        points = [QPointF(3 + i * step, 3 + h * (1 - v / 100.0)) for i, v in enumerate(self.values)]
        painter.setPen(QPen(self.palette().mid().color(), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(3, 3 + h * 0.15), QPointF(3 + w, 3 + h * 0.15))  # the 85% mark
        painter.setPen(QPen(self.palette().highlight().color(), 2))
        painter.drawPolyline(points)
        painter.end()
