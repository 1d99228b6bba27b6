"""What the agent left in a conversation, read back when they return to it: the draft and the newest round
of suggestions (as the cards they were, with their outcome and flag), and whether the customer has written
since, which makes those suggestions stale. Read from the store off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assist.base.vocab import Origin, Role
from assist.domain.conversation import Conversation
from assist.guardrails.policy import Finding
from assist.reply.suggestion import Suggestion
from assist.store import Store

FINDING_FIELDS = ("rule", "severity", "start", "end", "text", "message")


@dataclass(frozen=True)
class SavedCard:
    suggestion: Suggestion
    outcome: str = ""  # Outcome value, "" = none yet
    final_text: str = ""  # what the agent inserted (as edited)
    flagged: str = ""  # FlagReason value, "" = not flagged


@dataclass(frozen=True)
class SavedWork:
    conversation_id: str
    draft: str = ""
    cards: list[SavedCard] = field(default_factory=list)
    stale: bool = False  # a customer message arrived after the suggestions were written


def _finding(data: dict[str, Any]) -> Finding | None:
    if not all(k in data for k in FINDING_FIELDS):
        return None  # a row from an older Assist with another shape: shown without that finding
    return Finding(rule=str(data["rule"]), severity=str(data["severity"]), start=int(data["start"]),
                   end=int(data["end"]), text=str(data["text"]), message=str(data["message"]))


def _card(row: dict[str, Any]) -> SavedCard:
    findings = [f for f in (_finding(d) for d in row["findings"] if isinstance(d, dict)) if f is not None]
    origin = str(row["origin"]) if str(row["origin"]) in tuple(Origin) else Origin.MODEL
    suggestion = Suggestion(text=str(row["text"]), citations=[str(c) for c in row["citations"]], findings=findings,
                            model=str(row["model"] or ""), ttft_s=float(row["ttft_s"] or 0.0),
                            tokens_per_s=float(row["tokens_per_s"] or 0.0), id=int(row["id"]),
                            index=int(row["idx"]), findings_before_gate=findings,
                            regenerated=bool(row["regenerated"]), origin=origin)
    return SavedCard(suggestion, str(row["outcome"]), str(row["final_text"] or ""), str(row["flagged"]))


def is_stale(conversation: Conversation, message_count: int) -> bool:
    """True when the customer wrote after the first `message_count` messages (what the suggestion saw)."""
    return any(m.role == Role.CUSTOMER for m in conversation.messages[message_count:])


def load(store: Store, conversation: Conversation, count: int = 3) -> SavedWork:
    rows = store.suggestions.latest_round(conversation.id, count)
    stale = bool(rows) and is_stale(conversation, min(int(r["message_count"]) for r in rows))
    return SavedWork(conversation.id, store.drafts.get(conversation.id), [_card(r) for r in rows], stale)
