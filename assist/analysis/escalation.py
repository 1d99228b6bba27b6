"""Escalation triggers: the moment a live chat needs a human, and the exact words that say so.

Every trigger points at one message and, where text fired it, at the verbatim span, so the panel can
highlight it and the agent can check the call in a glance. Only customer messages fire text triggers
(the bot quoting "lawyer" back is not the customer mentioning one). Rules, all from the playbook:

- negative_sentiment: a customer message scores below escalation.negative_threshold;
- sentiment_drop: the score falls by escalation.sharp_drop or more from the previous customer message;
- explicit_request: a request_phrase ("real person", "quiero hablar con una persona", "cancel my account");
- bot_failure: a failure_phrase after a bot turn, the same question asked again after a bot answer, or
  the customer still writing after escalation.bot_failures bot turns with no agent;
- vip: customer.vip, or lifetime value at or above the playbook's vip threshold (customer-level, index -1);
- time_sensitive: a time_sensitive word, or a date or deadline ("by Friday", "tomorrow", "Nov 28");
- legal_safety: a legal_safety term ("chargeback", "lawyer", "burned").

Deterministic and cheap: regexes are compiled once per phrase list, sentiment runs once per message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assist.analysis import sentiment
from assist.base.text import jaccard, sentence_spans, word_set
from assist.base.vocab import TriggerId
from assist.domain.conversation import Conversation, Message
from assist.domain.playbook import Playbook

TRIGGER_IDS: tuple[str, ...] = tuple(TriggerId)
REPEAT_JACCARD = 0.6  # token overlap at which a second customer message counts as the same question
MAX_EVIDENCE = 200  # characters; a longer span is cut at a space (still a verbatim substring)
_REPEAT_MIN_TOKENS = 3  # "ok" followed by "ok" is not a repeated question


@dataclass(frozen=True)
class Trigger:
    id: str
    message_index: int  # index into conversation.messages; -1 for customer-level triggers (vip)
    evidence: str  # verbatim span of that message's text, or a description when not a text span
    start: int = 0
    end: int = 0  # (0, 0) when evidence is not a text span

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "message_index": self.message_index, "evidence": self.evidence,
                "start": self.start, "end": self.end}


# --- phrase matching -----------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation for a phrase list: case-insensitive, whole words only, accents kept.

    Longest phrases first so "urgent care" wins over "urgent" at the same position. Spaces match any
    run of whitespace and an apostrophe matches the typographic one too ("that’s not what I asked").
    Lookarounds instead of \\b, because \\b fails next to a phrase that ends in punctuation.
    Stricter at the edges than assist.base.text.words_regex (which the guardrails use, and which puts no
    edge after a phrase ending in punctuation), and a typographic apostrophe in a phrase matches only
    itself: kept apart so escalation and the guardrails keep firing exactly where they were tuned.
    """
    parts = []
    for phrase in sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True):
        escaped = re.escape(phrase)
        escaped = re.sub(r"(?:\\ )+", r"\\s+", escaped)
        escaped = escaped.replace("'", "['’]")
        parts.append(escaped)
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _first_match(pattern: re.Pattern[str] | None, text: str,
                 skip: Iterable[re.Pattern[str]] = ()) -> re.Match[str] | None:
    if pattern is None:
        return None
    for match in pattern.finditer(text):
        if not any(s.match(text, match.end()) for s in skip):
            return match
    return None


# "fire pit cover" is a product, not a fire; a legal/safety term followed by one of these is skipped.
_BENIGN_AFTER = (re.compile(r"\s*-?\s*(?:pits?|starters?|wood|bowls?|tables?|places?)\b", re.IGNORECASE),)

# --- dates and deadlines ---------------------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_CORE = (rf"(?:{_MONTH}\s+{_DAY}\b|{_DAY}\s+(?:of\s+)?{_MONTH}(?!\w)|\d{{4}}-\d{{2}}-\d{{2}}"
              rf"|(?<!exp )(?<!\d)\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?(?![\d/])|the\s+{_ORDINAL}\b)")

