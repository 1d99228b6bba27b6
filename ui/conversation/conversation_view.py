"""One conversation: a header about the customer and the messages as bubbles, different by role.

customer: left, neutral; bot: left, tinted, "AI · <bot name>"; agent: right, accent; note: yellow,
"Internal note", italic; system: a centred divider. The handoff point stands out ("Handed to a human ·
<reason>"), with the handoff brief card above the messages. Text is shown as plain text (never
interpreted as HTML) and can be selected and copied; profanity in customer text is masked.

Customer messages get a sentiment dot and frustration tags, and the header a "Needs a human" badge, once
the background analysis (ui.conversation.insights, run through ui.base.tasks) arrives: the GUI thread never
computes it. The bubbles and dividers live in message_items, the header in conversation_header, the brief
card in handoff_card.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from assist.domain.conversation import Conversation
from assist.handoff import briefing as handoff
from ui.base import errors
from ui.base.tasks import run_task
from ui.conversation.conversation_header import ConversationHeader
from ui.conversation.handoff_card import HandoffCard
from ui.conversation.insights import Insight
from ui.conversation.message_items import MessageBubble, SystemDivider, caption_for
from ui.conversation.tag_chips import TagChips

BUBBLE_INDENT = 36  # px kept free on the far side, so who-said-what reads at a glance
BRIEF_SHARE = 0.6  # the open brief card takes at most this much of the room below the header; it scrolls inside
MIN_MESSAGES_HEIGHT = 110  # and always leaves this much to the messages


class ConversationView(QWidget):
    insight_shown = Signal(str)  # conversation id: the brief, reasons and sentiment are on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conversation: Conversation | None = None
        self.insight: Insight | None = None
        # Set by the window: computes an Insight for a conversation. Called on a background thread only.
        self.analyzer: Callable[[Conversation], Insight] | None = None
        self.bot_name = "Bot"
        self.agent_name = "You"
        self.items: list[MessageBubble | SystemDivider] = []
        self.handoff_divider: SystemDivider | None = None
        self.highlighted: MessageBubble | None = None
        self._follow_bottom = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = ConversationHeader()
        self.header.hide()
        self.tags = TagChips()  # the conversation's tags; the window sets its loader and setter
        self.card = HandoffCard()
        self.card.message_requested.connect(self.highlight_message)
        self.card.toggled.connect(lambda _open: QTimer.singleShot(0, self._fit_card))
        self.brief_area = QScrollArea()
        self.brief_area.setObjectName("BriefArea")
        self.brief_area.setWidgetResizable(True)
        self.brief_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.brief_area.setFrameShape(QFrame.Shape.NoFrame)
        self.brief_area.setWidget(self.card)
        self.brief_area.setAccessibleName("Handoff brief")
        self.brief_area.hide()
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("Conversation")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll_area.setAccessibleName("Conversation")
        self.scroll_area.verticalScrollBar().rangeChanged.connect(self._stick_to_bottom)
        layout.addWidget(self.header)
        layout.addWidget(self.tags)
        layout.addWidget(self.brief_area)
        layout.addWidget(self.scroll_area, 1)
        self.show_placeholder("Pick a conversation from the queue.")

    def focus_messages(self) -> None:
        self.scroll_area.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_brief(self) -> None:
        """Ctrl+B: fold the handoff brief to its one-line summary, or open it again."""
        if self.brief_area.isVisible():
            self.card.set_open(not self.card.is_open())
            self.card.toggle.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _new_canvas(self) -> QVBoxLayout:
        canvas = QWidget()
        canvas.setObjectName("ConversationCanvas")
        column = QVBoxLayout(canvas)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(10)
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll_area.setWidget(canvas)
        return column

    def show_placeholder(self, text: str) -> None:
        self.conversation = None
        self.insight = None
        self.items = []
        self.handoff_divider = None
        self.highlighted = None
        self.header.hide()
        self.tags.clear()
        self.brief_area.hide()
        column = self._new_canvas()
        label = QLabel(text)
        label.setObjectName("Meta")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addStretch(1)
        column.addWidget(label)
        column.addStretch(1)

    def show_conversation(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.insight = None
        self.highlighted = None
        self.handoff_divider = None
        self._follow_bottom = True
        self.header.show_conversation(conversation)
        self.header.show()
        self.tags.show_for(conversation)
        self.brief_area.hide()
        column = self._new_canvas()
        column.addStretch(1)  # a short chat sits at the bottom, next to the reply box, like any chat app
        self.items = []
        # Where the bot stopped: a cheap scan of the messages (no model, no database), so the divider is
        # there from the first frame; the brief itself comes from the background analysis below.
        handoff_index, reason = handoff.handoff_point(conversation)
        for index, message in enumerate(conversation.messages):
            if message.role == "system":
                divider = SystemDivider(message, handoff=index == handoff_index, reason=reason)
                self._add_divider(column, divider)
                continue
            bubble = MessageBubble(message, caption_for(message, self.bot_name, self.agent_name))
            bubble.index = index
            self.items.append(bubble)
            row = QHBoxLayout()
            row.setSpacing(0)
            if message.role == "agent":
                row.addSpacing(BUBBLE_INDENT)
                row.addWidget(bubble, 1)
            else:
                row.addWidget(bubble, 1)
                row.addSpacing(BUBBLE_INDENT)
            column.addLayout(row)
            if index == handoff_index:  # a bot turn: no handoff event in the data, so draw one after it
                self._add_divider(column, SystemDivider(None, handoff=True, reason=reason, at=message.at))
        self._analyze(conversation)

    def _add_divider(self, column: QVBoxLayout, divider: SystemDivider) -> None:
        self.items.append(divider)
        column.addWidget(divider)
        if divider.handoff:
            self.handoff_divider = divider

    # --- the background analysis ------------------------------------------------------------------

    def _analyze(self, conversation: Conversation) -> None:
        analyzer = self.analyzer
        if analyzer is None:
            return

        def failed(exc: BaseException) -> None:
            if self.conversation is conversation:
                errors.show_error(exc, self)

        run_task(lambda: analyzer(conversation), lambda insight: self._on_insight(conversation, insight), failed)

    def _on_insight(self, conversation: Conversation, insight: Insight) -> None:
        if self.conversation is not conversation:
            return  # the agent already moved on
        self.insight = insight
        self.header.show_insight(conversation, insight)
        per_message = {int(p["index"]): p for p in insight.journey.per_message}
        for item in self.items:
            if isinstance(item, MessageBubble):
                point = per_message.get(item.index)
                if point is not None:
                    item.set_sentiment(float(point["score"]), str(point["label"]), list(point["markers"]))
        if insight.brief.handoff_index is not None:
            self.card.show_insight(insight, conversation)
            self.brief_area.verticalScrollBar().setValue(0)
            self.brief_area.show()
            QTimer.singleShot(0, self._fit_card)
        else:
            self.brief_area.hide()
        self.insight_shown.emit(conversation.id)

    def _fit_card(self) -> None:
        """The card's own height, up to BRIEF_SHARE of the view; beyond that it scrolls inside."""
        if not self.brief_area.isVisibleTo(self):
            return
        width = self.brief_area.viewport().width() or self.width()
        layout = self.card.layout()
        need = (layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth()
                else self.card.sizeHint().height())
        room = self.height() - (self.header.height() if self.header.isVisible() else 0)
        cap = max(90, min(int(room * BRIEF_SHARE), room - MIN_MESSAGES_HEIGHT))
        self.brief_area.setFixedHeight(min(need, cap))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_card()

    # --- finding a message ------------------------------------------------------------------------

    def bubble_for(self, message_index: int) -> MessageBubble | None:
        if self.conversation is None or not 0 <= message_index < len(self.conversation.messages):
            return None
        return next((i for i in self.items if isinstance(i, MessageBubble) and i.index == message_index), None)

    def highlight_message(self, message_index: int, start: int = -1, end: int = -1) -> None:
        """Scroll to a message and mark it (and the span, when given): where a reason or detail came from."""
        bubble = self.bubble_for(message_index)
        if bubble is None:
            return
        if self.highlighted is not None and self.highlighted is not bubble:
            self.highlighted.set_highlighted(False)
        self.highlighted = bubble
        bubble.set_highlighted(True, start, end)
        self._follow_bottom = False  # the agent is reading something; new layout must not yank the view
        QTimer.singleShot(0, lambda: self._scroll_to(bubble))

    def _scroll_to(self, bubble: MessageBubble) -> None:
        if bubble is self.highlighted:
            self.scroll_area.ensureWidgetVisible(bubble, 0, 24)

    def rendered(self) -> list[tuple[str, str, str]]:
        """(role, caption, text) per shown item: what the agent sees, for tests and accessibility checks.
        For a divider the caption is its label and the text the system message's own text."""
        out: list[tuple[str, str, str]] = []
        for item in self.items:
            if isinstance(item, MessageBubble):
                out.append((item.message.role, item.caption.text(), item.body.text()))
            elif item.handoff:
                out.append(("system", item.body.text(), item.shown_text()))
            else:
                out.append(("system", "", item.body.text()))
        return out

    def _stick_to_bottom(self, _minimum: int, maximum: int) -> None:
        if self._follow_bottom:
            self.scroll_area.verticalScrollBar().setValue(maximum)
