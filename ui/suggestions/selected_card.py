"""The selected card's parts under the names the rest of the app and the tests have long used on the panel
(`panel.text_edit`, `panel.insert_button`, ...), as a mixin of SuggestionPanel.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QToolButton

from assist.reply.suggest import Suggestion
from ui.suggestions.card_stack import CardStack
from ui.suggestions.card_stream import CardStream
from ui.suggestions.findings_view import FindingRow
from ui.suggestions.suggestion_card import SuggestionCard


class SelectedCardParts:
    """Needs `cards_area` (the stack) and `_stream` (its filler) on the panel."""

    cards_area: CardStack
    _stream: CardStream

    @property
    def cards(self) -> list[SuggestionCard]:
        return self.cards_area.cards

    @property
    def _selected(self) -> SuggestionCard | None:
        return self.cards_area.selected

    @property
    def selected_card(self) -> SuggestionCard | None:
        return self._selected

    def _card(self) -> SuggestionCard:
        if self._selected is None:
            raise LookupError("no suggestion card")
        return self._selected

    @property
    def text_edit(self) -> QPlainTextEdit:
        return self._card().text_edit

    @property
    def insert_button(self) -> QPushButton:
        return self._card().insert_button

    @property
    def dismiss_button(self) -> QPushButton:
        return self._card().dismiss_button

    @property
    def override_button(self) -> QPushButton:
        return self._card().override_button

    @property
    def rewrite_button(self) -> QToolButton:
        return self._card().rewrite_button

    @property
    def meta_label(self) -> QLabel:
        return self._card().meta_label

    @property
    def finding_rows(self) -> list[FindingRow]:
        return self._card().finding_rows

    @property
    def citation_buttons(self) -> list[QPushButton]:
        return self._card().citation_buttons

    @property
    def suggestion(self) -> Suggestion | None:
        return self._selected.suggestion if self._selected is not None else None

    @property
    def streaming(self) -> bool:
        return self._stream.streaming

    @property
    def busy(self) -> bool:
        # Cards streaming or being rewritten, or the agent's draft being rewritten (suggestion_panel.py).
        return self._stream.busy or bool(getattr(self, "_draft_rewriting", False))
