"""Live sync in the app: assist.workspace.live.LiveSync on its own thread, its callbacks turned into Qt signals
(queued to the GUI thread), so synced conversations refresh the queue and the open chat without the GUI ever
waiting on the network. Started only when the workspace has a helpdesk connector."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from assist.connectors.sync import SyncReport
from assist.workspace.live import LiveSync, Ready
from assist.workspace.workspace import Workspace
from ui.base.tasks import run_task


class LiveBridge(QObject):
    synced = Signal(object)  # SyncReport, after each connector's round
    ready = Signal(object)  # Ready: a first suggestion prepared for an arriving customer message

    def __init__(self, workspace: Workspace, agent_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.live = LiveSync(workspace, agent_name=agent_name, on_report=self._report, on_ready=self._ready)

    def _report(self, report: SyncReport) -> None:  # on the live thread: emit only
        self.synced.emit(report)

    def _ready(self, made: Ready) -> None:
        self.ready.emit(made)

    def start_if_connected(self) -> bool:
        """Start polling when there is something to poll (reads the store: call from a task or at start-up)."""
        if self.workspace.store.sync.connectors():
            self.live.start()
            return True
        return False

    def stop(self) -> None:
        self.live.stop()


class LiveHook(QObject):
    """How the main window gets live sync, with two lines there (like the coaching and first-run hooks): polling
    starts once the workspace has a connector (checked every few seconds off the GUI thread, so one added in
    Settings starts it); a sync that changed something refreshes the queue; a customer message arriving in the
    open conversation reopens it, so the message shows and the model is pre-filled again; closing the window
    stops the thread."""

    CHECK_MS = 5000

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = LiveBridge(window.workspace, window.settings.display_agent(), self)
        self.bridge.synced.connect(self._on_synced)
        busy = self.bridge.live.agent_busy  # background sync yields to the agent's own Suggest on 2 cores
        window.bridge.suggestion_started.connect(lambda _index: busy.set())
        window.bridge.all_done.connect(lambda _shown: busy.clear())
        window.bridge.failed.connect(lambda _message: busy.clear())
        self.running = False
        self._checking = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.ensure_started)
        self._timer.start(self.CHECK_MS)
        window.installEventFilter(self)
        self.ensure_started()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    def _on_synced(self, report: SyncReport) -> None:
        if report.added or report.updated:
            self.window.reload_queue()
        for conversation_id in dict.fromkeys(a.conversation_id for a in report.arrivals):
            if conversation_id == self.window.queue.current_id():
                self.window._selected_id = ""  # select_conversation skips the one already open
                self.window.select_conversation(conversation_id)

    def ensure_started(self) -> None:
        if not self.running and not self._checking:
            self._checking = True
            run_task(self.bridge.start_if_connected, self._started, self._not_started)

    def _started(self, started: bool) -> None:
        self._checking = False
        self.running = self.running or started
        if self.running:
            self._timer.stop()

    def _not_started(self, _exc: BaseException) -> None:
        self._checking = False

    def stop(self) -> None:
        self._timer.stop()
        self.bridge.stop()
