"""What the conversation view shows about a conversation beyond its messages: the handoff brief, the
escalation triggers and the sentiment journey. All of it comes from the core (assist.handoff.briefing,
assist.analysis.sentiment; who needs a human: assist.handoff.triage); this module only bundles the calls
for a background task and holds the display labels.

The work functions here run on a ui.tasks thread, never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assist.analysis import sentiment
from assist.analysis.escalation import Trigger
from assist.analysis.sentiment import Journey
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.handoff import briefing as handoff
from assist.handoff import triage
from assist.handoff.briefing import Brief
from ui import labels

TRIGGER_LABELS: dict[str, str] = dict(labels.TRIGGER)
PROVIDED_LABELS: dict[str, str] = dict(labels.ENTITY_KIND)
MARKER_LABELS: dict[str, str] = dict(labels.MARKER)
NEEDS_HUMAN = "Needs a human"
LIVE_STATUSES = triage.LIVE_STATUSES  # the rule is the core's (assist.handoff.triage); ui.queue reads it here


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