# A deadline cue always means the customer is up against time.
_DEADLINE = re.compile(
    rf"\b(?:by|before|until|till|no later than|in time for)\s+(?:the\s+)?(?:next\s+|this\s+)?"
    rf"(?:{_WEEKDAY}\b|{_DATE_CORE}|{_ORDINAL}\b|tomorrow\b|tonight\b|today\b|end of (?:the )?(?:day|week|month)\b"
    rf"|(?:this\s+|the\s+)?weekend\b)"
    r"|\b(?:tomorrow|tonight|this (?:afternoon|evening|weekend)|for the weekend)\b",
    re.IGNORECASE,
)
# A bare date or weekday ("Nov 28", "on Monday") counts only when the sentence looks ahead (a need, an
# arrival, an event) and its clause is not about the past: "delivered on Nov 12" or "charged on Nov 12"
# is history, "before my guests arrive on the 28th" is a deadline.
_BARE_DATE = re.compile(rf"(?<!\w)(?:{_DATE_CORE}|(?:on|this|next|coming)\s+{_WEEKDAY}\b)", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:need|needs|needed|want|wants|must|have to|has to|will|won['’]t|going to|gonna|arrive|arrives"
    r"|arriving|get it|deliver|delivery|before|until|due|scheduled|booked|planned|hoping|possible|party"
    r"|birthday|wedding|event|trip|flight|fly|flying|travel|leaving|moving|guests|appointment)\b|['’]ll\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:arrived|came|received|got|delivered|shipped|ordered|placed|bought|sent|returned|happened|paid"
    r"|posted|expected|showed up|turned up|used|purchased|charged|since|ago"
    # a few past forms in the demo languages, so "ya me apareció hoy" is not a deadline
    r"|llegó|llegaron|recibí|apareció|compré|arrivé|arrivée|reçu|livré|angekommen|bekommen|erhalten"
    r"|geliefert)(?!\w)",
    re.IGNORECASE,
)
# Day words from the playbook ("today", "hoy") that are about the past when a past verb is in the clause.
_DAY_WORDS = frozenset({"today", "tonight", "hoy", "aujourd'hui", "aujourd’hui", "heute"})
# "urgent care" is a place (a legal/safety matter), not urgency.
_TIME_BENIGN_AFTER = (re.compile(r"\s+care\b", re.IGNORECASE),)
# A rough window around a position, not sentence_spans: any . ! ? (even in "$64.99") or line break bounds
# it, within 80 (clause) or 120 (sentence) characters; the date rules were tuned on these windows.
_CLAUSE_START = re.compile(r"[.!?;,\n](?=[^.!?;,\n]*$)")
_WINDOW_START = re.compile(r"[.!?\n](?=[^.!?\n]*$)")
_WINDOW_END = re.compile(r"[.!?\n]")


def _in_past_clause(text: str, start: int) -> bool:
    """True when a past-tense verb precedes `start` in the same clause ("it arrived today")."""
    head = text[max(0, start - 80):start]
    cut = _CLAUSE_START.search(head)
    clause = head[cut.end():] if cut else head
    return _PAST.search(clause) is not None


def _looks_ahead(text: str, start: int) -> bool:
    """True when the sentence around `start` speaks of a need, an arrival or an event."""
    head = text[max(0, start - 120):start]
    cut = _WINDOW_START.search(head)
    stop = _WINDOW_END.search(text, start)
    sentence = (head[cut.end():] if cut else head) + text[start:stop.start() if stop else start + 120]
    return _FUTURE.search(sentence) is not None


def _time_match(text: str, words: re.Pattern[str] | None) -> tuple[int, int] | None:
    """The first time-sensitive span: a playbook word, a deadline, or a forward-looking date."""
    spans: list[tuple[int, int]] = []
    if words is not None:
        for m in words.finditer(text):
            if any(b.match(text, m.end()) for b in _TIME_BENIGN_AFTER):
                continue
            if m.group(0).lower() not in _DAY_WORDS or not _in_past_clause(text, m.start()):
                spans.append(m.span())
                break
    if deadline := _DEADLINE.search(text):
        spans.append(deadline.span())
    for date in _BARE_DATE.finditer(text):
        if _looks_ahead(text, date.start()) and not _in_past_clause(text, date.start()):
            spans.append(date.span())
            break
    return min(spans) if spans else None


def _cap(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a long span at the last space before MAX_EVIDENCE, so evidence never ends mid-word."""
    if end - start <= MAX_EVIDENCE:
        return start, end
    cut = text.rfind(" ", start, start + MAX_EVIDENCE)
    return start, (cut if cut > start else start + MAX_EVIDENCE)


def _sentiment_evidence(text: str) -> tuple[int, int]:
    """The message itself when short (sentiment is scored per message, and sentence-level scores are
    noisy); in a long message, the most negative of its first sentences."""
    spans = sentence_spans(text)
    if not spans:
        return 0, 0
    if spans[-1][1] - spans[0][0] <= MAX_EVIDENCE:
        return spans[0][0], spans[-1][1]
    best = min(spans[:8], key=lambda s: sentiment.analyze(text[s[0]:s[1]]).score)
    return _cap(text, *best)


# --- the rules -------------------------------------------------------------------------------------


def _span_trigger(trigger_id: str, index: int, text: str, span: tuple[int, int]) -> Trigger:
    start, end = span
    return Trigger(trigger_id, index, text[start:end], start, end)


def _vip(conversation: Conversation, playbook: Playbook) -> Trigger | None:
    customer = conversation.customer
    value = customer.lifetime_value
    if value is not None and value >= playbook.vip_threshold:
        return Trigger("vip", -1, f"lifetime value ${value:,.0f}")
    if customer.vip:
        return Trigger("vip", -1, "marked VIP")
    return None


def _sentiment_triggers(messages: Sequence[Message], scores: dict[int, float],
                        playbook: Playbook) -> list[Trigger]:
    esc = playbook.escalation
    out: list[Trigger] = []
    previous: float | None = None
    for index in sorted(scores):
        score, text = scores[index], messages[index].text
        if score < esc.negative_threshold:
            out.append(_span_trigger("negative_sentiment", index, text, _sentiment_evidence(text)))
        if previous is not None and previous - score >= esc.sharp_drop:
            out.append(_span_trigger("sentiment_drop", index, text, _sentiment_evidence(text)))
        previous = score
    return out


def _bot_failure_triggers(messages: Sequence[Message], playbook: Playbook) -> list[Trigger]:
    """Walk the turns once, tracking bot turns since the last agent and the last customer question."""
    esc = playbook.escalation
    failure = _phrase_regex(tuple(esc.failure_phrases))
    out: list[Trigger] = []
    bot_turns = 0  # bot turns since the last agent turn
    last_speaker = ""  # role of the latest customer-visible, non-customer turn
    asked: frozenset[str] = frozenset()  # tokens of the customer's previous message
    bot_since_asked = False
    for index, message in enumerate(messages):
        if message.role == "bot":
            bot_turns += 1
            last_speaker = "bot"
            bot_since_asked = True
        elif message.role == "agent":
            bot_turns = 0
            last_speaker = "agent"
            bot_since_asked = False
        elif message.role == "customer":
            trigger = _bot_failure_at(index, message.text, failure, last_speaker == "bot",
                                      asked if bot_since_asked and last_speaker == "bot" else frozenset(),
                                      bot_turns if last_speaker == "bot" else 0, esc.bot_failures)
            if trigger is not None:
                out.append(trigger)
            asked, bot_since_asked, last_speaker = word_set(message.text), False, "customer"
    return out


def _bot_failure_at(index: int, text: str, failure: re.Pattern[str] | None, after_bot: bool,
                    previous_question: frozenset[str], bot_turns: int, limit: int) -> Trigger | None:
    if not after_bot:
        return None
    if m := _first_match(failure, text):
        return _span_trigger("bot_failure", index, text, m.span())
    current = word_set(text)
    if (len(current) >= _REPEAT_MIN_TOKENS and len(previous_question) >= _REPEAT_MIN_TOKENS
            and jaccard(current, previous_question) >= REPEAT_JACCARD):
        spans = sentence_spans(text)
        return _span_trigger("bot_failure", index, text, _cap(text, spans[0][0], spans[-1][1]))
    if limit > 0 and bot_turns >= limit:
        # Nothing in the text fired this one: the count did, so the evidence says so and is not a span.
        return Trigger("bot_failure", index, f"{bot_turns} bot replies and the customer is still writing")
    return None


def _text_triggers(index: int, text: str, playbook: Playbook) -> list[Trigger]:
    esc = playbook.escalation
    out: list[Trigger] = []
    if m := _first_match(_phrase_regex(tuple(esc.request_phrases)), text):
        out.append(_span_trigger("explicit_request", index, text, m.span()))
    if span := _time_match(text, _phrase_regex(tuple(esc.time_sensitive))):
        out.append(_span_trigger("time_sensitive", index, text, span))
    if m := _first_match(_phrase_regex(tuple(esc.legal_safety)), text, _BENIGN_AFTER):
        out.append(_span_trigger("legal_safety", index, text, m.span()))
    return out


def triggers(conversation: Conversation, playbook: Playbook, *,
             journey: sentiment.Journey | None = None) -> list[Trigger]:
    """Every trigger in the conversation, ordered by message index then id; one per (id, message).

    `journey` may be passed in when the caller already has it (the handoff brief), to score once.
    """
    messages = conversation.messages
    journey = journey if journey is not None else sentiment.journey(conversation)
    scores = {int(p["index"]): float(p["score"]) for p in journey.per_message}
    found: list[Trigger] = []
    if vip := _vip(conversation, playbook):
        found.append(vip)
    found += _sentiment_triggers(messages, scores, playbook)
    found += _bot_failure_triggers(messages, playbook)
    for index, message in enumerate(messages):
        if message.role == "customer":
            found += _text_triggers(index, message.text, playbook)
    unique: dict[tuple[str, int], Trigger] = {}
    for trigger in found:
        unique.setdefault((trigger.id, trigger.message_index), trigger)
    return sorted(unique.values(), key=lambda t: (t.message_index, t.id))


def needs_human(conversation: Conversation, playbook: Playbook) -> bool:
    return bool(triggers(conversation, playbook))
