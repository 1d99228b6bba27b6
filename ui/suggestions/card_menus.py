"""The drop-down buttons of a card and of the agent's draft: the Rewrite ▾ menu (one item per rewrite
action) and a tool button that opens a menu on click.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from ui import labels

REWRITE_ACTIONS = tuple(labels.REWRITE_ACTION.items())


def rewrite_menu(parent: QWidget, on_action: Any) -> QMenu:
    menu = QMenu(parent)
    for action, label in REWRITE_ACTIONS:
        item = QAction(label, menu)
        item.setData(action)
        item.triggered.connect(lambda _checked=False, a=action: on_action(a))
        menu.addAction(item)
    return menu


def menu_button(text: str, tip: str, menu: QMenu, name: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    if name:
        button.setObjectName(name)
    return button
