"""The fault cases against a real local server: 429 with Retry-After, 5xx and timeouts retried, 401 stops with
"token rejected" (the token never shown), a malformed body skipped and logged, a drop mid-sync consistent."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from assist.base.errors import RateLimited
from assist.base.vocab import SyncHealth
from assist.connectors.http import RequestBudget
from assist.connectors.sync import sync_once
from assist.eval.helpdesk_server import TOKEN, Fault, Helpdesk
from assist.store import Store

Connect = Callable[..., Any]
MESSAGES = {"zendesk": r"/comments\.json$", "freshdesk": r"/conversations$", "chatwoot": r"/messages$"}
LISTING = {"zendesk": r"/search\.json$", "freshdesk": r"/api/v2/tickets$", "chatwoot": r"/conversations$"}


def test_429_waits_for_retry_after_then_succeeds(served: tuple[str, str, Helpdesk], store: Store,
                                                 connect: Connect) -> None:
    kind, base, desk = served
    desk.faults.append(Fault(LISTING[kind], status=429, retry_after="1"))
    started = time.monotonic()
    report = sync_once(store, connect(kind, base))
    assert report.health == SyncHealth.OK and report.added == 3
    assert time.monotonic() - started >= 1.0


def test_429_longer_than_we_wait_leaves_the_connector_retrying(served: tuple[str, str, Helpdesk], store: Store,
                                                               connect: Connect) -> None:
    kind, base, desk = served
    desk.faults.append(Fault(LISTING[kind], status=429, retry_after="3600"))
    report = sync_once(store, connect(kind, base))
    assert report.health == SyncHealth.RETRYING and "rate limited" in report.error
    assert store.count("conversations") == 0
    assert sync_once(store, connect(kind, base)).added == 3  # the next poll


@pytest.mark.parametrize("fault", [Fault("", status=500), Fault("", status=503), Fault("", delay=1.5),
                                   Fault("", drop=True)], ids=["500", "503", "timeout", "dropped"])
def test_5xx_timeouts_and_drops_are_retried(served: tuple[str, str, Helpdesk], store: Store, connect: Connect,
                                            fault: Fault) -> None:
    kind, base, desk = served
    fault.path = MESSAGES[kind]
    desk.faults.append(fault)
    report = sync_once(store, connect(kind, base))
    assert report.health == SyncHealth.OK and report.added == 3


def test_a_helpdesk_that_stays_down_leaves_the_store_as_it_was(served: tuple[str, str, Helpdesk], store: Store,
                                                                connect: Connect) -> None:
    kind, base, desk = served
    desk.faults += [Fault(MESSAGES[kind], status=502) for _ in range(4)]  # more than the retries
    report = sync_once(store, connect(kind, base))
    assert report.health == SyncHealth.RETRYING and "HTTP 502 after 4 attempts" in report.error
    assert store.count("conversations") == 0 and store.count("messages") == 0
    assert store.sync.state(kind).cursor == ""  # nothing stored, so the next poll starts from the same place


def test_401_stops_with_token_rejected_and_never_shows_the_token(served: tuple[str, str, Helpdesk], store: Store,
                                                                  connect: Connect) -> None:
    kind, base, desk = served
    from assist.connectors.registry import KINDS
    from tests.unit.connectors.conftest import record_for

    record = record_for(kind, base)
    store.sync.add_connector(record)
    wrong = KINDS[kind](record, "wrong-" + TOKEN, timeout=1.0, backoff=0.01)
    try:
        report = sync_once(store, wrong)
    finally:
        wrong.close()
    assert report.health == SyncHealth.TOKEN_REJECTED and "token rejected (HTTP 401)" in report.error
    assert TOKEN not in report.error and TOKEN not in store.sync.state(kind).error
    assert sum(1 for _ in desk.requests) == 1  # no retries against a rejected token
    entries = " ".join(str(e) for e in store.audit.entries())
    assert TOKEN not in entries


@pytest.mark.allow_log(r"skipped ticket 1: .*(field|not JSON)")
def test_a_malformed_ticket_is_logged_and_skipped(served: tuple[str, str, Helpdesk], store: Store, connect: Connect,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    kind, base, desk = served
    path = {"zendesk": r"/tickets/1/comments\.json$", "freshdesk": r"/tickets/1/conversations$",
            "chatwoot": r"/conversations/1/messages$"}[kind]
    desk.faults.append(Fault(path, body=b'{"comments": [{"id": 1}], "payload": "oops"'))
    report = sync_once(store, connect(kind, base))
    assert report.health == SyncHealth.OK and report.added == 2
    assert [s.split(":")[0] for s in report.skipped] == ["1"]
    warning = next(r for r in caplog.records if r.levelname == "WARNING")
    assert kind in warning.getMessage() and "GET" in warning.getMessage()


@pytest.mark.allow_log(r"skipped ticket 1: .*field")
def test_an_unexpected_shape_names_the_field(store: Store, desk: Helpdesk, connect: Connect) -> None:
    from assist.eval.helpdesk_server import serving

    with serving("zendesk", desk) as base:
        desk.faults.append(Fault(r"/tickets/1/comments\.json$", body=b'{"comments": [{"id": 5, "public": true}]}'))
        report = sync_once(store, connect("zendesk", base))
    assert "comments[0].author_id: missing" in report.skipped[0]


@pytest.mark.allow_log(r"listing skipped")
def test_a_malformed_listing_keeps_the_cursor(served: tuple[str, str, Helpdesk], store: Store,
                                              connect: Connect) -> None:
    kind, base, desk = served
    desk.faults.append(Fault(LISTING[kind], body=b"<html>Service Unavailable</html>"))
    report = sync_once(store, connect(kind, base))
    assert report.health == SyncHealth.RETRYING and "not JSON" in report.error
    assert store.sync.state(kind).cursor == ""


def test_a_drop_mid_sync_keeps_whole_pages_and_duplicates_nothing(served: tuple[str, str, Helpdesk], store: Store,
                                                                   connect: Connect) -> None:
    kind, base, desk = served
    if kind == "chatwoot":
        pytest.skip("Chatwoot lists newest first in pages of 25: one page here")
    desk.page_size = 1
    desk.faults += [Fault(r"/tickets/3/(comments\.json|conversations)$", drop=True) for _ in range(4)]
    first = sync_once(store, connect(kind, base))
    assert first.health == SyncHealth.RETRYING
    assert store.count("conversations") == 2  # the two whole pages before the drop
    messages = store.count("messages")
    second = sync_once(store, connect(kind, base))
    assert second.health == SyncHealth.OK
    assert store.count("conversations") == 3
    assert store.count("messages") == messages + 3  # ticket 3's customer, note and agent turns
    remote_ids = [(c.id, m.extra["remote_id"]) for c in store.conversations.all() for m in c.messages]
    assert len(set(remote_ids)) == len(remote_ids) == store.count("messages")


def test_the_request_budget_holds_requests_to_the_rate() -> None:
    now = [0.0]
    budget = RequestBudget(10, clock=lambda: now[0])
    assert [budget.wait_time() for _ in range(10)] == [0.0] * 10
    assert budget.wait_time() == pytest.approx(60.0)
    now[0] = 30.0
    assert budget.wait_time() == pytest.approx(30.0)
    now[0] = 60.0
    assert budget.wait_time() == 0.0


def test_a_spent_budget_beyond_max_wait_is_rate_limited(store: Store, desk: Helpdesk) -> None:
    from assist.connectors.registry import KINDS
    from assist.eval.helpdesk_server import serving
    from tests.unit.connectors.conftest import record_for

    with serving("zendesk", desk) as base:
        record = record_for("zendesk", base, requests_per_minute=2)
        connector = KINDS["zendesk"](record, TOKEN, timeout=1.0, max_wait=0.5)
        try:
            connector.whoami()
            connector.whoami()
            with pytest.raises(RateLimited, match="budget of 2/min"):
                connector.whoami()
        finally:
            connector.close()
