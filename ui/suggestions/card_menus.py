"""The drop-down buttons of a card and of the agent's draft: the Rewrite ▾ menu (one item per rewrite
action, those not offered here greyed with the reason) and a tool button that opens a menu on click.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from ui import labels

REWRITE_ACTIONS = tuple(labels.REWRITE_ACTION.items())


def rewrite_menu(parent: QWidget, on_action: Any) -> QMenu:
    """The actions, each greyed out with its reason when the panel holding `parent` says it is not offered
    here (translate with a model that cannot translate, or for an English-speaking customer): asked each
    time the menu opens, so a model switched in Settings counts at once."""
    menu = QMenu(parent)
    menu.setToolTipsVisible(True)
    for action, label in REWRITE_ACTIONS:
        item = QAction(label, menu)
        item.setData(action)
        item.triggered.connect(lambda _checked=False, a=action: on_action(a))
        menu.addAction(item)
    menu.aboutToShow.connect(lambda: offer(menu, _reasons_from(parent)))
    return menu


def offer(menu: QMenu, unavailable: Callable[[str], str]) -> None:
    """Enable each action the `unavailable` callback has no reason against; grey the others, saying why."""
    for item in menu.actions():
        action = str(item.data())
        reason = unavailable(action)
        label = labels.REWRITE_ACTION.get(action, action)
        item.setEnabled(not reason)
        item.setText(f"{label} (not available)" if reason else label)
        item.setToolTip(reason or label)
        item.setStatusTip(reason)


def _reasons_from(widget: QWidget) -> Callable[[str], str]:
    """The nearest enclosing widget's `rewrite_unavailable(action) -> str` (the suggestion panel's), else none."""
    current: QWidget | None = widget
    while current is not None:
        found = getattr(current, "rewrite_unavailable", None)
        if callable(found):
            return found
        current = current.parentWidget()
    return lambda _action: ""


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
