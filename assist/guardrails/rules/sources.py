"""No fact without a source: unsupported_fact (a value in the reply that no source gives) and placeholder
(a template hole or a transcript label left in the reply).

unsupported_fact reads every value of the reply with assist.base.values (numbers, amounts, durations,
dates, times, URLs, emails, phone numbers, order and tracking numbers) and looks for the same normalised
value in the sources the caller passes (the cited help-centre passages), the conversation's messages
(customer, bot and agent turns; never internal notes) and the playbook's [facts]. So "Tiene 30 días"
is supported by a passage saying "within 30 days", and "$150" by a customer who wrote "150 dollars".

What is no fact: a number spelled as a word on its own ("one of our agents"), a year, the step numbers of
a list ("1." at a line start, "steps 2 and 3"), the "4" of "the last 4 digits", how often ("once a month").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from assist.base.values import Value, find_values, fmt
from assist.domain.playbook import Rule
from assist.guardrails.rules.common import Reply, Span

UNSUPPORTED_FACT_FIX = ("State only numbers, prices, times, dates, links and contact details that the cited "
                        "articles, the conversation or the company facts give; leave any other out or say "
                        "you will check.")
PLACEHOLDER_FIX = ("Write the real detail instead of a template placeholder such as [location], and write "
                   "only the reply itself, without 'Agent:' or 'Customer:' labels.")

# --- what the sources vouch for ------------------------------------------------------------------------

_NUMERIC = re.compile(r"\d+(?:\.\d+)?")
# A fact's key says the unit of a bare number: return_window_days = 30 -> "30 days".
_FACT_UNITS = {"days": "duration:{}:day", "day": "duration:{}:day", "hours": "duration:{}:hour",
               "weeks": "duration:{}:week", "months": "duration:{}:month", "years": "duration:{}:year",
               "usd": "amount:{}:USD", "eur": "amount:{}:EUR", "gbp": "amount:{}:GBP", "chf": "amount:{}:CHF"}


def _vouches(value: Value) -> set[str]:
    """The keys a source's value supports: its readings, and the looser forms it implies (a date without its
    year, each end of a range, business days as days, the bare numbers, a link's shorter paths)."""
    keys = set(value.norms)
    for norm in value.norms:
        kind, _, rest = norm.partition(":")
        if kind == "date" and rest.count("-") == 2:
            keys.add(f"date:{rest[5:]}")
        if kind == "duration":
            amount, _, unit = rest.partition(":")
            units = {unit, "day"} if unit == "business_day" else {unit}
            for u in units:
                keys.update(f"duration:{a}:{u}" for a in {amount, *amount.split("-")})
        if kind == "url":
            parts = rest.split("/")
            keys.update("url:" + "/".join(parts[:i]) for i in range(1, len(parts) + 1))
        keys.update(f"number:{n}" for n in _numbers(norm))
    return keys


def _numbers(norm: str) -> list[str]:
    kind, _, rest = norm.partition(":")
    if kind in ("url", "email", "date", "time"):
        return []
    if kind in ("phone", "order", "tracking"):
        return [rest] if rest.isdigit() else []
    return [fmt(float(n)) for n in _NUMERIC.findall(rest.split(":")[0])]


@lru_cache(maxsize=4096)
def _text_keys(text: str) -> frozenset[str]:
    return frozenset().union(*(_vouches(v) for v in find_values(text)))


def _fact_keys(facts: dict[str, Any]) -> set[str]:
    keys: set[str] = set()
    for name, value in facts.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, bool):
                continue
            if isinstance(item, int | float):
                number = fmt(float(item))
                keys.add(f"number:{number}")
                unit = _FACT_UNITS.get(name.rsplit("_", 1)[-1].lower())
                if unit:
                    keys.update(_vouches(Value("fact", 0, 0, number, unit.format(number))))
            elif isinstance(item, str):
                keys |= _text_keys(item)
    return keys


def support_keys(reply: Reply) -> set[str]:
    """Every normalised value the sources, the conversation (its subject, the customer's email and every
    message but notes) and the playbook facts give."""
    texts: list[str] = list(reply.sources)
    conversation = reply.conversation
    if conversation is not None:
        texts += [conversation.subject, conversation.customer.email]
        texts += [m.text for m in conversation.messages if m.role != "note"]
    return _fact_keys(reply.playbook.facts).union(*(_text_keys(t) for t in texts))


# --- what needs no source ------------------------------------------------------------------------------

