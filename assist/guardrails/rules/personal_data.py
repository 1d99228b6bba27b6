"""Customers' personal data: secret_request (asking for a full card number, CVV, PIN or password) and
pii_echo (repeating a card number back)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assist.base.text import APOSTROPHE
from assist.domain.playbook import Rule
from assist.guardrails.rules.common import Reply, Span

SECRET_REQUEST_FIX = "Do not ask for a full card number, CVV, PIN or password."
PII_ECHO_FIX = "Do not repeat the card number; refer to the card by its last 4 digits only."


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
    rf"include|read\s+out|write\s+down|let\s+(?:me|us)\s+know|please|what{APOSTROPHE}?s|what\s+(?:is|are)|"
    rf"(?:can|could|may)\s+(?:i|we)\s+(?:have|get)|(?:i|we)(?:{APOSTROPHE}ll|\s+will)?\s+(?:need|require))\b",
    re.IGNORECASE,
)
# Not a request: a warning ("never share your password") or only the safe part ("last 4 digits").
_SECRET_SAFE = re.compile(
    rf"\b(?:never|not|no\s+one|nobody|without)\b|\w+n{APOSTROPHE}t\b",
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


def secret_request(rule: Rule, reply: Reply) -> Iterator[Span]:
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


def pii_echo(rule: Rule, reply: Reply) -> Iterator[Span]:
    for m in _CARD.finditer(reply.text):
        digits = re.sub(r"\D", "", m.group())
        # A run of one digit (0000 0000 ...) passes Luhn but is a placeholder, not a card.
        # Card numbers start with 2-6 (Mastercard, Visa, Amex, Discover, JCB, UnionPay); long order
        # numbers starting otherwise are not cards even when they pass Luhn (1 in 10 do).
        if (13 <= len(digits) <= 19 and digits[0] in "23456" and len(set(digits)) > 1
                and _luhn_ok(digits)):
            yield m.start(), m.end(), ""


