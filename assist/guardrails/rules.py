"""The rule kinds of the guardrails, one small function each, chosen through CHECKS.

Each function gets a Rule and a Reply (the checked text plus views shared by all rules of one check) and
yields (start, end, detail) spans. Regexes are built once per distinct rule parameters (lru_cache).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, lru_cache
from typing import Any

from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook, Rule
from assist.reply.prompting import instruction_lines

# --- shared text helpers -----------------------------------------------------------------------------

Span = tuple[int, int, str]  # start, end, short detail ("" for none)

# A sentence ends at . ! ? followed by whitespace, or at a line break; "$1,250.00" and "e-mail" stay whole.
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)|\n")
# Clauses inside a sentence: "we can't do X, but we'll ship to Y" has two opposite halves.
_CLAUSE_BREAK = re.compile(r"[;:]|,?\s+but\b|\bhowever\b|\s[-–—]\s", re.IGNORECASE)
_APOSTROPHE = "['’]"


class Reply:
    """The checked text plus lazily computed views shared by all rules of one check() call."""

    def __init__(self, text: str, playbook: Playbook, conversation: Conversation | None) -> None:
        self.text = text
        self.playbook = playbook
        self.conversation = conversation

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        spans, start = [], 0
        for m in _SENTENCE_END.finditer(self.text):
            spans.append((start, m.end()))
            start = m.end()
        spans.append((start, len(self.text)))
        return spans

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [end for _, end in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._sentence_ends, pos)
        return self.sentences[min(index, len(self.sentences) - 1)]

    def sentence_text(self, pos: int) -> str:
        start, end = self.sentence_at(pos)
        return self.text[start:end]

    def clause_at(self, pos: int) -> tuple[int, int]:
        lo, hi = self.sentence_at(pos)
        for m in _CLAUSE_BREAK.finditer(self.text, lo, hi):
            if m.end() <= pos:
                lo = m.end()
            elif m.start() >= pos:
                hi = m.start()
                break
        return lo, hi


def _phrase_pattern(phrase: str) -> str:
    """A phrase as a regex: any whitespace run between words, either apostrophe, word edges kept."""
    words = [re.escape(w).replace("'", _APOSTROPHE).replace("’", _APOSTROPHE) for w in phrase.split()]
    body = r"\s+".join(words)
    head = r"\b" if phrase[:1].isalnum() else ""
    tail = r"\b" if phrase[-1:].isalnum() else ""
    return head + body + tail


def _words_regex(words: Iterable[str], inflect: bool = False) -> re.Pattern[str]:
    """Case-insensitive alternation of phrases; with inflect, 'refund' also matches refunded/refunding."""
    parts = []
    for word in sorted({w for w in words if w.strip()}, key=len, reverse=True):
        pattern = _phrase_pattern(word)
        if inflect:
            # Drop a final e (reimburse -> reimbursing) or -ation (compensation -> compensated).
            stem = re.sub(r"(ation|e)$", "", word.strip())
            pattern = _phrase_pattern(stem).removesuffix(r"\b") + r"\w*"
        parts.append(pattern)
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def _str_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return ()


# --- forbidden_phrase / forbidden_pattern ------------------------------------------------------------

@lru_cache(maxsize=256)
def _phrases_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return _words_regex(phrases)


def _forbidden_phrase(rule: Rule, reply: Reply) -> Iterator[Span]:
    phrases = _str_tuple(rule.params.get("phrases")) or tuple(reply.playbook.voice.banned_phrases)
    if not phrases:
        return
    for m in _phrases_regex(phrases).finditer(reply.text):
        yield m.start(), m.end(), ""


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _forbidden_pattern(rule: Rule, reply: Reply) -> Iterator[Span]:
    pattern = rule.params.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        return
    for m in _compiled(pattern).finditer(reply.text):
        if m.end() > m.start():  # an empty match marks nothing
            yield m.start(), m.end(), ""


# --- money_cap -------------------------------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_CODES = r"USD|EUR|GBP|CAD|AUD"
# "$150", "USD 150", "€1.250,00" | "150 USD", "150 dollars", "150$", "89,00 €". Not "15%" (a percentage).
_AMOUNT = re.compile(
    rf"(?<![\w.,])(?:[$€£]|(?:{_CODES})\s?)\s?(?P<a>{_NUMBER})(?![\d%]|[.,]\d)"
    rf"|(?<![\w.,$€£])(?P<b>{_NUMBER})\s?(?:[$€£]|(?:{_CODES}|dollars?|bucks|euros?|pounds?)\b)(?!\s?%)",
    re.IGNORECASE,
)
# Saying approval is still needed makes a big amount fine: "pending approval", "my lead needs to approve".
_APPROVAL = re.compile(
    r"\b(?:need|needs|needed|require|requires|required|pending|await|awaiting|waiting|subject\s+to|once|"
    r"after|if|until|ask|asking|asked|check\s+with|checking\s+with|get|getting|seek|seeking|request|"
    r"requesting|submit\w*|escalat\w*)\b[^.!?]{0,60}?\b(?:approv\w*|sign[- ]?off)"
    r"|\b(?:approv\w*|sign[- ]?off)\s+(?:is\s+|are\s+)?(?:still\s+)?(?:pending|needed|required)"
    # "my team lead will sign it off", "a lead has to approve it": someone above the agent decides.
    r"|\b(?:lead|manager|supervisor)s?\b[^.!?]{0,30}?\b(?:approv\w*|sign\w*(?:\s+\w+)?\s+off)",
    re.IGNORECASE,
)


# Restating, before the amount, what the customer asks or waits for is no offer: "you're seeking a refund of $1,200",
# "regarding your reimbursement of $350", "the delay in your $299 refund".
_CUSTOMER_CLAIM = re.compile(
    r"\byou\b[^.!?]{0,30}?\b(?:seek\w*|request\w*|asking|ask\s+for|want\w*|would\s+like|wish\w*|"
    r"expect\w*|wait\w*|await\w*|anticipat\w*|claim\w*|looking\s+for|hop\w*|hav\w+\s+not|"
    r"haven['’]t)\b"
    r"|\byour\s+(?:\w+\s+){0,2}?(?:request|expectation|concern|anticipation|inquiry|question|claim)"
    r"|\b(?:regarding|concerning|obtain\w*|inquir\w*|wait\w*\s+for|await\w*|delay\w*|related\s+to|pertaining\s+to|involving|"
    r"relevant\s+to)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _money_words(words: tuple[str, ...]) -> re.Pattern[str]:
    base = _words_regex(words, inflect=True).pattern
    # "credit card" is a payment method, not a credit.
    return re.compile(rf"(?:{base})(?!\s+cards?\b)", re.IGNORECASE)


def _amount_value(number: str) -> float:
    if "," in number and "." in number:  # the later separator is the decimal one
        thousands = "," if number.rfind(",") < number.rfind(".") else "."
        decimal = "." if thousands == "," else ","
    elif "," in number:
        thousands, decimal = ("", ",") if re.fullmatch(r"\d+,\d{1,2}", number) else (",", ".")
    elif "." in number:
        thousands, decimal = ("", ".") if re.fullmatch(r"\d+\.\d{1,2}", number) else (".", ",")
    else:
        return float(number)
    if thousands:
        number = number.replace(thousands, "")
    return float(number.replace(decimal, "."))


def _money_cap(rule: Rule, reply: Reply) -> Iterator[Span]:
    cap = rule.params.get("cap")
    if not isinstance(cap, int | float):
        return
    words = _str_tuple(rule.params.get("applies_to")) or ("refund", "credit", "discount", "reimburse",
                                                            "compensation")
    money_words = _money_words(words)
    for m in _AMOUNT.finditer(reply.text):
        number = m.group("a") or m.group("b")
        if _amount_value(number) <= cap:
            continue
        s_start, s_end = reply.sentence_at(m.start())
        sentence = reply.text[s_start:s_end]
        # The approval caveat may come in the same sentence or the next one.
        next_end = reply.sentence_at(s_end)[1] if s_end < len(reply.text) else s_end
        if (money_words.search(sentence) and not _APPROVAL.search(reply.text, s_start, next_end)
                and not _CUSTOMER_CLAIM.search(reply.text, s_start, m.start())):
            yield m.start(), m.end(), f"above {cap:g} without approval"


# --- embargo -----------------------------------------------------------------------------------------

_SHIPPING = re.compile(
    r"\b(?:ship\w*|deliver\w*|send\w*|sent|mail\w*|post(?:ed|ing|age)?|dispatch\w*|export\w*|courier\w*|"
    r"freight|transport\w*|arriv\w*|checkout)\b",
    re.IGNORECASE,
)
# Declining is fine: "we don't ship to", "can't deliver to", "unable to", "no shipping to", "except".
_NEGATION = re.compile(
    rf"\b(?:not|no\s+(?:shipping|shipments?|deliver\w*)|never|cannot|unable|except|excluding|"
    rf"no\s+longer|impossible|prohibit\w*)\b|\w+n{_APOSTROPHE}t\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _destinations_regex(destinations: tuple[str, ...]) -> re.Pattern[str]:
    return _words_regex(destinations)


def _embargo(rule: Rule, reply: Reply) -> Iterator[Span]:
    destinations = _str_tuple(rule.params.get("destinations"))
    if not destinations:
        return
    text = reply.text
    for m in _destinations_regex(destinations).finditer(text):
        clause = text[slice(*reply.clause_at(m.start()))]
        sentence = reply.sentence_text(m.start())
        # The clause naming the place decides if it talks about shipping; else the whole sentence does.
        scope = clause if _SHIPPING.search(clause) else sentence
        if _SHIPPING.search(scope) and not _NEGATION.search(scope):
            yield m.start(), m.end(), ""


# --- fact_number -------------------------------------------------------------------------------------

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_WORD_NUMBER = (rf"(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(k for k in _UNITS if k != 'zero')}))?"
                rf"|(?:a|one)\s+hundred|{'|'.join(sorted(_UNITS, key=len, reverse=True))}")


def _number_value(token: str) -> float:
    token = token.lower()
    if token[0].isdigit():
        return float(token)
    if token.endswith("hundred"):
        return 100
    parts = re.split(r"[-\s]+", token)
    return float(sum(_TENS.get(p, _UNITS.get(p, 0)) for p in parts))


@lru_cache(maxsize=64)
def _quantity_regex(unit: str) -> re.Pattern[str]:
    singular = unit[:-1] if unit.endswith("s") else unit
    # "60 days", "sixty days", "30-day". Ranges ("5-10 days") and "10 business days" are processing
    # times, not a policy window, so they are left alone.
    return re.compile(
        rf"(?<![\w-])(?<!\d\s)(?<!\bto\s)(?P<n>\d+(?:\.\d+)?|{_WORD_NUMBER})[-\s]+"
        rf"(?:{re.escape(unit)}|{re.escape(singular)})\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=64)
def _keywords_regex(keywords: tuple[str, ...]) -> re.Pattern[str]:
    parts = [_phrase_pattern(k).removesuffix(r"\b") + r"(?:s|ed|ing)?\b" for k in keywords if k.strip()]
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def _fact_number(rule: Rule, reply: Reply) -> Iterator[Span]:
    fact = reply.playbook.facts.get(str(rule.params.get("fact", "")))
    keywords = _str_tuple(rule.params.get("keywords"))
    unit = str(rule.params.get("unit") or "days")
    try:
        expected = float(fact)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return  # a fact like "5-10 business days" is not one number to compare against
    keyword_regex = _keywords_regex(keywords)
    for m in _quantity_regex(unit).finditer(reply.text):
        if _number_value(m.group("n")) == expected:
            continue
        if keyword_regex.search(reply.sentence_text(m.start())):
            yield m.start(), m.end(), f"not {expected:g} {unit}"


# --- secret_request ----------------------------------------------------------------------------------

_SECRET = re.compile(
    r"\b(?:(?:full|complete|whole|entire|long)\s+)?(?:(?:credit|debit|bank)\s+)?card\s+(?:number|no\.?|details)"
    r"|\b(?:full\s+|complete\s+)?(?:ssn|social\s+security\s+number)\b"
    r"|\b(?:cvv2?|cvc2?|security\s+code|card\s+verification\s+(?:code|value))\b"
    r"|\bpass(?:word|code|phrase)s?\b"
    r"|(?-i:\bPIN\b)|\bpin\s+(?:number|code)\b",
    re.IGNORECASE,
)
# Asking, in the same sentence before the secret: "please send me", "what's your", "confirm the".
_ASK = re.compile(
    rf"\b(?:send|share|give|provide|tell|confirm|reply\s+with|respond\s+with|(?:dm|text|e-?mail)\s+(?:me|us)|"
    rf"include|read\s+out|write\s+down|let\s+(?:me|us)\s+know|please|what{_APOSTROPHE}?s|what\s+(?:is|are)|"
    rf"(?:can|could|may)\s+(?:i|we)\s+(?:have|get)|(?:i|we)(?:{_APOSTROPHE}ll|\s+will)?\s+(?:need|require))\b",
    re.IGNORECASE,
)
# Not a request: a warning ("never share your password") or only the safe part ("last 4 digits").
_SECRET_SAFE = re.compile(
    rf"\b(?:never|not|no\s+one|nobody|without)\b|\w+n{_APOSTROPHE}t\b",
    re.IGNORECASE,
)
_MASKED_BEFORE = re.compile(r"\b(?:last|final|ending)\b[^.!?]{0,30}$", re.IGNORECASE)
# "reset your password using the link", "choose a secure password", "enter the temporary PIN": the
# customer sets or uses their own credential; nobody is told it.
_CREDENTIAL_SELF_BEFORE = re.compile(
    r"\b(?:reset\w*|chang\w+|updat\w+|modif\w+|new|forg[eo]t\w*|creat\w+|choos\w+|set\s+up|recover\w*|"
    r"restor\w*|retriev\w*|strong|secure|desired|chosen|temporary|username|a|an)\W*$",
    re.IGNORECASE,
)
_CREDENTIAL_SELF_AFTER = re.compile(
    r"^\W*(?:code\s+)?(?:reset|recovery|retrieval|change|link|manager|requirements|strength|"
    r"combination)\b",
    re.IGNORECASE,
)
_CREDENTIAL_SELF_SENTENCE = re.compile(r"\b(?:reset\w*|recover\w*|restor\w*|retriev\w*|forgot\w*)\b",
                                       re.IGNORECASE)


def _secret_request(rule: Rule, reply: Reply) -> Iterator[Span]:
    text = reply.text
    for m in _SECRET.finditer(text):
        s_start, _ = reply.sentence_at(m.start())
        before = text[s_start:m.start()]
        if not _ASK.search(before) or _SECRET_SAFE.search(reply.sentence_text(m.start())):
            continue
        if _MASKED_BEFORE.search(before):
            continue
        credential = re.match(r"(?i)pass|pin", m.group())
        if credential and (_CREDENTIAL_SELF_BEFORE.search(before)
                           or _CREDENTIAL_SELF_AFTER.search(text[m.end():m.end() + 30])
                           or _CREDENTIAL_SELF_SENTENCE.search(reply.sentence_text(m.start()))):
            continue
        yield m.start(), m.end(), ""


# --- pii_echo ------------------------------------------------------------------------------------------

# 13-19 digits, single spaces or dashes between; not part of a longer digit run or a word.
_CARD = re.compile(r"(?<![\w-])(?<!\d[ -])\d(?:[ -]?\d){12,18}(?![ -]?\d)(?!\w)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _pii_echo(rule: Rule, reply: Reply) -> Iterator[Span]:
    for m in _CARD.finditer(reply.text):
        digits = re.sub(r"\D", "", m.group())
        # A run of one digit (0000 0000 ...) passes Luhn but is a placeholder, not a card.
        # Card numbers start with 2-6 (Mastercard, Visa, Amex, Discover, JCB, UnionPay); long order
        # numbers starting otherwise are not cards even when they pass Luhn (1 in 10 do).
        if (13 <= len(digits) <= 19 and digits[0] in "23456" and len(set(digits)) > 1
                and _luhn_ok(digits)):
            yield m.start(), m.end(), ""


# --- internal_leak -----------------------------------------------------------------------------------

_LEAK_PHRASES = re.compile(
    r"|".join(_phrase_pattern(p) for p in (
        "internal note", "internal notes", "system prompt", "my instructions", "I was instructed to",
        "I've been instructed to", "I have been instructed to", "as an AI language model",
        "my system message", "hidden instructions", "developer message")) +
    r"|<\|im_start\|>|<\|im_end\|>|<\|(?:system|user|assistant|endoftext|eot_id)\|>|<<SYS>>|\[/?INST\]",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_NGRAM = 6  # six shared words in a row is a quote, not a coincidence


def _ngrams(text: str) -> set[tuple[str, ...]]:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    return {tuple(words[i:i + _NGRAM]) for i in range(len(words) - _NGRAM + 1)}


def _internal_leak(rule: Rule, reply: Reply) -> Iterator[Span]:
    for m in _LEAK_PHRASES.finditer(reply.text):
        yield m.start(), m.end(), ""
    notes = [msg.text for msg in (reply.conversation.messages if reply.conversation else [])
             if msg.role == "note"]
    # Assist's own instructions to the model count as internal too (small models like to recite them).
    quoted: set[tuple[str, ...]] = set().union(*(_ngrams(n) for n in [*notes, *instruction_lines(reply.playbook)]))
    words = list(_WORD.finditer(reply.text))
    spans: list[list[int]] = []
    for i in range(len(words) - _NGRAM + 1):
        window = words[i:i + _NGRAM]
        if tuple(w.group().lower().replace("’", "'") for w in window) in quoted:
            start, end = window[0].start(), window[-1].end()
            if spans and start <= spans[-1][1]:
                spans[-1][1] = end  # overlapping windows form one leaked passage
            else:
                spans.append([start, end])
    for start, end in spans:
        yield start, end, "quotes an internal note"


# --- requires_verification ----------------------------------------------------------------------------

_CHANGE_VERBS = (r"reset|changed?|updated?|switched|switch|replaced?|removed?|modif(?:y|ied)|edited|edit|"
                 r"swapped|swap|added|add|unlocked?|deleted?")
# "I've reset", "I'll update", "we have changed", "let me switch", "has been updated": the agent acts.
_CHANGE = re.compile(
    rf"\b(?:(?:i|we)(?:{_APOSTROPHE}(?:ve|ll|m|re|d))?|let\s+me|let\s+us)"
    rf"(?:\s+(?:have|has|will|can|just|now|also|already|gone|go|went|ahead|and|am|are|going|to|could|"
    rf"successfully|quickly|manually))*\s+(?P<v>{_CHANGE_VERBS})\b"
    rf"|\b(?:has|have|is|are)\s+(?:now\s+|just\s+|also\s+)*(?:been\s+)(?P<p>{_CHANGE_VERBS})\b",
    re.IGNORECASE,
)
_VERIFY = re.compile(
    r"\bverif\w*|\bidentity\b|\bon\s+file\b|\blast\s+(?:4|four)\b|\bfor\s+your\s+(?:security|protection)\b"
    rf"|\bsecurity\s+(?:question|check|reasons)\b|\bit{_APOSTROPHE}?s\s+(?:really\s+)?you\b|\bit\s+is\s+you\b"
    r"|\bconfirm\w*\b[^.!?]{0,40}\b(?:e-?mail|address|phone|name|date\s+of\s+birth|zip|post\s*code)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _topic_regexes(topics: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], ...], ...]:
    # A topic matches when all its words appear (any order, inflected): "account email" also
    # matches "the email on your account".
    return tuple(tuple(re.compile(rf"\b{re.escape(w)}\w*", re.IGNORECASE) for w in t.split())
                 for t in topics if t.split())


def _requires_verification(rule: Rule, reply: Reply) -> Iterator[Span]:
    topics = _topic_regexes(_str_tuple(rule.params.get("topics")))
    if not topics or _VERIFY.search(reply.text):
        return
    conversation = reply.conversation
    if conversation and any(m.role in ("agent", "bot") and _VERIFY.search(m.text)
                            for m in conversation.messages):
        return  # verification was already asked for earlier in this conversation
    text = reply.text
    for m in _CHANGE.finditer(text):
        s_start, s_end = reply.sentence_at(m.start())
        # The verb itself doesn't count as the topic: "I've reset the delivery date" is no account change.
        rest = text[s_start:m.start()] + " " + text[m.end():s_end]
        if any(all(w.search(rest) for w in topic) for topic in topics):
            yield m.start(), m.end(), ""


CHECKS: dict[str, Callable[[Rule, Reply], Iterator[Span]]] = {
    "forbidden_phrase": _forbidden_phrase,
    "forbidden_pattern": _forbidden_pattern,
    "money_cap": _money_cap,
    "embargo": _embargo,
    "fact_number": _fact_number,
    "secret_request": _secret_request,
    "pii_echo": _pii_echo,
    "internal_leak": _internal_leak,
    "requires_verification": _requires_verification,
}
