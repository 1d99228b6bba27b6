"""The handoff brief card, the sentiment sparkline and the small pieces they use.

The card sits above the messages of a conversation the bot handed off: the goal, what was already
tried, what the customer already gave (chips), why a human is needed (clickable reasons), the mood and
the suggested first line with Copy. It only displays an Insight computed in the background.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from assist.analysis.escalation import Trigger
from assist.analysis.sentiment import Journey, mask_profanity
from assist.domain.conversation import Conversation
from assist.handoff.briefing import Provided
from ui.base import style
from ui.conversation.insights import PROVIDED_LABELS, Insight, shorten, trigger_label

SPARK_HEIGHT = 60
SPARK_WIDTH = 118
CHIP_VALUE_CHARS = 44


def sentiment_color(label: str) -> str:
    colors = style.current()
    return {"negative": colors.negative, "positive": colors.positive}.get(label, colors.neutral)


def score_text(score: float) -> str:
    return f"{score:+.2f}".replace("-", "−")


def _label(text: str, object_name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    return label


# --- a flow layout for chips ------------------------------------------------------------------------


class FlowLayout(QLayout):
    """Left to right, wrapping to the next row when the width runs out (the Qt "flow layout" example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        x, y, row_h = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and row_h > 0:
                x, y, row_h = rect.x(), y + row_h + self._gap, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            row_h = max(row_h, hint.height())
        return y + row_h - rect.y()


# --- the sparkline --------------------------------------------------------------------------------


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


# --- the card parts -----------------------------------------------------------------------------------


class ReasonRow(QWidget):
    """One trigger: its label and the quoted evidence; a click jumps to the message."""

    clicked = Signal(object)  # the Trigger

    def __init__(self, trigger: Trigger) -> None:
        super().__init__()
        self.trigger = trigger
        self.setObjectName("Reason")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 1, 4, 1)
        row.setSpacing(6)
        self.label = _label(trigger_label(trigger.id), "ReasonLabel", wrap=False)
        self.label.setFixedWidth(self.label.fontMetrics().horizontalAdvance("Asked for a person") + 8)
        evidence = mask_profanity(trigger.evidence)
        self.quoted = trigger.end > trigger.start
        shown = f"“{shorten(evidence, 90)}”" if self.quoted else evidence
        self.evidence = _label(shown, "ReasonEvidence", wrap=False)
        self.evidence.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.label)
        row.addWidget(self.evidence, 1)
        self._full = shown
        self.setToolTip(f"{trigger_label(trigger.id)}: {evidence}"
                        + ("\nClick to show the message" if self.clickable() else ""))
        if self.clickable():
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def clickable(self) -> bool:
        return self.trigger.message_index >= 0

    def resizeEvent(self, event: object) -> None:  # elide the evidence to the width it got
        super().resizeEvent(event)  # type: ignore[arg-type]
        width = max(20, self.evidence.width())
        self.evidence.setText(self.evidence.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                                     width))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.clickable():
            self.clicked.emit(self.trigger)
        super().mouseReleaseEvent(event)


class Chip(QToolButton):
    """A detail the customer already gave: "order 4412". Clicking jumps to where they gave it."""

    def __init__(self, provided: Provided) -> None:
        super().__init__()
        self.provided = provided
        self.setObjectName("Chip")
        self.kind = PROVIDED_LABELS.get(provided.kind, provided.kind.replace("_", " "))
        self.setText(f"{self.kind} {shorten(provided.value, CHIP_VALUE_CHARS)}")
        self.setToolTip(f"{self.kind}: {provided.value}\nClick to show where the customer gave it")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoRaise(True)


def _section(title: str) -> QLabel:
    return _label(title.upper(), "BriefSection", wrap=False)


