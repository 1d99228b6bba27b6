"""Fills the card stack from the engine: a Suggest round's replies (by index, as they stream) and one
rewrite at a time. Holds the "busy" state; the panel decides when a round or rewrite may start, and
refreshes itself on `changed`.

Stop takes effect at once on screen, whatever the engine is doing (evaluating the prompt included): the
cards stop streaming, later tokens are dropped, and only the engine's final (cancelled) result of a card is
still taken, so what was written can be used. A card left with no reply beyond its greeting is removed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from assist.base.text import only_greeting
from assist.base.vocab import Outcome
from assist.domain.conversation import Conversation
from assist.reply.suggest import MAX_COUNT, Suggestion
from assist.workspace.saved_work import SavedCard
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
        self.stopping = False  # Stop was pressed: the round's final results may still arrive, tokens not
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
        self.stopping = False
        self.rewriting = None

    def suggest(self, conversation: Conversation) -> None:
        self.stopping = False
        self.streaming = True
        self._bridge.suggest(conversation, MAX_COUNT)
        self.changed.emit()

    def restore(self, cards: list[SavedCard], stale: bool) -> None:
        """Show the suggestions the agent had in this conversation before (not the dismissed ones)."""
        stack = self._stack
        for saved in cards:
            if saved.outcome == Outcome.DISMISSED:
                continue
            card = SuggestionCard(index=saved.suggestion.index)
            stack.by_index[card.index] = card
            stack.add(card)
            card.finish(saved.suggestion)
            if saved.final_text and saved.outcome in (Outcome.EDITED, Outcome.OVERRIDDEN):
                card.text_edit.setPlainText(saved.final_text)  # what the agent sent, as they edited it
            card.set_outcome(saved.outcome)
            card.set_flagged(saved.flagged)
            card.set_stale(stale)
        if stack.cards:
            stack.select(stack.cards[0])
        self.changed.emit()
        self.room_needed.emit()

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
            self._bridge.cancel()  # the chain still ends through all_done, with what was shown
            self.streaming, self.stopping = False, True
            for card in list(self._stack.cards):
                if card.streaming:
                    card.stop_streaming("Stopped")
            self._drop_empty("No suggestion: stopped before the first words.")
            self.changed.emit()
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
        if not (self.streaming or self.stopping) or card is None:
            return
        card.finish(suggestion)  # after Stop too: the record behind what was written, so it can be used
        self.changed.emit()

    def _on_all_done(self, shown: list[Suggestion]) -> None:
        if not (self.streaming or self.stopping):
            return
        self.streaming = self.stopping = False
        stack = self._stack
        kept = {s.index for s in shown}
        for index, card in list(stack.by_index.items()):
            if index not in kept:
                stack.remove(card)
        for card in stack.cards:
            if card.streaming:
                card.stop_streaming("stopped")
        self._drop_empty("No suggestion: stopped before the first words.")
        if stack.selected is None and stack.cards:
            stack.select(stack.cards[0])
        self.changed.emit()
        self.room_needed.emit()

    def _drop_empty(self, message: str) -> None:
        """Remove stopped cards that hold no reply beyond the greeting; say why when none is left."""
        stack = self._stack
        for card in list(stack.cards):
            if not card.action and not card.streaming and only_greeting(card.text()) and (
                    card.suggestion is None or card.suggestion.cancelled):
                stack.remove(card)
        if not stack.cards:
            self.message.emit(message)

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
        if self.streaming or self.stopping:
            self.streaming = self.stopping = False
            for card in list(stack.by_index.values()):
                if card.suggestion is None:
                    stack.remove(card)
            if not stack.cards:
                self.message.emit(f"No suggestion: {message}")
        self.changed.emit()
