"""Where the agent left the window: its size and place and the queue's height, kept in a small INI file in
Assist's config dir (QSettings; never the user's global Qt settings), restored at the next start."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QGuiApplication

from assist.base import paths

FILE_NAME = "window.ini"


def _settings() -> QSettings:
    return QSettings(str(paths.config_dir() / FILE_NAME), QSettings.Format.IniFormat)


def load() -> tuple[QByteArray | None, int]:
    """(saved geometry or None, saved queue height or 0)."""
    stored = _settings()
    geometry = stored.value("window/geometry")
    height = stored.value("window/queue_height", 0)
    try:
        queue_height = int(height)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        queue_height = 0  # a hand-edited file: fall back to the default layout
    return (geometry if isinstance(geometry, QByteArray) and not geometry.isEmpty() else None), max(0, queue_height)


def save(geometry: QByteArray, queue_height: int) -> None:
    stored = _settings()
    stored.setValue("window/geometry", geometry)
    stored.setValue("window/queue_height", int(queue_height))
    stored.sync()


def fit_to_screen(size: QSize) -> QSize:
    """The default size, shrunk to the screen it opens on."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return size
    available = screen.availableGeometry()
    return QSize(min(size.width(), available.width()), min(size.height(), max(480, available.height() - 40)))
