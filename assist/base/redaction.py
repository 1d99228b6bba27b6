"""Masking personal data (IT's `redact_personal_data` policy): card numbers keep their last 4 digits, emails
become [email] and phone numbers [phone], before a conversation is stored and before any prompt.

Finders: card numbers and emails from assist.base.values (the one finder of each); phone numbers from
values' reader united with Google's libphonenumber (phonenumberslite's PhoneNumberMatcher, which knows each
country's numbering plan: "07700 900123" is a UK mobile, "4412" an order number). Order and tracking
numbers, amounts, dates and times are kept: the agent and the model need them.

The switch is process-wide, set by the composition root from the effective settings (Workspace.open_configured),
so the store and the prompt builder need no settings of their own.
"""

from __future__ import annotations

import re

import phonenumbers

from assist.base.values import card_numbers, find_values, mask_card_numbers

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"
# Regions whose national formats are read without a "+": a "+" number is read in any region.
_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "AU", "IN", "BR", "MX")
# STRICT_GROUPING: the digits must be grouped as the country writes them ("20231120-55" is a reference, not a
# US number, which the default VALID leniency took it for).
_LENIENCY = phonenumbers.Leniency.STRICT_GROUPING
_ID_LABEL = re.compile(r"(?i)\b(?:order|ticket|case|ref(?:erence)?|invoice|tracking|account|id)\b[\s#:.-]*"
                       r"(?:(?:id|no|number|nr)\b[\s#:.-]*)?$")
_enabled = False


def configure(enabled: bool) -> None:
    global _enabled
    _enabled = enabled


def active() -> bool:
    return _enabled


def _phone_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    values = find_values(text)
    spans = [(v.start, v.end) for v in values if v.kind == "phone"]
    if any(ch.isdigit() for ch in text):
        for region in _REGIONS:
            spans += [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=_LENIENCY)]
    # An order or tracking number (values reads "order 3348917502", "#48213") or a number labelled as an id
    # ("Order ID: 3348917502") is not a phone, however many digits it has.
    taken = [*taken, *((v.start, v.end) for v in values if v.kind in ("order", "tracking"))]
    return [s for s in spans if all(s[1] <= t[0] or s[0] >= t[1] for t in taken)
            and not _ID_LABEL.search(text[max(0, s[0] - 24):s[0]])]


def mask(text: str) -> str:
    """`text` with card numbers, emails and phone numbers masked (always, whatever the switch)."""
    if not text:
        return text
    cards = card_numbers(text)
    emails = [(v.start, v.end) for v in find_values(text) if v.kind == "email"]
    spans = [(s, e, EMAIL_MASK) for s, e in emails]
    spans += [(s, e, PHONE_MASK) for s, e in _phone_spans(text, [*cards, *emails])]
    out, last = [], 0
    for start, end, token in sorted(spans):
        if start < last:  # overlapping readings of one number
            continue
        out += [text[last:start], token]
        last = end
    return mask_card_numbers("".join([*out, text[last:]]))


def when_enabled(text: str) -> str:
    """`text` masked if the policy says so, else unchanged."""
    return mask(text) if _enabled else text
