"""What an empty workspace shows instead of an empty queue: how to get conversations in, with a button for
each way (import a file, paste a transcript, connect a helpdesk in Settings), and the last problem in one
line. A view only: the first-run hook does the work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

MAX_WIDTH = 560
CONNECT_NOTE = "Zendesk, Freshdesk or Chatwoot: add yours under Helpdesks in Settings (Ctrl+,), with its token."


class EmptyState(QWidget):
    import_requested = Signal()
    paste_requested = Signal()
    connect_requested = Signal()
    name_saved = Signal(str)  # the agent's name, for sign-offs

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EmptyState")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        body = QWidget()
        body.setMaximumWidth(MAX_WIDTH)  # a readable column on a wide screen, not buttons 1,300 px long
        outer.addStretch(1)
        outer.addWidget(body, 100)
        outer.addStretch(1)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        title = QLabel("No conversations yet")
        title.setObjectName("EmptyTitle")
        intro = QLabel("Bring in the chats you work on, and Assist suggests replies, briefs handoffs and checks "
                       "your drafts. Everything stays on this computer.")
        intro.setWordWrap(True)
        self.import_button = QPushButton("Import a file…")
        self.import_button.setObjectName("Primary")
        self.import_button.setToolTip("Conversation JSON, a JSON list or JSON Lines (the format in docs/formats.md), "
                                      "checked like `assist import`")
        self.paste_button = QPushButton("Paste a transcript…")
        self.paste_button.setToolTip("Copy a chat from any tool (\"Name: message\" lines) and check it before "
                                     "it is saved (Ctrl+Shift+V)")
        self.connect_button = QPushButton("Connect a helpdesk…")
        self.connect_button.setToolTip(CONNECT_NOTE)
        self.connect_note = QLabel(CONNECT_NOTE)
        self.connect_note.setObjectName("Meta")
        self.connect_note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("ProblemLine")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        demo = QLabel("To look around first: assist --demo app opens a sample workspace.")
        demo.setObjectName("Meta")
        demo.setWordWrap(True)
        # First run without a name in Settings: ask for it, so replies are signed by the person using Assist.
        self.name_box = QWidget()
        name_row = QHBoxLayout(self.name_box)
        name_row.setContentsMargins(0, 0, 0, 0)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(80)
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setPlaceholderText("Your name, as customers should read it")
        self.name_button = QPushButton("Use this name")
        self.name_button.setToolTip("Replies are signed with it; change it later in Settings (Ctrl+,)")
        self.name_button.clicked.connect(self._save_name)
        self.name_edit.returnPressed.connect(self._save_name)
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.name_button)
        self.name_box.hide()
        column.addStretch(1)
        for widget in (title, intro, self.name_box, self.import_button, self.paste_button, self.connect_button,
                       self.connect_note, self.problem, demo):
            column.addWidget(widget)
        column.addStretch(2)
        self.import_button.clicked.connect(self.import_requested)
        self.paste_button.clicked.connect(self.paste_requested)
        self.connect_button.clicked.connect(self.connect_requested)

    def ask_name(self, suggested: str) -> None:
        self.name_edit.setText(suggested)
        self.name_box.show()

    def _save_name(self) -> None:
        name = " ".join(self.name_edit.text().split())
        if name:
            self.name_box.hide()
            self.name_saved.emit(name)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
