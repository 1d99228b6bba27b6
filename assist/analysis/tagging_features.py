"""The terms a contact-reason classifier sees in a text, shared by training and inference so they cannot drift.

Word 1-2-grams and character 2-5-grams inside word boundaries (the features of the TF-IDF + linear SVM
reference on banking77), each prefixed so a word and a character run never share a column. Training hands
this function to scikit-learn's TfidfVectorizer as its analyzer; inference (tagging_model.py) counts the
same terms and applies the saved idf with numpy, so tagging a ticket never needs scikit-learn.
"""

from __future__ import annotations

import itertools
import re

# scikit-learn's default token pattern: words of two or more word characters.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")
CHAR_RANGE = (2, 5)


def terms(text: str) -> list[str]:
    """Every term of `text`, repeated as often as it occurs (term frequency is counted from this list)."""
    lowered = text.lower()
    words = _TOKEN.findall(lowered)
    out = [f"w:{w}" for w in words]
    out.extend(f"w:{a} {b}" for a, b in itertools.pairwise(words))
    low, high = CHAR_RANGE
    for word in _SPACES.sub(" ", lowered).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size < n:
                break
            out.extend(f"c:{padded[i:i + n]}" for i in range(size - n + 1))
    return out
