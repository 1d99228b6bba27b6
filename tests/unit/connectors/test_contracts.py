"""Each connector against a real local HTTP server answering its API's documented shapes: import with bot turns
as `bot`, notes as notes, activity dropped; idempotent re-sync; new messages seen once; paging; write-back."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from assist.base.vocab import SyncHealth
from assist.connectors.sync import sync_once
from assist.eval.helpdesk_server import Helpdesk
from assist.store import Store

Connect = Callable[..., Any]


def test_sync_imports_every_ticket_with_bot_turns_as_bot(served: tuple[str, str, Helpdesk], store: Store,
                                                         connect: Connect) -> None:
    kind, base, _ = served
    connector = connect(kind, base)
    assert connector.whoami() == "Sam Lee"
    report = sync_once(store, connector)
    assert report.health == SyncHealth.OK and report.added == 3 and report.skipped == []
    handed = store.conversations.get(f"{kind}:1")
    assert handed is not None
    assert [m.role for m in handed.messages] == ["customer", "bot", "customer", "agent"]
    assert handed.customer.name == "Dana Ruiz" and handed.customer.email == "dana@example.com"
    noted = store.conversations.get(f"{kind}:3")
    assert noted is not None
    assert [m.role for m in noted.messages] == ["customer", "note", "agent"]  # the activity is not a turn
    solved = store.conversations.get(f"{kind}:2")
    assert solved is not None and solved.status == "solved"
    assert solved.extra["csat"]["score"] == "good" and solved.extra["csat"]["source"] == kind
    assert store.sync.state(kind).health == SyncHealth.OK and store.sync.state(kind).cursor


def test_resync_is_idempotent_and_sees_a_new_message_once(served: tuple[str, str, Helpdesk], store: Store,
                                                          connect: Connect) -> None:
    kind, base, desk = served
    connector = connect(kind, base)
    sync_once(store, connector)
    messages = store.count("messages")
    again = sync_once(store, connector)
    assert again.added == 0 and again.updated == 0 and again.arrivals == []
    assert store.count("messages") == messages
    time.sleep(1.1)  # Chatwoot's activity time is in whole seconds
    desk.say(desk.tickets[3], desk.tickets[3].requester_id, "customer", "The new address is 12 Elm Street.")
    report = sync_once(store, connector)
    assert [a.conversation_id for a in report.arrivals] == [f"{kind}:3"]
    assert store.count("messages") == messages + 1
    assert sync_once(store, connector).arrivals == []
    assert store.count("messages") == messages + 1


def test_paging_follows_every_page(served: tuple[str, str, Helpdesk], store: Store, connect: Connect) -> None:
    kind, base, desk = served
    desk.page_size = 1
    for n in range(30):  # more than one Chatwoot page (25) and many pages elsewhere
        ticket = desk.ticket(f"Question {n}", desk.tickets[1].requester_id, at=desk.tickets[3].updated_at + n + 1)
        desk.say(ticket, ticket.requester_id, "customer", f"Question number {n}?", ticket.updated_at)
    connector = connect(kind, base)
    report = sync_once(store, connector)
    assert report.added == 33 and report.pages >= 2
    assert store.count("conversations") == 33


def test_tags_are_added_without_removing_others_and_notes_are_private(served: tuple[str, str, Helpdesk],
                                                                      store: Store, connect: Connect) -> None:
    kind, base, desk = served
    desk.tickets[1].tags = ["vip_customer"]
    connector = connect(kind, base)
    connector.add_tags("1", ["assist_delivery", "vip_customer"])
    assert desk.tickets[1].tags == ["vip_customer", "assist_delivery"]
    connector.post_note("1", "Handoff brief\nGoal: order 4412")
    assert desk.tickets[1].messages[-1].kind == "note"
    sync_once(store, connector)
    synced = store.conversations.get(f"{kind}:1")
    assert synced is not None and synced.messages[-1].role == "note"
    assert "order 4412" in synced.messages[-1].text


def test_configured_bot_names_keep_the_bot_role(store: Store, desk: Helpdesk, connect: Connect) -> None:
    from assist.eval.helpdesk_server import serving

    ticket = desk.ticket("Hello", desk.tickets[1].requester_id)
    helper = desk.user("ShopHelper", "agent")  # an AI agent the API reports as an ordinary agent
    desk.say(ticket, ticket.requester_id, "customer", "Hi, do you ship to Canada?")
    desk.say(ticket, helper, "agent", "Yes, we ship to Canada in 5 days.")
    with serving("zendesk", desk) as base:
        connector = connect("zendesk", base, bot_names=["shophelper"])
        sync_once(store, connector)
    synced = store.conversations.get("zendesk:4")
    assert synced is not None and [m.role for m in synced.messages] == ["customer", "bot"]


def test_zendesk_incremental_export_follows_the_cursor(store: Store, desk: Helpdesk, connect: Connect) -> None:
    from assist.eval.helpdesk_server import serving

    desk.page_size = 2
    with serving("zendesk", desk) as base:
        connector = connect("zendesk", base, use_export=True)
        report = sync_once(store, connector)
        assert report.added == 3 and report.pages == 2
        assert any("/incremental/tickets/cursor.json?cursor=" in path for _, path in desk.requests)
        assert sync_once(store, connector).added == 0
    assert connector.http.budget is not None and connector.http.budget.per_minute == 10
