"""A customer's words as an SQLite FTS5 MATCH expression, for the BM25 article search in the store.

Stop words are dropped and the rest OR-ed, so a long chatty message still finds the article that shares its
few meaningful words. Every word is quoted as a literal, so no FTS5 syntax from users reaches the query.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)
# Its own list for now: assist.base.text.STOP_WORDS is a different list (used by reply), and swapping one for
# the other would change which articles search finds. Merging them is a behaviour change to make on purpose.
STOP_WORDS = frozenset(
    """
    the and for you your are was were have has had but not can could would should will with this that
    from they them their there what when where which who how why its it's i'm ive i've just about into
    been being did does doing dont don't get got out our ours hello thanks thank please any all some
    very too also still want need like know here then than now yes okay hey hi dear help sure one two
    day days time way back again really much many more most make made let lets going come came said bought
    """.split()  # noqa: SIM905 - a word list reads best as text
)


def fts_query(text: str, max_terms: int = 24) -> str:
    """An FTS5 MATCH expression: meaningful words, quoted as literals (no FTS syntax from users), OR-ed."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
    unique = list(dict.fromkeys(words))[:max_terms]
    return " OR ".join(f'"{w}"' for w in unique)
