"""Re-tagging every stored conversation in the background, with a progress bar and Cancel.

The work (assist.workspace.tagger.WorkspaceTagger.retag_all: rules and classifier, no model) runs through
ui.base.tasks; progress comes back by a queued signal. Between chunks it waits while a suggestion is being
generated (`busy`), so Suggest goes first; Cancel stops it after the current chunk, keeping what was saved.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from assist.base.errors import Cancelled
from ui.base import errors
from ui.base.tasks import run_task

Retag = Callable[..., dict[str, Any]]  # retag_all(progress=, cancelled=, pause=)


class RetagProgress(QObject):
    progressed = Signal(int, int)  # done, total (emitted on the worker thread, delivered on the GUI thread)
    finished = Signal(str)  # what happened, in words

    def __init__(self, parent: QWidget, retag: Retag, busy: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self._retag, self._busy = retag, busy
        self._cancel = threading.Event()
        self.dialog = QProgressDialog("Re-tagging every conversation…", "Cancel", 0, 100, parent)
        self.dialog.setWindowTitle("Re-tag conversations")
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._cancel.set)
        self.progressed.connect(self._on_progress)
        self.result_text = ""

    def start(self) -> None:
        self.dialog.setValue(0)
        self.dialog.show()

        def pause() -> None:  # on the worker thread: let a suggestion being generated finish first
            while self._busy() and not self._cancel.is_set():
                time.sleep(0.05)

        run_task(lambda: self._retag(progress=self.progressed.emit, cancelled=self._cancel.is_set, pause=pause),
                 self._done, self._failed)

    def cancel(self) -> None:
        self._cancel.set()

    def _on_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(1, total))
        self.dialog.setValue(done)
        self.dialog.setLabelText(f"Re-tagging every conversation… {done:,} of {total:,}")

    def _done(self, result: dict[str, Any]) -> None:
        self._finish(f"Re-tagged {result['tagged']:,} conversations in {result['seconds']:.1f} s")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):  # cancelled is a normal ending, not an error
            self._finish(f"Re-tagging stopped: {exc}")
            return
        self._finish("Re-tagging failed")
        errors.show_error(exc, self.dialog.parentWidget())

    def _finish(self, text: str) -> None:
        self.result_text = text
        self.dialog.close()
        self.finished.emit(text)
