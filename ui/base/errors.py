"""The one place that shows errors: AssistError as a message with its hint, anything else as a bug.

`install_excepthook()` routes uncaught exceptions (including those raised in Qt slots) to a crash log
file in the log dir and a dialog. Dialogs are skipped (only logged) under QT_QPA_PLATFORM=offscreen or
ASSIST_NO_DIALOGS=1, so tests and screenshot runs never block on a modal window.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from assist.base import logs, paths
from assist.base.errors import AssistError

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def dialogs_enabled() -> bool:
    if os.environ.get("ASSIST_NO_DIALOGS") == "1":
        return False
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return False
    return QApplication.instance() is not None


def log_file() -> Path:
    return logs.current_log_file()


def describe(exc: BaseException) -> tuple[str, str]:
    """(message, hint) for the user."""
    if isinstance(exc, AssistError):
        return str(exc), exc.hint
    return (f"Something went wrong inside Assist ({type(exc).__name__}: {exc}).",
            f"This is a bug. Details are in the log: {log_file()}")


def show_error(exc: BaseException, parent: QWidget | None = None, *, title: str = "Assist") -> None:
    message, hint = describe(exc)
    if isinstance(exc, AssistError):
        log.warning("%s (%s)", message, hint)
    else:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    if not dialogs_enabled():
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if isinstance(exc, AssistError) else QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(message)
    if hint:
        box.setInformativeText(hint)
    box.exec()


def write_crash_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path | None:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = paths.log_dir() / f"crash-{stamp}.log"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(traceback.format_exception(exc_type, exc, tb)), encoding="utf-8")
    except OSError:
        log.exception("could not write the crash log")
        return None
    return target


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    crash = write_crash_log(exc_type, exc, tb)
    log.critical("uncaught exception (crash log %s)", crash, exc_info=(exc_type, exc, tb))
    if isinstance(exc, AssistError):
        show_error(exc)
        return
    if not dialogs_enabled():
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Assist: unexpected error")
    box.setText(f"Assist hit a bug: {exc_type.__name__}: {exc}")
    box.setInformativeText(f"The details were saved to:\n{crash or log_file()}\n\n"
                           "You can keep working; please send that file to your IT contact.")
    box.exec()


def install_excepthook() -> ExceptHook:
    """Install the app's hook; return the previous one so the caller can restore it."""
    previous = sys.excepthook
    sys.excepthook = _excepthook
    return previous
