"""Contact reason from the first ticket, without any training: the playbook's keywords and examples per label.

Each taxonomy label scores its keyword hits in the customer's words (a phrase of several words counts more
than one word; the opening message counts double, and within it the first sentence and the questions count
half again: that is where customers say why they came) plus the best word overlap with its example messages.
The top label wins only when it clearly leads; a tie or a faint signal is "unknown", because a wrong tag is
worse than none. Only taxonomy ids can come out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assist.base.text import content_words, jaccard, sentence_spans, words_regex
from assist.domain.playbook import Category

UNKNOWN = "unknown"
MIN_SCORE = 1.0  # one single-word keyword in the opening message, or a close example
EXAMPLE_FLOOR = 0.34  # word overlap with an example below this says nothing
LEAD = 1.5  # the winner's score over the runner-up's
ASK_WEIGHT = 1.5  # a hit in the first sentence or in a question


@dataclass(frozen=True)
class RuleGuess:
    label: str
    confidence: float
    scores: dict[str, float]  # every label with a signal, for the model step's shortlist


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().replace("’", "'").split())


@dataclass(frozen=True)
class _Compiled:
    """What scoring needs from one taxonomy, built once: one alternation over every label's keywords (one
    pass over a text, not one per label), which labels each normalised keyword belongs to, and each label's
    example word sets."""

    taxonomy: list[Category]  # the list it was built from (identity is the cache key)
    pattern: re.Pattern[str]
    owners: dict[str, list[str]]
    examples: tuple[tuple[str, tuple[frozenset[str], ...]], ...]


_COMPILED: dict[int, _Compiled] = {}


def _compiled(taxonomy: list[Category]) -> _Compiled:
    """Cached by the taxonomy list's identity: a playbook is parsed into new lists, so re-tagging thousands of
    conversations builds this once instead of hashing every keyword and example for each text."""
    found = _COMPILED.get(id(taxonomy))
    if found is not None and found.taxonomy is taxonomy and len(found.examples) == len(taxonomy):
        return found
    owners: dict[str, list[str]] = {}
    for category in taxonomy:
        for word in category.keywords:
            owners.setdefault(_norm(word), []).append(category.id)
    built = _Compiled(taxonomy, words_regex([w for c in taxonomy for w in c.keywords]), owners,
                      tuple((c.id, _example_words(tuple(c.examples))) for c in taxonomy))
    if len(_COMPILED) >= 16:  # a few playbooks in a process at most; drop the oldest
        _COMPILED.pop(next(iter(_COMPILED)))
    _COMPILED[id(taxonomy)] = built
    return built


def _asks(text: str) -> list[tuple[int, int]]:
    spans = sentence_spans(text)
    return [span for i, span in enumerate(spans) if i == 0 or text[span[0]:span[1]].rstrip().endswith("?")]


@lru_cache(maxsize=1024)
def _example_words(examples: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(content_words(e)) for e in examples)


def _keyword_scores(taxonomy: list[Category], text: str, asks: list[tuple[int, int]] | None = None
                    ) -> dict[str, float]:
    """Label -> its keyword score in `text`: each distinct keyword once, at its best-placed occurrence."""
    if not text:
        return {}
    compiled = _compiled(taxonomy)
    pattern, owners = compiled.pattern, compiled.owners
    best: dict[str, float] = {}
    for m in pattern.finditer(text):
        hit = _norm(m.group(0))
        weight = ASK_WEIGHT if any(a <= m.start() < b for a, b in asks or []) else 1.0
        best[hit] = max(best.get(hit, 0.0), weight * (1.0 + 0.5 * (len(hit.split()) - 1)))
    out: dict[str, float] = {}
    for hit, value in best.items():
        for label in owners.get(hit, []):
            out[label] = out.get(label, 0.0) + value
    return out


def _example_score(examples: tuple[frozenset[str], ...], words: frozenset[str]) -> float:
    best = max((jaccard(words, e) for e in examples), default=0.0)
    return 2.0 * best if best >= EXAMPLE_FLOOR else 0.0


def scores(taxonomy: list[Category], opening: str, rest: str = "") -> dict[str, float]:
    """Label -> score over the opening customer message (counted double) and the rest of the customer's words."""
    words = frozenset(content_words(f"{opening} {rest}"))
    first, later = _keyword_scores(taxonomy, opening, _asks(opening)), _keyword_scores(taxonomy, rest)
    out: dict[str, float] = {}
    for label, examples in _compiled(taxonomy).examples:
        score = 2.0 * first.get(label, 0.0) + later.get(label, 0.0)
        score += _example_score(examples, words)
        if score > 0:
            out[label] = score
    return out


def guess(taxonomy: list[Category], opening: str, rest: str = "",
          found: dict[str, float] | None = None) -> RuleGuess:
    """The label the scores point to clearly, or "unknown"; `found` when the caller already scored."""
    found = scores(taxonomy, opening, rest) if found is None else found
    if not found:
        return RuleGuess(UNKNOWN, 0.0, found)
    ranked = sorted(found.items(), key=lambda kv: -kv[1])
    top_label, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if top < MIN_SCORE or top < LEAD * second:
        return RuleGuess(UNKNOWN, round(top / (top + second + 1.0), 3), found)
    # Confidence grows with the lead and the strength of the signal; rules never claim certainty.
    confidence = min(0.9, 0.5 + 0.1 * top) * (1.0 - second / (top + second))
    return RuleGuess(top_label, round(max(confidence, 0.5), 3), found)
