"""fact_number: a policy number ("30 days", "thirty-day") that differs from the playbook's fact, in a
sentence about that fact's keywords.

For a fact counted in days, weeks or months (unit "days"), every duration the value parser reads counts,
in any wording and language: "6 weeks" is 42 days, "two months" 60, "a fortnight" 14, "45 calendar days",
"60 días", "zwei Monate". The keywords count in every language too: "return" also matches "devolución",
"retour", "Rückgabe" (rules/cues.py; a rule's `terms` adds more). How long something takes is no window:
a duration in a clause about processing, arriving or taking ("it takes about 7 days to process the refund")
is left alone, as are ranges ("5-10 days") and business days.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assist.base.text import phrase_pattern
from assist.base.values import Value, find_values
from assist.domain.playbook import Rule
from assist.guardrails.rules import cues, scope
from assist.guardrails.rules.common import Reply, Span, str_tuple

FACT_NUMBER_FIX = "Use the exact number from the company facts."


_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_WORD_NUMBER = (rf"(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(k for k in _UNITS if k != 'zero')}))?"
                rf"|(?:a|one)\s+hundred|{'|'.join(sorted(_UNITS, key=len, reverse=True))}")
_DAYS_PER = {"day": 1, "month": 30, "year": 365}  # weeks and fortnights are read as days already
_DAY_UNITS = ("days", "day", "weeks", "months")
# Keywords of a fact whose other languages' words are built in.
_TRANSLATED = {"return": cues.RETURN, "returns": cues.RETURN, "send it back": cues.RETURN}
_PROCESSING = re.compile(rf"\b(?:{cues.PROCESSING})\b", re.IGNORECASE)


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
    parts = [phrase_pattern(k).removesuffix(r"\b") + r"(?:s|ed|ing)?\b" for k in keywords if k.strip()]
    parts += [rf"\b(?:{_TRANSLATED[k.strip().lower()]})\b" for k in keywords if k.strip().lower() in _TRANSLATED]
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def _days(value: Value) -> float | None:
    """A single duration in days ("duration:42:day" -> 42, "duration:2:month" -> 60); None for ranges,
    business days, hours and the like."""
    _, amount, unit = value.norm.split(":")
    if unit not in _DAYS_PER or "-" in amount:
        return None
    return float(amount) * _DAYS_PER[unit]


def _window_claims(reply: Reply) -> Iterator[tuple[Value, float]]:
    text = reply.text
    for value in find_values(text):
        if value.kind != "duration":
            continue
        days = _days(value)
        if days is None:
            continue
        lo = scope.clause_start(text, value.start, reply.sentence_at(value.start)[0])
        if _PROCESSING.search(text, lo, scope.clause_end(text, value.end)):
            continue  # how long something takes, not how long the window is open
        yield value, days


def fact_number(rule: Rule, reply: Reply) -> Iterator[Span]:
    fact = reply.playbook.facts.get(str(rule.params.get("fact", "")))
    keywords = str_tuple(rule.params.get("keywords")) + cues.extra_terms(rule.params)
    unit = str(rule.params.get("unit") or "days")
    try:
        expected = float(fact)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return  # a fact like "5-10 business days" is not one number to compare against
    keyword_regex = _keywords_regex(keywords)
    if unit.lower() in _DAY_UNITS:
        factor = {"weeks": 7, "months": 30}.get(unit.lower(), 1)
        for value, days in _window_claims(reply):
            if days != expected * factor and keyword_regex.search(reply.sentence_text(value.start)):
                yield value.start, value.end, f"not {expected:g} {unit}"
        return
    for m in _quantity_regex(unit).finditer(reply.text):
        if _number_value(m.group("n")) == expected:
            continue
        if keyword_regex.search(reply.sentence_text(m.start())):
            yield m.start(), m.end(), f"not {expected:g} {unit}"
