"""The GUI's handle on the model: an EngineWorker plus a Suggester, with results as Qt signals.

The worker calls back on its own thread; each callback only emits a signal of this GUI-thread object,
so Qt queues the slot call onto the GUI thread. A serial number per request drops stale tokens and
results of a request the agent already stopped or replaced.

One Suggest press asks for up to three suggestions, streamed one after another: `suggestion_started(i)`
(again for the same i when the gate regenerates it or a duplicate was dropped: clear what was streamed),
`token_indexed(i, text)`, `suggestion_done(s)` per suggestion shown and `all_done(shown)` at the end,
also after Stop. `finished` stays: once per press, with the first shown suggestion, after `all_done`.
A rewrite (of a suggestion or the agent's draft) streams through `rewrite_token` and ends in
`rewrite_done(Rewrite)`. One request runs at a time; a new one stops the previous one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from assist.domain.conversation import Conversation
from assist.llm.engine import Engine
from assist.llm.worker import Cancellable, EngineState, EngineWorker
from assist.reply.rewrite import Rewrite, rewrite_async
from assist.reply.suggest import MAX_COUNT, Suggester, Suggestion
from assist.workspace.workspace import Workspace

log = logging.getLogger(__name__)

EngineLoader = Callable[[], Engine]


class EngineBridge(QObject):
    state_changed = Signal(str, str)  # EngineState.value, reason (model name when ready)
    token = Signal(str)
    finished = Signal(object)  # Suggestion: the first one shown, once per press (after all_done)
    failed = Signal(str)
    suggestion_started = Signal(int)  # index; may come again for the same index (regenerated/duplicate)
    token_indexed = Signal(int, str)  # index, text
    suggestion_done = Signal(object)  # Suggestion, once per suggestion shown
    all_done = Signal(object)  # list[Suggestion]: the ones shown; ends the press
    rewrite_token = Signal(str)
    rewrite_done = Signal(object)  # Rewrite

    # Emitted from the worker thread, received on the GUI thread (queued).
    _state_from_worker = Signal(str, str)
    _token_from_worker = Signal(int, str)
    _done_from_worker = Signal(int, object)
    _error_from_worker = Signal(int, object)
    _started_from_worker = Signal(int, int)
    _indexed_from_worker = Signal(int, int, str)
    _all_done_from_worker = Signal(int, object)
    _rewrite_token_from_worker = Signal(int, str)
    _rewrite_done_from_worker = Signal(int, object)

    def __init__(self, workspace: Workspace, loader: EngineLoader, agent_name: str,
                 parent: QObject | None = None, *, compose_first: bool = True, smooth: bool = False) -> None:
        super().__init__(parent)
        self._suggester = Suggester(workspace.store, workspace.playbook, agent_name, compose_first=compose_first,
                                    smooth=smooth)
        self._playbook = workspace.playbook
        self._worker = EngineWorker(loader, on_state=self._on_worker_state)
        self._serial = 0
        self._job: Cancellable | None = None
        self._stopped = False
        self._state_from_worker.connect(self._relay_state)
        self._token_from_worker.connect(self._relay_token)
        self._done_from_worker.connect(self._relay_done)
        self._error_from_worker.connect(self._relay_error)
        self._started_from_worker.connect(self._relay_started)
        self._indexed_from_worker.connect(self._relay_indexed)
        self._all_done_from_worker.connect(self._relay_all_done)
        self._rewrite_token_from_worker.connect(self._relay_rewrite_token)
        self._rewrite_done_from_worker.connect(self._relay_rewrite_done)

    # --- GUI-thread API ---------------------------------------------------------------------------

    @property
    def state(self) -> EngineState:
        return self._worker.state

    @property
    def reason(self) -> str:
        return self._worker.reason

    @property
    def model_name(self) -> str:
        engine = self._worker.engine
        return engine.name if engine is not None else ""

    @property
    def model_id(self) -> str:
        engine = self._worker.engine
        return engine.model_id if engine is not None else ""

    @property
    def model_location(self) -> str:
        """Where replies are generated ("this computer" or the model server's host), as the engine says."""
        return str(getattr(self._worker.engine, "location", "this computer"))

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def composes_without_model(self) -> bool:
        """Suggest still gives the help centre's card when the model is off (compose_first)."""
        return self._suggester.compose_first

    def start(self) -> None:
        self._worker.start()

    def set_agent(self, name: str) -> None:
        """The person using Assist changed their name: the next suggestions sign off with it."""
        self._suggester.agent_name = name

    def reload(self, loader: EngineLoader) -> None:
        """Switch engines live (Settings changed the model or where replies are generated): what is running is
        stopped, then the worker closes the old engine and loads the new one; state_changed follows."""
        self.discard()
        self._worker.reload(loader)

    def stop(self) -> None:
        """Cancel any generation and stop the worker thread (joins it: call on quit only)."""
        if self._stopped:
            return
        self._stopped = True
        self.cancel()
        self._worker.stop(timeout=5.0)

    def warm(self, conversation: Conversation) -> None:
        if self._worker.state is EngineState.READY:
            self._suggester.warm(self._worker, conversation)

    def suggest(self, conversation: Conversation, count: int = MAX_COUNT) -> None:
        self.cancel()
        self._serial += 1
        serial = self._serial
        self._job = self._suggester.suggest(
            self._worker, conversation,
            on_token=lambda text: self._emit(self._token_from_worker, serial, text),
            on_done=lambda suggestion: self._emit(self._done_from_worker, serial, suggestion),
            on_error=lambda exc: self._emit(self._error_from_worker, serial, exc),
            count=count,
            on_token_indexed=lambda index, text: self._emit(self._indexed_from_worker, serial, index, text),
            on_suggestion_start=lambda index: self._emit(self._started_from_worker, serial, index),
            on_all_done=lambda shown: self._emit(self._all_done_from_worker, serial, list(shown)),
        )

    def rewrite(self, text: str, action: str, conversation: Conversation, *, own_draft: bool = False) -> None:
        """Rewrite `text` (a suggestion, or the agent's draft: its findings warn); the result arrives via
        `rewrite_done`."""
        self.cancel()
        self._serial += 1
        serial = self._serial
        self._job = rewrite_async(
            self._worker, text, action, conversation, self._playbook,
            on_token=lambda piece: self._emit(self._rewrite_token_from_worker, serial, piece),
            on_done=lambda result: self._emit(self._rewrite_done_from_worker, serial, result),
            on_error=lambda exc: self._emit(self._error_from_worker, serial, exc),
            own_draft=own_draft,
        )

    def cancel(self) -> None:
        """Stop the running generation; its final (cancelled) result still arrives via `finished`."""
        if self._job is not None:
            self._job.cancel()

    def discard(self) -> None:
        """Cancel and ignore anything still in flight (e.g. the agent switched conversation)."""
        self.cancel()
        self._job = None
        self._serial += 1

    # --- worker thread ----------------------------------------------------------------------------

    def _on_worker_state(self, state: EngineState, reason: str) -> None:
        self._emit(self._state_from_worker, state.value, reason)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the bridge was deleted during shutdown
            log.debug("engine callback dropped: bridge deleted")

    # --- back on the GUI thread -------------------------------------------------------------------

    @Slot(str, str)
    def _relay_state(self, state: str, reason: str) -> None:
        log.info("engine %s %s", state, reason)
        self.state_changed.emit(state, reason)

    @Slot(int, str)
    def _relay_token(self, serial: int, text: str) -> None:
        if serial == self._serial:
            self.token.emit(text)

    @Slot(int, int)
    def _relay_started(self, serial: int, index: int) -> None:
        if serial == self._serial:
            self.suggestion_started.emit(index)

    @Slot(int, int, str)
    def _relay_indexed(self, serial: int, index: int, text: str) -> None:
        if serial == self._serial:
            self.token_indexed.emit(index, text)

    @Slot(int, object)
    def _relay_done(self, serial: int, suggestion: Suggestion) -> None:
        if serial == self._serial:
            self.suggestion_done.emit(suggestion)

    @Slot(int, object)
    def _relay_all_done(self, serial: int, shown: list[Suggestion]) -> None:
        if serial != self._serial:
            return
        self._job = None
        self.all_done.emit(shown)
        if shown:
            self.finished.emit(shown[0])
        else:
            self.failed.emit("No suggestion")

    @Slot(int, str)
    def _relay_rewrite_token(self, serial: int, text: str) -> None:
        if serial == self._serial:
            self.rewrite_token.emit(text)

    @Slot(int, object)
    def _relay_rewrite_done(self, serial: int, result: Rewrite) -> None:
        if serial == self._serial:
            self._job = None
            self.rewrite_done.emit(result)

    @Slot(int, object)
    def _relay_error(self, serial: int, exc: BaseException) -> None:
        if serial == self._serial:
            self._job = None
            log.warning("suggestion failed: %r", exc)
            self.failed.emit(str(exc) or type(exc).__name__)
