"""The pieces of the handoff brief card: a reason a human is needed (clickable, jumps to the message), a
chip for a detail the customer already gave, a section title, and clearing a layout between conversations.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QSizePolicy, QToolButton, QWidget

from assist.analysis.escalation import Trigger
from assist.analysis.sentiment import mask_profanity
from assist.handoff.briefing import Provided
from ui.conversation.insights import PROVIDED_LABELS, shorten, trigger_label
from ui.conversation.plain_labels import text_label

CHIP_VALUE_CHARS = 44


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
        self.label = text_label(trigger_label(trigger.id), "ReasonLabel", wrap=False)
        self.label.setFixedWidth(self.label.fontMetrics().horizontalAdvance("Asked for a person") + 8)
        evidence = mask_profanity(trigger.evidence)
        self.quoted = trigger.end > trigger.start
        shown = f"“{shorten(evidence, 90)}”" if self.quoted else evidence
        self.evidence = text_label(shown, "ReasonEvidence", wrap=False)
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


def section(title: str) -> QLabel:
    return text_label(title.upper(), "BriefSection", wrap=False)


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
