"""The GUI's handle on the model: an EngineWorker plus a Suggester, with results as Qt signals.

The worker calls back on its own thread; each callback only emits a signal of this GUI-thread object,
so Qt queues the slot call onto the GUI thread. A serial number per request drops stale tokens and
results of a request the agent already stopped or replaced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from assist.conversation import Conversation
from assist.llm.engine import Engine
from assist.llm.worker import EngineState, EngineWorker, Job
from assist.suggest import Suggester, Suggestion
from assist.workspace import Workspace

log = logging.getLogger(__name__)

EngineLoader = Callable[[], Engine]


class EngineBridge(QObject):
    state_changed = Signal(str, str)  # EngineState.value, reason (model name when ready)
    token = Signal(str)
    finished = Signal(object)  # Suggestion
    failed = Signal(str)

    # Emitted from the worker thread, received on the GUI thread (queued).
    _state_from_worker = Signal(str, str)
    _token_from_worker = Signal(int, str)
    _done_from_worker = Signal(int, object)
    _error_from_worker = Signal(int, object)

    def __init__(self, workspace: Workspace, loader: EngineLoader, agent_name: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._suggester = Suggester(workspace.store, workspace.playbook, agent_name)
        self._worker = EngineWorker(loader, on_state=self._on_worker_state)
        self._serial = 0
        self._job: Job | None = None
        self._stopped = False
        self._state_from_worker.connect(self._relay_state)
        self._token_from_worker.connect(self._relay_token)
        self._done_from_worker.connect(self._relay_done)
        self._error_from_worker.connect(self._relay_error)

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
    def busy(self) -> bool:
        return self._job is not None

    def start(self) -> None:
        self._worker.start()

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

    def suggest(self, conversation: Conversation) -> None:
        self.cancel()
        self._serial += 1
        serial = self._serial
        self._job = self._suggester.suggest(
            self._worker, conversation,
            on_token=lambda text: self._emit(self._token_from_worker, serial, text),
            on_done=lambda suggestion: self._emit(self._done_from_worker, serial, suggestion),
            on_error=lambda exc: self._emit(self._error_from_worker, serial, exc),
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

    @Slot(int, object)
    def _relay_done(self, serial: int, suggestion: Suggestion) -> None:
        if serial == self._serial:
            self._job = None
            self.finished.emit(suggestion)

    @Slot(int, object)
    def _relay_error(self, serial: int, exc: BaseException) -> None:
        if serial == self._serial:
            self._job = None
            log.warning("suggestion failed: %r", exc)
            self.failed.emit(str(exc) or type(exc).__name__)
