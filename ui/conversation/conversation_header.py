"""The header above a conversation: the customer's name, VIP, lifetime value, language and channel, the
subject, and the "Needs a human" badge once the background analysis arrives.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from assist.domain.conversation import Conversation
from assist.handoff import triage
from ui import labels
from ui.base import style
from ui.conversation.insights import NEEDS_HUMAN, Insight, reasons_text
from ui.conversation.plain_labels import badge, selectable_label

CHANNEL_LABELS: dict[str, str] = dict(labels.CHANNEL)


def money(value: float | None) -> str:
    return "" if value is None else f"${value:,.0f}"


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
        self.vip = badge("VIP", style.current().vip)
        self.vip.setToolTip("VIP customer")
        self.needs_human = badge(NEEDS_HUMAN, style.current().escalate)
        self.needs_human.hide()
        top.addWidget(self.name)
        top.addWidget(self.vip)
        top.addWidget(self.needs_human)
        top.addStretch(1)
        # Lifetime value, language and channel on a line of their own: beside the name and badges they were
        # cut off at the side panel's width.
        self.facts = QLabel()
        self.facts.setObjectName("Meta")
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.subject = selectable_label("", "Subject")
        layout.addLayout(top)
        layout.addWidget(self.subject)
        layout.addWidget(self.facts)

    def show_conversation(self, conversation: Conversation) -> None:
        customer = conversation.customer
        self.name.setText(customer.name or "Unknown customer")
        self.name.setToolTip(customer.email)
        self.vip.setVisible(customer.vip)
        value = money(customer.lifetime_value)
        language = labels.LANGUAGE_NAME.get(customer.language.lower(), customer.language.upper())
        facts = [f"Lifetime value {value}" if value else "", language,
                 CHANNEL_LABELS.get(conversation.channel, conversation.channel)]
        self.facts.setText("  ·  ".join(f for f in facts if f))
        tips = [f"Lifetime value: {value}" if value else "", f"Language: {language}" if language else "",
                f"Channel: {CHANNEL_LABELS.get(conversation.channel, conversation.channel)}"]
        self.facts.setToolTip("\n".join(t for t in tips if t))
        self.subject.setText(conversation.subject or "(no subject)")
        self.needs_human.hide()

    def show_insight(self, conversation: Conversation, insight: Insight) -> None:
        live = triage.needs_human(conversation.status, insight.triggers)
        self.needs_human.setVisible(live)
        self.needs_human.setToolTip("Escalation triggers fired:\n" + reasons_text(insight.triggers) if live else "")
