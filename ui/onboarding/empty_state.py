"""What an empty workspace shows instead of an empty queue: how to get conversations in, with a button for
each way (import a file, paste a transcript, connect a helpdesk once that can be set up here), and the last
problem in one line. A view only: the first-run hook does the work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

MAX_WIDTH = 560
CONNECT_LATER = ("Connecting Zendesk, Freshdesk or Chatwoot is not available in the app yet; "
                 "import an export file or paste a chat meanwhile.")


class EmptyState(QWidget):
    import_requested = Signal()
    paste_requested = Signal()

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
        self.connect_button.setEnabled(False)
        self.connect_button.setToolTip(CONNECT_LATER)
        self.connect_note = QLabel(CONNECT_LATER)
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
        column.addStretch(1)
        for widget in (title, intro, self.import_button, self.paste_button, self.connect_button, self.connect_note,
                       self.problem, demo):
            column.addWidget(widget)
        column.addStretch(2)
        self.import_button.clicked.connect(self.import_requested)
        self.paste_button.clicked.connect(self.paste_requested)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
