"""Local helpdesks (assist/eval/helpdesk_server.py: a real http.server in a thread, each API's documented shapes)
and a real keyring backend for tests: keyrings.alt's PlaintextKeyring in a temp folder, selected explicitly
(the app itself refuses plaintext backends)."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from keyrings.alt.file import PlaintextKeyring

from assist.cli import main
from assist.config import secrets
from assist.connectors.registry import KINDS
from assist.eval.helpdesk_server import TOKEN, USER, Helpdesk, serving
from assist.store import Store
from assist.store.sync_state import ConnectorRecord

T0 = time.time() - 3600


def scenario() -> Helpdesk:
    """Three tickets: a bot chat handed to a human, a solved email with CSAT, a chat with a note and activity."""
    desk = Helpdesk()
    dana = desk.user("Dana Ruiz", "end-user", "dana@example.com")
    lee = desk.user("Lee Park", "end-user", "lee@example.com")
    bot = desk.user("NorthBot", "bot")
    sam = desk.user("Sam Lee", "agent", "sam@example.com")
    one = desk.ticket("Where is my order?", dana, via_bot=True, at=T0)
    desk.say(one, dana, "customer", "Hi, order 4412 never arrived", T0)
    desk.say(one, bot, "bot", "Sorry to hear that! Let me check the tracking for you.", T0 + 5)
    desk.say(one, dana, "customer", "It says delivered but it is not here. I want a person.", T0 + 30)
    desk.say(one, sam, "agent", "Hi Dana, I'm Sam. I'll open a carrier claim now.", T0 + 90)
    two = desk.ticket("Refund for a broken mug", lee, channel="email", status="solved", csat="good", at=T0 + 100)
    desk.say(two, lee, "customer", "My mug arrived broken, can I get a refund?", T0 + 100)
    desk.say(two, sam, "agent", "Sorry Lee, the refund of 12.00 is on its way.", T0 + 200)
    three = desk.ticket("Change my address", dana, at=T0 + 300)
    desk.say(three, dana, "customer", "Can I change the delivery address?", T0 + 300)
    desk.say(three, sam, "activity", "Assigned to Sam Lee", T0 + 301)
    desk.say(three, sam, "note", "Check the warehouse cut-off first", T0 + 302)
    desk.say(three, sam, "agent", "Yes, until it ships. What is the new address?", T0 + 310)
    return desk


@pytest.fixture
def keychain(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")  # type: ignore[misc]
    secrets.use_backend(backend, allow_plaintext=True)
    yield backend
    secrets.use_backend(None)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "ws")
    yield opened
    opened.close()


@pytest.fixture
def desk() -> Helpdesk:
    return scenario()


def record_for(kind: str, base: str, **options: object) -> ConnectorRecord:
    url = f"{base}/app/accounts/1" if kind == "chatwoot" else base
    return ConnectorRecord(kind, kind, url, USER, {"initial_days": 1, "requests_per_minute": 100_000, **options})


@pytest.fixture
def connect(store: Store) -> Iterator[Callable[..., Any]]:
    """connect(kind, base, **options): a connector added to `store`, with short timeouts; closed afterwards."""
    opened: list[Any] = []

    def make(kind: str, base: str, **options: object) -> Any:
        record = record_for(kind, base, **options)
        if kind not in {c.id for c in store.sync.connectors()}:  # a second call reopens the same connector
            store.sync.add_connector(record)
        connector = KINDS[kind](record, TOKEN, timeout=1.0, backoff=0.01)
        opened.append(connector)
        return connector

    yield make
    for connector in opened:
        connector.close()


@pytest.fixture(params=["zendesk", "freshdesk", "chatwoot"])
def served(request: pytest.FixtureRequest, desk: Helpdesk) -> Iterator[tuple[str, str, Helpdesk]]:
    with serving(request.param, desk) as base:
        yield request.param, base, desk


__all__ = ["TOKEN", "record_for", "scenario"]


def run_cli_json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str],
                 stdin: str = "") -> tuple[int, dict]:
    """The real CLI entry point with --json (the token on stdin, as the docs say): its exit code and output."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main([*args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}
