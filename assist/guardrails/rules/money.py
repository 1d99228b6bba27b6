"""money_cap: an amount above the cap offered as a refund, credit, discount or compensation without saying
that approval is still needed. Amounts are read by assist.base.values, in US and European notation and in
words ("$1,250.00", "1.250,00 €", "US$150", "$2k", "one hundred fifty dollars", "hundertfünfzig Euro").

What counts as money given back is the rule's `applies_to` plus the built-in words of rules/cues.py in the
four languages (vouchers, gift cards, "money back", "reembolso", "avoir", "Gutschrift"); the word may stand in
the amount's sentence or on the line before ("Refund issued:\\n$240"). Saying approval is needed makes an
amount fine, but not when that is negated ("no need for approval", "no sign-off required"). Amounts offered
in pieces are added up: "$90 now and another $90 tomorrow" is $180. A range ("from $10 to $500") is what
something comes in or costs, never an offer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assist.base.text import words_regex
from assist.base.values import Value, find_values
from assist.domain.playbook import Rule
from assist.guardrails.rules import cues, scope
from assist.guardrails.rules.common import Reply, Span, str_tuple


def money_cap_fix(rule: Rule) -> str:
    cap = rule.params.get("cap")
    shown = f"${cap:g}" if isinstance(cap, int | float) else "the cap"
    return f"Do not offer or promise more than {shown}; say a team lead needs to approve it first."


# Saying approval is still needed makes a big amount fine: "pending approval", "my lead needs to approve".
_APPROVAL = re.compile(
    rf"\b(?:{cues.APPROVAL_CUE})\b[^.!?]{{0,60}}?\b(?:{cues.APPROVAL_NOUN})"
    rf"|\b(?:{cues.APPROVAL_NOUN})\s+(?:is\s+|are\s+)?(?:still\s+)?(?:pending|needed|required|necesaria|pendiente|"
    r"nécessaire|en\s+attente|nötig|erforderlich|ausstehend)"
    # "my team lead will sign it off", "a lead has to approve it": someone above the agent decides.
    rf"|\b(?:{cues.LEAD})s?\b[^.!?]{{0,30}}?\b(?:{cues.APPROVAL_NOUN}|sign\w*(?:\s+\w+)?\s+off)",
    re.IGNORECASE,
)
# A caveat negated is no caveat: "no need for approval", "no approval needed", "without sign-off".
_NO_APPROVAL = re.compile(
    rf"\b(?:no|without|not|sin|sans|pas|ohne|keine?)\s+(?:\w+\s+){{0,3}}?(?:{cues.APPROVAL_NOUN}|need|necesidad|"
    r"besoin|hace\s+falta)"
    rf"|\b(?:{cues.APPROVAL_NOUN})\s+(?:is\s+|are\s+)?(?:not|n['’]t)\s+(?:needed|required|necessary)"
    rf"|\b(?:don['’]t|do\s+not|doesn['’]t|won['’]t)\s+(?:need|require)\b[^.!?]{{0,30}}(?:{cues.APPROVAL_NOUN}|{cues.LEAD})"
    rf"|\bno\s+(?:hace\s+falta|es\s+necesari[oa])|\bpas\s+besoin|\bnicht\s+(?:nötig|erforderlich)",
    re.IGNORECASE,
)

# Restating, before the amount, what the customer asks or waits for is no offer: "you're seeking a refund of $1,200",
# "regarding your reimbursement of $350", "the delay in your $299 refund".
_CUSTOMER_CLAIM = re.compile(
    r"\byou\b[^.!?]{0,30}?\b(?:seek\w*|request\w*|asking|ask\s+for|asked\s+about|want\w*|would\s+like|wish\w*|"
    r"looking\s+to|paid|spent|were\s+charged|"
    r"expect\w*|wait\w*|await\w*|anticipat\w*|claim\w*|looking\s+for|hop\w*|hav\w+\s+not|"
    r"haven['’]t)\b"
    r"|\byour\s+(?:\w+\s+){0,2}?(?:request|expectation|concern|anticipation|inquiry|question|claim|expected|"
    r"requested|pending)"
    r"|\b(?:to|can|may)\s+(?:request|claim|track|check|inquire|ask\s+for)\b|\breceiv\w+\s+your\b"
    r"|\bassociated\s+with\b"
    r"|\b(?:regarding|concerning|obtain\w*|inquir\w*|wait\w*\s+for|await\w*|delay\w*|related\s+to|pertaining\s+to|involving|"
    r"relevant\s+to)\b",
    re.IGNORECASE,
)
_LINE_BREAK = re.compile(r"\n")
# A range is what something comes in or costs, never an offer: "Gift cards come in amounts from $10 to $500".
_RANGE_BEFORE = re.compile(r"\b(?:from|between|desde|entre|de|von|zwischen)\s+\S+\s+(?:to|and|a|hasta|y|à|et|bis|und)"
                           r"\s*$", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"^\s*(?:to|and|a|hasta|y|à|et|bis|und|-|–)\s*\S*\d", re.IGNORECASE)
# ... unless something is given in that sentence: "I've raised your refund from $50 to $150" is an offer.
_GIVING = re.compile(r"\b(?:refund\w*|credit(?:ed|ing)?|reimburs\w*|compensat\w*|give|giving|gave|offer\w*|send|sent|"
                     r"issu\w*|add(?:ed|ing)?|rais\w*|increas\w*|bump\w*|reembols\w*|devolv\w*|rembours\w*|"
                     r"erstatt\w*|gutschr\w*)\b", re.IGNORECASE)


@lru_cache(maxsize=64)
def _money_words(words: tuple[str, ...]) -> re.Pattern[str]:
    base = words_regex(words, inflect=True).pattern if words else r"(?!x)x"
    # "credit card" is a payment method, not a credit.
    return re.compile(rf"(?:{base})(?!\s+cards?\b)|\b(?:{cues.MONEY})\b", re.IGNORECASE)


def amount_value(amount: Value) -> float:
    """The number of an amount value ("amount:1250:USD" -> 1250)."""
    return float(amount.norm.split(":")[1])


def _approval_said(text: str, lo: int, hi: int) -> bool:
    for m in _APPROVAL.finditer(text, lo, hi):
        around = text[max(lo, m.start() - 30):min(hi, m.end() + 25)]
        if not _NO_APPROVAL.search(around):
            return True
    return False


def _offered(reply: Reply, amount: Value, money_words: re.Pattern[str]) -> bool:
    """The amount is offered as money given back (not a price, not the customer's claim, not declined)."""
    text = reply.text
    s_start, s_end = reply.sentence_at(amount.start)
    word = money_words.search(text, s_start, s_end)
    if word is None:
        # "Refund issued:\n$240": the line just before ends with the money word (and perhaps a colon).
        previous = text.rfind("\n", 0, s_start)
        line_start = text.rfind("\n", 0, max(previous, 0)) + 1 if previous > 0 else 0
        words = list(money_words.finditer(text, line_start, previous)) if previous > 0 else []
        if not words or text[words[-1].end():previous].strip(" \t:.!-–—") not in ("", "issued", "sent",
                                                                                  "processed", "approved"):
            return False
        word, s_start = words[-1], line_start
    if _CUSTOMER_CLAIM.search(scope.without_idioms(text[s_start:amount.start])):
        return False
    ranged = _RANGE_BEFORE.search(text[s_start:amount.start]) or (
        re.search(r"\b(?:from|between|desde|entre|de|von|zwischen)\s*$", text[s_start:amount.start], re.IGNORECASE)
        and _RANGE_AFTER.match(text[amount.end:s_end]))
    if ranged and not _GIVING.search(text, s_start, s_end):
        return False
    if word is not None and word.start() < amount.start and scope.negates(text, word.start(), s_start):
        return False  # "I can't refund $300 myself"
    # The approval caveat may come in the same sentence or the next one.
    next_end = reply.sentence_at(s_end)[1] if s_end < len(text) else s_end
    return not _approval_said(text, s_start, next_end)


_PIECE_EDGE = re.compile(r"[,;:\n.!?]|\b(?:and|y|et|und|plus|then|luego|puis|dann)\b", re.IGNORECASE)


def _own_money_word(text: str, amount: Value, money_words: re.Pattern[str]) -> bool:
    """A money word in the amount's own piece of the sentence ("... and I'll refund another $90")."""
    lo = max((m.end() for m in _PIECE_EDGE.finditer(text, 0, amount.start)), default=0)
    edge = _PIECE_EDGE.search(text, amount.end)
    return bool(money_words.search(text, lo, edge.start() if edge else len(text)))


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def _money(number: float, currency: str) -> str:
    """An amount with its currency, as the agent reads it in a finding: "$100", "€250", "100 CHF"."""
    symbol = _SYMBOLS.get(currency)
    shown = f"{number:,.2f}".removesuffix(".00")
    return f"{symbol}{shown}" if symbol else f"{shown} {currency}"


def money_cap(rule: Rule, reply: Reply) -> Iterator[Span]:
    cap = rule.params.get("cap")
    if not isinstance(cap, int | float):
        return
    words = str_tuple(rule.params.get("applies_to")) + cues.extra_terms(rule.params)
    money_words = _money_words(words)
    totals: dict[str, float] = {}
    for amount in find_values(reply.text):
        if amount.kind != "amount" or not _offered(reply, amount, money_words):
            continue
        value = amount_value(amount)
        currency = amount.norm.rsplit(":", 1)[-1]
        before = totals.get(currency, 0.0)
        totals[currency] = before + value
        if value > cap:
            yield amount.start, amount.end, f"{amount.raw.strip()} is over the limit, without approval"
        elif not _own_money_word(reply.text, amount, money_words):
            totals[currency] = before  # "I've refunded $60 and the item costs $60": a price, not a second piece
        elif before <= cap < before + value:
            yield (amount.start, amount.end,
                   f"{_money(before + value, currency)} in all is over the limit, without approval")
