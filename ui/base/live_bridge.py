"""Live sync in the app: assist.workspace.live.LiveSync on its own thread, its callbacks turned into Qt signals
(queued to the GUI thread), so synced conversations refresh the queue and the open chat without the GUI ever
waiting on the network. Started only when the workspace has a helpdesk connector."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from assist.connectors.sync import SyncReport
from assist.domain.conversation import Conversation
from assist.workspace.live import LiveSync, Ready
from assist.workspace.workspace import Workspace
from ui.base import errors
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
    open conversation refreshes it in place (`refresh_open`), so the message shows, the suggestions there are
    marked older (or, with none on screen, the one live sync prepared for the message shows) and the model is
    pre-filled again; closing the window stops the thread."""

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
        open_id = self.window.queue.current_id()
        if open_id and open_id in {a.conversation_id for a in report.arrivals}:
            self.refresh_open(open_id)

    def refresh_open(self, conversation_id: str) -> None:
        """Show the open conversation as the store has it now, in place: not a re-selection, which would
        throw away a Suggest under way and blank the cards until the store gives them back. The cards on
        screen stay and are marked older (the panel's same-conversation path); a round still streaming is
        marked older when it ends, as it answers the message before this one."""
        store = self.window.workspace.store

        def shown(conversation: Conversation | None) -> None:
            window = self.window
            on_screen = window.conversation_view.conversation
            if conversation is None or on_screen is None or on_screen.id != conversation_id:
                return  # the agent moved on meanwhile; the store has it for when they come back
            window.conversation_view.show_conversation(conversation)
            window.panel.set_conversation(conversation)
            if window.panel.busy:
                self._after_round(conversation)
            else:
                window.panel.take_prepared()  # the card live sync composed for this message, if none is shown
                window.bridge.warm(conversation)
            window.conversation_shown.emit(conversation_id)

        run_task(lambda: store.conversations.get(conversation_id), shown,
                 lambda exc: errors.show_error(exc, self.window))

    def _after_round(self, conversation: Conversation) -> None:
        bridge, panel = self.window.bridge, self.window.panel

        def ended(*_args: object) -> None:
            for signal in (bridge.all_done, bridge.failed, bridge.rewrite_done):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(ended)
            shown = self.window.conversation_view.conversation
            if shown is not None and shown.id == conversation.id:
                for card in panel.cards:
                    card.set_stale(True)
                bridge.warm(shown)

        for signal in (bridge.all_done, bridge.failed, bridge.rewrite_done):
            signal.connect(ended)

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
