"""The agent's own draft in the suggestion panel: shown or hidden, rewritten in place (one Ctrl+Z undoes it),
checked against the rules before sending. A mixin of SuggestionPanel, which builds the draft box
(ui.suggestions.draft_box) and owns the bridge, the conversation and the enabled states.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QToolButton

from assist.domain.conversation import Conversation
from assist.guardrails.policy import Finding
from assist.reply.rewrite import Rewrite
from assist.workspace.workspace import Workspace
from ui.base.engine_bridge import EngineBridge
from ui.suggestions.draft_box import DraftBox


class DraftActions:
    """Needs on the panel: the draft box and its toggle, the bridge, the conversation, the signals
    `draft_rewritten` and `draft_checked`, and the panel's `busy`, `suggest_blocker`, `_refresh` and
    `_later_room`."""

    draft_box: DraftBox
    draft_edit: QPlainTextEdit
    draft_toggle: QToolButton
    _bridge: EngineBridge
    _workspace: Workspace
    _conversation: Conversation | None
    _draft_rewriting: bool
    draft_rewritten: Any  # Signal(object)
    draft_checked: Any  # Signal(object)

    if TYPE_CHECKING:  # the panel's own, declared for the type checker only (not to shadow them at run time)
        @property
        def busy(self) -> bool: ...
        def suggest_blocker(self) -> str: ...
        def _refresh(self) -> None: ...
        def _later_room(self) -> None: ...

    def _mark_draft(self) -> None:
        has = bool(self.draft_box.text().strip())
        self.draft_toggle.setText("My draft •" if has and not self.draft_toggle.isChecked() else "My draft")
        self.draft_toggle.setToolTip("Your own draft for this conversation" + (" (one is saved)" if has else "")
                                     + ": check it against the rules, rewrite or copy it")

    def rewrite_draft(self, action: str) -> None:
        """Rewrite the agent's draft in place (one Ctrl+Z undoes it), not into a card: it is the agent's text."""
        text = self.draft_box.text()
        if not text.strip() or self.busy or self.suggest_blocker() or self._conversation is None:
            return
        self._draft_rewriting = True
        self.draft_box.status.setText("Rewriting…")
        self._bridge.rewrite(text, action, self._conversation, own_draft=True)
        self._refresh()

    def _on_draft_rewrite_done(self, made: object) -> None:
        if self._draft_rewriting and isinstance(made, Rewrite):
            self._draft_rewriting = False
            self.draft_box.apply_rewrite(made)
            self._refresh()
            self.draft_rewritten.emit(made)

    def _on_draft_rewrite_failed(self, message: str) -> None:
        if self._draft_rewriting:
            self._draft_rewriting = False
            self.draft_box.status.setText(f"Not rewritten: {message}")
            self._refresh()

    def show_draft(self, on: bool) -> None:
        self.draft_toggle.blockSignals(True)
        self.draft_toggle.setChecked(on)
        self.draft_toggle.blockSignals(False)
        self.draft_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.draft_box.setVisible(on)
        self._mark_draft()
        if on:
            self.draft_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._later_room()

    def check_draft(self) -> None:
        """The pre-send check of the agent's draft (off the GUI thread); `draft_checked` once shown."""
        self.draft_box.check(self._workspace.playbook, self._conversation)

    def _on_draft_checked(self, findings: list[Finding]) -> None:
        self._later_room()
        self.draft_checked.emit(findings)
