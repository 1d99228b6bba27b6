"""The JSON each helpdesk answers, rendered from the local Helpdesk (helpdesk_server.py). Every shape follows the
documentation page named above its function; only the fields Assist reads plus a few neighbours are rendered."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from assist.eval.helpdesk_data import TOKEN, USER, Helpdesk, Msg, Ticket

Answer = tuple[int, Any, dict[str, str]]
ACCOUNT = 1


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def authorised(flavour: str, headers: Any) -> bool:
    if flavour == "chatwoot":  # https://developers.chatwoot.com/api-reference/introduction (api_access_token)
        return bool(headers.get("api_access_token") == TOKEN)
    expected = f"{USER}/token:{TOKEN}" if flavour == "zendesk" else f"{TOKEN}:X"
    return bool(headers.get("Authorization") == "Basic " + base64.b64encode(expected.encode()).decode())


def route(flavour: str, desk: Helpdesk, method: str, path: str, query: dict[str, str], payload: Any,
          base: str) -> Answer:
    with desk.lock:
        handler = {"zendesk": _zendesk, "freshdesk": _freshdesk, "chatwoot": _chatwoot}[flavour]
        return handler(desk, method, path, query, payload, base)


def _page(items: list[Any], query: dict[str, str], size: int) -> tuple[list[Any], int, bool]:
    page = int(query.get("page", 1))
    chunk = items[(page - 1) * size: page * size]
    return chunk, page, page * size < len(items)


# --- Zendesk ------------------------------------------------------------------------------------------


def _zd_ticket(t: Ticket) -> dict[str, Any]:
    # https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format
    return {"id": t.id, "subject": t.subject, "raw_subject": t.subject, "status": t.status,
            "requester_id": t.requester_id, "assignee_id": 1, "tags": list(t.tags),
            "via": {"channel": "chat" if t.channel == "chat" else "email"},
            "created_at": _iso(t.created_at), "updated_at": _iso(t.updated_at),
            "satisfaction_rating": {"score": t.csat or "unoffered"}}


def _zd_comment(desk: Helpdesk, m: Msg) -> dict[str, Any]:
    # https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#json-format
    channel = "answer_bot" if m.kind == "bot" else "web"
    return {"id": m.id, "type": "Comment", "author_id": m.author_id, "body": m.text, "html_body": f"<p>{m.text}</p>",
            "plain_body": m.text, "public": m.kind != "note", "created_at": _iso(m.created_at),
            "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}}}


def _zd_user(desk: Helpdesk, uid: int) -> dict[str, Any]:
    u = desk.users[uid]
    return {"id": uid, "name": u["name"], "email": u["email"],
            "role": "end-user" if u["role"] == "end-user" else "agent", "locale": "en-US"}


def _zendesk(desk: Helpdesk, method: str, path: str, query: dict[str, str], payload: Any, base: str) -> Answer:
    if path == "/api/v2/users/me.json":
        return 200, {"user": {"id": 1, "name": "Sam Lee", "email": USER, "role": "agent"}}, {}
    if path == "/api/v2/search.json":
        # https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#list-search-results
        since = re.search(r"updated>=?(\S+)", query.get("query", ""))
        start = _epoch(since.group(1)) if since else 0.0
        found = sorted((t for t in desk.tickets.values() if t.updated_at >= start), key=lambda t: (t.updated_at, t.id))
        chunk, page, more = _page(found, query, desk.page_size)
        nxt = f"{base}/api/v2/search.json?" + urlencode({**query, "page": page + 1}) if more else None
        return 200, {"results": [{**_zd_ticket(t), "result_type": "ticket"} for t in chunk], "count": len(found),
                     "next_page": nxt, "previous_page": None}, {}
    if path == "/api/v2/incremental/tickets/cursor.json":
        # https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
        ordered = sorted(desk.tickets.values(), key=lambda t: (t.updated_at, t.id))
        if "cursor" in query:
            at, tid = query["cursor"].split(":")
            ordered = [t for t in ordered if (t.updated_at, t.id) > (float(at), int(tid))]
        else:
            ordered = [t for t in ordered if t.updated_at >= float(query.get("start_time", 0))]
        chunk = ordered[: desk.page_size]
        after = f"{chunk[-1].updated_at}:{chunk[-1].id}" if chunk else query.get("cursor")
        return 200, {"tickets": [_zd_ticket(t) for t in chunk], "after_cursor": after,
                     "after_url": f"{base}{path}?cursor={after}" if after else None, "before_cursor": None,
                     "end_of_stream": len(ordered) <= desk.page_size}, {}
    match = re.fullmatch(r"/api/v2/tickets/(\d+)(\.json|/comments\.json|/tags\.json)", path)
    if not match or int(match.group(1)) not in desk.tickets:
        return 404, {"error": "RecordNotFound"}, {}
    ticket = desk.tickets[int(match.group(1))]
    if match.group(2) == "/comments.json":
        comments = [m for m in ticket.messages if m.kind not in ("activity", "template")]
        chunk, page, more = _page(comments, query, desk.page_size)
        nxt = f"{base}{path}?" + urlencode({**query, "page": page + 1}) if more else None
        users = sorted({m.author_id for m in chunk} | {ticket.requester_id})
        return 200, {"comments": [_zd_comment(desk, m) for m in chunk], "users": [_zd_user(desk, u) for u in users],
                     "next_page": nxt, "previous_page": None, "count": len(comments)}, {}
    if match.group(2) == "/tags.json" and method == "PUT":
        # https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#add-tags
        ticket.tags += [t for t in payload["tags"] if t not in ticket.tags]
        desk.writes.append(("tags", ticket.id, list(payload["tags"])))
        return 200, {"tags": ticket.tags}, {}
    if method == "PUT":
        # https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
        comment = payload["ticket"]["comment"]
        desk.say(ticket, 1, "note" if comment.get("public") is False else "agent", comment["body"])
        desk.writes.append(("note", ticket.id, comment["body"]))
        return 200, {"ticket": _zd_ticket(ticket), "audit": {"events": []}}, {}
    return 200, {"ticket": _zd_ticket(ticket)}, {}


# --- Freshdesk ----------------------------------------------------------------------------------------

_FD_STATUS = {"open": 2, "pending": 3, "solved": 4}


def _fd_ticket(desk: Helpdesk, t: Ticket) -> dict[str, Any]:
    # https://developers.freshdesk.com/api/#view_a_ticket
    first = t.messages[0] if t.messages else None
    requester = desk.users[t.requester_id]
    return {"id": t.id, "subject": t.subject, "description": f"<div>{first.text if first else ''}</div>",
            "description_text": first.text if first else "", "status": _FD_STATUS[t.status],
            "source": 12 if t.via_bot else (7 if t.channel == "chat" else 1), "requester_id": t.requester_id,
            "responder_id": _responder(t), "tags": list(t.tags), "created_at": _iso(t.created_at),
            "updated_at": _iso(t.updated_at), "priority": 1, "type": None,
            "requester": {"id": t.requester_id, "name": requester["name"], "email": requester["email"]}}


def _responder(t: Ticket) -> int:
    """The agent the ticket is assigned to: the last one who answered (2 = the signed-in agent otherwise)."""
    return next((m.author_id for m in reversed(t.messages) if m.kind == "agent"), 2)


def _fd_entry(desk: Helpdesk, t: Ticket, m: Msg) -> dict[str, Any]:
    # https://developers.freshdesk.com/api/#list_all_ticket_notes
    return {"id": m.id, "body": f"<div>{m.text}</div>", "body_text": m.text, "incoming": m.kind == "customer",
            "private": m.kind == "note", "user_id": m.author_id,
            "source": 2 if m.kind == "note" else 0, "ticket_id": t.id, "created_at": _iso(m.created_at),
            "updated_at": _iso(m.created_at), "attachments": []}


def _link(base: str, path: str, query: dict[str, str], page: int, more: bool) -> dict[str, str]:
    return {"link": f'<{base}{path}?{urlencode({**query, "page": page + 1})}>; rel="next"'} if more else {}


def _freshdesk(desk: Helpdesk, method: str, path: str, query: dict[str, str], payload: Any, base: str) -> Answer:
    if path == "/api/v2/agents/me":
        return 200, {"id": 2, "contact": {"name": "Sam Lee", "email": USER}}, {}
    if path == "/api/v2/tickets":
        # https://developers.freshdesk.com/api/#list_all_tickets (updated_since, per_page <= 100, link header)
        start = _epoch(query["updated_since"]) if "updated_since" in query else 0.0
        found = sorted((t for t in desk.tickets.values() if t.updated_at >= start), key=lambda t: (t.updated_at, t.id))
        chunk, page, more = _page(found, query, min(int(query.get("per_page", 30)), 100, desk.page_size))
        return 200, [_fd_ticket(desk, t) for t in chunk], _link(base, path, query, page, more)
    match = re.fullmatch(r"/api/v2/tickets/(\d+)(|/conversations|/notes|/satisfaction_ratings)", path)
    if not match or int(match.group(1)) not in desk.tickets:
        return 404, {"code": "access_denied"}, {}
    ticket = desk.tickets[int(match.group(1))]
    tail = match.group(2)
    if tail == "/conversations":
        entries = [m for m in ticket.messages[1:] if m.kind not in ("activity", "template")]
        chunk, page, more = _page(entries, query, min(int(query.get("per_page", 30)), 100, desk.page_size))
        return 200, [_fd_entry(desk, ticket, m) for m in chunk], _link(base, path, query, page, more)
    if tail == "/notes" and method == "POST":
        # https://developers.freshdesk.com/api/#add_note
        note = desk.say(ticket, 2, "note" if payload.get("private", True) else "agent", payload["body"])
        desk.writes.append(("note", ticket.id, payload["body"]))
        return 201, _fd_entry(desk, ticket, note), {}
    if tail == "/satisfaction_ratings":
        # https://developers.freshdesk.com/api/#view_ticket_satisfaction_ratings
        score = {"good": 103, "bad": -103}.get(ticket.csat)
        return 200, ([{"id": 1, "ticket_id": ticket.id, "ratings": {"default_question": score}, "feedback": "",
                       "created_at": _iso(ticket.updated_at)}] if score else []), {}
    if method == "PUT":
        # https://developers.freshdesk.com/api/#update_ticket: "tags" replaces the ticket's list
        ticket.tags = list(payload["tags"])
        desk.writes.append(("tags", ticket.id, list(payload["tags"])))
    return 200, _fd_ticket(desk, ticket), {}


# --- Chatwoot -----------------------------------------------------------------------------------------

_CW_STATUS = {"open": "open", "pending": "pending", "solved": "resolved"}
_CW_TYPE = {"customer": 0, "agent": 1, "bot": 1, "note": 1, "activity": 2, "template": 3}


def _cw_conversation(desk: Helpdesk, t: Ticket) -> dict[str, Any]:
    # https://developers.chatwoot.com/api-reference/conversations/conversations-list
    contact = desk.users[t.requester_id]
    return {"id": t.id, "account_id": ACCOUNT, "inbox_id": 1, "status": _CW_STATUS[t.status], "labels": list(t.tags),
            "meta": {"sender": {"id": t.requester_id, "name": contact["name"], "email": contact["email"],
                                "type": "contact"}, "channel": "Channel::WebWidget", "assignee": {"id": 1}},
            "last_activity_at": int(t.updated_at), "timestamp": int(t.updated_at), "created_at": int(t.created_at),
            "additional_attributes": {}, "messages": []}


def _cw_message(desk: Helpdesk, t: Ticket, m: Msg) -> dict[str, Any]:
    # https://developers.chatwoot.com/api-reference/messages/get-messages
    user = desk.users.get(m.author_id, {"name": "", "role": ""})
    sender_type = {"customer": "Contact", "bot": "AgentBot"}.get(m.kind, "User")
    sender = None if m.kind == "activity" else {"id": m.author_id, "name": user["name"],
                                                "type": {"Contact": "contact", "AgentBot": "agent_bot"}.get(
                                                    sender_type, "user")}
    return {"id": m.id, "content": m.text, "conversation_id": t.id, "message_type": _CW_TYPE[m.kind],
            "content_type": "text", "private": m.kind == "note", "created_at": int(m.created_at),
            "sender_type": None if m.kind == "activity" else sender_type, "sender_id": m.author_id, "sender": sender,
            "attachments": []}


def _cw_csat(t: Ticket) -> dict[str, Any]:
    # The CSAT survey Chatwoot sends when a conversation is resolved, as answered: a template message with
    # content_type input_csat (Chatwoot's Message model; https://www.chatwoot.com/features/csat).
    rating = {"good": 5, "bad": 1}.get(t.csat, 3)
    return {"id": 10**9 + t.id, "content": "Please rate this conversation", "conversation_id": t.id,
            "message_type": 3, "content_type": "input_csat", "private": False, "created_at": int(t.updated_at),
            "content_attributes": {"submitted_values": {"csat_survey_response": {"rating": rating,
                                                                                 "feedback_message": "Quick"}}},
            "sender_type": None, "sender": None, "attachments": []}


def _chatwoot(desk: Helpdesk, method: str, path: str, query: dict[str, str], payload: Any, base: str) -> Answer:
    if path == "/api/v1/profile":
        return 200, {"id": 1, "name": "Sam Lee", "email": USER, "account_id": ACCOUNT}, {}
    prefix = f"/api/v1/accounts/{ACCOUNT}/conversations"
    if path == prefix:
        ordered = sorted(desk.tickets.values(), key=lambda t: (-t.updated_at, -t.id))
        chunk, _, _ = _page(ordered, query, 25)
        return 200, {"data": {"meta": {"mine_count": len(ordered), "unassigned_count": 0, "all_count": len(ordered)},
                              "payload": [_cw_conversation(desk, t) for t in chunk]}}, {}
    match = re.fullmatch(rf"{prefix}/(\d+)(|/messages|/labels)", path)
    if not match or int(match.group(1)) not in desk.tickets:
        return 404, {"error": "Resource could not be found"}, {}
    ticket = desk.tickets[int(match.group(1))]
    if match.group(2) == "/messages" and method == "POST":
        # https://developers.chatwoot.com/api-reference/messages/create-new-message
        note = desk.say(ticket, 1, "note" if payload.get("private") else "agent", payload["content"])
        desk.writes.append(("note", ticket.id, payload["content"]))
        return 200, _cw_message(desk, ticket, note), {}
    if match.group(2) == "/messages":
        before = int(query.get("before", 10**12))
        older = [m for m in ticket.messages if m.id < before][-20:]
        payload = [_cw_message(desk, ticket, m) for m in older]
        if ticket.csat and before == 10**12:
            payload.append(_cw_csat(ticket))
        return 200, {"meta": {"labels": ticket.tags, "contact": {}}, "payload": payload}, {}
    if match.group(2) == "/labels" and method == "POST":
        # https://developers.chatwoot.com/api-reference/conversations/add-labels: the list replaces the old one
        ticket.tags = list(payload["labels"])
        desk.writes.append(("tags", ticket.id, list(payload["labels"])))
        return 200, {"payload": ticket.tags}, {}
    if match.group(2) == "/labels":
        return 200, {"payload": list(ticket.tags)}, {}
    return 200, _cw_conversation(desk, ticket), {}
