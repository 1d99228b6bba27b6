"""`assist bench --sync`: the connectors' speed and memory against local helpdesk servers (no model).

- soak: 10,000 Zendesk tickets with 100,000 messages served by a child process (so the figures are the client's
  alone), synced from nothing into a fresh workspace: seconds, tickets a second, peak memory, and a re-sync
  that must change nothing.
- live: a Chatwoot server in this process; customer messages arrive at random moments in 8 open chats while
  live sync polls every `poll_seconds`; for each, the time from arrival at the helpdesk to the first suggestion
  being ready (analysed and composed from the demo help centre), and the share ready within 5 s.
"""

from __future__ import annotations

import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from assist.connectors.registry import KINDS
from assist.connectors.sync import sync_once
from assist.eval.helpdesk_server import TOKEN, USER, Helpdesk, serving
from assist.store import Store
from assist.store.sync_state import ConnectorRecord

TARGET_READY_WITHIN_5S = 0.9
SOAK_TICKETS, SOAK_MESSAGES_EACH = 10_000, 10


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _soak_desk(tickets: int, each: int) -> Helpdesk:
    desk = Helpdesk(page_size=100)
    customers = [desk.user(f"Customer {n}", "end-user", f"c{n}@example.com") for n in range(200)]
    bot, agent = desk.user("NorthBot", "bot"), desk.user("Sam Lee", "agent")
    start = time.time() - 3 * 86400
    for n in range(tickets):
        at = start + n * 20
        ticket = desk.ticket(f"Order question {n}", customers[n % len(customers)], at=at)
        for k in range(each):  # customer, bot, then customer and agent in turn
            kind, author = ("bot", bot) if k == 1 else ("customer", ticket.requester_id) if k % 2 == 0 \
                else ("agent", agent)
            desk.say(ticket, author, kind, f"Message {k} about order {4000 + n}: where is it, and when?", at + k)
    return desk


def serve_soak(tickets: int, each: int) -> None:
    """The child process: serve the soak helpdesk, print its URL, stop when stdin closes."""
    with serving("zendesk", _soak_desk(tickets, each)) as base:
        print(base, flush=True)
        sys.stdin.read()


def soak(tickets: int = SOAK_TICKETS, each: int = SOAK_MESSAGES_EACH) -> dict[str, Any]:
    code = f"from assist.eval.sync_bench import serve_soak; serve_soak({int(tickets)}, {int(each)})"
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        base = child.stdout.readline().strip()
        if not base.startswith("http"):
            raise RuntimeError("the soak helpdesk did not start")
        with tempfile.TemporaryDirectory() as folder:
            store = Store(Path(folder))
            record = ConnectorRecord("zendesk", "zendesk", base, USER,
                                     {"initial_days": 7, "requests_per_minute": 10**9})
            store.sync.add_connector(record)
            connector = KINDS["zendesk"](record, TOKEN)
            rss_before = _peak_mb()
            started = time.perf_counter()
            report = sync_once(store, connector)
            seconds = time.perf_counter() - started
            again = sync_once(store, connector)
            figures = {
                "tickets": store.count("conversations"), "messages": store.count("messages"),
                "health": str(report.health), "seconds": round(seconds, 1),
                "tickets_per_s": round(store.count("conversations") / seconds, 1),
                "requests": report.requests, "peak_rss_mb": round(_peak_mb(), 1),
                "peak_rss_growth_mb": round(_peak_mb() - rss_before, 1),
                "resync_changed": again.added + again.updated, "resync_seconds": round(again.seconds, 2),
            }
            connector.close()
            store.close()
        return figures
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(30)
        if child.stdout is not None:
            child.stdout.close()


def live(poll_seconds: int = 2, arrivals: int = 40, seed: int = 7) -> dict[str, Any]:
    from assist.workspace.live import LiveSync, Ready
    from assist.workspace.workspace import Workspace

    rng = random.Random(seed)
    desk = Helpdesk()
    customers = [desk.user(f"Customer {n}", "end-user", f"live{n}@example.com") for n in range(8)]
    agent = desk.user("Sam Lee", "agent")
    questions = ["How long do refunds take?", "Where is my order? It has been a week.",
                 "Can I change my delivery address?", "Do you ship to Canada?",
                 "How do I return a damaged item?", "What are your opening hours?"]
    tickets = []
    for n, customer in enumerate(customers):
        ticket = desk.ticket(f"Chat {n}", customer, at=time.time() - 600)
        desk.say(ticket, customer, "customer", "Hi there", time.time() - 600)
        desk.say(ticket, agent, "agent", "Hi, how can I help?", time.time() - 590)
        tickets.append(ticket)
    injected: dict[str, float] = {}
    ready: list[Ready] = []
    with tempfile.TemporaryDirectory() as folder, serving("chatwoot", desk) as base:
        workspace = Workspace.open(Path(folder), demo_mode=True)
        workspace.store.sync.add_connector(ConnectorRecord(
            "chatwoot", "chatwoot", f"{base}/app/accounts/1", "",
            {"initial_days": 1, "poll_seconds": poll_seconds, "requests_per_minute": 10**6,
             "write_back": {"tags": False, "handoff_note": False, "wrap_up_note": False}}))
        from assist.config import secrets

        record = workspace.store.sync.connector("chatwoot")
        _select_memory_keyring()
        secrets.set_token(record.keychain_account, TOKEN)
        done = threading.Event()

        def on_ready(made: Ready) -> None:
            ready.append(made)
            if len(ready) >= arrivals:
                done.set()

        syncer = LiveSync(workspace, on_ready=on_ready)
        syncer.step()  # the first sync brings history, not arrivals
        syncer.start()
        for _ in range(arrivals):
            time.sleep(rng.uniform(0.2, 1.5))
            ticket = rng.choice(tickets)
            message = desk.say(ticket, ticket.requester_id, "customer", rng.choice(questions))
            injected[str(message.id)] = time.time()
        done.wait(poll_seconds * 3 + 10)
        syncer.stop()
        workspace.close()
    waits = sorted(r.ready - injected[r.remote_message_id] for r in ready if r.remote_message_id in injected)
    within = sum(w <= 5.0 for w in waits) / arrivals
    return {"poll_seconds": poll_seconds, "arrivals": arrivals, "ready": len(waits),
            "arrival_to_ready_median_s": round(statistics.median(waits), 2) if waits else None,
            "arrival_to_ready_p95_s": round(waits[int(0.95 * (len(waits) - 1))], 2) if waits else None,
            "ready_within_5s": round(within, 3), "target_ready_within_5s": TARGET_READY_WITHIN_5S,
            "compose_ms_median": round(statistics.median([(r.ready - r.seen) * 1000 for r in ready]), 1)
            if ready else None}


class _MemoryKeyring:
    """The bench's own keychain for one run (tokens never leave this process): a keyring backend in memory."""

    priority = 1

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self._values[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self._values.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self._values.pop((service, username), None)


def _select_memory_keyring() -> None:
    from assist.config import secrets

    secrets.use_backend(_MemoryKeyring(), allow_plaintext=True)


def run(*, tickets: int = SOAK_TICKETS) -> dict[str, Any]:
    return {"soak": soak(tickets), "live_poll_2s": live(2), "live_poll_5s": live(5)}
