"""fact_number: a policy number ("30 days", "thirty-day") that differs from the playbook's fact, in a
sentence about that fact's keywords."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assist.base.text import phrase_pattern
from assist.domain.playbook import Rule
from assist.guardrails.rules.common import Reply, Span, str_tuple

FACT_NUMBER_FIX = "Use the exact number from the company facts."


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
    parts = [phrase_pattern(k).removesuffix(r"\b") + r"(?:s|ed|ing)?\b" for k in keywords if k.strip()]
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def fact_number(rule: Rule, reply: Reply) -> Iterator[Span]:
    fact = reply.playbook.facts.get(str(rule.params.get("fact", "")))
    keywords = str_tuple(rule.params.get("keywords"))
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


