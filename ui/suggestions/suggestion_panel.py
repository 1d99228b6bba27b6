"""The suggestion panel: Suggest / Stop, up to three streamed replies as cards (the selected one expanded),
rewrites of a reply or of the agent's own draft, the pre-send check of that draft, and per card its sources,
guardrail findings, Flag, Copy / Insert, Dismiss and Insert anyway… for a blocked reply.

This module holds the layout, the enabled states, Suggest / Stop and the rewrites; the parts live beside it:
ui.suggestions.card_actions (insert, override, dismiss, flag: the panel's base class), selected_card (the
selected card's parts under the panel's names), draft_actions (the agent's draft: shown, rewritten, checked),
card_stack (the cards and the selection), card_stream
(engine events into cards), draft_box (the agent's draft and its check), outcomes (the store writes) and
article_dialog. Model work goes through the EngineBridge, store work through ui.base.tasks. Keys:
Ctrl+Enter Suggest, Esc Stop, Alt+1/2/3 select a card, Ctrl+Shift+C insert it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assist.domain.conversation import Conversation
from assist.llm.worker import EngineState
from assist.reply.rewrite import unavailable_reason
from assist.reply.suggest import MAX_COUNT
from assist.workspace.saved_work import SavedWork
from assist.workspace.workspace import Workspace
from ui.base.engine_bridge import EngineBridge
from ui.suggestions.article_dialog import open_article as show_article
from ui.suggestions.card_actions import CardActions
from ui.suggestions.card_labels import OUTCOME_LABELS
from ui.suggestions.card_stack import CardStack
from ui.suggestions.card_stream import CardStream
from ui.suggestions.conversation_memory import ConversationMemory
from ui.suggestions.draft_actions import DraftActions
from ui.suggestions.draft_box import DraftBox
from ui.suggestions.suggestion_card import SuggestionCard

log = logging.getLogger(__name__)


class SuggestionPanel(DraftActions, CardActions):
    # outcome_recorded and flag_recorded come from CardActions
    article_shown = Signal(object)  # the ArticleDialog, once open
    rewrite_shown = Signal(object)  # the finished rewrite card
    draft_rewritten = Signal(object)  # the Rewrite of the agent's draft, applied in place or refused
    draft_checked = Signal(object)  # list[Finding] for the agent's draft
    restored = Signal(object)  # SavedWork: this conversation's draft and earlier cards are back on screen
    room_wanted = Signal(int)  # the height the panel needs for what it shows (compact without cards)

    def __init__(self, workspace: Workspace, bridge: EngineBridge, actor: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, actor, parent)
        self.setObjectName("SuggestionPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._bridge = bridge
        self._engine_state = bridge.state.value
        self._engine_reason = bridge.reason
        self._build()
        self._bind_shortcuts()
        self._stream = CardStream(bridge, self.cards_area, self)
        self._stream.changed.connect(self._refresh)
        self._stream.room_needed.connect(self._later_room)
        self._stream.outcome.connect(self._set_outcome)
        self._stream.message.connect(self.message_label.setText)
        self._stream.rewrite_shown.connect(self.rewrite_shown)
        self.memory = ConversationMemory(workspace.store, self)
        self.memory.restored.connect(self._restore)
        self.draft_box.changed.connect(lambda: self.memory.draft_changed(self.draft_box.text()))
        bridge.state_changed.connect(self.set_engine_state)
        self._draft_rewriting = False  # a rewrite of the draft is under way (it lands in the draft box)
        bridge.rewrite_done.connect(self._on_draft_rewrite_done)
        bridge.failed.connect(self._on_draft_rewrite_failed)
        self._clear()
        self._refresh()

    # --- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)

        head = QHBoxLayout()
        title = QLabel("Suggested replies")
        title.setObjectName("WorkspaceName")
        self.status_label = QLabel()
        self.status_label.setObjectName("Meta")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.status_label)
        layout.addLayout(head)

        self.message_label = QLabel()
        self.message_label.setObjectName("Placeholder")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)

        self.cards_area = CardStack()
        self.cards_area.insert_requested.connect(self.insert)
        self.cards_area.override_requested.connect(self.insert_anyway)
        self.cards_area.dismiss_requested.connect(self.dismiss)
        self.cards_area.flag_requested.connect(self.flag)
        self.cards_area.rewrite_requested.connect(self.rewrite)
        self.cards_area.citation_clicked.connect(self.open_article)
        layout.addWidget(self.cards_area, 1)
        self.filler = QWidget()  # takes the spare height while there are no cards, so the rest stays on top
        self.filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.filler, 1)

        self.draft_box = DraftBox()
        # the draft box's parts under the names the tests and the rest of the app know
        self.draft_edit = self.draft_box.edit
        self.draft_findings = self.draft_box.findings
        self.check_button = self.draft_box.check_button
        self.draft_rewrite_button = self.draft_box.rewrite_button
        self.draft_status = self.draft_box.status
        self.draft_box.rewrite_requested.connect(self.rewrite_draft)
        self.draft_box.changed.connect(self._refresh)
        self.draft_box.checked.connect(self._on_draft_checked)
        self.draft_box.setVisible(False)
        layout.addWidget(self.draft_box)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.suggest_button = QPushButton("Suggest")
        self.suggest_button.setObjectName("Primary")
        self.suggest_button.setToolTip("Draft three replies (Ctrl+Enter)")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop generating (Esc)")
        self.draft_toggle = QToolButton()
        self.draft_toggle.setObjectName("DraftToggle")
        self.draft_toggle.setText("My draft")
        self.draft_toggle.setCheckable(True)
        self.draft_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.draft_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.draft_toggle.setToolTip("Your own draft: check it against the rules or rewrite it")
        buttons.addWidget(self.suggest_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        buttons.addWidget(self.draft_toggle)
        layout.addLayout(buttons)

        self.suggest_button.clicked.connect(self.suggest)
        self.stop_button.clicked.connect(self.stop)
        self.check_button.clicked.connect(self.check_draft)
        self.draft_toggle.toggled.connect(self.show_draft)

    def _bind_shortcuts(self) -> None:
        self.shortcuts: list[QShortcut] = []
        for number in range(1, MAX_COUNT + 1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda n=number: self.cards_area.select_number(n))
            self.shortcuts.append(shortcut)

    # --- state ------------------------------------------------------------------------------------

    def suggest_blocker(self) -> str:
        """Why Suggest is unavailable right now ("" when it is available)."""
        if self._engine_state == EngineState.LOADING.value:
            return "Model loading…"
        if self._model_off() and not self._bridge.composes_without_model:
            return self._model_off()
        if self._conversation is None:
            return "Pick a conversation first."
        if not self._conversation.last_customer_text.strip():
            return "Nothing to answer yet: the customer has not written."
        return ""

    def _model_off(self) -> str:
        """Why the model's cards cannot come ("" when the model is running or loading)."""
        if self._engine_state in (EngineState.FAILED.value, EngineState.STOPPED.value):
            return f"Suggestions off: {self._engine_reason or 'the model is not running'}"
        return ""

    def _refresh(self) -> None:
        blocker = self.suggest_blocker()
        self.suggest_button.setEnabled(not blocker and not self.busy)
        self.suggest_button.setToolTip(blocker or "Draft three replies (Ctrl+Enter)")
        self.stop_button.setEnabled(self.busy)
        self.draft_box.refresh(can_rewrite=not blocker and not self.busy)
        for card in self.cards:
            card.refresh()
            if self.busy or blocker:
                card.rewrite_button.setEnabled(False)
        if self._stream.streaming:
            status, tip = f"Writing {len(self.cards_area.by_index)} of {MAX_COUNT}…", ""
        elif self._stream.rewriting is not None:
            status, tip = "Rewriting…", ""
        elif self._engine_state != EngineState.READY.value:
            # Without the model the help centre's card still comes: the reason stays in view.
            note = blocker or (self._model_off() and f"{self._model_off()}. Help-centre card only.")
            status, tip = note if len(note) < 48 else note[:46] + "…", note
        else:
            status, tip = OUTCOME_LABELS.get(self._outcome, self._outcome), ""
        self.status_label.setText(status)
        self.status_label.setToolTip(tip)
        if not self.cards and not self.message_label.text():
            self.message_label.setText("Press Suggest (Ctrl+Enter) for three reply drafts.")
        self.message_label.setVisible(not self.cards)
        self.cards_area.setVisible(bool(self.cards))
        self.filler.setVisible(not self.cards)

    def set_engine_state(self, state: str, reason: str) -> None:
        self._engine_state, self._engine_reason = state, reason
        self._refresh()

    def set_conversation(self, conversation: Conversation | None) -> None:
        """Show this conversation's own work: its draft and earlier suggestions come back from the store."""
        if conversation is not None and self._conversation is not None and conversation.id == self._conversation.id:
            if _customer_turns(conversation) > _customer_turns(self._conversation):
                for card in self.cards:  # the customer wrote again: these answer an older message
                    card.set_stale(True)
            self._conversation = conversation  # the same chat, newer: its work stays on screen
            self._refresh()
            return
        self.memory.open(conversation)  # the previous conversation's draft is saved first
        self._conversation = conversation
        self._draft_rewriting = False  # the switch discarded it (bridge.discard): no result will come
        self._clear()
        self.draft_box.set_text("")
        self._mark_draft()
        self._refresh()

    def take_prepared(self) -> None:
        """Show the suggestion live sync prepared for the customer's newest message (stored as the newest
        round), when the panel shows none and is not busy: read back like a return to the chat."""
        if self._conversation is not None and not self.cards and not self.busy:
            self.memory.open(self._conversation)

    def _restore(self, work: SavedWork) -> None:
        if self._conversation is None or work.conversation_id != self._conversation.id:
            return
        if not self.draft_box.text():
            self.draft_box.set_text(work.draft)
            self._mark_draft()
        if work.cards and not self.cards and not self.busy:
            self.message_label.clear()
            self._stream.restore(work.cards, work.stale)
            if work.stale:
                self._outcome = "The customer wrote since these"
        self._refresh()
        self.restored.emit(work)

    def _clear(self) -> None:
        had_cards = bool(self.cards)
        self.cards_area.clear()
        self._stream.reset()
        self._outcome = ""
        self.message_label.clear()
        if had_cards:
            self._later_room()  # no cards: the panel shrinks back and the conversation gets the room

    # --- cards ------------------------------------------------------------------------------------

    def select(self, card: SuggestionCard) -> None:
        self.cards_area.select(card)

    def select_number(self, number: int) -> None:
        self.cards_area.select_number(number)

    def compact_height(self) -> int:
        """The panel with no cards and the draft folded: title, one line of message, the buttons."""
        layout = self.layout()
        if layout is None:
            return 100
        margins = layout.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        line = self.message_label.fontMetrics().lineSpacing()
        lines = 2 if width < 100 or not self.message_label.text() else max(
            1, -(-self.message_label.fontMetrics().horizontalAdvance(self.message_label.text()) // width))
        message = lines * line + 20 + 4  # 20: the label's padding; 4: rounding between fonts and layout
        return (margins.top() + margins.bottom() + 2 * layout.spacing() + self.suggest_button.sizeHint().height()
                + message + self.status_label.sizeHint().height())

    def wanted_height(self) -> int:
        """What the panel needs for what it shows now: compact without cards, else the cards (capped)."""
        layout, canvas = self.layout(), self.cards_area.widget()
        if layout is None or canvas is None:
            return self.compact_height()
        need = self.compact_height()
        if self.draft_box.isVisibleTo(self):
            need += self.draft_box.sizeHint().height() + layout.spacing()
        if self.cards:
            need += canvas.sizeHint().height() + layout.spacing() + 4
        return need

    def focus_replies(self) -> None:
        """Ctrl+3: the selected reply's text, else the Suggest button."""
        target = self._selected.text_edit if self._selected is not None else self.suggest_button
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _ask_for_room(self) -> None:
        """Ask the window for the height the panel's content needs now (it decides; see base/section_sizes)."""
        self.room_wanted.emit(self.wanted_height())

    def _later_room(self) -> None:
        QTimer.singleShot(0, self._ask_for_room)

    # --- suggest and stop -------------------------------------------------------------------------

    def suggest(self) -> None:
        if self.suggest_blocker() or self.busy or self._conversation is None:
            return
        self._clear()
        self._stream.suggest(self._conversation)

    def stop(self) -> None:
        if self._draft_rewriting:
            self._bridge.cancel()  # the cancelled rewrite still arrives, and leaves the draft as it is
        self._stream.stop()

    def _set_outcome(self, outcome: str) -> None:
        self._outcome = outcome  # shown by the next refresh

    # --- rewrites and the agent's draft -----------------------------------------------------------

    def rewrite(self, action: str, card: SuggestionCard | None = None) -> None:
        """Rewrite a finished card's text (as edited) into a new card right below it."""
        card = card or self._selected
        if (card is None or card.suggestion is None or card.streaming or self.busy or self.suggest_blocker()
                or self._conversation is None or not card.text().strip()):
            return
        source = card.source if card.action else card.suggestion
        self._start_rewrite(card.text(), action, SuggestionCard(action=action, source=source), after=card)

    def rewrite_unavailable(self, action: str) -> str:
        """Why the Rewrite ▾ menus grey `action` out here ("" when offered; card_menus asks on opening)."""
        conversation = self._conversation
        return unavailable_reason(action, conversation, self._bridge.model_id) if conversation else ""

    def _start_rewrite(self, text: str, action: str, card: SuggestionCard, after: SuggestionCard | None) -> None:
        assert self._conversation is not None
        self._stream.rewrite(text, action, card, after, self._conversation)

    # --- sources ----------------------------------------------------------------------------------

    def open_article(self, article_id: str) -> None:
        show_article(self._workspace.store, article_id, self, self.article_shown.emit)


def _customer_turns(conversation: Conversation) -> int:
    return sum(1 for m in conversation.messages if m.role == "customer")
