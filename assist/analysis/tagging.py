"""Tags for one conversation, the same kinds for a bot-only chat and a human one: the ruler that measures both.

Contact reason comes from the trained classifier when there is one and it is confident about a taxonomy
label, else from the playbook's keywords and examples (tagging_rules.py), else "unknown". The workspace may
then ask the model to choose among the taxonomy labels (workspace/tag_reasons.py): analysis never imports
llm. Resolved, priority, tier and the rest are rules over what other analysis already finds (sentiment,
escalation triggers, language). Every tag carries a confidence and its source; nothing here invents a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assist.analysis import escalation, language, sentiment, tagging_rules
from assist.analysis.tagging_model import ContactReasonModel
from assist.base.vocab import (
    Channel,
    Priority,
    Resolution,
    Resolver,
    Role,
    Status,
    TagKind,
    TagSource,
    Tier,
    TriggerId,
)
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook

UNKNOWN = tagging_rules.UNKNOWN
YES, NO = "yes", "no"
TEXT_CHARS = 600  # what the classifier reads: the customer's opening, where the reason is stated
# The customer saying it is fixed (not mere thanks: "thanks, I'll wait" is still open), in the playbook's languages.
_WORKED = re.compile(r"\b(it worked|that worked|works now|it arrived|arrived today|all sorted|sorted now|problem "
                     r"solved|all good now|got it today|ha llegado|ya funciona|c'est réglé|ça marche|hat geklappt|"
                     r"funktioniert jetzt)\b", re.I)
# Asking for a person or the bot failing is a reason to hand over, not a harder ticket: tier and priority
# follow what the customer needs, so a bot's chat and a human's are measured alike.
_HUMAN_TRIGGERS = {TriggerId.LEGAL_SAFETY, TriggerId.NEGATIVE_SENTIMENT}
_HIGH_TRIGGERS = {TriggerId.TIME_SENSITIVE, TriggerId.VIP, TriggerId.SENTIMENT_DROP, TriggerId.NEGATIVE_SENTIMENT}


@dataclass(frozen=True)
class Tag:
    kind: TagKind
    value: str
    confidence: float
    source: TagSource

    def as_dict(self) -> dict[str, object]:
        return {"kind": str(self.kind), "value": self.value, "confidence": round(self.confidence, 3),
                "source": str(self.source)}


def customer_text(conversation: Conversation) -> tuple[str, str]:
    """(opening, rest): the first customer message (with the subject when it is short) and the later ones."""
    said = [m.text for m in conversation.messages if m.role == Role.CUSTOMER]
    opening = said[0] if said else conversation.subject
    if said and len(opening.split()) < 5:  # "hi" or "help please": the reason is in the next one
        opening = " ".join([conversation.subject, *said[:2]]).strip()
    return opening[:TEXT_CHARS], " ".join(said[1:])[:TEXT_CHARS * 2]


def contact_reason(conversation: Conversation, playbook: Playbook, model: ContactReasonModel | None = None,
                   signals: dict[str, float] | None = None) -> Tag:
    opening, rest = customer_text(conversation)
    allowed = {c.id for c in playbook.taxonomy}
    if model is not None and opening:
        predicted = model.predict(opening)
        if predicted.label != UNKNOWN and (not allowed or predicted.label in allowed):
            return Tag(TagKind.CONTACT_REASON, predicted.label, predicted.confidence, TagSource.MODEL)
    guessed = tagging_rules.guess(playbook.taxonomy, opening, rest, signals)
    return Tag(TagKind.CONTACT_REASON, guessed.label, guessed.confidence, TagSource.RULE)


def _resolved(conversation: Conversation, journey: sentiment.Journey) -> tuple[str, float]:
    replies = [m for m in conversation.messages if m.role in (Role.BOT, Role.AGENT)]
    last = next((m for m in reversed(conversation.messages) if m.role == Role.CUSTOMER), None)
    if conversation.status == Status.SOLVED:
        return Resolution.YES, 0.9
    if last is not None and replies and _WORKED.search(last.text) and journey.end > -0.2:
        return Resolution.YES, 0.6  # fixed, by the customer's own words, though not marked solved yet
    if conversation.status in (Status.OPEN, Status.PENDING):
        return Resolution.NO, 0.7
    return Resolution.UNKNOWN, 0.5


def _resolver(conversation: Conversation, resolved: str) -> str:
    if resolved != Resolution.YES:
        return Resolver.NOBODY
    roles = {m.role for m in conversation.messages}
    if Role.BOT in roles and Role.AGENT in roles:
        return Resolver.BOTH
    return Resolver.BOT if Role.BOT in roles else Resolver.HUMAN


def _mood(journey: sentiment.Journey, at: int) -> tuple[str, float]:
    if not journey.per_message:
        return "neutral", 0.3
    point = journey.per_message[at]
    return str(point["label"]), min(1.0, 0.5 + abs(float(point["score"])) / 2)


def _tier(reason: Tag, playbook: Playbook, fired: set[str], reasons_with_signal: int, customer_turns: int
          ) -> tuple[str, float]:
    """3 for complaints, anger, legal or safety and several issues at once; else the reason's usual tier from
    the playbook (2 when unknown), raised to 2 for a VIP or a long back-and-forth."""
    usual = {c.id: c.tier for c in playbook.taxonomy}.get(reason.value, 2)
    if usual == 3 or fired & _HUMAN_TRIGGERS or reasons_with_signal > 2:
        return Tier.HUMAN, 0.7
    if usual == 1 and reasons_with_signal <= 1 and customer_turns <= 4 and TriggerId.VIP not in fired:
        return Tier.SIMPLE, 0.6
    return Tier.STANDARD, 0.5


def _priority(fired: set[str], end_label: str, tier: str, resolved: str) -> tuple[str, float]:
    if TriggerId.LEGAL_SAFETY in fired or (TriggerId.TIME_SENSITIVE in fired and end_label == "negative"):
        return Priority.URGENT, 0.7
    if fired & _HIGH_TRIGGERS:
        return Priority.HIGH, 0.6
    if tier == Tier.SIMPLE and resolved == Resolution.YES and end_label == "positive":
        return Priority.LOW, 0.5
    return Priority.NORMAL, 0.5


def values_for(kind: str, playbook: Playbook) -> list[str]:
    """What an agent may set a tag of `kind` to: the taxonomy for the contact reason, else its vocabulary."""
    fixed: dict[str, list[str]] = {
        TagKind.CONTACT_REASON: [c.id for c in playbook.taxonomy] + [UNKNOWN],
        TagKind.RESOLVED: list(Resolution), TagKind.RESOLVED_BY: list(Resolver),
        TagKind.SENTIMENT_START: list(sentiment.LABELS), TagKind.SENTIMENT_END: list(sentiment.LABELS),
        TagKind.PRIORITY: list(Priority), TagKind.TIER: list(Tier), TagKind.CHANNEL: list(Channel),
        TagKind.LANGUAGE: list(language.DEFAULT_LANGUAGES),
        TagKind.VIP: [YES, NO], TagKind.AUTOMATION_CANDIDATE: [YES, NO],
    }
    return [str(v) for v in fixed.get(kind, [])]


def tag(conversation: Conversation, playbook: Playbook, model: ContactReasonModel | None = None) -> list[Tag]:
    """Every tag kind for the conversation, in TagKind order."""
    journey = sentiment.journey(conversation)
    fired = {t.id for t in escalation.triggers(conversation, playbook, journey=journey)}
    opening, rest = customer_text(conversation)
    signals = tagging_rules.scores(playbook.taxonomy, opening, rest)
    reason = contact_reason(conversation, playbook, model, signals)
    strong = sum(1 for s in signals.values() if s >= tagging_rules.MIN_SCORE)
    resolved, resolved_conf = _resolved(conversation, journey)
    start, start_conf = _mood(journey, 0)
    end, end_conf = _mood(journey, -1)
    turns = sum(1 for m in conversation.messages if m.role == Role.CUSTOMER)
    tier, tier_conf = _tier(reason, playbook, fired, strong, turns)
    priority, priority_conf = _priority(fired, end, tier, resolved)
    given = bool(conversation.customer.language.strip())
    vip = TriggerId.VIP in fired
    rule, model_source = TagSource.RULE, TagSource.MODEL
    automation = tier == Tier.SIMPLE and reason.value != UNKNOWN
    return [
        reason,
        Tag(TagKind.RESOLVED, resolved, resolved_conf, rule),
        Tag(TagKind.RESOLVED_BY, _resolver(conversation, resolved), resolved_conf, rule),
        Tag(TagKind.SENTIMENT_START, start, start_conf, model_source),
        Tag(TagKind.SENTIMENT_END, end, end_conf, model_source),
        Tag(TagKind.PRIORITY, priority, priority_conf, rule),
        Tag(TagKind.TIER, tier, tier_conf, rule),
        Tag(TagKind.LANGUAGE, language.conversation_language(conversation), 1.0 if given else 0.8, rule),
        Tag(TagKind.CHANNEL, conversation.channel, 1.0, rule),
        Tag(TagKind.VIP, YES if vip else NO, 1.0, rule),
        Tag(TagKind.AUTOMATION_CANDIDATE, YES if automation else NO, min(reason.confidence, tier_conf), rule),
    ]
