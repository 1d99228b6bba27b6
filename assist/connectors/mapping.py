"""Small helpers the three connectors share to turn helpdesk JSON into the domain: times, ids, text bounds, and
MalformedResponse naming the field when a shape is not what the documentation says."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any, cast

from assist.base.errors import MalformedResponse
from assist.domain.conversation import MAX_MESSAGE_CHARS, Message, Role


def malformed(connector: str, endpoint: str, field: str, problem: str) -> MalformedResponse:
    err = MalformedResponse(f"{field}: {problem}", connector=connector, endpoint=endpoint)
    err.field = field
    return err


def need(obj: Any, key: str, kinds: type | tuple[type, ...], connector: str, endpoint: str, where: str = "") -> Any:
    """obj[key], checked to be of `kinds`, else MalformedResponse naming `where.key`."""
    name = f"{where}.{key}" if where else key
    if not isinstance(obj, dict):
        raise malformed(connector, endpoint, where or "(body)", f"expected an object, got {type(obj).__name__}")
    if key not in obj:
        raise malformed(connector, endpoint, name, "missing")
    value = obj[key]
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _as_tuple(kinds)):
        raise malformed(connector, endpoint, name, f"expected {_names(kinds)}, got {type(value).__name__}")
    return value


def _as_tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _names(kinds: type | tuple[type, ...]) -> str:
    return " or ".join(k.__name__ for k in _as_tuple(kinds))


def iso(value: Any) -> str:
    """An ISO-8601 UTC time from an epoch (Chatwoot) or an ISO string (Zendesk, Freshdesk); '' when absent."""
    if value is None or value == "":
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = str(value)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text[:64]
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if parsed.tzinfo else text[:64]


def epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() if text else 0.0


_TAGS = re.compile(r"<[^>]+>")


def plain(text: Any, *, from_html: bool = False) -> str:
    """Message text within the interchange bounds (a 100k-character message is a pasted log, not a turn)."""
    value = "" if text is None else str(text)
    if from_html:
        value = html.unescape(_TAGS.sub(" ", value.replace("<br>", "\n").replace("<br/>", "\n")))
    value = value.strip()
    return value if len(value) <= MAX_MESSAGE_CHARS else value[: MAX_MESSAGE_CHARS - 1] + "…"


def note_html(text: str) -> str:
    """Plain note text as the HTML body Freshdesk and Zendesk render (line breaks kept, nothing injected)."""
    return "<br>".join(html.escape(line) for line in text.splitlines())


def message(role: str, text: str, author: str, at: str, remote_id: str) -> Message:
    """A turn as the domain holds it; `remote_id` lets a later sync tell a new message from a known one."""
    return Message(role=cast(Role, str(role)), text=text, author=author, at=at, extra={"remote_id": remote_id})


def obj(value: Any) -> dict[str, Any]:
    """`value` when it is an object, else {}: optional sub-objects (via, sender, meta) may be null or absent."""
    return value if isinstance(value, dict) else {}
