"""The conversation queue: a list model of QueueItem and a compact two-line row delegate."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from assist.analysis.escalation import Trigger
from assist.handoff import triage
from assist.store import QueueItem
from ui import labels
from ui.base import style
from ui.labels import NEEDS_HUMAN, reasons_text

ItemRole = Qt.ItemDataRole.UserRole + 1
NeedsHumanRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex

CHANNEL_LABELS: dict[str, str] = dict(labels.CHANNEL)
STATUS_COLORS = {"open": "#2e7d32", "pending": "#b26a00", "solved": "#667085"}
STATUS_COLORS_DARK = {"open": "#6cc070", "pending": "#f0b429", "solved": "#9aa1ab"}


class QueueModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QueueItem] = []
        self._triggers: dict[str, list[Trigger]] = {}

    def set_items(self, items: list[QueueItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def set_triggers(self, found: dict[str, list[Trigger]]) -> None:
        """Escalation triggers per conversation id, computed in the background after the queue loaded."""
        self._triggers = dict(found)
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1),
                                  [ItemRole, Qt.ItemDataRole.ToolTipRole])

    def triggers(self, conversation_id: str) -> list[Trigger]:
        return list(self._triggers.get(conversation_id, []))

    def needs_human(self, conversation_id: str) -> bool:
        """A live (open or pending) conversation where escalation triggers fired."""
        row = self.row_of(conversation_id)
        return row >= 0 and triage.needs_human(self._items[row].status, self._triggers.get(conversation_id, []))

    def item(self, row: int) -> QueueItem:
        return self._items[row]

    def items(self) -> list[QueueItem]:
        return list(self._items)

    def row_of(self, conversation_id: str) -> int:
        return next((i for i, item in enumerate(self._items) if item.id == conversation_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.customer_name or 'Unknown customer'} — {item.subject}"
        if role == Qt.ItemDataRole.ToolTipRole:
            # The row elides name, subject and channel to its width: the tooltip has them whole.
            channel = CHANNEL_LABELS.get(item.channel, item.channel)
            head = (f"{item.customer_name or 'Unknown customer'} · {channel} · "
                    f"{labels.label(item.status, labels.STATUS)}\n{item.subject}\n\n{item.preview}")
            if self.needs_human(item.id):
                return f"{head}\n\n{NEEDS_HUMAN}:\n{reasons_text(self._triggers[item.id])}"
            return head
        if role == ItemRole:
            return item
        if role == NeedsHumanRole:
            return self.needs_human(item.id)
        return None


def _badge(painter: QPainter, right: int, center_y: int, text: str, color: QColor, font: QFont,
           *, solid: bool = False) -> int:
    """Draw a small rounded badge ending at `right`; return its left edge. `solid`: filled, white text."""
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance(text) + 12
    height = metrics.height() + 2
    rect = QRect(right - width, center_y - height // 2, width, height)
    fill = QColor(color)
    if not solid:
        fill.setAlpha(40)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, height / 2, height / 2)
    painter.setPen(QColor("#ffffff") if solid else color)
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    return rect.left()


class QueueDelegate(QStyledItemDelegate):
    PAD_X = 12
    PAD_Y = 7

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + self.PAD_Y * 2 + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = index.data(ItemRole)
        if not isinstance(item, QueueItem):
            return
        colors = style.current()
        rect: QRect = option.rect
        state = option.state
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(colors.selection))
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), QColor(colors.accent))
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor(colors.window))
        painter.setPen(QColor(colors.border))
        painter.drawLine(rect.left() + self.PAD_X, rect.bottom(), rect.right() - self.PAD_X, rect.bottom())

        base: QFont = option.font
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() - 2))
        small.setWeight(QFont.Weight.Bold)
        line_h = QFontMetrics(base).height()
        inner = rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        first = QRect(inner.left(), inner.top(), inner.width(), line_h)
        second = QRect(inner.left(), inner.top() + line_h + 4, inner.width(), line_h)

        # Badges, right to left: status, needs a human, AI, VIP.
        right = first.right()
        center = first.center().y()
        status_colors = STATUS_COLORS_DARK if colors.dark else STATUS_COLORS
        status_color = QColor(status_colors.get(item.status, colors.muted))
        right = _badge(painter, right, center, item.status.upper(), status_color, small) - 6
        if index.data(NeedsHumanRole):
            right = _badge(painter, right, center, NEEDS_HUMAN, QColor(colors.escalate), small, solid=True) - 6
        if item.from_bot:
            right = _badge(painter, right, center, "AI", QColor(colors.ai), small) - 6
        if item.vip:
            right = _badge(painter, right, center, "VIP", QColor(colors.vip), small) - 6

        painter.setFont(bold)
        painter.setPen(QColor(colors.text))
        name_rect = QRect(first.left(), first.top(), right - first.left() - 4, line_h)
        name = QFontMetrics(bold).elidedText(item.customer_name or "Unknown customer",
                                             Qt.TextElideMode.ElideRight, name_rect.width())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

        painter.setFont(base)
        channel = CHANNEL_LABELS.get(item.channel, item.channel)
        painter.setPen(QColor(colors.muted))
        channel_w = QFontMetrics(base).horizontalAdvance(channel)
        painter.drawText(second, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, channel)
        subject_rect = QRect(second.left(), second.top(), second.width() - channel_w - 12, line_h)
        subject = QFontMetrics(base).elidedText(item.subject or item.preview, Qt.TextElideMode.ElideRight,
                                                subject_rect.width())
        painter.setPen(QColor(colors.text))
        painter.drawText(subject_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, subject)
        painter.restore()


class QueueView(QListView):
    conversation_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Queue")
        self.queue_model = QueueModel(self)
        self.setModel(self.queue_model)
        self.setItemDelegate(QueueDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Conversation queue")
        self.selectionModel().currentChanged.connect(self._on_current_changed)

    def set_items(self, items: list[QueueItem]) -> None:
        self.queue_model.set_items(items)

    def row_height(self) -> int:
        return self.fontMetrics().height() * 2 + QueueDelegate.PAD_Y * 2 + 4

    def select(self, conversation_id: str) -> None:
        row = self.queue_model.row_of(conversation_id)
        if row >= 0:
            index = self.queue_model.index(row)
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def current_id(self) -> str:
        index = self.currentIndex()
        return self.queue_model.item(index.row()).id if index.isValid() else ""

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.conversation_selected.emit(self.queue_model.item(current.row()).id)
