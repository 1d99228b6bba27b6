"""What the panel keeps per conversation: the agent's draft (saved as they type, a moment after they pause,
and at once when they switch) and the newest suggestions, read back from the store when they return.

Store work runs through ui.base.tasks; results for a conversation the agent already left are dropped.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from assist.domain.conversation import Conversation
from assist.store import Store
from assist.workspace import saved_work
from assist.workspace.saved_work import SavedWork
from ui.base import errors
from ui.base.tasks import run_task

SAVE_AFTER_MS = 600  # after the agent stops typing: not a write per keystroke


class ConversationMemory(QObject):
    restored = Signal(object)  # SavedWork of the conversation on screen
    draft_saved = Signal(str)  # conversation id

    def __init__(self, store: Store, parent: QWidget) -> None:
        super().__init__(parent)
        self._store = store
        self._widget = parent
        self._current = ""
        # The newest draft per conversation seen this session: a return before the write lands still
        # gets the latest text, not the row the store had a moment ago.
        self._drafts: dict[str, str] = {}
        self._pending: tuple[str, str] | None = None  # (conversation id, draft text) not yet written
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.flush)

    def open(self, conversation: Conversation | None) -> None:
        """Switch to `conversation`: the previous one's draft is written first, then this one's work read."""
        self.flush()
        self._current = conversation.id if conversation is not None else ""
        if conversation is None:
            return
        store, wanted = self._store, conversation.id

        def shown(work: SavedWork) -> None:
            if work.conversation_id == self._current == wanted:
                if wanted in self._drafts:
                    work = replace(work, draft=self._drafts[wanted])
                self.restored.emit(work)

        run_task(lambda: saved_work.load(store, conversation), shown,
                 lambda exc: errors.show_error(exc, self._widget))

    def draft_changed(self, text: str) -> None:
        if not self._current:
            return
        self._pending = (self._current, text)
        self._drafts[self._current] = text
        self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if self._pending is None:
            return
        (conversation_id, text), self._pending = self._pending, None
        store = self._store
        run_task(lambda: store.drafts.save(conversation_id, text), lambda _none: self.draft_saved.emit(conversation_id),
                 lambda exc: errors.show_error(exc, self._widget))
