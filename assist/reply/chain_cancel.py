"""Stop for one Suggest press, which is a chain of worker jobs and tasks (reply/suggest.py)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from assist.llm.engine import CancelToken


@dataclass
class CancelHandle:
    """What `suggest()` returns when the chain starts with a composed card: Stop reaches every job after it."""

    cancel_token: CancelToken

    def cancel(self) -> None:
        self.cancel_token.cancel()


class ChainCancel(CancelToken):
    """Stop for a chain of jobs that must always end with a callback. The worker silently skips a job
    cancelled before it starts, so a job learns of a Stop only once started (`start()`, worker thread):
    its generation then ends after one token and the chain finishes through its `on_done`."""

    def __init__(self) -> None:
        super().__init__()
        self.requested = False
        self._running = False
        self._lock = threading.Lock()

    def cancel(self) -> None:
        with self._lock:
            self.requested = True
            if self._running:
                super().cancel()

    def start(self) -> None:
        with self._lock:
            self._running = True
            if self.requested:
                super().cancel()

    def finish(self) -> None:
        with self._lock:
            self._running = False
