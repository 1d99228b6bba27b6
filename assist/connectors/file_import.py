"""Conversations from helpdesk export files, for teams without a live connector:

- `zendesk`: Zendesk's JSON export (one ticket a line, or a JSON list / `{"tickets": [...]}`), each ticket with its
  `comments` (author_id, public, via.channel, plain_body or body) and optionally the export's `users`;
- `freshdesk`: tickets as the v2 API returns them with `include=conversations` (`description_text`, then each
  conversation's `body_text`, `incoming`, `private`), one a line or a list;
- `csv`: one message per row: `conversation_id,author,text` and optional `role,at,subject,channel,status,email`
  (without `role`: the agent names given are agents, "bot" names bots, everyone else the customer).

Every file is read and checked before anything is stored; an error names the file, the record and the field.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.base.textfiles import read_text_file
from assist.base.vocab import Channel, Role, Status
from assist.connectors import freshdesk, zendesk
from assist.connectors.mapping import iso, message, obj, plain
from assist.domain.conversation import CHANNELS, MAX_FILE_BYTES, ROLES, STATUSES, Conversation, Customer

FORMATS = ("zendesk", "freshdesk", "csv")


def _records(text: str, source: str, key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, object) for a JSON list, an object holding `key`, one object, or JSON Lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
        lines = [line for line in text.splitlines() if line.strip()]
        for n, line in enumerate(lines, 1):
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"line {n} is not JSON ({exc.msg})", source=source) from None
            yield f"line {n}", item
        return
    if isinstance(data, dict) and isinstance(data.get(key), list):
        data = data[key]
    for n, item in enumerate(data if isinstance(data, list) else [data]):
        yield f"[{n}]", item


def _zendesk(item: Any, where: str, source: str, users: dict[Any, dict[str, Any]],
             bot_names: list[str]) -> Conversation:
    if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("comments"), list):
        raise InputError("expected a ticket with id and comments", source=source, field=where)
    users = {**users, **{u.get("id"): u for u in item.get("users") or [] if isinstance(u, dict)}}
    requester = item.get("requester_id")
    bots = {b.casefold() for b in bot_names}
    messages = []
    for i, comment in enumerate(item["comments"]):
        if not isinstance(comment, dict) or not isinstance(comment.get("plain_body", comment.get("body")), str):
            raise InputError("expected a comment with plain_body or body", source=source,
                             field=f"{where}.comments[{i}]")
        author = obj(users.get(comment.get("author_id")))
        name = str(author.get("name") or "")
        if obj(comment.get("via")).get("channel") in zendesk.BOT_CHANNELS or name.casefold() in bots:
            role = Role.BOT
        elif comment.get("public") is False:
            role = Role.NOTE
        elif comment.get("author_id") == requester or author.get("role") == "end-user":
            role = Role.CUSTOMER
        else:
            role = Role.AGENT
        messages.append(message(role, plain(comment.get("plain_body", comment.get("body"))), name,
                                iso(comment.get("created_at")), str(comment.get("id", i))))
    person = obj(users.get(requester))
    return Conversation(id=f"zendesk:{item['id']}", channel=zendesk.CHANNELS.get(
        str(obj(item.get("via")).get("channel")), Channel.EMAIL), subject=plain(item.get("subject") or "")[:2000],
        status=zendesk.STATUSES.get(str(item.get("status")), Status.OPEN),
        customer=Customer(name=str(person.get("name") or ""), email=str(person.get("email") or "")),
        messages=messages, extra={"source": "zendesk-export", "remote_tags": list(item.get("tags") or [])})


def _freshdesk(item: Any, where: str, source: str, bot_names: list[str]) -> Conversation:
    if not isinstance(item, dict) or "id" not in item:
        raise InputError("expected a ticket with an id", source=source, field=where)
    requester = obj(item.get("requester"))
    name = str(requester.get("name") or "")
    messages = [message(Role.CUSTOMER, plain(item.get("description_text") or item.get("description") or "",
                                             from_html=item.get("description_text") is None),
                        name, iso(item.get("created_at")), "description")]
    bot_ids = {str(b) for b in bot_names}
    for i, entry in enumerate(item.get("conversations") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("incoming"), bool):
            raise InputError("expected a conversation with incoming", source=source,
                             field=f"{where}.conversations[{i}]")
        user = str(entry.get("user_id") or "")
        role = Role.BOT if user in bot_ids or (item.get("source") == freshdesk.BOT_SOURCE and not entry["incoming"]
                                               and not entry.get("private")
                                               and user != str(item.get("responder_id") or "")) \
            else Role.NOTE if entry.get("private") else Role.CUSTOMER if entry["incoming"] else Role.AGENT
        text = entry.get("body_text") if entry.get("body_text") is not None else plain(entry.get("body"),
                                                                                      from_html=True)
        messages.append(message(role, plain(text), name if role == Role.CUSTOMER else "",
                                iso(entry.get("created_at")), str(entry.get("id", i))))
    raw_status, source_kind = item.get("status"), item.get("source")
    return Conversation(id=f"freshdesk:{item['id']}", channel=freshdesk.CHANNELS.get(source_kind, Channel.EMAIL)
                        if isinstance(source_kind, int) else Channel.EMAIL,
                        subject=plain(item.get("subject") or "")[:2000],
                        status=freshdesk.STATUSES.get(raw_status, Status.OPEN) if isinstance(raw_status, int)
                        else Status.OPEN,
                        customer=Customer(name=name, email=str(requester.get("email") or "")), messages=messages,
                        extra={"source": "freshdesk-export", "remote_tags": list(item.get("tags") or [])})


def _csv(text: str, source: str, agents: list[str], bot_names: list[str]) -> list[Conversation]:
    reader = csv.DictReader(io.StringIO(text))
    needed = {"conversation_id", "author", "text"}
    if reader.fieldnames is None or not needed <= set(reader.fieldnames):
        raise InputError(f"the header needs {', '.join(sorted(needed))}", source=source, field="header")
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in reader:
        grouped.setdefault(row["conversation_id"], []).append(row)
    agent_keys, bot_keys = {a.casefold() for a in agents}, {b.casefold() for b in bot_names}
    out = []
    for cid, rows in grouped.items():
        messages = []
        for n, row in enumerate(rows):
            role = (row.get("role") or "").strip().lower()
            author = (row.get("author") or "").strip()
            if not role:
                role = Role.BOT if author.casefold() in bot_keys or author.casefold().endswith("bot") else \
                    Role.AGENT if author.casefold() in agent_keys else Role.CUSTOMER
            if role not in ROLES:
                raise InputError(f"unknown role {role!r}", source=source, field=f"conversation {cid} row {n + 1}")
            messages.append(message(role, plain(row.get("text")), author, iso(row.get("at")), str(n)))
        first = rows[0]
        channel = (first.get("channel") or "chat").strip().lower()
        status = (first.get("status") or "open").strip().lower()
        if channel not in CHANNELS or status not in STATUSES:
            raise InputError("channel or status not known", source=source, field=f"conversation {cid}")
        customer = next((m.author for m in messages if m.role == Role.CUSTOMER), "")
        out.append(Conversation(id=cid, channel=channel, status=status, subject=(first.get("subject") or "")[:2000],
                                customer=Customer(name=customer, email=(first.get("email") or "").strip()),
                                messages=messages, extra={"source": "csv"}))
    return out


def load(path: Path, fmt: str, *, bot_names: list[str] | None = None, agents: list[str] | None = None) -> list[
        Conversation]:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", field="--format")
    text = read_text_file(path, MAX_FILE_BYTES)
    source = str(path)
    if fmt == "csv":
        return _csv(text, source, agents or [], bot_names or [])
    key = "tickets"
    records = list(_records(text, source, key))
    users: dict[Any, dict[str, Any]] = {}
    if fmt == "zendesk":
        return [_zendesk(item, where, source, users, bot_names or []) for where, item in records]
    return [_freshdesk(item, where, source, bot_names or []) for where, item in records]
