"""Run blocking work (database reads and writes) off the GUI thread, like Anki's QueryOp.

`run_task(work, on_success, on_failure)` runs `work()` on a QThreadPool thread; the result (or the
exception) comes back on the GUI thread through a queued Qt signal. The GUI thread never waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

_pending: set[_Delivery] = set()  # keeps each delivery object alive until its result is handed over


class _Delivery(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call to the slots below."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, on_success: Callable[[Any], None],
                 on_failure: Callable[[BaseException], None] | None) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)

    @Slot(object)
    def _deliver_success(self, value: Any) -> None:
        _pending.discard(self)
        self._on_success(value)

    @Slot(object)
    def _deliver_failure(self, exc: BaseException) -> None:
        _pending.discard(self)
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            from ui.base import errors  # local: errors imports Qt widgets; tasks stays light

            errors.show_error(exc)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], delivery: _Delivery) -> None:
        super().__init__()
        self._work = work
        self._delivery = delivery

    def run(self) -> None:
        try:
            value = self._work()
        except BaseException as exc:
            log.debug("background task failed: %r", exc)
            self._emit(self._delivery.failed, exc)
        else:
            self._emit(self._delivery.succeeded, value)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the app is shutting down and the receiver is gone
            log.debug("task result dropped: receiver deleted")


def pool() -> QThreadPool:
    return QThreadPool.globalInstance()


def run_task(work: Callable[[], T], on_success: Callable[[T], None],
             on_failure: Callable[[BaseException], None] | None = None) -> None:
    """Run `work` in the background; call `on_success(result)` or `on_failure(exc)` on the GUI thread.

    Without `on_failure`, the error is shown through ui.errors (AssistError with its hint, else a bug).
    Must be called from the GUI thread.
    """
    delivery = _Delivery(on_success, on_failure)
    _pending.add(delivery)
    pool().start(_Runnable(work, delivery))


def wait_for_all(timeout_ms: int = 5000) -> bool:
    """Block until queued tasks are done: for shutdown and tests only, never during normal use."""
    return pool().waitForDone(timeout_ms)
