"""Every vocabulary of the product, defined once. Members are StrEnums, so they equal the strings stored in
the database and written in JSON; ui/labels.py gives each member its display text (a test checks that none
is missing), and nothing else re-keys them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CUSTOMER = "customer"
    BOT = "bot"
    AGENT = "agent"
    NOTE = "note"
    SYSTEM = "system"


class Status(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    SOLVED = "solved"


class Channel(StrEnum):
    CHAT = "chat"
    EMAIL = "email"
    VOICE = "voice"
    SOCIAL = "social"
    IN_APP = "in_app"


class Severity(StrEnum):
    BLOCK = "block"
    WARN = "warn"


class Outcome(StrEnum):
    """What the agent did with a suggestion."""

    INSERTED = "inserted"
    EDITED = "edited"
    DISMISSED = "dismissed"
    OVERRIDDEN = "overridden"


class FlagReason(StrEnum):
    WRONG_FACTS = "wrong_facts"
    WRONG_TONE = "wrong_tone"
    UNSAFE = "unsafe"
    NOT_HELPFUL = "not_helpful"


class RewriteAction(StrEnum):
    SHORTER = "shorter"
    FRIENDLIER = "friendlier"
    FORMAL = "formal"
    GRAMMAR = "grammar"
    EXPAND = "expand"
    TRANSLATE = "translate"


class RewriteProblem(StrEnum):
    """Why a rewrite may not replace its input (reply/rewrite_checks.py)."""

    EMPTY = "empty"
    LOST_VALUE = "lost_value"  # a value of the input is gone
    ADDED_FACT = "added_fact"  # a value no source gives, or a template hole
    LENGTH = "length"  # "shorter" not shorter, "expand" not longer, or far off
    LANGUAGE = "language"
    PROMPT_ECHO = "prompt_echo"  # the prompt's instructions in the reply
    REPEATED = "repeated"
    CUT_OFF = "cut_off"


class TriggerId(StrEnum):
    """Why a conversation needs a human (analysis/escalation.py)."""

    NEGATIVE_SENTIMENT = "negative_sentiment"
    SENTIMENT_DROP = "sentiment_drop"
    EXPLICIT_REQUEST = "explicit_request"
    BOT_FAILURE = "bot_failure"
    VIP = "vip"
    TIME_SENSITIVE = "time_sensitive"
    LEGAL_SAFETY = "legal_safety"


class EntityKind(StrEnum):
    """Details a customer gave (analysis/entities.py)."""

    ORDER_NUMBER = "order_number"
    EMAIL = "email"
    PHONE = "phone"
    PRODUCT = "product"
    DATE = "date"
    ADDRESS = "address"
    AMOUNT = "amount"
    TRACKING_NUMBER = "tracking_number"


class Marker(StrEnum):
    """Frustration markers that sentiment finds in a message."""

    CAPITALS = "capitals"
    REPEATED_PUNCTUATION = "repeated_punctuation"
    PROFANITY = "profanity"
    WAITING = "waiting"
    REPEAT_CONTACT = "repeat_contact"
    ESCALATION = "escalation"


class Origin(StrEnum):
    """Where a suggestion came from."""

    HELP_CENTRE = "help_centre"  # composed from an article, facts verbatim, no model
    NO_ANSWER = "no_answer"  # the help centre has no answer: says so and promises to check
    TEAM_ANSWER = "team_answer"  # an agent's past answer to a similar question, adapted, no model
    SMOOTHED = "smoothed"  # the model's rewrite of the composed reply, kept because its facts match
    CLOSING = "closing"  # the customer only says thanks: a short warm close, no model
    MODEL = "model"


class ConnectorKind(StrEnum):
    """The helpdesks Assist follows live (assist/connectors/)."""

    ZENDESK = "zendesk"
    FRESHDESK = "freshdesk"
    CHATWOOT = "chatwoot"


class SyncHealth(StrEnum):
    """A connector's status light."""

    NEVER = "never"  # added, not synced yet
    OK = "ok"
    RETRYING = "retrying"  # the last attempt failed in a way that heals (5xx, timeout, 429, network)
    TOKEN_REJECTED = "token_rejected"  # 401/403: polling stopped until the token is replaced
    NO_KEYCHAIN = "no_keychain"  # the token cannot be read: no usable keychain
    NOT_ALLOWED = "not_allowed"  # its URL is not on IT's allowed_helpdesk_urls: never synced


