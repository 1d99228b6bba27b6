"""Live sync in the app: assist.workspace.live.LiveSync on its own thread, its callbacks turned into Qt signals
(queued to the GUI thread), so synced conversations refresh the queue and the open chat without the GUI ever
waiting on the network. Started only when the workspace has a helpdesk connector."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

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


class LiveHook:
    """What the main window holds: starts live sync when connectors exist, refreshes the queue when a sync
    brought changes, stops on shutdown."""

    def __init__(self, workspace: Workspace, agent_name: str, parent: QObject, refresh: Callable[[], None]) -> None:
        self.bridge = LiveBridge(workspace, agent_name, parent)
        self.bridge.synced.connect(lambda report: refresh() if report.added or report.updated else None)
        self.running = False
        self.ensure_started()

    def ensure_started(self) -> None:
        if not self.running:
            run_task(self.bridge.start_if_connected, self._started, lambda exc: None)

    def _started(self, started: bool) -> None:
        self.running = self.running or started

    def stop(self) -> None:
        self.bridge.stop()
