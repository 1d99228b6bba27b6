"""One window per workspace. The first Assist to open a data dir listens on a local socket named after that
dir (QLocalServer: a Unix socket, a named pipe on Windows); a second launch on the same dir finds it, asks it
to come to the front and exits, instead of opening a second window that writes the same file. A socket left
behind by a crashed Assist answers nobody and is taken over.

No data crosses the socket: the only message is "show", and the name is a hash of the dir, so it says
nothing about whose workspace it is.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

ASK_TIMEOUT_MS = 1000  # a live first window answers within milliseconds; a stale socket refuses at once
SHOW = b"show\n"


def socket_name(data_dir: Path) -> str:
    """The same for every launch on this dir by this user; different for another dir or user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        user = ""
    key = f"{user}\0{data_dir.expanduser().resolve()}"
    return "assist-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def ask_first_window(name: str, timeout_ms: int = ASK_TIMEOUT_MS) -> bool:
    """True when a first window is listening on `name` and was asked to come to the front."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(SHOW)
    sock.flush()
    sent = sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return sent or sock.state() == QLocalSocket.LocalSocketState.UnconnectedState


class WindowClaim(QObject):
    """The first window's side: listens on the dir's name and brings `window` to the front when asked."""

    shown_again = Signal()  # a second launch asked; the window was brought to the front

    def __init__(self, name: str, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        if not self.server.listen(name):
            QLocalServer.removeServer(name)  # left behind by an Assist that crashed: nobody answers on it
            if not self.server.listen(name):
                log.warning("cannot claim the workspace's window (%s): a second launch opens another",
                            self.server.errorString())
        self.server.newConnection.connect(self._on_connection)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)
            if conn.bytesAvailable():
                self._read(conn)

    def _read(self, conn: QLocalSocket) -> None:
        if bytes(conn.readAll().data()).startswith(SHOW.strip()):
            self.bring_to_front()

    def bring_to_front(self) -> None:
        window = self.window
        window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        window.show()
        window.raise_()
        window.activateWindow()
        log.info("a second launch on this workspace: its window brought to the front")
        self.shown_again.emit()
