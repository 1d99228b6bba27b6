"""The panel's cards, top to bottom in a scroll area, with one of them selected (and expanded).

Suggestions are also kept by their index so streamed tokens find their card; rewrites have none.
A view only: each card's requests come out of the stack's signals, with the card, for the panel to act on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from ui.suggestions.suggestion_card import SuggestionCard


class CardStack(QScrollArea):
    insert_requested = Signal(object)  # the card
    override_requested = Signal(object)
    dismiss_requested = Signal(object)
    flag_requested = Signal(str, object)  # the reason, the card
    rewrite_requested = Signal(str, object)  # the action, the card
    citation_clicked = Signal(str)  # the article id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Cards")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        canvas = QWidget()
        canvas.setObjectName("CardsCanvas")
        self.box = QVBoxLayout(canvas)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(6)
        self.box.addStretch(1)
        self.setWidget(canvas)
        self.cards: list[SuggestionCard] = []
        self.by_index: dict[int, SuggestionCard] = {}
        self.selected: SuggestionCard | None = None

    def clear(self) -> None:
        for card in self.cards:
            self.box.removeWidget(card)
            card.deleteLater()
        self.cards = []
        self.by_index = {}
        self.selected = None

    def add(self, card: SuggestionCard, after: SuggestionCard | None = None) -> None:
        """Place the card (collapsed) right below `after`, else at the end."""
        position = self.cards.index(after) + 1 if after is not None and after in self.cards else len(self.cards)
        self.cards.insert(position, card)
        self.box.insertWidget(position, card)
        card.clicked.connect(lambda c=card: self.select(c))
        card.insert_requested.connect(lambda c=card: self.insert_requested.emit(c))
        card.override_requested.connect(lambda c=card: self.override_requested.emit(c))
        card.dismiss_requested.connect(lambda c=card: self.dismiss_requested.emit(c))
        card.flag_requested.connect(lambda reason, c=card: self.flag_requested.emit(reason, c))
        card.rewrite_requested.connect(lambda action, c=card: self.rewrite_requested.emit(action, c))
        card.citation_clicked.connect(self.citation_clicked.emit)
        card.set_expanded(False)

    def remove(self, card: SuggestionCard) -> None:
        """Drop the card; if it was selected, its neighbour (below, else above) takes over."""
        if card not in self.cards:
            return
        position = self.cards.index(card)
        self.cards.remove(card)
        self.by_index = {i: c for i, c in self.by_index.items() if c is not card}
        self.box.removeWidget(card)
        card.deleteLater()
        if self.selected is card:
            self.selected = None
            if self.cards:
                self.select(self.cards[min(position, len(self.cards) - 1)])

    def select(self, card: SuggestionCard) -> None:
        if card not in self.cards:
            return
        self.selected = card
        for other in self.cards:
            other.set_expanded(other is card)
        QTimer.singleShot(0, lambda: self._ensure_visible(card))  # after the expanded card's relayout

    def _ensure_visible(self, card: SuggestionCard) -> None:
        if card in self.cards:
            self.ensureWidgetVisible(card, 0, 0)

    def select_number(self, number: int) -> None:
        """Alt+1/2/3: the suggestion numbered so, else the card at that place."""
        card = next((c for c in self.cards if not c.action and c.index == number - 1), None)
        if card is None and 0 < number <= len(self.cards):
            card = self.cards[number - 1]
        if card is not None:
            self.select(card)
