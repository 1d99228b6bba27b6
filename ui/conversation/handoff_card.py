"""The handoff brief card.

The card sits above the messages of a conversation the bot handed off: the goal, what was already
tried, what the customer already gave (chips), why a human is needed (clickable reasons), the mood and
the suggested first line with Copy. It only displays an Insight computed in the background. Its pieces
live in brief_parts, the sparkline in mood, the chips' layout in ui/widgets/flow_layout.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from assist.analysis.escalation import Trigger
from assist.analysis.sentiment import mask_profanity
from assist.domain.conversation import Conversation
from assist.handoff.briefing import Provided
from ui.base import style
from ui.conversation.brief_parts import Chip, ReasonRow, clear_layout, section
from ui.conversation.insights import Insight, shorten
from ui.conversation.mood import Sparkline, score_text, sentiment_color
from ui.conversation.plain_labels import badge, text_label
from ui.widgets.flow_layout import FlowLayout


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
        self.summary = text_label("", "Meta", wrap=False)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.vip_badge = badge("VIP", style.current().vip)
        self.vip_badge.setToolTip("VIP customer")
        self.time_badge = badge("Time-sensitive", style.current().warn)
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
        self.goal = text_label("", "BriefGoal")
        self.mood = text_label("", "BriefText", wrap=False)
        left.addWidget(self.goal)
        left.addWidget(self.mood)
        left.addStretch(1)
        self.sparkline = Sparkline()
        top.addLayout(left, 1)
        top.addWidget(self.sparkline, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(top)

        self.tried_title = section("Already tried")
        self.tried_box = QVBoxLayout()
        self.tried_box.setSpacing(1)
        body.addWidget(self.tried_title)
        body.addLayout(self.tried_box)

        self.gave_title = section("Customer already gave")
        self.chip_host = QWidget()
        self.chip_flow = FlowLayout(self.chip_host)
        body.addWidget(self.gave_title)
        body.addWidget(self.chip_host)

        self.why_title = section("Why a human")
        self.why_box = QVBoxLayout()
        self.why_box.setSpacing(0)
        body.addWidget(self.why_title)
        body.addLayout(self.why_box)

        line_bar = QHBoxLayout()
        line_bar.addWidget(section("Suggested first line"))
        line_bar.addStretch(1)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setObjectName("Copy")
        self.copy_button.setToolTip("Copy the first line to the clipboard")
        self.copy_button.clicked.connect(self.copy_first_line)
        line_bar.addWidget(self.copy_button)
        self.first_line = text_label("", "FirstLine")
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
            label = label_for(brief.sentiment_at_handoff, insight)
            self.mood.setText(f"● Mood at handoff {score_text(brief.sentiment_at_handoff)} · {label}")
            self.mood.setStyleSheet(f"color: {sentiment_color(label)};")
        self.sparkline.set_journey(insight.journey)
        self.vip_badge.setVisible(brief.vip)
        self.time_badge.setVisible(brief.time_sensitive)
        self.time_badge.setToolTip("\n".join(f"“{mask_profanity(t.evidence)}”" for t in brief.escalation
                                             if t.id == "time_sensitive"))

        clear_layout(self.tried_box)
        self.tried_labels = []
        for attempt in brief.tried:
            tried = text_label(f"• {mask_profanity(attempt)}", "BriefText")
            tried.setToolTip(mask_profanity(full_attempt(attempt, conversation)))
            self.tried_labels.append(tried)
            self.tried_box.addWidget(tried)
        if not brief.tried:
            self.tried_box.addWidget(text_label("Nothing yet: the bot handed over straight away.", "Meta"))

        clear_layout(self.chip_flow)
        self.chips = []
        for provided in brief.provided:
            chip = Chip(provided)
            chip.clicked.connect(lambda _c=False, p=provided: self._jump_to_provided(p))
            self.chips.append(chip)
            self.chip_flow.addWidget(chip)
        self.gave_title.setVisible(bool(self.chips))
        self.chip_host.setVisible(bool(self.chips))

        clear_layout(self.why_box)
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


def label_for(score: float, insight: Insight) -> str:
    """The label the core gave the last customer message at or before the handoff."""
    index = insight.brief.handoff_index
    before = [p for p in insight.journey.per_message if index is None or int(p["index"]) <= index]
    return str(before[-1]["label"]) if before else ("negative" if score < 0 else "neutral")


def full_attempt(attempt: str, conversation: Conversation) -> str:
    """The whole bot turn and customer reply behind a shortened "tried" line (its tooltip): the brief trims
    both to fit the card, and the agent must be able to read what was cut."""
    action = attempt.split(" — ")[0].replace(" (same answer again)", "").rstrip("…").strip()
    messages = conversation.messages
    for index, message in enumerate(messages):
        if message.role == "bot" and action[:40] and action[:40] in message.text:
            reply = next((m for m in messages[index + 1:] if m.role == "customer"), None)
            return f"Bot: {message.text}" + (f"\nCustomer: {reply.text}" if reply is not None else "")
    return attempt
