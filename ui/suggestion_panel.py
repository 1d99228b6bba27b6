"""The suggestion panel: Suggest / Stop, up to three streamed replies as cards (the selected one expanded),
rewrites of a reply or of the agent's own draft, the pre-send check of that draft, and per card its sources,
guardrail findings, Flag, Copy / Insert, Dismiss and Insert anyway… for a blocked reply.

Model work goes through the EngineBridge; outcome and flag writes, article reads and the draft check
through ui.tasks. Keys: Ctrl+Enter Suggest, Esc Stop, Alt+1/2/3 select a card, Ctrl+Shift+C insert it.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assist import guardrails
from assist.conversation import Conversation
from assist.guardrails import Finding
from assist.llm.worker import EngineState
from assist.suggest import MAX_COUNT, Suggestion
from assist.workspace import Workspace
from ui import errors
from ui.engine_bridge import EngineBridge
from ui.suggestion_card import (
    FLAG_LABELS,
    OUTCOME_LABELS,
    ArticleDialog,
    FindingRow,
    FindingsList,
    SuggestionCard,
    group_by_rule,
    highlight,
    menu_button,
    rewrite_menu,
    stats_line,
)
from ui.tasks import run_task

__all__ = ["ArticleDialog", "FindingRow", "SuggestionPanel", "group_by_rule", "stats_line"]

log = logging.getLogger(__name__)

PANEL_SHARE = 0.5  # at most this share of the splitter when the panel asks for room for its cards
DRAFT_HEIGHT = 84


def findings_summary(findings: list[Finding]) -> str:
    if not findings:
        return "No problems found ✓"
    blocks = sum(1 for f in findings if f.severity == "block")
    warns = len(findings) - blocks
    parts = [f"{blocks} block{'s' if blocks != 1 else ''}" if blocks else "",
             f"{warns} warning{'s' if warns != 1 else ''}" if warns else ""]
    return " · ".join(p for p in parts if p)


class SuggestionPanel(QWidget):
    outcome_recorded = Signal(str)  # the outcome, once it is in the store
    article_shown = Signal(object)  # the ArticleDialog, once open
    flag_recorded = Signal(str)  # the reason, once it is in the store
    rewrite_shown = Signal(object)  # the finished rewrite card
    draft_checked = Signal(object)  # list[Finding] for the agent's draft

    def __init__(self, workspace: Workspace, bridge: EngineBridge, actor: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SuggestionPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._workspace = workspace
        self._bridge = bridge
        self._actor = actor
        self._conversation: Conversation | None = None
        self.cards: list[SuggestionCard] = []
        self._by_index: dict[int, SuggestionCard] = {}
        self._selected: SuggestionCard | None = None
        self._streaming = False
        self._rewriting: SuggestionCard | None = None
        self._outcome = ""
        self._engine_state = bridge.state.value
        self._engine_reason = bridge.reason
        self._build()
        self._bind_shortcuts()
        bridge.suggestion_started.connect(self._on_started)
        bridge.token_indexed.connect(self._on_token)
        bridge.suggestion_done.connect(self._on_suggestion_done)
        bridge.all_done.connect(self._on_all_done)
        bridge.rewrite_token.connect(self._on_rewrite_token)
        bridge.rewrite_done.connect(self._on_rewrite_done)
        bridge.failed.connect(self._on_failed)
        bridge.state_changed.connect(self.set_engine_state)
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

        self.cards_area = QScrollArea()
        self.cards_area.setObjectName("Cards")
        self.cards_area.setWidgetResizable(True)
        self.cards_area.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        canvas = QWidget()
        canvas.setObjectName("CardsCanvas")
        self.cards_box = QVBoxLayout(canvas)
        self.cards_box.setContentsMargins(0, 0, 0, 0)
        self.cards_box.setSpacing(6)
        self.cards_box.addStretch(1)
        self.cards_area.setWidget(canvas)
        layout.addWidget(self.cards_area, 1)

        self.draft_box = QFrame()
        self.draft_box.setObjectName("DraftBox")
        draft = QVBoxLayout(self.draft_box)
        draft.setContentsMargins(0, 0, 0, 0)
        draft.setSpacing(5)
        self.draft_edit = QPlainTextEdit()
        self.draft_edit.setObjectName("SuggestionText")
        self.draft_edit.setPlaceholderText("Paste or type your draft…")
        self.draft_edit.setAccessibleName("My draft")
        self.draft_edit.setFixedHeight(DRAFT_HEIGHT)
        self.draft_edit.textChanged.connect(self._on_draft_changed)
        draft.addWidget(self.draft_edit)
        self.draft_findings = FindingsList()
        draft.addWidget(self.draft_findings)
        draft_row = QHBoxLayout()
        draft_row.setSpacing(6)
        self.check_button = QPushButton("Check draft")
        self.check_button.setToolTip("Check the draft against the playbook's hard rules before you send it")
        self.draft_rewrite_button = menu_button("Rewrite ▾", "Rewrite my draft",
                                                rewrite_menu(self, self.rewrite_draft), "MenuButton")
        self.draft_status = QLabel()
        self.draft_status.setObjectName("Meta")
        self.draft_status.setTextFormat(Qt.TextFormat.PlainText)
        draft_row.addWidget(self.check_button)
        draft_row.addWidget(self.draft_rewrite_button)
        draft_row.addStretch(1)
        draft_row.addWidget(self.draft_status)
        draft.addLayout(draft_row)
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
            shortcut.activated.connect(lambda n=number: self.select_number(n))
            self.shortcuts.append(shortcut)

    # --- the selected card (the names the rest of the app and the tests know) ---------------------

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
        return self._streaming

    @property
    def busy(self) -> bool:
        return self._streaming or self._rewriting is not None

    # --- state ------------------------------------------------------------------------------------

    def suggest_blocker(self) -> str:
        """Why Suggest is unavailable right now ("" when it is available)."""
        if self._engine_state == EngineState.LOADING.value:
            return "Model loading…"
        if self._engine_state in (EngineState.FAILED.value, EngineState.STOPPED.value):
            return f"Suggestions off: {self._engine_reason or 'the model is not running'}"
        if self._conversation is None:
            return "Pick a conversation first."
        return ""

    def _refresh(self) -> None:
        blocker = self.suggest_blocker()
        self.suggest_button.setEnabled(not blocker and not self.busy)
        self.suggest_button.setToolTip(blocker or "Draft three replies (Ctrl+Enter)")
        self.stop_button.setEnabled(self.busy)
        has_draft = bool(self.draft_edit.toPlainText().strip())
        self.check_button.setEnabled(has_draft)
        self.draft_rewrite_button.setEnabled(has_draft and not blocker and not self.busy)
        for card in self.cards:
            card.refresh()
            if self.busy or blocker:
                card.rewrite_button.setEnabled(False)
        if self._streaming:
            status, tip = f"Writing {len(self._by_index)} of {MAX_COUNT}…", ""
        elif self._rewriting is not None:
            status, tip = "Rewriting…", ""
        elif self._engine_state != EngineState.READY.value:
            status, tip = blocker if len(blocker) < 48 else blocker[:46] + "…", blocker
        else:
            status, tip = OUTCOME_LABELS.get(self._outcome, self._outcome), ""
        self.status_label.setText(status)
        self.status_label.setToolTip(tip)
        if not self.cards and not self.message_label.text():
            self.message_label.setText("Press Suggest (Ctrl+Enter) for three reply drafts.")
        self.message_label.setVisible(not self.cards)
        self.cards_area.setVisible(bool(self.cards))

    def set_engine_state(self, state: str, reason: str) -> None:
        self._engine_state, self._engine_reason = state, reason
        self._refresh()

    def set_conversation(self, conversation: Conversation | None) -> None:
        self._conversation = conversation
        self._clear()
        self.draft_findings.set_findings([])
        self.draft_edit.setExtraSelections([])
        self.draft_status.clear()
        self._refresh()

    def _clear(self) -> None:
        for card in self.cards:
            self.cards_box.removeWidget(card)
            card.deleteLater()
        self.cards = []
        self._by_index = {}
        self._selected = None
        self._streaming = False
        self._rewriting = None
        self._outcome = ""
        self.message_label.clear()

    # --- cards ------------------------------------------------------------------------------------

    def _add_card(self, card: SuggestionCard, after: SuggestionCard | None = None) -> None:
        position = self.cards.index(after) + 1 if after is not None and after in self.cards else len(self.cards)
        self.cards.insert(position, card)
        self.cards_box.insertWidget(position, card)
        card.clicked.connect(lambda c=card: self.select(c))
        card.insert_requested.connect(lambda c=card: self.insert(c))
        card.override_requested.connect(lambda c=card: self.insert_anyway(c))
        card.dismiss_requested.connect(lambda c=card: self.dismiss(c))
        card.flag_requested.connect(lambda reason, c=card: self.flag(reason, c))
        card.rewrite_requested.connect(lambda action, c=card: self.rewrite(action, c))
        card.citation_clicked.connect(self.open_article)
        card.set_expanded(False)

    def _remove_card(self, card: SuggestionCard) -> None:
        if card not in self.cards:
            return
        position = self.cards.index(card)
        self.cards.remove(card)
        self._by_index = {i: c for i, c in self._by_index.items() if c is not card}
        self.cards_box.removeWidget(card)
        card.deleteLater()
        if self._selected is card:
            self._selected = None
            if self.cards:
                self.select(self.cards[min(position, len(self.cards) - 1)])

    def select(self, card: SuggestionCard) -> None:
        if card not in self.cards:
            return
        self._selected = card
        for other in self.cards:
            other.set_expanded(other is card)
        QTimer.singleShot(0, lambda: self._ensure_visible(card))

    def _ensure_visible(self, card: SuggestionCard) -> None:
        if card in self.cards:
            self.cards_area.ensureWidgetVisible(card, 0, 0)

    def select_number(self, number: int) -> None:
        """Alt+1/2/3: the suggestion numbered so, else the card at that place."""
        card = next((c for c in self.cards if not c.action and c.index == number - 1), None)
        if card is None and 0 < number <= len(self.cards):
            card = self.cards[number - 1]
        if card is not None:
            self.select(card)

    def _ask_for_room(self) -> None:
        """Grow the panel (taking from the conversation, never below its minimum) so the cards fit."""
        splitter = self.parentWidget()
        if not isinstance(splitter, QSplitter) or splitter.count() != 3 or splitter.indexOf(self) != 2:
            return
        layout, canvas, conversation = self.layout(), self.cards_area.widget(), splitter.widget(1)
        if layout is None or canvas is None or conversation is None:
            return
        need = layout.sizeHint().height() - self.cards_area.sizeHint().height() + canvas.sizeHint().height() + 4
        need = min(need, int(sum(splitter.sizes()) * PANEL_SHARE))
        sizes = splitter.sizes()
        if sizes[2] >= need:
            return
        grow = min(need - sizes[2], max(0, sizes[1] - conversation.minimumHeight()))
        if grow > 0:
            splitter.setSizes([sizes[0], sizes[1] - grow, sizes[2] + grow])

    def _later_room(self) -> None:
        QTimer.singleShot(0, self._ask_for_room)

    # --- suggest and stop -------------------------------------------------------------------------

    def suggest(self) -> None:
        if self.suggest_blocker() or self.busy or self._conversation is None:
            return
        self._clear()
        self._streaming = True
        self._bridge.suggest(self._conversation, MAX_COUNT)
        self._refresh()

    def stop(self) -> None:
        if self._streaming:
            self._bridge.cancel()  # the chain ends through all_done with what was shown
        elif self._rewriting is not None:
            card, self._rewriting = self._rewriting, None
            self._bridge.discard()
            self._remove_card(card)
            self._outcome = "Rewrite stopped"
            self._refresh()

    # --- outcomes ---------------------------------------------------------------------------------

    def insert(self, card: SuggestionCard | None = None) -> None:
        card = card or self._selected
        if card is None or card.suggestion is None or card.streaming or card.blocked:
            return
        text = card.text()
        if not text.strip():
            return
        QGuiApplication.clipboard().setText(text)
        edited = bool(card.action) or text != card.suggestion.text
        self._record(card, "edited" if edited else "inserted", text)

    def insert_anyway(self, card: SuggestionCard | None = None) -> None:
        card = card or self._selected
        if card is None or card.suggestion is None or not card.blocked:
            return
        if not self.confirm_override(card.suggestion):
            return
        text = card.text()
        QGuiApplication.clipboard().setText(text)
        rules = sorted({f.rule for f in card.suggestion.findings if f.severity == "block"})
        detail: dict[str, Any] = {"rules": rules, "conversation": self._conversation_id()}
        if card.action:
            detail["rewrite"] = card.action
        self._record(card, "overridden", text, audit=detail)

    def dismiss(self, card: SuggestionCard | None = None) -> None:
        card = card or self._selected
        if card is None or card.streaming:
            return
        if not card.action:  # a rewrite is the agent's tool; dismissing it says nothing about the suggestion
            self._record(card, "dismissed", "")
        self._remove_card(card)
        self._outcome = "dismissed"
        self._refresh()

    def confirm_override(self, suggestion: Suggestion) -> bool:
        """Ask before inserting a blocked draft. Without dialogs (tests, offscreen) the answer is no."""
        if not errors.dialogs_enabled():
            return False
        rules = ", ".join(sorted({f.rule for f in suggestion.findings if f.severity == "block"}))
        answer = QMessageBox.warning(
            self, "Insert a blocked reply?",
            f"This draft breaks a hard rule ({rules}).\n\nInsert it anyway? The override is logged "
            "with your name.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _conversation_id(self) -> str:
        return self._conversation.id if self._conversation is not None else ""

    def _record(self, card: SuggestionCard, outcome: str, final_text: str,
                audit: dict[str, Any] | None = None) -> None:
        card.set_outcome(outcome)
        self._outcome = outcome
        self._refresh()
        suggestion_id = card.record_id
        store, actor = self._workspace.store, self._actor
        if suggestion_id is None and audit is None:
            return  # a rewrite of the agent's own draft: nothing stored to attach the outcome to

        def write() -> str:
            if suggestion_id is not None:
                store.record_outcome(suggestion_id, outcome, final_text, actor=actor)
            if audit is not None:
                subject = str(suggestion_id) if suggestion_id is not None else self._conversation_id()
                action = "suggestion.override" if suggestion_id is not None else "draft.override"
                store.audit(actor, action, subject, audit)
            return outcome

        run_task(write, lambda done: self.outcome_recorded.emit(done),
                 lambda exc: errors.show_error(exc, self))

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
        store, actor, suggestion_id = self._workspace.store, self._actor, card.record_id

        def write() -> str:
            store.flag_suggestion(suggestion_id, reason, comment, actor=actor)
            return reason

        def done(flagged: str) -> None:
            if card in self.cards:
                card.set_flagged(flagged)
            self.flag_recorded.emit(flagged)

        run_task(write, done, lambda exc: errors.show_error(exc, self))

    # --- rewrites and the agent's draft -----------------------------------------------------------

    def rewrite(self, action: str, card: SuggestionCard | None = None) -> None:
        """Rewrite a finished card's text (as edited) into a new card right below it."""
        card = card or self._selected
        if (card is None or card.suggestion is None or card.streaming or self.busy or self.suggest_blocker()
                or self._conversation is None or not card.text().strip()):
            return
        source = card.source if card.action else card.suggestion
        self._start_rewrite(card.text(), action, SuggestionCard(action=action, source=source), after=card)

    def rewrite_draft(self, action: str) -> None:
        text = self.draft_edit.toPlainText()
        if not text.strip() or self.busy or self.suggest_blocker() or self._conversation is None:
            return
        self._start_rewrite(text, action, SuggestionCard(action=action), after=None)

    def _start_rewrite(self, text: str, action: str, card: SuggestionCard, after: SuggestionCard | None) -> None:
        assert self._conversation is not None
        self._add_card(card, after)
        self._rewriting = card
        self.select(card)
        self._bridge.rewrite(text, action, self._conversation)
        self._refresh()
        self._later_room()

    def _on_rewrite_token(self, text: str) -> None:
        if self._rewriting is not None:
            self._rewriting.append(text)

    def _on_rewrite_done(self, result: Suggestion) -> None:
        card, self._rewriting = self._rewriting, None
        if card is None or card not in self.cards:
            return
        card.finish(result, note=str(getattr(result, "note", "")))
        self._refresh()
        self._later_room()
        self.rewrite_shown.emit(card)

    def show_draft(self, on: bool) -> None:
        self.draft_toggle.blockSignals(True)
        self.draft_toggle.setChecked(on)
        self.draft_toggle.blockSignals(False)
        self.draft_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.draft_box.setVisible(on)
        if on:
            self.draft_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self._later_room()

    def _on_draft_changed(self) -> None:
        if self.draft_findings.rows or self.draft_status.text():
            self.draft_findings.set_findings([])  # the spans no longer match the text
            self.draft_edit.setExtraSelections([])
            self.draft_status.clear()
        self._refresh()

    def check_draft(self) -> None:
        """The pre-send check: the playbook's hard rules over the agent's own draft (off the GUI thread)."""
        text = self.draft_edit.toPlainText()
        if not text.strip():
            return
        playbook, conversation = self._workspace.playbook, self._conversation
        self.draft_status.setText("Checking…")

        def done(findings: list[Finding]) -> None:
            if self.draft_edit.toPlainText() != text:
                return  # edited meanwhile: the spans would be wrong
            self.draft_findings.set_findings(findings)
            highlight(self.draft_edit, findings)
            self.draft_status.setText(findings_summary(findings))
            self._later_room()
            self.draft_checked.emit(findings)

        run_task(lambda: guardrails.check(text, playbook(), conversation), done,
                 lambda exc: errors.show_error(exc, self))

    # --- engine events (GUI thread) ---------------------------------------------------------------

    def _on_started(self, index: int) -> None:
        if not self._streaming:
            return
        card = self._by_index.get(index)
        if card is not None:
            card.restart()
        else:
            card = SuggestionCard(index=index)
            self._by_index[index] = card
            self._add_card(card, after=self._by_index.get(index - 1))
            if self._selected is None:
                self.select(card)  # the first reply opens; later ones stream into their preview line
        self._refresh()
        self._later_room()

    def _on_token(self, index: int, text: str) -> None:
        card = self._by_index.get(index)
        if self._streaming and card is not None:
            card.append(text)

    def _on_suggestion_done(self, suggestion: Suggestion) -> None:
        card = self._by_index.get(suggestion.index)
        if not self._streaming or card is None:
            return
        card.finish(suggestion)
        self._refresh()

    def _on_all_done(self, shown: list[Suggestion]) -> None:
        if not self._streaming:
            return
        self._streaming = False
        kept = {s.index for s in shown}
        for index, card in list(self._by_index.items()):
            if index not in kept:
                self._remove_card(card)
        for card in self.cards:
            if card.streaming:
                card.stop_streaming("stopped")
        if self._selected is None and self.cards:
            self.select(self.cards[0])
        if not self.cards:
            self.message_label.setText("No suggestion: stopped before the first words.")
        self._refresh()
        self._later_room()

    def _on_failed(self, message: str) -> None:
        if self._rewriting is not None:
            card, self._rewriting = self._rewriting, None
            self._remove_card(card)
            self._outcome = f"Rewrite failed: {message}"
        if self._streaming:
            self._streaming = False
            for card in list(self._by_index.values()):
                if card.suggestion is None:
                    self._remove_card(card)
            if not self.cards:
                self.message_label.setText(f"No suggestion: {message}")
        self._refresh()

    # --- sources ----------------------------------------------------------------------------------

    def open_article(self, article_id: str) -> None:
        store = self._workspace.store

        def shown(article: dict[str, Any] | None) -> None:
            dialog = ArticleDialog(article or {"id": article_id, "title": article_id,
                                               "body": "This article is no longer in the workspace."}, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()
            self.article_shown.emit(dialog)

        run_task(lambda: store.get_article(article_id), shown, lambda exc: errors.show_error(exc, self))
