"""How the main window gets the lead view: a "Team" button in the top bar opening it in its own window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QToolButton

from ui.lead.lead_view import LeadView


class LeadHook:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.view: LeadView | None = None
        self.button = QToolButton()
        self.button.setText("Team")
        self.button.setToolTip("The team lead's view: every agent and the bot on one ruler, what to automate next, "
                               "help-centre gaps, disputes")
        self.button.clicked.connect(self.open)
        bar = window.settings_button.parentWidget().layout()
        bar.insertWidget(bar.indexOf(window.settings_button), self.button)

    def open(self) -> LeadView:
        if self.view is None:
            self.view = LeadView(self.window.workspace, self.window)  # closes with the main window
            self.view.setWindowFlag(Qt.WindowType.Window, True)
        else:
            self.view.reload()
        self.view.show()
        if QGuiApplication.platformName() != "offscreen":  # raising is a no-op there, and it warns
            self.view.raise_()
        return self.view

    def close(self) -> None:
        if self.view is not None:
            self.view.close()
