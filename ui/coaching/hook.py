"""How the main window gets coaching, with two lines there: a "Coaching" button in the top bar opening the
coaching view for the selected conversation in its own window, and the live missed-step line above the
conversation, refreshed whenever a conversation is shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QToolButton

from ui.coaching.coaching_view import CoachingView
from ui.coaching.step_warnings import StepWarnings


class CoachingHook:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.view: CoachingView | None = None
        self.button = QToolButton()
        self.button.setText("Coach")
        self.button.setToolTip("Coaching reports for this conversation: scores, evidence, acknowledge or dispute")
        self.button.clicked.connect(self.open)
        bar = window.settings_button.parentWidget().layout()
        bar.insertWidget(bar.indexOf(window.settings_button), self.button)
        self.warnings = StepWarnings(window.workspace)
        column = window.centralWidget().layout()
        column.insertWidget(column.indexOf(window.notice_bar) + 1, self.warnings)
        window.conversation_shown.connect(self._shown)

    def _shown(self, conversation_id: str) -> None:
        conversation = self.window.conversation_view.conversation
        self.warnings.check(conversation)
        if self.view is not None and self.view.isVisible() and conversation is not None:
            self.view.show_conversation(conversation.id, conversation.subject, solved=conversation.status == "solved")

    def open(self) -> CoachingView:
        if self.view is None:
            self.view = CoachingView(self.window.workspace, self.window,  # closes with the main window
                                     author=self.window.settings.display_agent())
            self.view.setWindowFlag(Qt.WindowType.Window, True)
        conversation = self.window.conversation_view.conversation
        if conversation is not None:
            self.view.show_conversation(conversation.id, conversation.subject, solved=conversation.status == "solved")
        self.view.show()
        if QGuiApplication.platformName() != "offscreen":  # raising is a no-op there, and it warns
            self.view.raise_()
        return self.view

    def close(self) -> None:
        if self.view is not None:
            self.view.close()
