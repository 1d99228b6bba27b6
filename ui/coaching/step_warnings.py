"""The live missed-step warning: while a chat is open, a flow with a required step still missing shows as
one line ("Verify the customer's identity before the reset") above the conversation. The check runs off the
GUI thread each time a conversation is shown or changes."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from assist.coaching.procedures import MissingStep
from assist.domain.conversation import Conversation
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.workspace import Workspace
from ui.base.tasks import run_task

log = logging.getLogger(__name__)


class StepWarnings(QLabel):
    updated = Signal(int)  # how many steps are missing

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StepWarnings")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setVisible(False)
        self.flow = CoachingFlow(workspace)
        self.missing: list[MissingStep] = []
        self._for = ""

    def check(self, conversation: Conversation | None) -> None:
        if conversation is None or conversation.status == "solved":
            self._show("", [])
            return
        cid = self._for = conversation.id
        run_task(lambda: self.flow.missing_steps(conversation), lambda found: self._show(cid, found),
                 lambda exc: log.warning("could not check the procedure steps: %r", exc))

    def _show(self, cid: str, found: list[MissingStep]) -> None:
        if cid and cid != self._for:
            return
        self.missing = list(found)
        lines = [f"⚠ {m.procedure_label}: {m.label}" for m in found]
        self.setText("\n".join(lines))
        self.setToolTip("\n".join(f"Started by: “{m.trigger}”" for m in found))
        self.setVisible(bool(found))
        self.updated.emit(len(found))
