"""Freshdesk API v2, authenticated with the API key as the basic-auth user (password "X").

Tickets are listed with `updated_since` (without it Freshdesk returns only the last 30 days), 100 a page, oldest
change first, following the `link` header; each ticket's description is its first customer turn and its
conversations the rest. Documentation followed:
- https://developers.freshdesk.com/api/#authentication
- https://developers.freshdesk.com/api/#list_all_tickets (updated_since, per_page, include=requester, link header)
- https://developers.freshdesk.com/api/#list_all_ticket_notes (body_text, incoming, private, user_id, source)
- https://developers.freshdesk.com/api/#add_note (POST /api/v2/tickets/{id}/notes, private)
- https://developers.freshdesk.com/api/#update_ticket (tags replace the list: merged with the current ones first)
- https://developers.freshdesk.com/api/#view_ticket_satisfaction_ratings
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from assist.base.vocab import Channel, Role, Status
from assist.connectors.http import Http, budget_for
from assist.connectors.mapping import iso, message, need, note_html, obj, plain
from assist.connectors.protocol import Options, Page, Remote
from assist.domain.conversation import Conversation, Customer
from assist.store.sync_state import ConnectorRecord

BOT_SOURCE = 12  # a ticket created by the Freshdesk bot (the "source 12")
CHANNELS = {1: Channel.EMAIL, 2: Channel.EMAIL, 3: Channel.VOICE, 5: Channel.SOCIAL, 6: Channel.SOCIAL,
             7: Channel.CHAT, 9: Channel.IN_APP, 10: Channel.EMAIL, BOT_SOURCE: Channel.CHAT}
STATUSES = {2: Status.OPEN, 3: Status.PENDING, 4: Status.SOLVED, 5: Status.SOLVED}


class Freshdesk:
    supports_drafts = False

    def __init__(self, record: ConnectorRecord, token: str, **http_options: Any) -> None:
        # http_options: timeout, retries, backoff, max_wait, stop (tests shorten them; the app keeps defaults)
        self.record = record
        self.options = Options.from_dict(record.options)
        self.http = Http(record.id, record.url, auth=(token, "X"),
                                 budget=budget_for(urlsplit(record.url).netloc,
                                                   self.options.requests_per_minute), **http_options)

    def close(self) -> None:
        self.http.close()

    def whoami(self) -> str:
        data, _ = self.http.get("/api/v2/agents/me")
        contact = need(data, "contact", dict, self.record.id, "GET /api/v2/agents/me")
        return str(contact.get("name") or contact.get("email") or data.get("id"))

    def changed(self, cursor: str) -> Iterator[Page]:
        since = cursor or (datetime.now(UTC) - timedelta(days=self.options.initial_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        endpoint = "GET /api/v2/tickets"
        path: str | None = "/api/v2/tickets"
        params: dict[str, Any] | None = {"updated_since": since, "per_page": 100, "order_by": "updated_at",
                                         "order_type": "asc", "include": "requester"}
        newest = since
        while path:
            data, response = self.http.get(path, params)
            if not isinstance(data, list):
                data = need({"tickets": data}, "tickets", list, self.record.id, endpoint)
            items = []
            for i, ticket in enumerate(data):
                tid = need(ticket, "id", int, self.record.id, endpoint, f"[{i}]")
                updated = iso(ticket.get("updated_at"))
                newest = max(newest, updated)
                items.append(Remote(str(tid), updated, ticket))
            path, params = response.links.get("next", {}).get("url"), None
            yield Page(items, newest if not path else None)

    def _conversations(self, ticket_id: str) -> list[dict[str, Any]]:
        endpoint = f"GET /api/v2/tickets/{ticket_id}/conversations"
        out: list[dict[str, Any]] = []
        path: str | None = f"/api/v2/tickets/{ticket_id}/conversations"
        params: dict[str, Any] | None = {"per_page": 100}
        while path:
            data, response = self.http.get(path, params)
            out += need({"conversations": data}, "conversations", list, self.record.id, endpoint)
            path, params = response.links.get("next", {}).get("url"), None
        return out

    def _csat(self, ticket_id: str) -> dict[str, Any] | None:
        data, _ = self.http.get(f"/api/v2/tickets/{ticket_id}/satisfaction_ratings")
        if not isinstance(data, list) or not data or not isinstance(data[-1], dict):
            return None
        latest = data[-1]
        ratings = obj(latest.get("ratings"))
        raw = ratings.get("default_question")
        # Freshdesk's scale: 103..101 happy, 100 neutral, -101..-103 unhappy.
        score = "good" if isinstance(raw, int) and raw > 100 else "bad" if isinstance(raw, int) and raw < 0 \
            else "neutral"
        return {"score": score, "raw": raw, "comment": latest.get("feedback") or "", "source": "freshdesk"}

    def fetch(self, remote: Remote) -> Conversation:
        ticket: dict[str, Any] | None = remote.raw
        if ticket is None:
            data, _ = self.http.get(f"/api/v2/tickets/{remote.remote_id}", {"include": "requester"})
            ticket = need({"ticket": data}, "ticket", dict, self.record.id, f"GET /api/v2/tickets/{remote.remote_id}")
        endpoint = f"GET /api/v2/tickets/{remote.remote_id}/conversations"
        requester = obj(ticket.get("requester"))
        source = ticket.get("source")
        name = str(requester.get("name") or "")
        messages = [message(Role.CUSTOMER, plain(ticket.get("description_text") or ticket.get("description"),
                                                 from_html=ticket.get("description_text") is None),
                            name, iso(ticket.get("created_at")), "description")]
        for i, entry in enumerate(self._conversations(remote.remote_id)):
            where = f"[{i}]"
            incoming = need(entry, "incoming", bool, self.record.id, endpoint, where)
            private = need(entry, "private", bool, self.record.id, endpoint, where)
            user = str(entry.get("user_id") or "")
            if self.options.is_bot("", user) or (source == BOT_SOURCE and not incoming and not private
                                                 and user != str(ticket.get("responder_id") or "")):
                role = Role.BOT
            elif private:
                role = Role.NOTE
            elif incoming:
                role = Role.CUSTOMER
            else:
                role = Role.AGENT
            text = entry.get("body_text") if entry.get("body_text") is not None else plain(entry.get("body"),
                                                                                          from_html=True)
            need({"body_text": text}, "body_text", str, self.record.id, endpoint, where)
            messages.append(message(role, plain(text), name if role == Role.CUSTOMER else "",
                                    iso(entry.get("created_at")), str(entry.get("id", i))))
        raw_status = ticket.get("status")
        status = STATUSES.get(raw_status, Status.OPEN) if isinstance(raw_status, int) else Status.OPEN
        extra: dict[str, Any] = {"source": self.record.kind, "remote_id": remote.remote_id,
                                 "remote_tags": list(ticket.get("tags") or [])}
        if status == Status.SOLVED and (csat := self._csat(remote.remote_id)):
            extra["csat"] = csat
        return Conversation(
            id=f"{self.record.id}:{remote.remote_id}",
            channel=CHANNELS.get(source, Channel.EMAIL) if isinstance(source, int) else Channel.EMAIL,
            subject=plain(ticket.get("subject") or "")[:2000], status=status,
            customer=Customer(name=name, email=str(requester.get("email") or "")), messages=messages, extra=extra)

    def add_tags(self, remote_id: str, tags: list[str]) -> None:
        data, _ = self.http.get(f"/api/v2/tickets/{remote_id}")
        current = [str(t) for t in (data or {}).get("tags") or []] if isinstance(data, dict) else []
        merged = current + [t for t in tags if t not in current]
        if merged != current:
            self.http.json("PUT", f"/api/v2/tickets/{remote_id}", json={"tags": merged})

    def post_note(self, remote_id: str, text: str) -> None:
        self.http.json("POST", f"/api/v2/tickets/{remote_id}/notes", json={"body": note_html(text), "private": True})