class WriteBack(StrEnum):
    """What Assist writes into a helpdesk; each can be turned off per connector and is audited."""

    TAGS = "tags"
    HANDOFF_NOTE = "handoff_note"
    WRAP_UP_NOTE = "wrap_up_note"
    COACHING_NOTE = "coaching_note"  # off unless turned on: feedback on a person, seen by the whole team


class TagKind(StrEnum):
    """What a conversation is tagged with (analysis/tagging.py); bots and humans get the same kinds."""

    CONTACT_REASON = "contact_reason"  # a playbook taxonomy id, or "unknown"
    RESOLVED = "resolved"  # Resolution
    RESOLVED_BY = "resolved_by"  # Resolver
    SENTIMENT_START = "sentiment_start"  # negative | neutral | positive
    SENTIMENT_END = "sentiment_end"
    PRIORITY = "priority"  # Priority
    TIER = "tier"  # Tier
    LANGUAGE = "language"  # ISO 639-1
    CHANNEL = "channel"  # Channel
    VIP = "vip"  # yes | no
    AUTOMATION_CANDIDATE = "automation_candidate"  # yes | no


class TagSource(StrEnum):
    """Who set a tag: the rules, the trained classifier, the LLM choosing among taxonomy labels, an agent."""

    RULE = "rule"
    MODEL = "model"
    LLM = "llm"
    AGENT = "agent"


class Resolution(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Resolver(StrEnum):
    BOT = "bot"
    HUMAN = "human"
    BOTH = "both"
    NOBODY = "nobody"


class Priority(StrEnum):
    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class Tier(StrEnum):
    """1 simple and repetitive, 2 a standard procedure with judgment, 3 needs a human."""

    SIMPLE = "1"
    STANDARD = "2"
    HUMAN = "3"


class CriterionId(StrEnum):
    """The coaching rubric criteria a rule can score (assist/coaching/); a playbook criterion with another
    id is judged by the model (method = "model")."""

    GREETING = "greeting"
    EMPATHY = "empathy"
    COMPREHENSION = "comprehension"
    SOLUTION = "solution"
    ACCURACY = "accuracy"
    PROCEDURE = "procedure"
    VOICE = "voice"
    TONE = "tone"
    READABILITY = "readability"
    CLOSING = "closing"
    RESPONSIVENESS = "responsiveness"


class Method(StrEnum):
    """What produced a coaching score."""

    RULE = "rule"
    MODEL = "model"


class ReportStatus(StrEnum):
    """Where a coaching report stands: new, seen by the agent, disputed, or the lead's verdict on a dispute."""

    NEW = "new"
    SEEN = "seen"
    DISPUTED = "disputed"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"


class NotScored(StrEnum):
    """Why a conversation (or one side of it) was too short to judge: never scored 0."""

    NO_CUSTOMER = "no_customer"
    NO_REPLY = "no_reply"
    TOO_SHORT = "too_short"
    NO_RUBRIC = "no_rubric"  # the playbook has no rubric (or could not be loaded): nothing to score against


class EngineKind(StrEnum):
    """Where replies are generated: the model on this computer, or the company's model server (customer text is
    sent there)."""

    LOCAL = "local"
    SERVER = "server"


class Measure(StrEnum):
    """What the team lead's table measures for every agent and the bot (docs/metrics.md defines each)."""

    CONVERSATIONS = "conversations"
    RESOLUTION_RATE = "resolution_rate"
    FCR_RATE = "fcr_rate"
    HANDLE_S = "handle_s"
    ESCALATION_RATE = "escalation_rate"
    SENTIMENT_END = "sentiment_end"
    NEGATIVE_END_RATE = "negative_end_rate"
    RUBRIC = "rubric"
    ACCEPTANCE_RATE = "acceptance_rate"
    DISPUTES_OPEN = "disputes_open"


class SettingOrigin(StrEnum):
    """Where an effective setting came from, strongest first (assist/config/settings.py load)."""

    LOCKED_POLICY = "locked_policy"
    ENVIRONMENT = "environment"
    USER = "user"
    POLICY_DEFAULT = "policy_default"
    BUILT_IN = "built_in"
