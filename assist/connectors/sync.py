"""One incremental, idempotent sync of one connector into the store.

Each page of changed tickets is fetched, mapped and written with the cursor after it in one transaction
(store.sync.save_page), so a drop mid-sync resumes from the last whole page and re-fetched tickets replace
themselves by id: no message is ever duplicated. A ticket whose JSON is not the documented shape is logged
with the connector, endpoint and field and skipped; the rest of the sync goes on. 401/403 stop the connector
with "token rejected"; 429, 5xx and timeouts that outlast the retries leave it "retrying" for the next poll.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from assist.base.errors import ConnectorError, MalformedResponse, SecretsUnavailable, TokenRejected
from assist.base.vocab import Role, SyncHealth
from assist.connectors.protocol import Connector
from assist.domain.conversation import Conversation
from assist.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Arrival:
    """A customer message that was not in the store before this sync."""

    conversation_id: str
    remote_message_id: str
    at: str
    seen: float  # time.time() when the sync stored it


@dataclass
class SyncReport:
    connector: str
    health: str = SyncHealth.OK
    error: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    pages: int = 0
    skipped: list[str] = field(default_factory=list)  # "remote id: reason"
    arrivals: list[Arrival] = field(default_factory=list)
    changed_ids: list[str] = field(default_factory=list)  # conversations added or updated
    seconds: float = 0.0
    requests: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"connector": self.connector, "health": self.health, "error": self.error, "added": self.added,
                "updated": self.updated, "unchanged": self.unchanged, "pages": self.pages, "skipped": self.skipped,
                "new_customer_messages": len(self.arrivals), "seconds": round(self.seconds, 3),
                "requests": self.requests}


def _arrivals(before: Conversation | None, after: Conversation, seen: float) -> list[Arrival]:
    known = {m.extra.get("remote_id") for m in before.messages} if before else set()
    return [Arrival(after.id, str(m.extra.get("remote_id")), m.at, seen) for m in after.messages
            if m.role == Role.CUSTOMER and m.extra.get("remote_id") not in known]


def sync_once(store: Store, connector: Connector, *, stop: threading.Event | None = None) -> SyncReport:
    name = connector.record.id
    report = SyncReport(name)
    started = time.perf_counter()
    state = store.sync.state(name)
    first_sync = not state.cursor
    purged = store.retention.purged_ids()
    try:
        for page in connector.changed(state.cursor):
            batch = []
            for remote in page.items:
                if stop is not None and stop.is_set():
                    raise ConnectorError("stopped", connector=name)
                try:
                    conversation = connector.fetch(remote)
                except MalformedResponse as exc:
                    log.warning("skipped ticket %s: %s (field %s)", remote.remote_id, exc, exc.field)
                    report.skipped.append(f"{remote.remote_id}: {exc}")
                    continue
                if conversation.id in purged:  # retention purged it: it stays purged
                    continue
                before = store.conversations.get(conversation.id)
                if not first_sync:  # the first sync brings history, not arrivals
                    report.arrivals += _arrivals(before, conversation, time.time())
                batch.append((remote.remote_id, conversation, remote.updated_at))
            saved = store.sync.save_page(name, batch, page.cursor)
            report.pages += 1
            report.added += saved.added
            report.updated += saved.updated
            report.unchanged += saved.unchanged
            report.changed_ids += [c.id for _, c, _ in batch]
    except TokenRejected as exc:
        report.health, report.error = SyncHealth.TOKEN_REJECTED, str(exc)
    except SecretsUnavailable as exc:
        report.health, report.error = SyncHealth.NO_KEYCHAIN, str(exc)
    except ConnectorError as exc:  # 429, 5xx, timeouts, network, a malformed listing: heal on a later poll
        if isinstance(exc, MalformedResponse):
            log.warning("listing skipped: %s (field %s)", exc, exc.field)
        report.health, report.error = SyncHealth.RETRYING, str(exc)
    report.seconds = time.perf_counter() - started
    report.requests = connector.http.requests
    store.sync.mark(name, report.health, report.error)
    return report
