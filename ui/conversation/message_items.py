"""The items of a conversation, one per message: a bubble for customer, bot, agent and note turns (caption,
plain text, sentiment dot and frustration tags once the analysis arrives), and a centred divider for a
system event or the handoff point.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from assist.analysis.sentiment import mask_profanity
from assist.domain.conversation import Message
from ui.base import style
from ui.conversation.insights import marker_label
from ui.conversation.mood import score_text, sentiment_color
from ui.conversation.plain_labels import selectable_label


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


def caption_for(message: Message, bot_name: str, agent_name: str) -> str:
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


class MessageBubble(QFrame):
    def __init__(self, message: Message, caption: str) -> None:
        super().__init__()
        self.message = message
        self.index = -1  # position in conversation.messages
        self.setObjectName("Bubble")
        self.setProperty("role", message.role)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(3)
        self.caption = selectable_label(caption, "BubbleCaption")
        shown = mask_profanity(message.text) if message.role == "customer" else message.text
        self.body = selectable_label(shown, "BubbleText")
        self.masked = shown != message.text
        if self.masked:
            self.body.setToolTip("profanity masked")
        self.setProperty("highlighted", False)
        self.sentiment = QLabel()
        self.sentiment.setObjectName("SentimentDot")
        self.sentiment.setTextFormat(Qt.TextFormat.PlainText)
        self.sentiment.hide()
        self.tags: list[QLabel] = []
        self.tag_row = QHBoxLayout()
        self.tag_row.setSpacing(4)
        self.tag_row.addStretch(1)
        if message.role == "note":
            font = self.body.font()
            font.setItalic(True)
            self.body.setFont(font)
        if message.role == "agent":
            self.caption.setAlignment(Qt.AlignmentFlag.AlignRight)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.caption, 1)
        top.addWidget(self.sentiment)
        layout.addLayout(top)
        layout.addWidget(self.body)
        layout.addLayout(self.tag_row)
        self.setAccessibleName(caption)

    def set_sentiment(self, score: float, label: str, markers: list[str]) -> None:
        """A coloured dot and label, the score in the tooltip, frustration markers as tiny tags."""
        color = sentiment_color(label)
        self.sentiment.setText(f"● {label}")
        self.sentiment.setStyleSheet(f"color: {color}; font-size: 8pt;")
        tip = f"Sentiment {score_text(score)} ({label})"
        if markers:
            tip += "\nFrustration markers: " + ", ".join(marker_label(m) for m in markers)
        self.sentiment.setToolTip(tip)
        self.sentiment.show()
        for tag in self.tags:
            tag.deleteLater()
        self.tags = []
        for marker in markers:
            tag = QLabel(marker_label(marker))
            tag.setObjectName("SentimentTag")
            tag.setToolTip("Frustration marker: " + marker.replace("_", " "))
            self.tags.append(tag)
            self.tag_row.insertWidget(self.tag_row.count() - 1, tag)

    def set_highlighted(self, on: bool, start: int = -1, end: int = -1) -> None:
        self.setProperty("highlighted", on)
        self.style().unpolish(self)
        self.style().polish(self)
        if on and 0 <= start < end <= len(self.body.text()):
            self.body.setSelection(start, end - start)  # masking keeps lengths, so spans still line up
        elif not on:
            self.body.setSelection(0, 0)


class SystemDivider(QWidget):
    """A system event as a centred divider. The handoff point (`handoff=True`) stands out: a thick rule in
    the handoff colour and "Handed to a human · <reason>". `message` is None for a divider drawn after the
    bot turn where the bot stopped, when the conversation has no handoff event of its own."""

    def __init__(self, message: Message | None, *, handoff: bool = False, reason: str = "",
                 at: str = "") -> None:
        super().__init__()
        self.message = message
        self.handoff = handoff
        self.setProperty("role", "system")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8 if handoff else 6, 0, 8 if handoff else 6)
        layout.setSpacing(8)
        when = short_time(message.at if message is not None else at)
        if handoff:
            text = " · ".join(p for p in ("Handed to a human", reason, when) if p)
        else:
            original = message.text if message is not None else ""
            text = f"{original}  ·  {when}" if when else original
        self.body = selectable_label(text, "Divider")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setProperty("handoff", handoff)
        if handoff:
            self.body.setToolTip(message.text if message is not None else
                                 "The bot stopped here; a person takes over from this point.")
            self.setAccessibleName(text)
        color = style.current().handoff if handoff else style.current().border
        for i in range(2):
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Plain)
            line.setLineWidth(2 if handoff else 1)
            line.setStyleSheet(f"color: {color};")
            line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            layout.addWidget(line, 1)
            if i == 0:
                layout.addWidget(self.body, 8 if handoff else 4)

    def shown_text(self) -> str:
        """The message's own text (the label may say it differently)."""
        return self.message.text if self.message is not None else ""
