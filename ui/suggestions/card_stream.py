"""Fills the card stack from the engine: a Suggest round's replies (by index, as they stream) and one
rewrite at a time. Holds the "busy" state; the panel decides when a round or rewrite may start, and
refreshes itself on `changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from assist.domain.conversation import Conversation
from assist.reply.suggest import MAX_COUNT, Suggestion
from ui.base.engine_bridge import EngineBridge
from ui.suggestions.card_stack import CardStack
from ui.suggestions.suggestion_card import SuggestionCard


class CardStream(QObject):
    changed = Signal()  # streaming / rewriting or the cards changed
    room_needed = Signal()  # the cards grew
    outcome = Signal(str)  # a rewrite stopped or failed, for the panel's status line
    message = Signal(str)  # why there is no card to show
    rewrite_shown = Signal(object)  # the finished rewrite card

    def __init__(self, bridge: EngineBridge, stack: CardStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._stack = stack
        self.streaming = False
        self.rewriting: SuggestionCard | None = None
        bridge.suggestion_started.connect(self._on_started)
        bridge.token_indexed.connect(self._on_token)
        bridge.suggestion_done.connect(self._on_suggestion_done)
        bridge.all_done.connect(self._on_all_done)
        bridge.rewrite_token.connect(self._on_rewrite_token)
        bridge.rewrite_done.connect(self._on_rewrite_done)
        bridge.failed.connect(self._on_failed)

    @property
    def busy(self) -> bool:
        return self.streaming or self.rewriting is not None

    def reset(self) -> None:
        """Forget the round or rewrite under way (its late events are then ignored)."""
        self.streaming = False
        self.rewriting = None

    def suggest(self, conversation: Conversation) -> None:
        self.streaming = True
        self._bridge.suggest(conversation, MAX_COUNT)
        self.changed.emit()

    def rewrite(self, text: str, action: str, card: SuggestionCard, after: SuggestionCard | None,
                conversation: Conversation) -> None:
        """Stream the rewrite of `text` into `card`, placed below `after` and selected."""
        self._stack.add(card, after)
        self.rewriting = card
        self._stack.select(card)
        self._bridge.rewrite(text, action, conversation)
        self.changed.emit()
        self.room_needed.emit()

    def stop(self) -> None:
        if self.streaming:
            self._bridge.cancel()  # the chain ends through all_done with what was shown
        elif self.rewriting is not None:
            card, self.rewriting = self.rewriting, None
            self._bridge.discard()
            self._stack.remove(card)
            self.outcome.emit("Rewrite stopped")
            self.changed.emit()

    # --- engine events (GUI thread) ---------------------------------------------------------------

    def _on_started(self, index: int) -> None:
        if not self.streaming:
            return
        stack = self._stack
        card = stack.by_index.get(index)
        if card is not None:
            card.restart()
        else:
            card = SuggestionCard(index=index)
            stack.by_index[index] = card
            stack.add(card, after=stack.by_index.get(index - 1))
            if stack.selected is None:
                stack.select(card)  # the first reply opens; later ones stream into their preview line
        self.changed.emit()
        self.room_needed.emit()

    def _on_token(self, index: int, text: str) -> None:
        card = self._stack.by_index.get(index)
        if self.streaming and card is not None:
            card.append(text)

    def _on_suggestion_done(self, suggestion: Suggestion) -> None:
        card = self._stack.by_index.get(suggestion.index)
        if not self.streaming or card is None:
            return
        card.finish(suggestion)
        self.changed.emit()

    def _on_all_done(self, shown: list[Suggestion]) -> None:
        if not self.streaming:
            return
        self.streaming = False
        stack = self._stack
        kept = {s.index for s in shown}
        for index, card in list(stack.by_index.items()):
            if index not in kept:
                stack.remove(card)
        for card in stack.cards:
            if card.streaming:
                card.stop_streaming("stopped")
        if stack.selected is None and stack.cards:
            stack.select(stack.cards[0])
        if not stack.cards:
            self.message.emit("No suggestion: stopped before the first words.")
        self.changed.emit()
        self.room_needed.emit()

    def _on_rewrite_token(self, text: str) -> None:
        if self.rewriting is not None:
            self.rewriting.append(text)

    def _on_rewrite_done(self, result: Suggestion) -> None:
        card, self.rewriting = self.rewriting, None
        if card is None or card not in self._stack.cards:
            return
        card.finish(result, note=str(getattr(result, "note", "")))
        self.changed.emit()
        self.room_needed.emit()
        self.rewrite_shown.emit(card)

    def _on_failed(self, message: str) -> None:
        stack = self._stack
        if self.rewriting is not None:
            card, self.rewriting = self.rewriting, None
            stack.remove(card)
            self.outcome.emit(f"Rewrite failed: {message}")
        if self.streaming:
            self.streaming = False
            for card in list(stack.by_index.values()):
                if card.suggestion is None:
                    stack.remove(card)
            if not stack.cards:
                self.message.emit(f"No suggestion: {message}")
        self.changed.emit()
