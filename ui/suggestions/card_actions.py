"""What the agent does with a card: Copy / Insert, Insert anyway… (confirmed, audited), Dismiss and Flag.
The base class of SuggestionPanel: it asks the agent (the confirm and comment dialogs), the core decides
what the action means (assist.reply.outcomes), and ui.suggestions.outcomes writes it off the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from assist.base.text import only_greeting
from assist.base.vocab import Outcome
from assist.domain.conversation import Conversation
from assist.reply import outcomes as rules
from assist.reply.suggest import Suggestion
from assist.workspace.workspace import Workspace
from ui.base import errors
from ui.suggestions import outcomes
from ui.suggestions.card_labels import FLAG_LABELS
from ui.suggestions.selected_card import SelectedCardParts
from ui.suggestions.suggestion_card import SuggestionCard


class CardActions(SelectedCardParts, QWidget):
    outcome_recorded = Signal(str)  # the outcome, once it is in the store
    flag_recorded = Signal(str)  # the reason, once it is in the store

    def __init__(self, workspace: Workspace, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._actor = actor
        self._conversation: Conversation | None = None
        self._outcome = ""

    def _refresh(self) -> None:
        """The panel's: enabled states and the status line after an action."""

    def set_actor(self, actor: str) -> None:
        """Whose name outcomes, flags and overrides are recorded under from now on."""
        self._actor = actor

    def _conversation_id(self) -> str:
        return self._conversation.id if self._conversation is not None else ""

    # --- outcomes ---------------------------------------------------------------------------------

    def insert(self, card: SuggestionCard | None = None) -> None:
        card = card or self._selected
        if card is None or card.suggestion is None or card.streaming or card.blocked:
            return
        text = card.text()
        if only_greeting(text):
            return  # stopped before its first words: nothing to send
        QGuiApplication.clipboard().setText(text)
        self._record(card, rules.insert_outcome(card.suggestion.text, text, rewritten=bool(card.action)), text)

    def insert_anyway(self, card: SuggestionCard | None = None) -> None:
        card = card or self._selected
        if card is None or card.suggestion is None or not card.blocked:
            return
        if not self.confirm_override(card.suggestion):
            return
        text = card.text()
        QGuiApplication.clipboard().setText(text)
        detail = rules.override_detail(card.suggestion.findings, self._conversation_id(), card.action)
        self._record(card, Outcome.OVERRIDDEN, text, audit=detail)

    def dismiss(self, card: SuggestionCard | None = None) -> None:
        card = card or self._selected
        if card is None or card.streaming:
            return
        if rules.dismissal_counts(rewritten=bool(card.action)):
            self._record(card, Outcome.DISMISSED, "")
        self.cards_area.remove(card)
        self._outcome = Outcome.DISMISSED
        self._refresh()

    def confirm_override(self, suggestion: Suggestion) -> bool:
        """Ask before inserting a blocked draft. Without dialogs (tests, offscreen) the answer is no."""
        if not errors.dialogs_enabled():
            return False
        broken = ", ".join(rules.blocking_rules(suggestion.findings))
        answer = QMessageBox.warning(
            self, "Insert a blocked reply?",
            f"This draft breaks a hard rule ({broken}).\n\nInsert it anyway? The override is logged "
            "with your name.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _record(self, card: SuggestionCard, outcome: str, final_text: str,
                audit: dict[str, Any] | None = None) -> None:
        card.set_outcome(outcome)
        self._outcome = outcome
        self._refresh()
        outcomes.record_outcome(self._workspace.store, self._actor, card.record_id, outcome, final_text,
                                audit=audit, conversation_id=self._conversation_id(),
                                on_done=self.outcome_recorded.emit, parent=self)

    # --- flags ------------------------------------------------------------------------------------

    def ask_flag_comment(self, reason: str) -> str | None:
        """An optional comment for the flag; None when the agent cancels. No dialogs: no comment."""
        if not errors.dialogs_enabled():
            return ""
        text, ok = QInputDialog.getText(self, "Flag this suggestion",
                                        f"{FLAG_LABELS.get(reason, reason)}: anything to add? (optional)",
                                        QLineEdit.EchoMode.Normal, "")
        return text.strip() if ok else None

    def flag(self, reason: str, card: SuggestionCard | None = None) -> None:
        card = card or self._selected
        if card is None or card.streaming or card.record_id is None or card.action:
            return
        comment = self.ask_flag_comment(reason)
        if comment is None:
            return

        def done(flagged: str) -> None:
            if card in self.cards:
                card.set_flagged(flagged)
            self.flag_recorded.emit(flagged)

        outcomes.record_flag(self._workspace.store, self._actor, card.record_id, reason, comment,
                             on_done=done, parent=self)
