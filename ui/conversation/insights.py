"""What the conversation view shows about a conversation beyond its messages: the handoff brief, the
escalation triggers and the sentiment journey. All of it comes from the core (assist.handoff.briefing,
assist.analysis.sentiment; who needs a human: assist.handoff.triage); this module only bundles the calls
for a background task and holds the display labels.

The work functions here run on a ui.tasks thread, never on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

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
NEEDS_HUMAN = labels.NEEDS_HUMAN
LIVE_STATUSES = triage.LIVE_STATUSES
trigger_label = labels.trigger_label
marker_label = labels.marker_label
reasons_text = labels.reasons_text
shorten = labels.shorten


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
    brief = handoff.brief(conversation, playbook, engine=None)
    return Insight(conversation.id, brief, brief.journey)  # the brief scored the journey once

