"""The domain types (Conversation, Message, Customer) and the interchange JSON (docs/formats.md).

Input is untrusted: every file is decoded strictly as UTF-8, checked against a JSON schema, and bounded
in size, so a bad file yields one InputError naming the file and the field, before anything is stored.
Unknown extra fields are kept (round-tripped through `extra`), never rejected.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, cast

import jsonschema

from assist.base.errors import InputError
from assist.base.textfiles import is_stdin, read_text_file
from assist.base.values import mask_card_numbers

Role = Literal["customer", "bot", "agent", "note", "system"]
ROLES: tuple[str, ...] = ("customer", "bot", "agent", "note", "system")
CHANNELS: tuple[str, ...] = ("chat", "email", "voice", "social", "in_app")
STATUSES: tuple[str, ...] = ("open", "pending", "solved")

MAX_MESSAGE_CHARS = 100_000  # a real message is far shorter; larger ones are pasted logs or attacks
MAX_FILE_BYTES = 200 * 1024 * 1024

_MESSAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["role", "text"],
    "properties": {
        "role": {"enum": list(ROLES)},
        "author": {"type": ["string", "null"], "maxLength": 500},
        "text": {"type": "string", "maxLength": MAX_MESSAGE_CHARS},
        "at": {"type": ["string", "null"], "maxLength": 64},
    },
}

CONVERSATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "channel", "messages"],
    "properties": {
        "id": {"type": "string", "minLength": 1, "maxLength": 200},
        "channel": {"enum": list(CHANNELS)},
        "subject": {"type": ["string", "null"], "maxLength": 2000},
        "status": {"enum": list(STATUSES)},
        "customer": {
            "type": "object",
            "properties": {
                "name": {"type": ["string", "null"], "maxLength": 500},
                "email": {"type": ["string", "null"], "maxLength": 500},
                "vip": {"type": "boolean"},
                "lifetime_value": {"type": ["number", "null"], "minimum": 0},
                "language": {"type": ["string", "null"], "maxLength": 35},
            },
        },
        "messages": {"type": "array", "items": _MESSAGE_SCHEMA, "maxItems": 10_000},
    },
}

_VALIDATOR = jsonschema.Draft202012Validator(CONVERSATION_SCHEMA)


@dataclass(frozen=True)
class Customer:
    name: str = ""
    email: str = ""
    vip: bool = False
    lifetime_value: float | None = None
    language: str = ""  # "" = not given: analysis.language detects it from the customer's words
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    role: Role
    text: str
    author: str = ""
    at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Conversation:
    id: str
    channel: str
    messages: list[Message]
    subject: str = ""
    status: str = "open"
    customer: Customer = field(default_factory=Customer)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def last_customer_text(self) -> str:
        for message in reversed(self.messages):
            if message.role == "customer":
                return message.text
        return ""

    @property
    def started_with_bot(self) -> bool:
        return any(m.role == "bot" for m in self.messages)


# --- JSON <-> domain ---------------------------------------------------------------------------

_CUSTOMER_KEYS = {"name", "email", "vip", "lifetime_value", "language"}
_MESSAGE_KEYS = {"role", "author", "text", "at"}
_CONVERSATION_KEYS = {"id", "channel", "subject", "customer", "status", "messages"}


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
             dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _json_types(expected: Any) -> str:
    words = {"boolean": "true or false", "string": "a string", "number": "a number", "integer": "a whole number",
             "array": "a list", "object": "an object", "null": "null"}
    options = expected if isinstance(expected, list) else [expected]
    return " or ".join(words.get(str(o), str(o)) for o in options)


def _field_path(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def from_dict(data: Any, *, source: str = "", index: int | None = None) -> Conversation:
    """Validate one conversation object and build the domain type; raise InputError naming the field."""
    prefix = f"conversations[{index}]" if index is not None else ""
    if not isinstance(data, dict):
        raise InputError("expected a JSON object for a conversation", source=source, field=prefix)
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(data))
    if error is not None:
        path = _field_path(error.absolute_path)
        where = f"{prefix}.{path}" if prefix and path != "(top level)" else (prefix or path)
        # An error line ends up in logs and on screen: it names the field and what is wrong, never quotes the
        # customer's text whole (a card number typed into the wrong field stays masked).
        message = mask_card_numbers(error.message if len(error.message) < 200 else error.message[:200] + "...")
        if error.validator == "type":
            message = f"should be {_json_types(error.validator_value)}, not {_json_type(error.instance)}"
        elif error.validator == "maxLength":
            message = f"too long (limit {error.validator_value:,} characters)"
        raise InputError(message, source=source, field=where)
    messages = []
    for i, raw in enumerate(data["messages"]):
        at = raw.get("at") or ""
        if at:
            try:
                datetime.fromisoformat(at.replace("Z", "+00:00"))
            except ValueError:
                where = f"{prefix + '.' if prefix else ''}messages[{i}].at"
                raise InputError(f"not an ISO-8601 time: {at!r}", source=source, field=where) from None
        messages.append(
            Message(
                role=cast(Role, raw["role"]),
                text=raw["text"],
                author=raw.get("author") or "",
                at=at,
                extra={k: v for k, v in raw.items() if k not in _MESSAGE_KEYS},
            )
        )
    raw_customer = data.get("customer") or {}
    customer = Customer(
        name=raw_customer.get("name") or "",
        email=raw_customer.get("email") or "",
        vip=bool(raw_customer.get("vip", False)),
        lifetime_value=raw_customer.get("lifetime_value"),
        language=raw_customer.get("language") or "",
        extra={k: v for k, v in raw_customer.items() if k not in _CUSTOMER_KEYS},
    )
    return Conversation(
        id=data["id"],
        channel=data["channel"],
        subject=data.get("subject") or "",
        status=data.get("status", "open"),
        customer=customer,
        messages=messages,
        extra={k: v for k, v in data.items() if k not in _CONVERSATION_KEYS},
    )


def to_dict(conversation: Conversation) -> dict[str, Any]:
    c = conversation.customer
    customer: dict[str, Any] = {
        "name": c.name,
        "email": c.email,
        "vip": c.vip,
        "lifetime_value": c.lifetime_value,
        "language": c.language,
        **c.extra,
    }
    return {
        "id": conversation.id,
        "channel": conversation.channel,
        "subject": conversation.subject,
        "customer": customer,
        "status": conversation.status,
        "messages": [
            {"role": m.role, "author": m.author, "text": m.text, "at": m.at, **m.extra}
            for m in conversation.messages
        ],
        **conversation.extra,
    }


# --- files -------------------------------------------------------------------------------------


def _loads(text: str, source: str, line: int | None = None) -> Any:
    where = f"line {line}" if line is not None else ""
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError("JSON nested too deeply", source=source, field=where) from None
    except json.JSONDecodeError as exc:
        at = where or f"line {exc.lineno} column {exc.colno}"
        raise InputError(f"not valid JSON ({exc.msg})", source=source, field=at) from None


def parse_text(text: str, source: str = "") -> list[Conversation]:
    """Parse one conversation, a JSON list of them, or JSON Lines. All or nothing."""
    stripped = text.strip()
    if not stripped:
        raise InputError("the file is empty", source=source)
    try:
        document: Any = json.loads(stripped)
    except RecursionError:
        raise InputError("JSON nested too deeply", source=source) from None
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise InputError(
                f"not valid JSON ({exc.msg})", source=source, field=f"line {exc.lineno} column {exc.colno}"
            ) from None
        # More than one JSON value: JSON Lines, one conversation per non-blank line.
        conversations = []
        for number, line in enumerate(stripped.splitlines(), start=1):
            if line.strip():
                obj = _loads(line, source, number)
                conversations.append(from_dict(obj, source=f"{source} line {number}" if source else ""))
        return _unique(conversations, source)
    if isinstance(document, list):
        if not document:
            raise InputError("the list holds no conversations", source=source)
        return _unique([from_dict(item, source=source, index=i) for i, item in enumerate(document)], source)
    return [from_dict(document, source=source)]


def _unique(conversations: list[Conversation], source: str) -> list[Conversation]:
    seen: set[str] = set()
    for conversation in conversations:
        if conversation.id in seen:
            raise InputError(f"conversation id {conversation.id!r} appears twice", source=source, field="id")
        seen.add(conversation.id)
    return conversations


def load_file(path: Path) -> list[Conversation]:
    """Conversations from a file, or from standard input when the path is `-`."""
    source = "stdin" if is_stdin(path) else str(path)
    return parse_text(read_text_file(path, MAX_FILE_BYTES), source)


def load_one(path: Path) -> Conversation:
    """For commands that take `--conversation FILE`: the file must hold exactly one conversation."""
    conversations = load_file(path)
    if len(conversations) != 1:
        raise InputError(f"expected one conversation, found {len(conversations)}", source=str(path))
    return conversations[0]


def dumps(conversations: list[Conversation]) -> str:
    return json.dumps([to_dict(c) for c in conversations], ensure_ascii=False, indent=2)