_STEP = re.compile(r"(?:^|\n)[ \t]*$")  # "1." "2)" at a line start
# "the last 4 digits", "steps 2 and 3", "paso 2", "étape 3", "Schritt 4": counting, not a fact.
_COUNTING = re.compile(r"\b(?:last|final|first|steps?|pasos?|étapes?|schritte?|points?)\s+"
                       r"(?:\d+\s*(?:,|and|or|y|et|und)\s*)*$", re.IGNORECASE)
# "once a month", "twice a day", "every week": how often, not how long.
_FREQUENCY = re.compile(r"\b(?:once|twice|per|every|each|times|vez|fois|mal)\s+$", re.IGNORECASE)


def _needs_no_source(value: Value, text: str) -> bool:
    before = text[max(0, value.start - 40):value.start]
    if value.kind == "duration":
        return value.spelled and bool(_FREQUENCY.search(before))
    if value.kind != "number":
        return False
    if value.spelled:  # "one of our agents", "a dozen ideas"
        return True
    if re.fullmatch(r"(?:19|20)\d\d", value.raw):  # a year
        return True
    after = text[value.end:value.end + 1]
    if after in (".", ")") and _STEP.search(before):  # a list's step number
        return True
    return bool(_COUNTING.search(before))


def _supported(value: Value, keys: set[str]) -> bool:
    if keys.intersection(value.norms):
        return True
    # A number, an order number or an amount is also supported by the same bare number ("order 4412" by
    # "#4412", "$150" by a customer's "I paid 150").
    if value.kind in ("number", "order", "tracking", "amount"):
        numbers = _numbers(value.norm)
        return bool(numbers) and all(f"number:{n}" in keys for n in numbers)
    return False


def unsupported_values(reply: Reply) -> Iterable[Value]:
    """The values of the reply that no source gives (values inside a placeholder are the placeholder's)."""
    holes = [m.span() for m in _PLACEHOLDER.finditer(reply.text)]
    keys: set[str] | None = None
    for value in find_values(reply.text):
        if _needs_no_source(value, reply.text) or any(s < value.end and value.start < e for s, e in holes):
            continue
        if keys is None:
            keys = support_keys(reply)
        if not _supported(value, keys):
            yield value


def unsupported_fact(rule: Rule, reply: Reply) -> Iterator[Span]:
    for value in unsupported_values(reply):
        yield value.start, value.end, f"no source gives {value.raw}"


# --- placeholders and transcript labels ----------------------------------------------------------------

_HTML_TAGS = "a|b|i|u|p|br|hr|em|strong|span|div|ul|ol|li|code|pre|small|sup|sub"
_PLACEHOLDER = re.compile(
    r"\{\{[^{}\n]{1,60}\}\}"  # {{Order Number}}
    r"|\{[A-Za-z_][\w .-]{0,40}\}"  # {name}
    r"|\[(?!(?:x|X| )\])[A-Za-z_][\w .'/-]{0,40}\](?!\()"  # [location], [Order Number]; not a link's [text](url)
    rf"|<(?!/?(?:{_HTML_TAGS})\b)[A-Za-z_][\w .-]{{0,30}}>"  # <name>; not an HTML tag
    r"|(?<![\w-])(?:XXX+|xxx+)(?![\w-])(?![ -]?\d)",  # XXX, but not a masked card "XXXX 1234"
)
_LABEL_WORDS = (r"chat\s?bot|bot(?:\s*\(AI\))?|customer|agent|assistant|user|system|event|support|"
                r"cliente|agente|client|conseill(?:er|ère)|kunde|kundin|mitarbeiter(?:in)?")
# "Chatbot:", "Customer:", "Agent Sam:", "Bot (AI):" at the start of a line: a pasted or continued transcript.
_TRANSCRIPT_LABEL = re.compile(rf"^[ \t]*(?:{_LABEL_WORDS})(?:[ \t]+[A-Z][\w.'-]*)?[ \t]*:",
                               re.IGNORECASE | re.MULTILINE)


def placeholder(rule: Rule, reply: Reply) -> Iterator[Span]:
    for m in _PLACEHOLDER.finditer(reply.text):
        if any(m.group() in source for source in reply.sources):
            continue  # quoted from a cited article ("Orders > [your order] > Track package"): the article's words
        yield m.start(), m.end(), "template placeholder"
    for m in _TRANSCRIPT_LABEL.finditer(reply.text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        yield start, m.end(), "transcript label"
