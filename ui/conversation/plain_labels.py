"""Small plain-text labels the conversation view and the handoff card share: text is never interpreted
as HTML (customer words are shown as typed).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def selectable_label(text: str, object_name: str = "") -> QLabel:
    """Wrapped text the agent can select and copy (message bodies, captions, the subject)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


def text_label(text: str, object_name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    return label


def badge(text: str, color: str) -> QLabel:
    """A small outlined badge ("VIP", "Needs a human", "Time-sensitive")."""
    label = QLabel(text)
    label.setObjectName("Badge")
    label.setStyleSheet(f"color: {color}; border: 1px solid {color};")
    return label
