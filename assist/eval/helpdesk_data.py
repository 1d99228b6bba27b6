"""The local helpdesk's data: tickets, messages, users, injected faults and what was written, held in memory
(helpdesk_server.py serves it over HTTP; helpdesk_shapes.py renders it in each API's shape)."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

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
