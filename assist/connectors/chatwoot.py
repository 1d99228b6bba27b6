"""Chatwoot Application API, authenticated with the `api_access_token` header.

The connector URL is the account's address as the browser shows it (`https://chat.example.com/app/accounts/3`);
the account id is read from it. Conversations are listed newest activity first, 25 a page, until one older than
the cursor; messages come 20 at a time, older pages with `before=<oldest id>`. Documentation followed:
- https://developers.chatwoot.com/api-reference/conversations/conversations-list (data.meta, data.payload)
- https://developers.chatwoot.com/api-reference/messages/get-messages (message_type 0 incoming, 1 outgoing,
  2 activity, 3 template; private; sender_type Contact / User / AgentBot; created_at epoch)
- https://developers.chatwoot.com/api-reference/conversations/add-labels (POST replaces the list: merged first)
- https://developers.chatwoot.com/api-reference/messages/create-new-message (private: true is a private note)
- https://developers.chatwoot.com/api-reference/profile/fetch-user-profile
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from assist.base.errors import InputError
from assist.base.vocab import Channel, Role, Status
from assist.connectors.http import Http, budget_for
from assist.connectors.mapping import iso, malformed, need, obj, plain
from assist.connectors.mapping import message as message_of
from assist.connectors.protocol import Options, Page, Remote
from assist.domain.conversation import Conversation, Customer
from assist.store.sync_state import ConnectorRecord

BOT_SENDERS = {"AgentBot", "Captain::Assistant"}
_TYPES = {"incoming": 0, "outgoing": 1, "activity": 2, "template": 3}
_CHANNELS = {"Channel::WebWidget": Channel.CHAT, "Channel::Api": Channel.CHAT, "Channel::Email": Channel.EMAIL,
             "Channel::Whatsapp": Channel.SOCIAL, "Channel::FacebookPage": Channel.SOCIAL,
             "Channel::TwitterProfile": Channel.SOCIAL, "Channel::Instagram": Channel.SOCIAL,
             "Channel::Telegram": Channel.SOCIAL, "Channel::Line": Channel.SOCIAL, "Channel::Sms": Channel.SOCIAL,
             "Channel::TwilioSms": Channel.SOCIAL}
_STATUSES = {"open": Status.OPEN, "pending": Status.PENDING, "snoozed": Status.PENDING, "resolved": Status.SOLVED}
_ACCOUNT = re.compile(r"/accounts/(\d+)")


def split_url(url: str) -> tuple[str, str]:
    """(base URL, account id) from the account address; InputError naming the URL otherwise."""
    match = _ACCOUNT.search(urlsplit(url).path)
    if not match:
        raise InputError("a Chatwoot URL names its account, like https://chat.example.com/app/accounts/3",
                         field="url")
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}", match.group(1)


def _csat(message: dict[str, Any]) -> dict[str, Any] | None:
    """The customer's answer to the CSAT survey message (content_type input_csat; Chatwoot's 1-5 rating in
    content_attributes.submitted_values.csat_survey_response), or None before they answered."""
    submitted = obj(obj(message.get("content_attributes")).get("submitted_values"))
    response = obj(submitted.get("csat_survey_response"))
    rating = response.get("rating")
    if not isinstance(rating, int) or isinstance(rating, bool):
        return None
    score = "good" if rating >= 4 else "bad" if rating <= 2 else "neutral"
    return {"score": score, "raw": rating, "comment": str(response.get("feedback_message") or ""),
            "source": "chatwoot"}


class Chatwoot:
    supports_drafts = False

    def __init__(self, record: ConnectorRecord, token: str, **http_options: Any) -> None:
        # http_options: timeout, retries, backoff, max_wait, stop (tests shorten them; the app keeps defaults)
        self.record = record
        self.options = Options.from_dict(record.options)
        base, self.account = split_url(record.url)
        self.http = Http(record.id, base, headers={"api_access_token": token},
                                 budget=budget_for(urlsplit(base).netloc,
                                                   self.options.requests_per_minute), **http_options)
        self._prefix = f"/api/v1/accounts/{self.account}/conversations"

    def close(self) -> None:
        self.http.close()

    def whoami(self) -> str:
        data, _ = self.http.get("/api/v1/profile")
        return str(need(data, "name", str, self.record.id, "GET /api/v1/profile"))

    def changed(self, cursor: str) -> Iterator[Page]:
        endpoint = f"GET {self._prefix}"
        since = float(cursor or 0)
        newest = since
        page = 1
        while True:
            data, _ = self.http.get(self._prefix, {"assignee_type": self.options.queue_query or "me",
                                                   "status": "all", "page": page})
            body = need(data, "data", dict, self.record.id, endpoint)
            listed = need(body, "payload", list, self.record.id, endpoint, "data")
            items, older = [], False
            for i, conversation in enumerate(listed):
                cid = need(conversation, "id", int, self.record.id, endpoint, f"data.payload[{i}]")
                activity = conversation.get("last_activity_at") or conversation.get("timestamp") or 0
                # Activity times are whole seconds: the cursor's own second is fetched again (idempotent), so a
                # message in the same second as the last sync is not missed.
                if not isinstance(activity, int | float) or activity < since:
                    older = True
                    continue
                newest = max(newest, float(activity))
                items.append(Remote(str(cid), iso(activity), conversation))
            done = older or len(listed) < 25
            yield Page(items, f"{newest:.0f}" if done else None)
            if done:
                return
            page += 1

    def _messages(self, conversation_id: str) -> list[dict[str, Any]]:
        endpoint = f"GET {self._prefix}/{conversation_id}/messages"
        collected: list[dict[str, Any]] = []
        params: dict[str, Any] = {}
        while True:
            data, _ = self.http.get(f"{self._prefix}/{conversation_id}/messages", params or None)
            batch = need(data, "payload", list, self.record.id, endpoint)
            fresh = [m for m in batch if isinstance(m, dict) and m.get("id") not in {c.get("id") for c in collected}]
            if not fresh:
                break
            collected = fresh + collected
            if len(batch) < 20:
                break
            params = {"before": min(int(m["id"]) for m in fresh if isinstance(m.get("id"), int))}
        return sorted(collected, key=lambda m: (m.get("created_at") or 0, m.get("id") or 0))

    def fetch(self, remote: Remote) -> Conversation:
        head: Any = remote.raw
        if head is None or "meta" not in head:
            head, _ = self.http.get(f"{self._prefix}/{remote.remote_id}")
        if not isinstance(head, dict):
            raise malformed(self.record.id, f"GET {self._prefix}/{remote.remote_id}", "(body)", "expected an object")
        endpoint = f"GET {self._prefix}/{remote.remote_id}/messages"
        meta = obj(head.get("meta"))
        contact = obj(meta.get("sender"))
        messages = []
        csat: dict[str, Any] | None = None
        for i, message in enumerate(self._messages(remote.remote_id)):
            where = f"payload[{i}]"
            kind = need(message, "message_type", (int, str), self.record.id, endpoint, where)
            kind = _TYPES.get(kind, -1) if isinstance(kind, str) else kind
            if message.get("content_type") == "input_csat":
                csat = _csat(message) or csat
            if kind in (2, 3):  # activity ("assigned to Sam") and templates (the CSAT survey) are not turns
                continue
            sender = obj(message.get("sender"))
            sender_type = str(message.get("sender_type") or sender.get("type") or "")
            name = str(sender.get("name") or sender.get("available_name") or "")
            sender_id = str(message.get("sender_id") or sender.get("id") or "")
            if message.get("private"):
                role = Role.NOTE
            elif sender_type in BOT_SENDERS or sender_type.lower() == "agent_bot" or \
                    self.options.is_bot(name, sender_id):
                role = Role.BOT
            elif kind == 0:
                role = Role.CUSTOMER
            elif kind == 1:
                role = Role.AGENT
            else:
                raise malformed(self.record.id, endpoint, f"{where}.message_type", f"unknown value {kind!r}")
            content = message.get("content")
            if content is None and not message.get("attachments"):
                continue  # an empty bubble (a deleted message) carries nothing to read
            messages.append(message_of(role, plain(content or "[attachment]"), name, iso(message.get("created_at")),
                                       str(message.get("id"))))
        labels = head.get("labels") if isinstance(head, dict) else []
        extra: dict[str, Any] = {"source": self.record.kind, "remote_id": remote.remote_id,
                                 "remote_tags": list(labels or [])}
        if csat is not None:
            extra["csat"] = csat
        return Conversation(
            id=f"{self.record.id}:{remote.remote_id}", channel=_CHANNELS.get(str(meta.get("channel")), Channel.CHAT),
            subject=plain((head.get("additional_attributes") or {}).get("mail_subject") or "")[:2000]
            if isinstance(head.get("additional_attributes"), dict) else "",
            status=_STATUSES.get(str(head.get("status")), Status.OPEN),
            customer=Customer(name=str(contact.get("name") or ""), email=str(contact.get("email") or "")),
            messages=messages, extra=extra)

    def add_tags(self, remote_id: str, tags: list[str]) -> None:
        data, _ = self.http.get(f"{self._prefix}/{remote_id}/labels")
        current = [str(t) for t in (data or {}).get("payload") or []] if isinstance(data, dict) else []
        merged = current + [t for t in tags if t not in current]
        if merged != current:
            self.http.json("POST", f"{self._prefix}/{remote_id}/labels", json={"labels": merged})

    def post_note(self, remote_id: str, text: str) -> None:
        self.http.json("POST", f"{self._prefix}/{remote_id}/messages",
                       json={"content": text, "message_type": "outgoing", "private": True})
