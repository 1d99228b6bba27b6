"""Live: every connector polled in the background at its own interval; when a customer message arrives, Assist
analyses it and prepares the first suggestion (composed from the help centre, no model) so it is ready when the
agent looks, and the app pre-fills the model for the open conversation (`on_arrival`).

One daemon thread, never the GUI's. On Linux it runs at a lower CPU priority (a thread's nice value), and it
waits while `agent_busy` is set (the agent's own Suggest), so background work yields to the agent on 2 cores.
A connector whose token was rejected stops polling until it is tested or added again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assist.analysis import escalation
from assist.base.errors import ConnectorError, SecretsUnavailable
from assist.base.vocab import SyncHealth
from assist.connectors import registry
from assist.connectors.protocol import Connector, Options
from assist.connectors.sync import Arrival, SyncReport
from assist.reply.suggest import Suggester
from assist.store.sync_state import ConnectorRecord
from assist.workspace.connections import sync_connector
from assist.workspace.workspace import Workspace

log = logging.getLogger(__name__)

MAX_YIELD_S = 20.0  # a Suggest that never reports its end (a crash, a lost signal) cannot stall sync for good


@dataclass(frozen=True)
class Ready:
    """The first suggestion for a conversation, prepared after a customer message arrived."""

    conversation_id: str
    remote_message_id: str
    text: str
    origin: str
    triggers: list[str]  # escalation trigger ids found on arrival
    arrived_at: str  # the message's time at the helpdesk
    seen: float  # time.time() when the sync stored it
    ready: float  # time.time() when the suggestion was ready


class LiveSync:
    def __init__(self, workspace: Workspace, *, agent_name: str = "Agent",
                 on_report: Callable[[SyncReport], None] | None = None,
                 on_ready: Callable[[Ready], None] | None = None,
                 on_arrival: Callable[[Arrival], None] | None = None) -> None:
        self.workspace = workspace
        self.on_report, self.on_ready, self.on_arrival = on_report, on_ready, on_arrival
        self.suggester = Suggester(workspace.store, workspace.playbook, agent_name=agent_name)
        self.ready: dict[str, Ready] = {}
        self.agent_busy = threading.Event()  # set by the app while the agent's Suggest runs
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._due: dict[str, float] = {}
        self._connectors: dict[str, Connector] = {}
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="assist-live-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        for connector_id in list(self._connectors):
            self._drop(connector_id)

    def poll_now(self) -> None:
        self._due.clear()
        self._wake.set()

    def _lower_priority(self) -> None:
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)

    def _run(self) -> None:
        self._lower_priority()
        while not self._stop.is_set():
            try:
                wait = self.step()
            except Exception:  # a bug in one round must not end live sync for the day
                log.exception("live sync round failed")
                wait = 30.0
            self._wake.wait(wait)
            self._wake.clear()

    def step(self) -> float:
        """Sync every connector that is due; returns seconds until the next one is."""
        now = time.monotonic()
        for record in self.workspace.store.sync.connectors():
            if self._stop.is_set():
                break
            state = self.workspace.store.sync.state(record.id)
            if state.health == SyncHealth.TOKEN_REJECTED or self._due.get(record.id, 0.0) > now:
                continue
            waited = 0.0
            while self.agent_busy.is_set() and not self._stop.is_set() and waited < MAX_YIELD_S:
                self._stop.wait(0.05)
                waited += 0.05
            interval = max(1, Options.from_dict(record.options).poll_seconds)
            self._due[record.id] = time.monotonic() + interval  # from the start of the round: a steady beat
            report, _ = sync_connector(self.workspace, record, stop=self._stop, connector=self._open(record),
                                       on_synced=self._synced)
            if report.health != SyncHealth.OK:
                self._drop(record.id)  # reopened next round (a new token, the keychain unlocked)
            if self.on_report is not None:
                self.on_report(report)
        upcoming = [due - time.monotonic() for due in self._due.values()]
        return max(0.05, min(upcoming, default=5.0))

    def _open(self, record: ConnectorRecord) -> Connector | None:
        """The connector kept open between polls (one HTTP connection pool); None lets the sync report why not."""
        if record.id not in self._connectors:
            try:
                self._connectors[record.id] = registry.open_connector(record)
            except (SecretsUnavailable, ConnectorError):
                return None
        return self._connectors[record.id]

    def _drop(self, connector_id: str) -> None:
        connector = self._connectors.pop(connector_id, None)
        if connector is not None:
            connector.close()

    def _synced(self, report: SyncReport) -> None:
        for arrival in report.arrivals:
            self.prepare(arrival)

    def prepare(self, arrival: Arrival) -> Ready | None:
        """Analyse the conversation and compose its first suggestion; stored, and kept in `ready` for the app."""
        conversation = self.workspace.store.conversations.get(arrival.conversation_id)
        if conversation is None:
            return None
        if self.on_arrival is not None:
            self.on_arrival(arrival)
        triggers = [t.id for t in escalation.triggers(conversation, self.workspace.playbook())]
        # The cards made without the model, recorded as the conversation's newest round: the app shows them
        # when the agent opens the chat (or at once when it is open with nothing suggested yet).
        cards = self.suggester.composed(conversation)
        if not cards:
            return None
        ready = Ready(arrival.conversation_id, arrival.remote_message_id, cards[0].text, str(cards[0].origin),
                      triggers, arrival.at, arrival.seen, time.time())
        self.ready[arrival.conversation_id] = ready
        if self.on_ready is not None:
            self.on_ready(ready)
        return ready

    def as_dict(self) -> dict[str, Any]:
        return {cid: {"text": r.text, "origin": r.origin, "triggers": r.triggers, "ready": r.ready}
                for cid, r in self.ready.items()}
