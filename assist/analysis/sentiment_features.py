"""The sentiment model's input: one message -> (feature -> value, frustration markers).

Word unigrams/bigrams (with negation scope) plus a few dense features from the lexicon (sentiment_lexicon.py):
support-desk phrases, negation, "but" clauses, intensifiers and emphasis (capitals, "!!!", elongation), and
profanity. Shared by training (tools/train_sentiment.py) and inference (sentiment.py), so the two cannot
drift apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assist.analysis.sentiment_lexicon import (
    CLAUSE_BREAKS,
    EMOTICONS,
    INTENSIFIERS,
    MARKER_PHRASES,
    MAX_PHRASE,
    NEGATION_SCOPE,
    NEGATORS,
    PHRASES,
    PROFANITY,
    WORDS,
)

# --- tokenizing ----------------------------------------------------------------------------------------

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+")
_EMOTICON = r"(?:[:;=][-']?[)(dDpP/|@]|[xX][dD]\b|<3)"
_TOKEN = re.compile(_EMOTICON + r"|\w+(?:['’]\w+)*|[!?.,;:]|[^\w\s\x00-\x7f]\ufe0f?")
_ELONGATED = re.compile(r"(\w)\1{2,}")
_REPEATED_PUNCT = re.compile(r"[!?]{2,}")


@dataclass(frozen=True)
class _Token:
    raw: str  # as written, for capitals
    norm: str  # lower-cased, elongation collapsed ("sooo" -> "soo"), numbers as "<num>"


def _tokenize(text: str) -> list[_Token]:
    text = _USER.sub(" @user ", _URL.sub(" http ", text))
    tokens = []
    for raw in _TOKEN.findall(text):
        norm = raw.lower().replace("’", "'")
        norm = "<num>" if norm.isdigit() else _ELONGATED.sub(r"\1\1", norm)
        tokens.append(_Token(raw, norm))
    return tokens


def _is_negator(word: str) -> bool:
    return word in NEGATORS or word.endswith("n't")


def _negated(tokens: Sequence[_Token]) -> list[bool]:
    """Which tokens sit in a negation's scope: up to three words after it, stopped by punctuation/"but"."""
    flags, left = [], 0
    for tok in tokens:
        if tok.norm in CLAUSE_BREAKS:
            left = 0
            flags.append(False)
        elif _is_negator(tok.norm):
            left = NEGATION_SCOPE
            flags.append(False)
        else:
            flags.append(left > 0)
            left = max(left - 1, 0)
    return flags


def _is_shouted(raw: str) -> bool:
    letters = [c for c in raw if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _shouting(tokens: Sequence[_Token]) -> bool:
    """Capitals as a frustration marker: three shouted words ("STILL ... THIRD TIME"), or a third of the
    message in capitals. One or two, in a longer message, are more likely acronyms (UPS, USA)."""
    words = [t for t in tokens if t.raw[0].isalpha()]
    shouted = sum(_is_shouted(t.raw) for t in words)
    return shouted >= 3 or (shouted >= 1 and shouted * 3 >= len(words))


# --- lexicon scoring ---------------------------------------------------------------------------------


def _phrase_hits(norms: Sequence[str], table: dict[tuple[str, ...], Any]) -> list[tuple[int, Any]]:
    """(start index, value) of every phrase of `table` found in the token sequence."""
    hits = []
    for i in range(len(norms)):
        for n in range(1, MAX_PHRASE + 1):
            key = tuple(norms[i:i + n])
            if len(key) == n and key in table:
                hits.append((i, table[key]))
    return hits


def _lexicon(tokens: Sequence[_Token], negated: Sequence[bool], shouting: bool) -> tuple[float, float]:
    """(positive, negative) valence sums, VADER-style: negation flips, "but" shifts weight to what follows,
    intensifiers and capitals amplify."""
    norms = [t.norm for t in tokens]
    but = norms.index("but") if "but" in norms else -1
    pos = neg = 0.0
    for i, tok in enumerate(tokens):
        v = WORDS.get(tok.norm) or EMOTICONS.get(tok.norm) or 0.0
        if not v:
            continue
        if negated[i]:
            v *= -0.74  # "not good" is mildly bad, not as bad as "bad"
        if i > 0 and norms[i - 1] in INTENSIFIERS:
            v *= 1.3
        if not shouting and _is_shouted(tok.raw):
            v *= 1.3  # one word in capitals is emphasis; a shouted message is handled as a whole
        if but >= 0:
            v *= 1.5 if i > but else 0.5
        pos, neg = (pos + v, neg) if v > 0 else (pos, neg - v)
    for _, v in _phrase_hits(norms, PHRASES):
        pos, neg = (pos + v, neg) if v > 0 else (pos, neg - v)
    return pos, neg


def _squash(x: float, cap: float) -> float:
    """Scale a count or sum into 0..1 with diminishing returns, so no dense feature dominates."""
    return math.log1p(max(x, 0.0)) / math.log1p(cap)


# --- features ------------------------------------------------------------------------------------------


def _markers(text: str, tokens: Sequence[_Token], shouting: bool) -> tuple[str, ...]:
    found = []
    if shouting:
        found.append("capitals")
    if _REPEATED_PUNCT.search(text):
        found.append("repeated_punctuation")
    if PROFANITY.search(text):
        found.append("profanity")
    for _, marker in _phrase_hits([t.norm for t in tokens], MARKER_PHRASES):
        if marker not in found:
            found.append(marker)
    return tuple(found)


def features(text: str) -> tuple[dict[str, float], tuple[str, ...]]:
    """The model's input for one message (feature -> value) and the frustration markers found.

    Shared with tools/train_sentiment.py. Word features are binary; "n:" marks a word in a negation's
    scope, so "not good" does not count as "good".
    """
    tokens = _tokenize(text)
    negated = _negated(tokens)
    shouting = _shouting(tokens)
    feats: dict[str, float] = {}
    norms = [t.norm for t in tokens]
    for i, word in enumerate(norms):
        feats[("n:" if negated[i] else "w:") + word] = 1.0
        if i:
            feats["b:" + norms[i - 1] + " " + word] = 1.0
    markers = _markers(text, tokens, shouting)
    _add_dense(feats, text, tokens, negated, shouting, markers)
    return feats, markers


def _add_dense(feats: dict[str, float], text: str, tokens: Sequence[_Token], negated: Sequence[bool],
               shouting: bool, markers: tuple[str, ...]) -> None:
    pos, neg = _lexicon(tokens, negated, shouting)
    feats["d:lex_pos"] = _squash(pos, 10.0)
    feats["d:lex_neg"] = _squash(neg, 10.0)
    # Emphasis amplifies whichever way the message already leans ("GREAT!!!" vs "USELESS!!!"), so it
    # is split by the lexicon's lean rather than given one sign.
    emphasis = _squash(text.count("!") + 2 * shouting + 2 * ("repeated_punctuation" in markers), 6.0)
    lean = "pos" if pos > neg else "neg" if neg > pos else "none"
    feats["d:emph_" + lean] = emphasis
    feats["d:question"] = _squash(text.count("?"), 4.0)
    feats["d:profanity"] = float("profanity" in markers)
    feats["d:frustration"] = _squash(sum(m in markers for m in ("waiting", "repeat_contact", "escalation")),
                                     3.0)
    feats["d:elongated"] = float(any(_ELONGATED.search(t.raw) for t in tokens if t.raw[0].isalpha()))

