"""Zendesk Support (API v2), authenticated as `{email}/token:{api token}`.

Each agent's app follows its own queue through the Search API (`type:ticket assignee:me updated>T`, 1 request
a page), so hundreds of workstations never share the incremental export's 10 requests a minute per account;
`use_export` switches an admin set-up to the cursor-based incremental ticket export, whose changes of the last
minute arrive on a later poll. Documentation followed:
- https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/
- https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
- https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/ (author_id, public, via, plain_body)
- https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket (comment public: false)
- https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#add-tags (adds, keeps others)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from assist.base.errors import TokenRejected
from assist.base.vocab import Channel, Role, Status
from assist.connectors.http import Http, budget_for
from assist.connectors.mapping import iso, malformed, message, need, obj, plain
from assist.connectors.protocol import Options, Page, Remote
from assist.domain.conversation import Conversation, Customer
from assist.store.sync_state import ConnectorRecord

# via.channel values of Zendesk's AI agents (Answer Bot and its successors, answering on each surface).
BOT_CHANNELS = {"answer_bot", "answer_bot_for_agents", "answer_bot_for_sdk", "answer_bot_for_slack",
                "answer_bot_for_web_widget", "answer_bot_api", "ai_agent", "sunshine_conversations_ai_agent"}
CHANNELS = {"chat": Channel.CHAT, "native_messaging": Channel.CHAT, "messaging": Channel.CHAT,
             "web_widget": Channel.CHAT, "voice": Channel.VOICE, "phone": Channel.VOICE, "twitter": Channel.SOCIAL,
             "facebook": Channel.SOCIAL, "instagram_dm": Channel.SOCIAL, "whatsapp": Channel.SOCIAL,
             "mobile_sdk": Channel.IN_APP, "sdk": Channel.IN_APP}
STATUSES = {"new": Status.OPEN, "open": Status.OPEN, "pending": Status.PENDING, "hold": Status.PENDING,
             "solved": Status.SOLVED, "closed": Status.SOLVED}
EXPORT_PER_MINUTE = 10


class Zendesk:
    supports_drafts = False

    def __init__(self, record: ConnectorRecord, token: str, **http_options: Any) -> None:
        # http_options: timeout, retries, backoff, max_wait, stop (tests shorten them; the app keeps defaults)
        self.record = record
        self.options = Options.from_dict(record.options)
        per_minute = min(self.options.requests_per_minute, EXPORT_PER_MINUTE) if self.options.use_export \
            else self.options.requests_per_minute
        self.http = Http(record.id, record.url, auth=(f"{record.user}/token", token),
                                 budget=budget_for(urlsplit(record.url).netloc, per_minute), **http_options)

    def close(self) -> None:
        self.http.close()

    def whoami(self) -> str:
        data, _ = self.http.get("/api/v2/users/me.json")
        user = need(data, "user", dict, self.record.id, "GET /api/v2/users/me.json")
        if user.get("id") is None:  # Zendesk answers 200 with the anonymous user when the token is wrong
            raise TokenRejected("token rejected (signed in as anonymous)", connector=self.record.id,
                                endpoint="GET /api/v2/users/me.json")
        return str(user.get("name") or user.get("email") or user["id"])

    def _start(self) -> datetime:
        return datetime.now(UTC) - timedelta(days=self.options.initial_days)

    def changed(self, cursor: str) -> Iterator[Page]:
        yield from (self._export(cursor) if self.options.use_export else self._queue(cursor))

    def _queue(self, cursor: str) -> Iterator[Page]:
        since = cursor or self._start().strftime("%Y-%m-%dT%H:%M:%SZ")
        query = f"{self.options.queue_query or 'type:ticket assignee:me'} updated>={since}"
        path: str | None = "/api/v2/search.json"
        params: dict[str, Any] | None = {"query": query, "sort_by": "updated_at", "sort_order": "asc"}
        newest = since
        while path:
            data, _ = self.http.get(path, params)
            endpoint = "GET /api/v2/search.json"
            results = need(data, "results", list, self.record.id, endpoint)
            items = []
            for i, ticket in enumerate(results):
                if not isinstance(ticket, dict) or ticket.get("result_type", "ticket") != "ticket":
                    continue
                tid = need(ticket, "id", int, self.record.id, endpoint, f"results[{i}]")
                updated = iso(ticket.get("updated_at"))
                newest = max(newest, updated)
                items.append(Remote(str(tid), updated, ticket))
            path, params = data.get("next_page"), None
            yield Page(items, newest if not path else None)

    def _export(self, cursor: str) -> Iterator[Page]:
        endpoint = "GET /api/v2/incremental/tickets/cursor.json"
        params = {"cursor": cursor} if cursor else {"start_time": int(self._start().timestamp())}
        while True:
            data, _ = self.http.get("/api/v2/incremental/tickets/cursor.json", params)
            tickets = need(data, "tickets", list, self.record.id, endpoint)
            items = [Remote(str(need(t, "id", int, self.record.id, endpoint, f"tickets[{i}]")),
                            iso(t.get("updated_at")), t) for i, t in enumerate(tickets)]
            after = data.get("after_cursor") or cursor
            yield Page(items, after)
            if data.get("end_of_stream", True) or not data.get("after_cursor"):
                return
            params = {"cursor": after}

    def _comments(self, ticket_id: str) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
        endpoint = f"GET /api/v2/tickets/{ticket_id}/comments.json"
        comments: list[dict[str, Any]] = []
        users: dict[int, dict[str, Any]] = {}
        path: str | None = f"/api/v2/tickets/{ticket_id}/comments.json"
        params: dict[str, Any] | None = {"include": "users"}
        while path:
            data, _ = self.http.get(path, params)
            comments += need(data, "comments", list, self.record.id, endpoint)
            users.update({u["id"]: u for u in data.get("users") or [] if isinstance(u, dict) and "id" in u})
            path, params = data.get("next_page"), None
        return comments, users

    def fetch(self, remote: Remote) -> Conversation:
        ticket = remote.raw
        if ticket is None or "requester_id" not in ticket:
            data, _ = self.http.get(f"/api/v2/tickets/{remote.remote_id}.json")
            ticket = need(data, "ticket", dict, self.record.id, f"GET /api/v2/tickets/{remote.remote_id}.json")
        comments, users = self._comments(remote.remote_id)
        endpoint = f"GET /api/v2/tickets/{remote.remote_id}/comments.json"
        requester = ticket.get("requester_id")
        messages = []
        for i, comment in enumerate(comments):
            where = f"comments[{i}]"
            author_id = need(comment, "author_id", int, self.record.id, endpoint, where)
            public = need(comment, "public", bool, self.record.id, endpoint, where)
            via = obj(comment.get("via"))
            author = users.get(author_id, {})
            name = str(author.get("name") or "")
            if via.get("channel") in BOT_CHANNELS or self.options.is_bot(name, str(author_id)):
                role = Role.BOT
            elif not public:
                role = Role.NOTE
            elif author_id == requester or author.get("role") == "end-user":
                role = Role.CUSTOMER
            else:
                role = Role.AGENT
            body = comment.get("plain_body") if comment.get("plain_body") is not None else comment.get("body")
            if not isinstance(body, str):
                raise malformed(self.record.id, endpoint, f"{where}.plain_body", "expected a string")
            messages.append(message(role, plain(body), name, iso(comment.get("created_at")),
                                    str(comment.get("id", i))))
        person = users.get(requester, {}) if isinstance(requester, int) else {}
        via_channel = (ticket.get("via") or {}).get("channel") if isinstance(ticket.get("via"), dict) else None
        extra: dict[str, Any] = {"source": self.record.kind, "remote_id": remote.remote_id,
                                 "remote_tags": list(ticket.get("tags") or [])}
        rating = ticket.get("satisfaction_rating")
        if isinstance(rating, dict) and rating.get("score") in ("good", "bad"):
            extra["csat"] = {"score": rating["score"], "comment": rating.get("comment") or "", "source": "zendesk"}
        return Conversation(
            id=f"{self.record.id}:{remote.remote_id}", channel=CHANNELS.get(str(via_channel), Channel.EMAIL),
            subject=plain(ticket.get("subject") or ticket.get("raw_subject") or "")[:2000],
            status=STATUSES.get(str(ticket.get("status")), Status.OPEN),
            customer=Customer(name=str(person.get("name") or ""), email=str(person.get("email") or ""),
                              language=str(person.get("locale") or "")[:2]),
            messages=messages, extra=extra)

    def add_tags(self, remote_id: str, tags: list[str]) -> None:
        self.http.json("PUT", f"/api/v2/tickets/{remote_id}/tags.json", json={"tags": tags})

    def post_note(self, remote_id: str, text: str) -> None:
        self.http.json("PUT", f"/api/v2/tickets/{remote_id}.json",
                       json={"ticket": {"comment": {"body": text, "public": False}}})
