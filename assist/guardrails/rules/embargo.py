"""embargo: offering to ship to a destination the company cannot ship to (declining is fine)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assist.base.text import APOSTROPHE, words_regex
from assist.domain.playbook import Rule
from assist.guardrails.rules.common import Reply, Span, str_tuple

EMBARGO_FIX = "Do not offer to ship there; say plainly that we cannot ship to that destination."


_SHIPPING = re.compile(
    r"\b(?:ship\w*|deliver\w*|send\w*|sent|mail\w*|post(?:ed|ing|age)?|dispatch\w*|export\w*|courier\w*|"
    r"freight|transport\w*|arriv\w*|checkout)\b",
    re.IGNORECASE,
)
# Declining is fine: "we don't ship to", "can't deliver to", "unable to", "no shipping to", "except".
_NEGATION = re.compile(
    rf"\b(?:not|no\s+(?:shipping|shipments?|deliver\w*)|never|cannot|unable|except|excluding|"
    rf"no\s+longer|impossible|prohibit\w*)\b|\w+n{APOSTROPHE}t\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _destinations_regex(destinations: tuple[str, ...]) -> re.Pattern[str]:
    return words_regex(destinations)


def embargo(rule: Rule, reply: Reply) -> Iterator[Span]:
    destinations = str_tuple(rule.params.get("destinations"))
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


