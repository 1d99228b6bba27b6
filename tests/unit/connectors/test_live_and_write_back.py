"""Live sync (assist/workspace/live.py) and write-back (assist/workspace/write_back.py) on a real workspace with
the demo help centre, against a local Chatwoot server: an arriving customer message gets its first suggestion
prepared; a rejected token stops polling; write-back switches are honoured and each note is posted once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assist.base.vocab import SyncHealth
from assist.domain.conversation import Conversation, Message
from assist.eval.helpdesk_server import TOKEN, Helpdesk, serving
from assist.store.sync_state import ConnectorRecord
from assist.workspace import connections, write_back
from assist.workspace.live import LiveSync
from assist.workspace.workspace import Workspace
from tests.unit.connectors.conftest import record_for


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    yield ws
    ws.close()


def _add(ws: Workspace, record: ConnectorRecord) -> None:
    from assist.config import secrets

    ws.store.sync.add_connector(record)
    secrets.set_token(record.keychain_account, TOKEN)


def test_an_arriving_customer_message_gets_its_first_suggestion_ready(demo: Workspace, desk: Helpdesk,
                                                                       keychain: object) -> None:
    with serving("chatwoot", desk) as base:
        _add(demo, record_for("chatwoot", base, poll_seconds=1))
        live = LiveSync(demo, agent_name="Sam")
        try:
            live.step()  # history
            assert live.ready == {}
            desk.say(desk.tickets[3], desk.tickets[3].requester_id, "customer", "How long do refunds take?")
            live.poll_now()
            live.step()
        finally:
            live.stop()
    ready = live.ready["chatwoot:3"]
    assert ready.text and ready.origin in ("help_centre", "no_answer") and ready.ready >= ready.seen


def test_a_rejected_token_stops_polling(demo: Workspace, desk: Helpdesk, keychain: object) -> None:
    from assist.config import secrets

    with serving("zendesk", desk) as base:
        record = record_for("zendesk", base)
        demo.store.sync.add_connector(record)
        secrets.set_token(record.keychain_account, "not-the-token")
        live = LiveSync(demo)
        try:
            live.step()
            assert demo.store.sync.state("zendesk").health == SyncHealth.TOKEN_REJECTED
            asked = len(desk.requests)
            live.poll_now()
            live.step()
            assert len(desk.requests) == asked  # stopped until the token is replaced
        finally:
            live.stop()


def test_no_keychain_is_a_visible_reason_not_a_crash(demo: Workspace, desk: Helpdesk) -> None:
    from keyring.backends import fail

    from assist.config import secrets

    secrets.use_backend(fail.Keyring())
    try:
        with serving("freshdesk", desk) as base:
            demo.store.sync.add_connector(record_for("freshdesk", base))
            results = connections.sync_all(demo)
    finally:
        secrets.use_backend(None)
    assert results[0]["health"] == SyncHealth.NO_KEYCHAIN and "keychain" in results[0]["error"]
    assert demo.store.sync.state("freshdesk").health == SyncHealth.NO_KEYCHAIN


def test_write_back_switches_are_honoured(demo: Workspace, desk: Helpdesk, keychain: object) -> None:
    with serving("freshdesk", desk) as base:
        _add(demo, record_for("freshdesk", base, write_back={"tags": False, "handoff_note": True,
                                                              "wrap_up_note": False}))
        results = connections.sync_all(demo)
    assert [w.split(": ")[1] for w in results[0]["written_back"]] == ["handoff_note"]
    assert [what for what, _, _ in desk.writes] == ["note"]


def test_the_wrap_up_names_the_issue_what_was_done_and_follow_ups() -> None:
    conversation = Conversation("c", "chat", [
        Message("customer", "My mug arrived broken. Can I get a refund?", "Lee"),
        Message("agent", "Sorry about that! I have refunded 12.00 to your card. I'll email the label by Friday.",
                "Sam")], subject="Broken mug", status="solved")
    note = write_back.wrap_up_note(conversation)
    assert "Issue: Broken mug" in note
    assert "What was done: Sorry about that! I have refunded 12.00 to your card." in note
    assert "Follow-ups: I'll email the label by Friday." in note
    assert write_back.helpdesk_tag("assist_", "contact_reason", "Order status") == "assist_contact_reason_order_status"


def test_the_coaching_note_is_posted_only_when_turned_on(demo: Workspace, desk: Helpdesk, keychain: object) -> None:
    with serving("zendesk", desk) as base:
        _add(demo, record_for("zendesk", base))
        connections.sync_all(demo)
        assert not any("Assist · coaching" in str(payload) for _, _, payload in desk.writes)
    from tests.unit.connectors.conftest import scenario

    second = scenario()  # a second account, with the coaching note turned on
    with serving("zendesk", second) as base:
        _add(demo, ConnectorRecord("zendesk-2", "zendesk", base, "sam@example.com",
                                   {"initial_days": 1, "requests_per_minute": 100_000,
                                    "write_back": {"coaching_note": True}}))
        results = connections.sync_all(demo, ["zendesk-2"])
    assert any(w.endswith("coaching_note") for w in results[0]["written_back"])
    note = next(str(p) for what, tid, p in second.writes if what == "note" and "Assist · coaching" in str(p))
    assert "agent Sam Lee" in note and "/100" in note
