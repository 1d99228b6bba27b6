"""Paste a chat transcript, see how Assist read it (who is the customer, the agent, the bot), fix a speaker's
role if needed, and save it as a conversation. Parsing is assist.connectors.transcript; saving is the
caller's (off the GUI thread)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from assist.base.errors import AssistError
from assist.base.vocab import Role
from assist.connectors import transcript
from assist.domain.conversation import Conversation
from ui import labels

ROLES = (Role.CUSTOMER, Role.AGENT, Role.BOT, Role.NOTE)
PREVIEW_CHARS = 90


class PasteDialog(QDialog):
    def __init__(self, agent_name: str, bot_name: str, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste a transcript")
        self.resize(420, 560)
        self._agent, self._bot = agent_name, bot_name
        self.conversation: Conversation | None = None
        self.role_boxes: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        hint = QLabel(f"Paste the chat as \"Name: message\" lines, from any tool. Turns under your name "
                      f"({agent_name}) are yours.")
        hint.setWordWrap(True)
        hint.setObjectName("Meta")
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText("Dana Ruiz: Hi, order 4412 never arrived\n"
                                     f"{agent_name}: Hi Dana, sorry about that! Let me check.")
        self.edit.setAccessibleName("Transcript")
        self.edit.textChanged.connect(self.read)
        self.problem = QLabel()
        self.problem.setObjectName("ProblemLine")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.speakers = QFormLayout()
        self.preview = QLabel()
        self.preview.setObjectName("Meta")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(hint)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.problem)
        layout.addLayout(self.speakers)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.edit.setPlainText(text)
        self.read()

    @property
    def save_button(self) -> QWidget:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        return button

    def read(self) -> None:
        """Parse what is pasted now; show the speakers with their roles, or the one problem."""
        text = self.edit.toPlainText()
        self.conversation = None
        if text.strip():
            try:
                self.conversation = transcript.parse(text, agent_name=self._agent, bot_name=self._bot)
            except AssistError as exc:
                self.problem.setText(f"{exc}" + (f" {exc.hint}" if exc.hint else ""))
        self.problem.setVisible(bool(text.strip()) and self.conversation is None)
        self._show_speakers()

    def _show_speakers(self) -> None:
        while self.speakers.rowCount():
            self.speakers.removeRow(0)
        self.role_boxes = {}
        conversation = self.conversation
        if conversation is not None:
            for message in conversation.messages:
                if message.author in self.role_boxes:
                    continue
                box = QComboBox()
                for role in ROLES:
                    box.addItem(labels.label(role, labels.ROLE), role)
                box.setCurrentIndex(ROLES.index(message.role) if message.role in ROLES else 0)
                box.currentIndexChanged.connect(self._update_preview)
                box.setAccessibleName(f"Role of {message.author}")
                self.role_boxes[message.author] = box
                self.speakers.addRow(message.author, box)
        self._update_preview()

    def _update_preview(self) -> None:
        edited = self.edited()
        self.save_button.setEnabled(edited is not None)
        if edited is None:
            self.preview.clear()
            return
        lines = [f"{len(edited.messages)} messages · customer: {edited.customer.name or 'not named'}"]
        for message in edited.messages[:6]:
            shown = " ".join(message.text.split())
            shown = shown if len(shown) <= PREVIEW_CHARS else shown[:PREVIEW_CHARS - 1] + "…"
            lines.append(f"{labels.label(message.role, labels.ROLE)} · {message.author}: {shown}")
        if len(edited.messages) > 6:
            lines.append(f"… and {len(edited.messages) - 6} more")
        self.preview.setText("\n".join(lines))

    def edited(self) -> Conversation | None:
        """The conversation with the roles as the agent set them; None without a customer turn."""
        if self.conversation is None:
            return None
        roles = {author: str(box.currentData()) for author, box in self.role_boxes.items()}
        messages = [replace(m, role=roles.get(m.author, m.role)) for m in self.conversation.messages]  # type: ignore[arg-type]
        customers = [m for m in messages if m.role == Role.CUSTOMER]
        if not customers:
            return None
        customer = replace(self.conversation.customer, name=transcript.customer_name(customers[0].author))
        return replace(self.conversation, messages=messages, customer=customer)
