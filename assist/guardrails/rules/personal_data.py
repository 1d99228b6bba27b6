"""Customers' personal data: secret_request (asking for a full card number, CVV, PIN or password, in any of
the four languages) and pii_echo (repeating a card number back, however its digits are spaced)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assist.base.values import card_numbers
from assist.domain.playbook import Rule
from assist.guardrails.rules import cues, scope
from assist.guardrails.rules.common import Reply, Span

SECRET_REQUEST_FIX = "Do not ask for a full card number, CVV, PIN or password."
PII_ECHO_FIX = "Do not repeat the card number; refer to the card by its last 4 digits only."


_SECRET = re.compile(rf"\b(?:{cues.SECRET})\b", re.IGNORECASE)
# Asking, in the same clause before the secret: "please send me", "what's your", "confirm the".
_ASK = re.compile(rf"\b(?:{cues.ASK})\b", re.IGNORECASE)
# Only the safe part is asked for ("last 4 digits"), or the customer is told to hide it.
_MASKED_BEFORE = re.compile(cues.MASKED_BEFORE, re.IGNORECASE)
_HIDDEN = re.compile(r"\b(?:anonymi[sz]\w*|mask\w*|redact\w*|hide|hidden|blur\w*)\b", re.IGNORECASE)
# "reset your password using the link", "choose a secure password", "enter the temporary PIN": the
# customer sets or uses their own credential; nobody is told it.
_CREDENTIAL_SELF_BEFORE = re.compile(
    r"\b(?:reset\w*|chang\w+|updat\w+|modif\w+|new|forg[eo]t\w*|creat\w+|choos\w+|set\s+up|recover\w*|"
    r"restor\w*|retriev\w*|strong|secure|desired|chosen|temporary|username|a|an|nueva|nuevo|nouveau|"
    r"neues?|sichere[sn]?)\W*$",
    re.IGNORECASE,
)
_CREDENTIAL_SELF_AFTER = re.compile(
    r"^\W*(?:code\s+)?(?:reset|recovery|retrieval|change|link|manager|requirements|strength|"
    r"combination)\b",
    re.IGNORECASE,
)
_CREDENTIAL_SELF_SENTENCE = re.compile(cues.CREDENTIAL_SELF, re.IGNORECASE)
# A sign-up form's fields: the customer types their own new password into it.
_SIGN_UP = re.compile(r"\b(?:sign[- ]?up|register\w*|registration|creat\w+\s+(?:an?\s+|your\s+)?(?:\w+\s+)?"
                      r"account|account\s+creation|open\w*\s+(?:an?\s+|your\s+)?(?:\w+\s+)?account|"
                      r"regístr\w*|registr\w*|inscri\w*|crear\s+(?:una\s+)?cuenta|créer\s+(?:un\s+)?compte|"
                      r"konto\s+(?:erstellen|anlegen|eröffnen))\b", re.IGNORECASE)


_TRAILING_NEGATION = re.compile(r"\b(?:nicht|niemals|nie|keinesfalls|jamais|pas|nunca)\b", re.IGNORECASE)


# "Enter your password on the login page": typing it in oneself, unless into this chat ("type your PIN here").
_SELF_ENTRY = re.compile(r"\b(?:enter|type|log\s+in\s+with|sign\s+in\s+with|use)\b", re.IGNORECASE)
_TO_US = re.compile(r"\b(?:here|below|in\s+(?:the|this)\s+chat|to\s+(?:me|us)|reply)\b", re.IGNORECASE)


def _asked(text: str, s_start: int, secret: re.Match[str]) -> bool:
    """An ask governs the secret: one stands before it in its clause and no negation governs that ask
    ("never share your password") or stands between them ("please note we will never ask for your PIN",
    "Geben Sie Ihr Passwort niemals weiter")."""
    lo = scope.clause_start(text, secret.start(), s_start)
    asks = list(_ASK.finditer(text, lo, secret.start()))
    if not asks:
        return False
    first = asks[0]
    if scope.negates(text, first.start(), lo) or scope.has_negator(text[first.start():secret.start()]):
        return False
    # German and French negate after the verb: "Geben Sie Ihr Passwort niemals weiter".
    after = scope.without_idioms(text[secret.end():scope.clause_end(text, secret.end())])
    return not _TRAILING_NEGATION.search(after)


def secret_request(rule: Rule, reply: Reply) -> Iterator[Span]:
    text = reply.text
    for m in _SECRET.finditer(text):
        s_start, s_end = reply.sentence_at(m.start())
        before = text[s_start:m.start()]
        sentence = text[s_start:s_end]
        if not _asked(text, s_start, m) or _MASKED_BEFORE.search(before) or _HIDDEN.search(sentence):
            continue
        credential = re.match(r"(?i)pass|pin|contraseña|mot|passwort|kennwort|clave|code\s+conf", m.group())
        if credential and ((_SELF_ENTRY.search(before) and not _TO_US.search(sentence))
                           or _CREDENTIAL_SELF_BEFORE.search(before)
                           or _CREDENTIAL_SELF_AFTER.search(text[m.end():m.end() + 30])
                           or _CREDENTIAL_SELF_SENTENCE.search(sentence)
                           or _SIGN_UP.search(text)):
            continue
        yield m.start(), m.end(), ""


def pii_echo(rule: Rule, reply: Reply) -> Iterator[Span]:
    for start, end in card_numbers(reply.text):
        yield start, end, ""
