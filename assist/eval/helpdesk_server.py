"""A real local HTTP helpdesk (http.server in a thread) that answers in Zendesk's, Freshdesk's or Chatwoot's
documented shapes (assist/eval/helpdesk_shapes.py), for the contract tests and the sync soak in `assist bench`.

It holds tickets, messages and users in memory, checks each API's authentication, records every request and
every write (tags, notes), and plays injected faults once each: a status with Retry-After, a slow answer (a
client timeout), a malformed body, or a dropped connection.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from assist.eval import helpdesk_shapes
from assist.eval.helpdesk_data import TOKEN, USER, Fault, Helpdesk, Msg, Ticket

__all__ = ["TOKEN", "USER", "Fault", "Helpdesk", "Msg", "Ticket", "serving"]  # the test helpdesk's face


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
