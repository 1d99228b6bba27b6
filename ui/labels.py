"""Display text for every vocabulary member of assist/base/vocab.py: the one place the UI names them.

tests/ui/test_labels.py fails when a member has no label here."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from assist.analysis import sentiment
from assist.analysis.escalation import Trigger
from assist.base.vocab import (
    Channel,
    ConnectorKind,
    CriterionId,
    EngineKind,
    EntityKind,
    FlagReason,
    Marker,
    Measure,
    Method,
    NotScored,
    Origin,
    Outcome,
    Priority,
    ReportStatus,
    Resolution,
    Resolver,
    RewriteAction,
    RewriteProblem,
    Role,
    SettingOrigin,
    Severity,
    Status,
    SyncHealth,
    TagKind,
    TagSource,
    Tier,
    TriggerId,
    WriteBack,
)

ROLE: dict[str, str] = {Role.CUSTOMER: "Customer", Role.BOT: "AI bot", Role.AGENT: "Agent", Role.NOTE: "Internal note",
        Role.SYSTEM: "System"}
STATUS: dict[str, str] = {Status.OPEN: "Open", Status.PENDING: "Pending", Status.SOLVED: "Solved"}
CHANNEL: dict[str, str] = {Channel.CHAT: "Chat", Channel.EMAIL: "Email", Channel.VOICE: "Voice",
                           Channel.SOCIAL: "Social", Channel.IN_APP: "In-app"}
SEVERITY: dict[str, str] = {Severity.BLOCK: "Blocked", Severity.WARN: "Warning"}
OUTCOME: dict[str, str] = {Outcome.INSERTED: "Copied ✓", Outcome.EDITED: "Copied (edited) ✓",
           Outcome.OVERRIDDEN: "Copied · override logged", Outcome.DISMISSED: "Dismissed"}
FLAG_REASON: dict[str, str] = {FlagReason.WRONG_FACTS: "Wrong facts", FlagReason.WRONG_TONE: "Wrong tone",
               FlagReason.UNSAFE: "Unsafe", FlagReason.NOT_HELPFUL: "Not helpful"}
REWRITE_ACTION: dict[str, str] = {RewriteAction.SHORTER: "Shorter", RewriteAction.FRIENDLIER: "Friendlier",
                  RewriteAction.FORMAL: "More formal", RewriteAction.GRAMMAR: "Fix grammar",
                  RewriteAction.EXPAND: "Expand", RewriteAction.TRANSLATE: "Translate to customer's language"}
REWRITE_PROBLEM: dict[str, str] = {
    RewriteProblem.EMPTY: "Came back empty", RewriteProblem.LOST_VALUE: "Dropped a detail",
    RewriteProblem.ADDED_FACT: "Added a detail", RewriteProblem.LENGTH: "Wrong length",
    RewriteProblem.LANGUAGE: "Wrong language", RewriteProblem.PROMPT_ECHO: "Repeated instructions",
    RewriteProblem.REPEATED: "Repeated itself", RewriteProblem.CUT_OFF: "Cut off",
}
TRIGGER: dict[str, str] = {
    TriggerId.NEGATIVE_SENTIMENT: "Negative sentiment", TriggerId.SENTIMENT_DROP: "Mood fell sharply",
    TriggerId.EXPLICIT_REQUEST: "Asked for a person", TriggerId.BOT_FAILURE: "Bot failed", TriggerId.VIP: "VIP",
    TriggerId.TIME_SENSITIVE: "Time-sensitive", TriggerId.LEGAL_SAFETY: "Legal / safety",
}
ENTITY_KIND: dict[str, str] = {EntityKind.ORDER_NUMBER: "order", EntityKind.EMAIL: "email", EntityKind.PHONE: "phone",
               EntityKind.PRODUCT: "product", EntityKind.DATE: "date", EntityKind.ADDRESS: "address",
               EntityKind.AMOUNT: "amount", EntityKind.TRACKING_NUMBER: "tracking"}
MARKER: dict[str, str] = {Marker.CAPITALS: "CAPS", Marker.REPEATED_PUNCTUATION: "!!!", Marker.PROFANITY: "profanity",
          Marker.WAITING: "waiting", Marker.REPEAT_CONTACT: "repeat contact", Marker.ESCALATION: "escalating"}

ORIGIN: dict[str, str] = {Origin.HELP_CENTRE: "From the help centre",
                          Origin.NO_ANSWER: "Not in the help centre: checking", Origin.MODEL: "Written by the model",
                          Origin.TEAM_ANSWER: "How the team answered a similar question",
                          Origin.SMOOTHED: "Help-centre answer, reworded by the model",
                          Origin.CLOSING: "A closing reply: the customer is saying thanks"}
LANGUAGE_NAME: dict[str, str] = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}

CONNECTOR_KIND: dict[str, str] = {ConnectorKind.ZENDESK: "Zendesk", ConnectorKind.FRESHDESK: "Freshdesk",
                                  ConnectorKind.CHATWOOT: "Chatwoot"}
SYNC_HEALTH: dict[str, str] = {SyncHealth.NEVER: "Not synced yet", SyncHealth.OK: "Connected",
                               SyncHealth.RETRYING: "Retrying", SyncHealth.TOKEN_REJECTED: "Token rejected",
                               SyncHealth.NO_KEYCHAIN: "No keychain",
                               SyncHealth.NOT_ALLOWED: "Not allowed by your organisation"}
WRITE_BACK: dict[str, str] = {WriteBack.TAGS: "Tags", WriteBack.HANDOFF_NOTE: "Handoff brief as a note",
                              WriteBack.WRAP_UP_NOTE: "Wrap-up summary as a note",
                              WriteBack.COACHING_NOTE: "Coaching summary as a note"}

TAG_KIND: dict[str, str] = {
    TagKind.CONTACT_REASON: "Contact reason", TagKind.RESOLVED: "Resolved", TagKind.RESOLVED_BY: "Resolved by",
    TagKind.SENTIMENT_START: "Mood at start", TagKind.SENTIMENT_END: "Mood at end", TagKind.PRIORITY: "Priority",
    TagKind.TIER: "Tier", TagKind.LANGUAGE: "Language", TagKind.CHANNEL: "Channel", TagKind.VIP: "VIP",
    TagKind.AUTOMATION_CANDIDATE: "Automation candidate",
}
TAG_SOURCE: dict[str, str] = {TagSource.RULE: "rules", TagSource.MODEL: "trained model",
                              TagSource.LLM: "language model", TagSource.AGENT: "agent"}
RESOLUTION: dict[str, str] = {Resolution.YES: "Yes", Resolution.NO: "No", Resolution.UNKNOWN: "Unknown"}
RESOLVER: dict[str, str] = {Resolver.BOT: "AI bot", Resolver.HUMAN: "Agent", Resolver.BOTH: "Bot and agent",
                            Resolver.NOBODY: "Nobody yet"}
PRIORITY: dict[str, str] = {Priority.URGENT: "Urgent", Priority.HIGH: "High", Priority.NORMAL: "Normal",
                            Priority.LOW: "Low"}
TIER: dict[str, str] = {Tier.SIMPLE: "Tier 1 · simple", Tier.STANDARD: "Tier 2 · standard",
                        Tier.HUMAN: "Tier 3 · needs a human"}
# Tag values that are not a vocabulary of their own (assist/analysis/tagging.py).
YES_NO: dict[str, str] = {"yes": "Yes", "no": "No"}
MOOD: dict[str, str] = {"negative": "Negative", "neutral": "Neutral", "positive": "Positive"}
UNKNOWN_REASON: dict[str, str] = {"unknown": "Unknown"}

ENGINE_KIND: dict[str, str] = {EngineKind.LOCAL: "This computer", EngineKind.SERVER: "Company model server"}

CRITERION: dict[str, str] = {
    CriterionId.GREETING: "Greeting", CriterionId.EMPATHY: "Empathy", CriterionId.COMPREHENSION: "Comprehension",
    CriterionId.SOLUTION: "Solution offered", CriterionId.ACCURACY: "Accuracy", CriterionId.PROCEDURE: "Required steps",
    CriterionId.VOICE: "Brand voice", CriterionId.TONE: "Tone", CriterionId.READABILITY: "Readability",
    CriterionId.CLOSING: "Closing", CriterionId.RESPONSIVENESS: "Responsiveness",
}
METHOD: dict[str, str] = {Method.RULE: "rule", Method.MODEL: "model (not counted)"}
REPORT_STATUS: dict[str, str] = {
    ReportStatus.NEW: "New", ReportStatus.SEEN: "Seen", ReportStatus.DISPUTED: "Disputed",
    ReportStatus.ACCEPTED: "Dispute accepted", ReportStatus.PARTLY_ACCEPTED: "Dispute partly accepted",
    ReportStatus.REJECTED: "Dispute rejected · locked",
}
NOT_SCORED: dict[str, str] = {NotScored.NO_CUSTOMER: "Not scored: the customer wrote nothing",
                              NotScored.NO_REPLY: "Not scored: no reply to judge",
                              NotScored.TOO_SHORT: "Not scored: too short to judge",
                              NotScored.NO_RUBRIC: "Not scored: the playbook has no rubric"}
MEASURE: dict[str, str] = {
    Measure.CONVERSATIONS: "Conversations", Measure.RESOLUTION_RATE: "Resolved", Measure.FCR_RATE: "First-contact",
    Measure.HANDLE_S: "Handle time", Measure.ESCALATION_RATE: "Escalated", Measure.SENTIMENT_END: "Mood at end",
    Measure.NEGATIVE_END_RATE: "Ended negative", Measure.RUBRIC: "Rubric", Measure.ACCEPTANCE_RATE: "Suggestions used",
    Measure.DISPUTES_OPEN: "Disputes open"}
SETTING_ORIGIN: dict[str, str] = {
    SettingOrigin.LOCKED_POLICY: "Set by your organisation", SettingOrigin.ENVIRONMENT: "Set by the environment",
    SettingOrigin.USER: "Your choice", SettingOrigin.POLICY_DEFAULT: "Your organisation's default",
    SettingOrigin.BUILT_IN: "Built-in default"}

ALL: dict[type[StrEnum], dict[str, str]] = {
    Role: ROLE, Status: STATUS, Channel: CHANNEL, Severity: SEVERITY, Outcome: OUTCOME, FlagReason: FLAG_REASON,
    RewriteAction: REWRITE_ACTION, TriggerId: TRIGGER, EntityKind: ENTITY_KIND, Marker: MARKER, Origin: ORIGIN,
    RewriteProblem: REWRITE_PROBLEM,
    ConnectorKind: CONNECTOR_KIND, SyncHealth: SYNC_HEALTH, WriteBack: WRITE_BACK,
    TagKind: TAG_KIND, TagSource: TAG_SOURCE, Resolution: RESOLUTION, Resolver: RESOLVER, Priority: PRIORITY,
    Tier: TIER, EngineKind: ENGINE_KIND,
    CriterionId: CRITERION, Method: METHOD, ReportStatus: REPORT_STATUS, NotScored: NOT_SCORED,
    Measure: MEASURE,
    SettingOrigin: SETTING_ORIGIN,
}


def label(member: str, table: dict[str, str]) -> str:
    """The display text of a member; an unknown value (from a newer file) shows readably, never blank."""
    return str(table.get(member, str(member).replace("_", " ").capitalize()))


NEEDS_HUMAN = "Needs a human"


def trigger_label(trigger_id: str) -> str:
    return label(trigger_id, TRIGGER)


def marker_label(marker: str) -> str:
    return MARKER.get(marker, marker.replace("_", " "))


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
