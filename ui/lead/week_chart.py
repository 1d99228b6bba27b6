"""A line per agent (and the bot) of one measure by ISO week, drawn with QPainter.

Drawn by hand rather than with pyqtgraph: one chart type, a few dozen points, and the same `draw()` paints the
screen, the PNG and the PDF summary page, with no extra dependency to package."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#2f6fdb", "#d9480f", "#2b8a3e", "#862e9c", "#c92a2a", "#1098ad", "#5c940d", "#e67700")
BOT_COLOR = "#495057"


class WeekChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: dict[str, list[tuple[str, float]]] = {}
        self.title = ""
        self.percent = False
        self.bot_name = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    def set_series(self, series: dict[str, list[tuple[str, float]]], title: str, *, percent: bool,
                   bot_name: str = "") -> None:
        self.series, self.title, self.percent, self.bot_name = series, title, percent, bot_name
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.draw(painter, QRectF(self.rect()))
        finally:
            painter.end()

    def draw(self, painter: QPainter, area: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        painter.setPen(text)
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        line = painter.fontMetrics().height()
        painter.drawText(QRectF(area.left() + 4, area.top(), area.width() - 8, line), self.title)
        painter.setFont(QFont(self.font()))
        weeks = sorted({w for points in self.series.values() for w, _ in points})
        values = [v for points in self.series.values() for _, v in points]
        legend_w = min(180.0, area.width() * 0.3)
        plot = QRectF(area.left() + 44, area.top() + line + 8, area.width() - 56 - legend_w,
                      area.height() - 2 * line - 20)
        if not weeks or not values or plot.width() < 40 or plot.height() < 30:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No weeks to show for this filter")
            return
        low, high = (0.0, 1.0) if self.percent else (min(0.0, min(values)), max(values) or 1.0)
        span = (high - low) or 1.0
        painter.setPen(QPen(self.palette().mid().color(), 1))
        for i in range(5):  # the value grid and its labels
            y = plot.bottom() - plot.height() * i / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            value = low + span * i / 4
            label = f"{100 * value:.0f}%" if self.percent else f"{value:.0f}" if span >= 4 else f"{value:.2f}"
            painter.drawText(QRectF(area.left(), y - line / 2, 40, line), Qt.AlignmentFlag.AlignRight, label)
        step = plot.width() / max(1, len(weeks) - 1)
        x_of = {w: plot.left() + (i * step if len(weeks) > 1 else plot.width() / 2) for i, w in enumerate(weeks)}
        every = max(1, len(weeks) // 8)
        painter.setPen(text)
        for i, w in enumerate(weeks):
            if i % every == 0:
                painter.drawText(QRectF(x_of[w] - 40, plot.bottom() + 4, 80, line), Qt.AlignmentFlag.AlignCenter, w)
        for n, (name, points) in enumerate(sorted(self.series.items(), key=lambda kv: kv[0] == self.bot_name)):
            color = QColor(BOT_COLOR if name == self.bot_name else PALETTE[n % len(PALETTE)])
            pen = QPen(color, 2, Qt.PenStyle.DashLine if name == self.bot_name else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            pts = [QPointF(x_of[w], plot.bottom() - plot.height() * (v - low) / span) for w, v in points]
            if len(pts) > 1:
                painter.drawPolyline(pts)
            painter.setBrush(color)
            for p in pts:
                painter.drawEllipse(p, 2.5, 2.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            y = plot.top() + n * (line + 2)
            painter.drawLine(QPointF(plot.right() + 12, y + line / 2), QPointF(plot.right() + 30, y + line / 2))
            painter.setPen(text)
            painter.drawText(QRectF(plot.right() + 34, y, legend_w - 36, line), Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(legend_w - 36)))
