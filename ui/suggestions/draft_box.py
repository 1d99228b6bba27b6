"""The agent's own draft ("My draft"): an editor, a Rewrite ▾ menu, the pre-send Check draft, whose
findings are listed under the editor and marked in its text, and its own Copy / Insert. The draft belongs to
its conversation: the panel swaps it (set_text) when the agent switches, and ConversationMemory saves it.

The check runs off the GUI thread (ui.tasks); rewrites are the panel's (they become cards), so this box
only asks for one through `rewrite_requested`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails
from assist.guardrails.policy import Finding
from assist.reply.rewrite import Rewrite
from ui.base import errors
from ui.base.tasks import run_task
from ui.suggestions.card_menus import menu_button, rewrite_menu
from ui.suggestions.findings_view import FindingsList, highlight

DRAFT_HEIGHT = 84


def findings_summary(findings: list[Finding]) -> str:
    if not findings:
        return "No problems found ✓"
    blocks = sum(1 for f in findings if f.severity == "block")
    warns = len(findings) - blocks
    parts = [f"{blocks} block{'s' if blocks != 1 else ''}" if blocks else "",
             f"{warns} warning{'s' if warns != 1 else ''}" if warns else ""]
    return " · ".join(p for p in parts if p)


class DraftBox(QFrame):
    rewrite_requested = Signal(str)  # the rewrite action
    changed = Signal()  # the text changed (stale findings are already gone)
    checked = Signal(object)  # list[Finding], once shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DraftBox")
        draft = QVBoxLayout(self)
        draft.setContentsMargins(0, 0, 0, 0)
        draft.setSpacing(5)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("SuggestionText")
        self.edit.setPlaceholderText("Paste or type your draft…")
        self.edit.setAccessibleName("My draft")
        self.edit.setFixedHeight(DRAFT_HEIGHT)
        self.edit.textChanged.connect(self._on_changed)
        draft.addWidget(self.edit)
        self.findings = FindingsList()
        draft.addWidget(self.findings)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.check_button = QPushButton("Check draft")
        self.check_button.setToolTip("Check the draft against the playbook's hard rules before you send it")
        self.rewrite_button = menu_button("Rewrite ▾", "Rewrite my draft",
                                          rewrite_menu(self, self.rewrite_requested.emit), "MenuButton")
        self.status = QLabel()
        self.status.setObjectName("Meta")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.copy_button = QPushButton("Copy / Insert")
        self.copy_button.setToolTip("Copy your draft to the clipboard, to paste into the helpdesk")
        self.copy_button.clicked.connect(self.copy)
        row.addWidget(self.check_button)
        row.addWidget(self.rewrite_button)
        row.addStretch(1)
        row.addWidget(self.status)
        row.addWidget(self.copy_button)
        draft.addLayout(row)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Show another conversation's draft (no `changed`: nothing new to save)."""
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)
        self.clear_check()

    def apply_rewrite(self, made: Rewrite) -> bool:
        """Put an accepted rewrite of this draft in place of it, as one edit that Ctrl+Z undoes; a refused
        rewrite, or one of a text the agent has edited since, leaves the draft as it is and says why."""
        if not made.accepted or made.cancelled or self.text() != made.original:
            self.status.setText(made.note or "Not rewritten: the draft changed meanwhile")
            return False
        cursor = self.edit.textCursor()
        cursor.beginEditBlock()  # one undo step for the whole replacement
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(made.text)
        cursor.endEditBlock()
        self.status.setText("Rewritten · Ctrl+Z undoes")
        return True

    def copy(self) -> None:
        text = self.text()
        if text.strip():
            QGuiApplication.clipboard().setText(text)
            self.status.setText("Copied")

    def refresh(self, can_rewrite: bool) -> None:
        """Enable Check / Rewrite for a non-empty draft; Rewrite also needs the model free (`can_rewrite`)."""
        has_draft = bool(self.text().strip())
        self.check_button.setEnabled(has_draft)
        self.copy_button.setEnabled(has_draft)
        self.rewrite_button.setEnabled(has_draft and can_rewrite)

    def clear_check(self) -> None:
        self.findings.set_findings([])
        self.edit.setExtraSelections([])
        self.status.clear()

    def _on_changed(self) -> None:
        if self.findings.rows or self.status.text():
            self.clear_check()  # the spans no longer match the text
        self.changed.emit()

    def check(self, playbook: Callable[[], Playbook], conversation: Conversation | None) -> None:
        """The pre-send check: the playbook's hard rules over the draft (off the GUI thread)."""
        text = self.text()
        if not text.strip():
            return
        self.status.setText("Checking…")

        def done(findings: list[Finding]) -> None:
            if self.text() != text:
                return  # edited meanwhile: the spans would be wrong
            self.findings.set_findings(findings)
            highlight(self.edit, findings)
            self.status.setText(findings_summary(findings))
            self.checked.emit(findings)

        run_task(lambda: guardrails.check(text, playbook(), conversation, own_draft=True), done,
                 lambda exc: errors.show_error(exc, self))
