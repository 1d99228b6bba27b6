"""Wording the playbook bans: forbidden_phrase (its phrases, else the voice's banned phrases) and
forbidden_pattern (a regex)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assist.base.text import words_regex
from assist.domain.playbook import Rule
from assist.guardrails.rules.common import Reply, Span, str_tuple

FORBIDDEN_PHRASE_FIX = "Say it in your own words."


@lru_cache(maxsize=256)
def _phrases_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return words_regex(phrases)


def forbidden_phrase(rule: Rule, reply: Reply) -> Iterator[Span]:
    phrases = str_tuple(rule.params.get("phrases")) or tuple(reply.playbook.voice.banned_phrases)
    if not phrases:
        return
    for m in _phrases_regex(phrases).finditer(reply.text):
        yield m.start(), m.end(), ""


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def forbidden_pattern(rule: Rule, reply: Reply) -> Iterator[Span]:
    pattern = rule.params.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        return
    for m in _compiled(pattern).finditer(reply.text):
        if m.end() > m.start():  # an empty match marks nothing
            yield m.start(), m.end(), ""
