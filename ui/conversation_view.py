"""One conversation: a header about the customer and the messages as bubbles, different by role.

customer: left, neutral; bot: left, tinted, "AI · <bot name>"; agent: right, accent; note: yellow,
"Internal note", italic; system: a centred divider (e.g. the handoff marker). Text is shown as plain
text (never interpreted as HTML) and can be selected and copied.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assist.conversation import Conversation, Message
from ui import style
from ui.queue_view import CHANNEL_LABELS

BUBBLE_INDENT = 36  # px kept free on the far side, so who-said-what reads at a glance


def short_time(at: str) -> str:
    if not at:
        return ""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%H:%M")


def money(value: float | None) -> str:
    return "" if value is None else f"${value:,.0f}"


def _caption_for(message: Message, bot_name: str, agent_name: str) -> str:
    when = short_time(message.at)
    if message.role == "bot":
        parts = ["AI", message.author or bot_name]
    elif message.role == "agent":
        parts = [message.author or agent_name]
    elif message.role == "note":
        parts = ["Internal note", message.author]
    else:
        parts = [message.author or "Customer"]
    return " · ".join(p for p in [*parts, when] if p)


def _plain_label(text: str, object_name: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


class MessageBubble(QFrame):
    def __init__(self, message: Message, caption: str) -> None:
        super().__init__()
        self.message = message
        self.setObjectName("Bubble")
        self.setProperty("role", message.role)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(3)
        self.caption = _plain_label(caption, "BubbleCaption")
        self.body = _plain_label(message.text, "BubbleText")
        if message.role == "note":
            font = self.body.font()
            font.setItalic(True)
            self.body.setFont(font)
        if message.role == "agent":
            self.caption.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.caption)
        layout.addWidget(self.body)
        self.setAccessibleName(caption)


class SystemDivider(QWidget):
    def __init__(self, message: Message) -> None:
        super().__init__()
        self.message = message
        self.setProperty("role", "system")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(8)
        when = short_time(message.at)
        self.body = _plain_label(f"{message.text}  ·  {when}" if when else message.text, "Divider")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for i in range(2):
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Plain)
            line.setStyleSheet(f"color: {style.current().border};")
            line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            layout.addWidget(line, 1)
            if i == 0:
                layout.addWidget(self.body, 4)


def _badge(text: str, color: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Badge")
    label.setStyleSheet(f"color: {color}; border: 1px solid {color};")
    return label


class ConversationHeader(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("ConversationHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(3)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.name = QLabel()
        self.name.setObjectName("CustomerName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.vip = _badge("VIP", style.current().vip)
        self.vip.setToolTip("VIP customer")
        top.addWidget(self.name)
        top.addWidget(self.vip)
        top.addStretch(1)
        self.facts = QLabel()
        self.facts.setObjectName("Meta")
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.facts)
        self.subject = _plain_label("", "Subject")
        layout.addLayout(top)
        layout.addWidget(self.subject)

    def show_conversation(self, conversation: Conversation) -> None:
        customer = conversation.customer
        self.name.setText(customer.name or "Unknown customer")
        self.name.setToolTip(customer.email)
        self.vip.setVisible(customer.vip)
        facts = [money(customer.lifetime_value), customer.language.upper(),
                 CHANNEL_LABELS.get(conversation.channel, conversation.channel)]
        self.facts.setText("  ·  ".join(f for f in facts if f))
        self.facts.setToolTip("Lifetime value · language · channel")
        self.subject.setText(conversation.subject or "(no subject)")


class ConversationView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conversation: Conversation | None = None
        self.bot_name = "Bot"
        self.agent_name = "You"
        self.items: list[MessageBubble | SystemDivider] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = ConversationHeader()
        self.header.hide()
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("Conversation")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll_area.setAccessibleName("Conversation")
        self.scroll_area.verticalScrollBar().rangeChanged.connect(self._stick_to_bottom)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll_area, 1)
        self.show_placeholder("Pick a conversation from the queue.")

    def focus_messages(self) -> None:
        self.scroll_area.setFocus(Qt.FocusReason.ShortcutFocusReason)

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
        self.items = []
        self.header.hide()
        column = self._new_canvas()
        label = QLabel(text)
        label.setObjectName("Meta")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addStretch(1)
        column.addWidget(label)
        column.addStretch(1)

    def show_conversation(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.header.show_conversation(conversation)
        self.header.show()
        column = self._new_canvas()
        column.addStretch(1)  # a short chat sits at the bottom, next to the reply box, like any chat app
        self.items = []
        for message in conversation.messages:
            if message.role == "system":
                divider = SystemDivider(message)
                self.items.append(divider)
                column.addWidget(divider)
                continue
            bubble = MessageBubble(message, _caption_for(message, self.bot_name, self.agent_name))
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

    def rendered(self) -> list[tuple[str, str, str]]:
        """(role, caption, text) per shown item: what the agent sees, for tests and accessibility checks."""
        out: list[tuple[str, str, str]] = []
        for item in self.items:
            if isinstance(item, MessageBubble):
                out.append((item.message.role, item.caption.text(), item.body.text()))
            else:
                out.append(("system", "", item.body.text()))
        return out

    def _stick_to_bottom(self, _minimum: int, maximum: int) -> None:
        self.scroll_area.verticalScrollBar().setValue(maximum)
