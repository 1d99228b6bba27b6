"""What the conversation view shows about a conversation beyond its messages: the handoff brief, the
escalation triggers and the sentiment journey. All of it comes from the core (assist.handoff,
assist.escalation, assist.sentiment); this module only bundles the calls for a background task and
holds the display labels.

The work functions here run on a ui.tasks thread, never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assist.analysis import escalation, sentiment
from assist.analysis.escalation import Trigger
from assist.analysis.sentiment import Journey
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.handoff import briefing as handoff
from assist.handoff.briefing import Brief
from ui import labels

TRIGGER_LABELS: dict[str, str] = dict(labels.TRIGGER)
PROVIDED_LABELS: dict[str, str] = dict(labels.ENTITY_KIND)
MARKER_LABELS: dict[str, str] = dict(labels.MARKER)
LIVE_STATUSES = ("open", "pending")  # "Needs a human" is about chats someone still has to answer


def trigger_label(trigger_id: str) -> str:
    return TRIGGER_LABELS.get(trigger_id, trigger_id.replace("_", " ").capitalize())


def marker_label(marker: str) -> str:
    return MARKER_LABELS.get(marker, marker.replace("_", " "))


def reasons_text(found: Iterable[Trigger]) -> str:
    """One line per distinct reason, for a tooltip: "Asked for a person: “real person”"."""
    lines: list[str] = []
    for trigger in found:
        evidence = sentiment.mask_profanity(trigger.evidence)
        if trigger.end > trigger.start:
            evidence = f"“{shorten(evidence, 70)}”"
        line = f"{trigger_label(trigger.id)}: {evidence}" if evidence else trigger_label(trigger.id)
        if line not in lines:
            lines.append(line)
    return "\n".join(lines)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Insight:
    """Everything the view shows next to one conversation's messages."""

    conversation_id: str
    brief: Brief
    journey: Journey

    @property
    def triggers(self) -> list[Trigger]:
        return self.brief.escalation


def analyze(conversation: Conversation, playbook: Playbook) -> Insight:
    """The brief (rules only: no model from the UI) and the sentiment journey. Background thread only."""
    return Insight(conversation.id, handoff.brief(conversation, playbook, engine=None),
                   sentiment.journey(conversation))


def queue_triggers(ids: Iterable[str], get: Callable[[str], Conversation | None],
                   playbook: Callable[[], Playbook]) -> dict[str, list[Trigger]]:
    """Escalation triggers per conversation id (only those that fired). Background thread only."""
    rules = playbook()
    out: dict[str, list[Trigger]] = {}
    for conversation_id in ids:
        conversation = get(conversation_id)
        if conversation is None:
            continue
        found = escalation.triggers(conversation, rules)
        if found:
            out[conversation_id] = found
    return out
