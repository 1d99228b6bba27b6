"""The text the rules read: the reply with its disguises undone, and a map back to the reply's own offsets.

A model can be talked into writing "Nоrth Kоrea" with a Cyrillic o, "１５０" in full-width digits, "C V V"
with spaces, or a zero-width space inside a word; a human reader sees the same words, so the rules must too.
`normalise(text)` applies, in this order:

- Unicode NFKC per character (full-width and other compatibility forms to their plain letter or digit),
  with combining marks composed onto their letter ("e" + U+0301 -> "é");
- format characters dropped (zero-width space and joiners, soft hyphen, BOM, bidi controls: category Cf);
- look-alike letters and digits of another script mapped to the Latin one they imitate, from Unicode's
  confusables table (the confusable-homoglyphs package): the playbook's languages are written in Latin
  letters, so a Cyrillic or Greek letter inside a reply is a disguise, never a word;
- letters spaced apart joined: a run of two or more single letters ("C V V", "D.P.R.K.") and a lone letter
  that no playbook language uses as a word, hanging off a word ("Nort h" -> "North").

Every rule gets the normalised text; a finding's span is mapped back through `origin` to the original
text, so the agent sees the span they wrote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs import categories, confusables

# One-letter words of English, Spanish, French and German: never glued to a neighbour.
_ONE_LETTER_WORDS = frozenset("aAiIyYoOeEuUàÀ")
_SPACED_RUN = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[ .·_-][^\W\d_]){1,}(?![^\W\d_])\.?")
_HANGING = re.compile(r"(?<=[^\W\d_]{3}) (?P<c>[^\W\d_])(?![^\W\d_])")


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: tuple[int, ...]  # origin[i]: the offset in the original text of text[i]; origin[-1] = len(original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span for text[start:end]."""
        if end <= start:
            at = self.origin[start]
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=1)
def _lookalikes() -> dict[str, str]:
    """Non-Latin letters and digits that Unicode lists as confusable with one ASCII letter or digit."""
    table: dict[str, str] = {}
    for char, entries in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii() or not (char.isalpha() or char.isdigit()):
            continue
        if categories.alias(char) in ("LATIN", "COMMON"):
            continue
        for entry in entries:
            target = entry["c"]
            if len(target) == 1 and target.isascii() and target.isalnum():
                table[char] = target
                break
    return table


def _plain(text: str) -> tuple[str, list[int]]:
    lookalikes = _lookalikes()
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if unicodedata.category(char) == "Cf":
            continue
        if unicodedata.combining(char) and out:
            composed = unicodedata.normalize("NFC", out[-1] + char)
            if len(composed) == 1:
                out[-1] = composed
                continue
        for piece in unicodedata.normalize("NFKC", char) if not char.isascii() else char:
            out.append(lookalikes.get(piece, piece))
            origin.append(i)
    return "".join(out), origin


def _join_spaced(text: str, origin: list[int]) -> tuple[str, list[int]]:
    drop: set[int] = set()
    in_runs: set[int] = set()
    for m in _SPACED_RUN.finditer(text):
        letters = [i for i in range(m.start(), m.end()) if text[i].isalpha()]
        if len(letters) < 4 and all(text[i] in _ONE_LETTER_WORDS for i in letters):
            continue  # "a o", "y o a": words of their own
        in_runs.update(letters)
        drop.update(i for i in range(m.start(), m.end()) if not text[i].isalpha())
    for m in _HANGING.finditer(text):
        if m.group("c") not in _ONE_LETTER_WORDS and m.start("c") not in in_runs:
            drop.add(m.start())
    if not drop:
        return text, origin
    keep = [i for i in range(len(text)) if i not in drop]
    return "".join(text[i] for i in keep), [origin[i] for i in keep]


_CACHED_CHARS = 4096  # replies are short; a long draft is normalised afresh rather than held in the cache


def normalise(text: str) -> Normalised:
    return _normalise_cached(text) if len(text) <= _CACHED_CHARS else _normalise(text)


def _normalise(text: str) -> Normalised:
    plain, origin = _plain(text)
    joined, origin = _join_spaced(plain, origin)
    return Normalised(joined, (*origin, len(text)))


_normalise_cached = lru_cache(maxsize=512)(_normalise)
