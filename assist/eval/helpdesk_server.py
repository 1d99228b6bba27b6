"""A real local HTTP helpdesk (http.server in a thread) that answers in Zendesk's, Freshdesk's or Chatwoot's
documented shapes (assist/eval/helpdesk_shapes.py), for the contract tests and the sync soak in `assist bench`.

It holds tickets, messages and users in memory, checks each API's authentication, records every request and
every write (tags, notes), and plays injected faults once each: a status with Retry-After, a slow answer (a
client timeout), a malformed body, or a dropped connection.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "s3cret-token-value"
USER = "sam@example.com"


@dataclass
class Msg:
    id: int
    author_id: int
    kind: str  # customer | agent | bot | note | activity | template
    text: str
    created_at: float  # epoch


@dataclass
class Ticket:
    id: int
    subject: str
    requester_id: int
    status: str = "open"  # open | pending | solved
    tags: list[str] = field(default_factory=list)
    updated_at: float = 0.0
    created_at: float = 0.0
    channel: str = "chat"
    via_bot: bool = False  # Freshdesk source 12 / Zendesk answer_bot
    csat: str = ""  # good | bad | ""
    messages: list[Msg] = field(default_factory=list)


@dataclass
class Fault:
    path: str  # a regex searched in the request path
    status: int = 0
    retry_after: str = ""
    delay: float = 0.0
    body: bytes | None = None
    drop: bool = False
    method: str = ""


@dataclass
class Helpdesk:
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    tickets: dict[int, Ticket] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    writes: list[tuple[str, int, Any]] = field(default_factory=list)  # ("tags"|"note", ticket id, payload)
    lock: threading.RLock = field(default_factory=threading.RLock)
    page_size: int = 100
    _next_id: int = 1000

    def __post_init__(self) -> None:
        # The signed-in agent (id 1): the author of the notes Assist posts.
        self.users.setdefault(1, {"id": 1, "name": "Sam Lee", "role": "agent", "email": USER})

    def user(self, name: str, role: str, email: str = "") -> int:
        with self.lock:
            uid = 100 + len(self.users)
            self.users[uid] = {"id": uid, "name": name, "role": role, "email": email}
            return uid

    def ticket(self, subject: str, requester: int, **kwargs: Any) -> Ticket:
        with self.lock:
            tid = len(self.tickets) + 1
            now = kwargs.pop("at", time.time())
            ticket = Ticket(tid, subject, requester, created_at=now, updated_at=now, **kwargs)
            self.tickets[tid] = ticket
            return ticket

    def say(self, ticket: Ticket, author: int, kind: str, text: str, at: float | None = None) -> Msg:
        with self.lock:
            self._next_id += 1
            stamp = time.time() if at is None else at
            msg = Msg(self._next_id, author, kind, text, stamp)
            ticket.messages.append(msg)
            ticket.updated_at = max(ticket.updated_at, stamp)
            return msg

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if re.search(fault.path, path) and (not fault.method or fault.method == method):
                    self.faults.remove(fault)
                    return fault
        return None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in two writes: without this, 40 ms of delayed ACK each

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the tests read `requests` instead
        pass

    def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(raw)

    def _handle(self, method: str) -> None:
        from assist.eval import helpdesk_shapes

        desk = self.server.desk
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length) or b"null") if length else None
        with desk.lock:
            desk.requests.append((method, self.path))
        fault = desk.take_fault(method, parts.path)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.drop:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if fault.status:
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                self._answer(fault.status, {"error": "injected"}, headers)
                return
            if fault.body is not None:
                self._answer(200, fault.body)
                return
        if not helpdesk_shapes.authorised(self.server.flavour, self.headers):
            self._answer(401, {"error": "Couldn't authenticate you"})
            return
        status, body, headers = helpdesk_shapes.route(self.server.flavour, desk, method, parts.path, query,
                                                      payload, self.server.base)
        self._answer(status, body, headers)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_POST(self) -> None:
        self._handle("POST")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    desk: Helpdesk
    flavour: str
    base: str


@contextmanager
def serving(flavour: str, desk: Helpdesk) -> Iterator[str]:
    """Serve `desk` as `flavour` (zendesk | freshdesk | chatwoot) on 127.0.0.1; yields the base URL."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.desk, server.flavour = desk, flavour
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name=f"{flavour}-server", daemon=True)
    thread.start()
    try:
        yield server.base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
