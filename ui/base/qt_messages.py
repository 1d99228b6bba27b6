"""Qt's own messages (qWarning, plugin and style complaints) into Python logging, logger `ui.qt`, so they
land in the process's log file and a support bundle carries them."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("ui.qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.category})" if context.category and context.category != "default" else ""
    log.log(_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


def route_to_logging() -> object:
    """Install the handler; returns the previous one, for restore()."""
    return qInstallMessageHandler(_handle)


def restore(previous: object) -> None:
    qInstallMessageHandler(previous)  # type: ignore[arg-type]
