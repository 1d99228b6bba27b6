"""A small padlock drawn with QPainter: the IT-lock mark must show on machines without an emoji font."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QWidget


def lock_pixmap(size: int, color: QColor, ratio: float = 1.0) -> QPixmap:
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, max(1.2, size / 9))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QRectF(size * 0.28, size * 0.08, size * 0.44, size * 0.5)
    painter.drawArc(shackle, 0, 180 * 16)  # the shackle's arch
    painter.drawLine(int(shackle.left()), int(size * 0.33), int(shackle.left()), int(size * 0.45))
    painter.drawLine(int(shackle.right()), int(size * 0.33), int(shackle.right()), int(size * 0.45))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(QRectF(size * 0.16, size * 0.44, size * 0.68, size * 0.5), size * 0.1, size * 0.1)
    painter.end()
    return pixmap


class LockIcon(QLabel):
    def __init__(self, color: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        size = max(10, self.fontMetrics().height() - 2)
        self.setPixmap(lock_pixmap(size, color, self.devicePixelRatioF()))
        self.setFixedSize(size, size)
        self.setAccessibleName("Locked")
