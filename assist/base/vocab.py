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
    MODEL = "model"
