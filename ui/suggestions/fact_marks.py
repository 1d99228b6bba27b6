"""The facts of a suggestion marked in its text, each with its source on hover ("30 days: from Returning an
item"), so the agent can trust a figure before sending it. The spans and sources come from the core
(Suggestion.facts, assist/reply/fact_sources.py); this module only draws them and shows the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from assist.reply.fact_sources import FactSource


def fact_tooltip(fact: FactSource) -> str:
    return f"{fact.text}: from {fact.source}"


class FactMarks(QObject):
    """Dotted underlines under each sourced fact of one editor, and their tooltips."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        self.facts: list[FactSource] = []
        editor.viewport().installEventFilter(self)

    def set_facts(self, facts: list[FactSource]) -> None:
        """Mark `facts` on top of the selections already there (the findings' highlights)."""
        length = len(self._editor.toPlainText())
        self.facts = [f for f in facts if 0 <= f.start < f.end <= length]
        selections = list(self._editor.extraSelections())
        for fact in self.facts:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self._editor.document())
            cursor.setPosition(fact.start)
            cursor.setPosition(fact.end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            selection.cursor, selection.format = cursor, fmt
            selections.append(selection)
        self._editor.setExtraSelections(selections)

    def fact_at(self, position: int) -> FactSource | None:
        return next((f for f in self.facts if f.start <= position < f.end), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent) and self.facts:
            position = self._editor.cursorForPosition(event.pos()).position()
            fact = self.fact_at(position)
            if fact is not None:
                QToolTip.showText(event.globalPos(), fact_tooltip(fact), self._editor)
                return True
            QToolTip.hideText()
        return super().eventFilter(watched, event)
