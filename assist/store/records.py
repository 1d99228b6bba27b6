"""The plain records the store hands out and takes in, and small helpers its managers share."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from assist.base.vocab import FlagReason, Outcome
from assist.domain.conversation import Conversation, Customer

OUTCOMES = tuple(Outcome)
FLAG_REASONS = tuple(FlagReason)


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc(at: str) -> str:
    """An ISO time in UTC ("2026-11-20T12:00:00+02:00" -> "2026-11-20T10:00:00Z"), so times compare as
    moments; a time without an offset is taken as UTC; text that is no ISO time is kept as it is."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + (
        f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else "") + "Z"


def customer_id(customer: Customer, conversation_id: str) -> str:
    # Customers are keyed by email when there is one, so the same person across tickets is one row.
    return customer.email.lower() if customer.email else f"anon:{conversation_id}"


@dataclass(frozen=True)
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged}


@dataclass(frozen=True)
class QueueItem:
    id: str
    subject: str
    customer_name: str
    channel: str
    status: str
    updated_at: str
    preview: str
    from_bot: bool
    vip: bool


@dataclass
class SuggestionRecord:
    conversation_id: str
    text: str
    model: str
    citations: list[str] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    ttft_s: float | None = None
    tokens_per_s: float | None = None
    latency_s: float | None = None
    prompt_inputs: dict[str, Any] | None = None  # passage/example ids, message count, model, params


@dataclass(frozen=True)
class ExampleSource:
    """Raw material for few-shot examples (assist/examples.py picks from it)."""

    solved: list[Conversation]
    edits: list[dict[str, Any]]  # id, conversation_id, final_text, customer_text, customer_name


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def write_audit(conn: sqlite3.Connection, actor: str, action: str, subject: str, detail: dict[str, Any]) -> None:
    """One audit row inside the caller's transaction (so an outcome and its audit entry land together)."""
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
        (now_iso(), actor, action, subject, json.dumps(detail, ensure_ascii=False)),
    )
