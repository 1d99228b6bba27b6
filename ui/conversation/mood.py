"""How the customer's mood is shown: the colour of a sentiment label, a score as text ("+0.40", "−0.62"),
and the sparkline of the sentiment journey with start, lowest and end marked.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from assist.analysis.sentiment import Journey
from ui.base import style

SPARK_HEIGHT = 60
SPARK_WIDTH = 118


def sentiment_color(label: str) -> str:
    colors = style.current()
    return {"negative": colors.negative, "positive": colors.positive}.get(label, colors.neutral)


def score_text(score: float) -> str:
    return f"{score:+.2f}".replace("-", "−")


class Sparkline(QWidget):
    """The customer's mood over the conversation, -1..+1, with start, lowest and end marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sparkline")
        self.scores: list[float] = []
        self.lowest_index = -1
        self.setFixedHeight(SPARK_HEIGHT)
        self.setMinimumWidth(80)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Sentiment journey")

    def sizeHint(self) -> QSize:
        return QSize(SPARK_WIDTH, SPARK_HEIGHT)

    def set_journey(self, journey: Journey) -> None:
        self.scores = [float(p["score"]) for p in journey.per_message]
        self.lowest_index = min(range(len(self.scores)), key=self.scores.__getitem__) if self.scores else -1
        if self.scores:
            self.setToolTip(f"Customer mood over the conversation\nstart {score_text(journey.start)} · "
                            f"lowest {score_text(journey.lowest)} · end {score_text(journey.end)}")
        else:
            self.setToolTip("No customer messages yet")
        self.update()

    def point_count(self) -> int:
        return len(self.scores)

    def points(self) -> list[QPointF]:
        """Widget coordinates of each score (score +1 at the top, -1 at the bottom)."""
        area = QRectF(self.rect()).adjusted(6, 12, -6, -6)
        n = len(self.scores)
        out = []
        for i, score in enumerate(self.scores):
            x = area.center().x() if n == 1 else area.left() + area.width() * i / (n - 1)
            y = area.top() + area.height() * (1 - (max(-1.0, min(1.0, score)) + 1) / 2)
            out.append(QPointF(x, y))
        return out

    def paintEvent(self, _event: QPaintEvent) -> None:
        colors = style.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(6, 12, -6, -6)
        zero = area.top() + area.height() / 2
        painter.setPen(QPen(QColor(colors.border), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(area.left(), zero), QPointF(area.right(), zero))
        small = QFont(self.font())
        small.setPointSizeF(7)
        painter.setFont(small)
        painter.setPen(QColor(colors.muted))
        painter.drawText(QRectF(0, 0, self.width(), 11), Qt.AlignmentFlag.AlignLeft, "Mood")
        points = self.points()
        if not points:
            painter.end()
            return
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        painter.setPen(QPen(QColor(colors.muted), 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        marks = [(0, colors.neutral), (len(points) - 1, colors.accent), (self.lowest_index, colors.negative)]
        for index, color in marks:
            painter.setPen(QPen(QColor(colors.surface), 1.2))
            painter.setBrush(QColor(color))
            painter.drawEllipse(points[index], 3.6, 3.6)
        painter.setPen(QColor(colors.muted))
        low = points[self.lowest_index]
        if 0 < self.lowest_index < len(points) - 1:
            painter.drawText(QRectF(low.x() - 20, low.y() + 2, 40, 11), Qt.AlignmentFlag.AlignCenter, "low")
        painter.end()