class HandoffCard(QFrame):
    """The brief for a conversation the bot handed off. Collapsible; open when a conversation is shown."""

    message_requested = Signal(int, int, int)  # message index, span start, span end
    toggled = Signal(bool)  # open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BriefCard")
        self.insight: Insight | None = None
        self.conversation: Conversation | None = None
        self.reasons: list[ReasonRow] = []
        self.chips: list[Chip] = []
        self.tried_labels: list[QLabel] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 10, 8)
        outer.setSpacing(4)

        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.toggle = QToolButton()
        self.toggle.setObjectName("BriefToggle")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setText("Handoff brief")
        self.toggle.setToolTip("Show or hide the handoff brief")
        self.toggle.toggled.connect(self.set_open)
        self.summary = _label("", "Meta", wrap=False)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.vip_badge = _badge("VIP", style.current().vip)
        self.vip_badge.setToolTip("VIP customer")
        self.time_badge = _badge("Time-sensitive", style.current().warn)
        bar.addWidget(self.toggle)
        bar.addWidget(self.summary, 100)
        bar.addStretch(1)
        bar.addWidget(self.vip_badge)
        bar.addWidget(self.time_badge)
        outer.addLayout(bar)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(4, 0, 0, 0)
        body.setSpacing(3)
        top = QHBoxLayout()
        top.setSpacing(8)
        left = QVBoxLayout()
        left.setSpacing(2)
        self.goal = _label("", "BriefGoal")
        self.mood = _label("", "BriefText", wrap=False)
        left.addWidget(self.goal)
        left.addWidget(self.mood)
        left.addStretch(1)
        self.sparkline = Sparkline()
        top.addLayout(left, 1)
        top.addWidget(self.sparkline, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(top)

        self.tried_title = _section("Already tried")
        self.tried_box = QVBoxLayout()
        self.tried_box.setSpacing(1)
        body.addWidget(self.tried_title)
        body.addLayout(self.tried_box)

        self.gave_title = _section("Customer already gave")
        self.chip_host = QWidget()
        self.chip_flow = FlowLayout(self.chip_host)
        body.addWidget(self.gave_title)
        body.addWidget(self.chip_host)

        self.why_title = _section("Why a human")
        self.why_box = QVBoxLayout()
        self.why_box.setSpacing(0)
        body.addWidget(self.why_title)
        body.addLayout(self.why_box)

        line_bar = QHBoxLayout()
        line_bar.addWidget(_section("Suggested first line"))
        line_bar.addStretch(1)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setObjectName("Copy")
        self.copy_button.setToolTip("Copy the first line to the clipboard")
        self.copy_button.clicked.connect(self.copy_first_line)
        line_bar.addWidget(self.copy_button)
        self.first_line = _label("", "FirstLine")
        self.first_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.addLayout(line_bar)
        body.addWidget(self.first_line)
        outer.addWidget(self.body)

    # --- content ----------------------------------------------------------------------------------

    def show_insight(self, insight: Insight, conversation: Conversation) -> None:
        self.insight = insight
        self.conversation = conversation
        self.copy_button.setText("Copy")
        brief = insight.brief
        self.goal.setText(mask_profanity(brief.goal))
        self.goal.setToolTip("The customer's goal, from their first message"
                             if brief.goal_source == "first_message" else "The customer's goal")
        if brief.sentiment_at_handoff is None:
            self.mood.setText("")
        else:
            label = _label_for(brief.sentiment_at_handoff, insight)
            self.mood.setText(f"● Mood at handoff {score_text(brief.sentiment_at_handoff)} · {label}")
            self.mood.setStyleSheet(f"color: {sentiment_color(label)};")
        self.sparkline.set_journey(insight.journey)
        self.vip_badge.setVisible(brief.vip)
        self.time_badge.setVisible(brief.time_sensitive)
        self.time_badge.setToolTip("\n".join(f"“{mask_profanity(t.evidence)}”" for t in brief.escalation
                                             if t.id == "time_sensitive"))

        _clear(self.tried_box)
        self.tried_labels = []
        for attempt in brief.tried:
            tried = _label(f"• {mask_profanity(attempt)}", "BriefText")
            self.tried_labels.append(tried)
            self.tried_box.addWidget(tried)
        if not brief.tried:
            self.tried_box.addWidget(_label("Nothing yet: the bot handed over straight away.", "Meta"))

        _clear(self.chip_flow)
        self.chips = []
        for provided in brief.provided:
            chip = Chip(provided)
            chip.clicked.connect(lambda _c=False, p=provided: self._jump_to_provided(p))
            self.chips.append(chip)
            self.chip_flow.addWidget(chip)
        self.gave_title.setVisible(bool(self.chips))
        self.chip_host.setVisible(bool(self.chips))

        _clear(self.why_box)
        self.reasons = []
        for trigger in brief.escalation:
            row = ReasonRow(trigger)
            row.clicked.connect(self._jump_to_trigger)
            self.reasons.append(row)
            self.why_box.addWidget(row)
        self.why_title.setVisible(bool(self.reasons))

        self.first_line.setText(brief.first_line)
        self.copy_button.setEnabled(bool(brief.first_line))
        count = len({t.id for t in brief.escalation})
        self.summary.setText(f"{count} reason{'s' * (count != 1)} · {shorten(mask_profanity(brief.goal), 60)}"
                             if count else shorten(mask_profanity(brief.goal), 70))
        self.set_open(True)

    def set_open(self, open_: bool) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(open_)
        self.toggle.blockSignals(False)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)
        self.summary.setVisible(not open_)
        self.toggled.emit(open_)

    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def copy_first_line(self) -> None:
        if self.insight is not None and self.insight.brief.first_line:
            QGuiApplication.clipboard().setText(self.insight.brief.first_line)
            self.copy_button.setText("Copied")

    def _jump_to_trigger(self, trigger: Trigger) -> None:
        self.message_requested.emit(trigger.message_index, trigger.start, trigger.end)

    def _jump_to_provided(self, provided: Provided) -> None:
        if self.conversation is None or not 0 <= provided.message_index < len(self.conversation.messages):
            return
        start = self.conversation.messages[provided.message_index].text.find(provided.value)
        end = start + len(provided.value) if start >= 0 else -1
        self.message_requested.emit(provided.message_index, start, end)


def _label_for(score: float, insight: Insight) -> str:
    """The label the core gave the last customer message at or before the handoff."""
    index = insight.brief.handoff_index
    before = [p for p in insight.journey.per_message if index is None or int(p["index"]) <= index]
    return str(before[-1]["label"]) if before else ("negative" if score < 0 else "neutral")


def _badge(text: str, color: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Badge")
    label.setStyleSheet(f"color: {color}; border: 1px solid {color};")
    return label


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
