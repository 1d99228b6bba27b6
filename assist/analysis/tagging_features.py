"""The terms a contact-reason classifier sees in a text, shared by training and inference so they cannot drift.

Three blocks, each its own TF-IDF vector with its own L2 norm (as scikit-learn's FeatureUnion of three
vectorizers): word 1-2-grams and character 2-5-grams inside word boundaries (the TF-IDF + linear SVM
reference on banking77), and Snowball stems with their bigrams, so "charged", "charges" and "charging" share
a column. Each term carries its block's prefix. Training hands each block's function to scikit-learn's
TfidfVectorizer as its analyzer; inference (tagging_model.py) counts the same terms and applies the saved idf
with numpy, so tagging a ticket never needs scikit-learn.

A fourth, dense block gives words that never met in training a shared meaning ("misplaced" near "lost"):
the mean and the maximum of the text's word vectors (a table saved with the model; tagging_vectors.py makes
it), each L2-normalised and scaled by VECTOR_SCALE so it weighs about as much as the sparse blocks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import snowballstemmer

# scikit-learn's default token pattern: words of two or more word characters.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")
CHAR_RANGE = (2, 5)
_STEMMER = snowballstemmer.stemmer("english")
# Chosen on two stratified 80/20 splits of banking77's train.csv (1.5, 2.0, 2.5, 3.0 tried; 2.0 best on both).
VECTOR_SCALE = 2.0


def word_terms(text: str) -> list[str]:
    words = _TOKEN.findall(text.lower())
    return [f"w:{w}" for w in words] + [f"w:{a} {b}" for a, b in itertools.pairwise(words)]


def char_terms(text: str) -> list[str]:
    out: list[str] = []
    low, high = CHAR_RANGE
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size < n:
                break
            out.extend(f"c:{padded[i:i + n]}" for i in range(size - n + 1))
    return out


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def stem_terms(text: str) -> list[str]:
    stems = [_stem(w) for w in _TOKEN.findall(text.lower())]
    return [f"s:{s}" for s in stems] + [f"s:{a} {b}" for a, b in itertools.pairwise(stems)]


BLOCKS: dict[str, Callable[[str], list[str]]] = {"w": word_terms, "c": char_terms, "s": stem_terms}


def terms(text: str) -> list[str]:
    """Every term of `text` in every block, repeated as often as it occurs (tf is counted from this list)."""
    return [t for block in BLOCKS.values() for t in block(text)]


def words(text: str) -> list[str]:
    """The words whose vectors the dense block pools (the same tokens as the word block)."""
    return _TOKEN.findall(text.lower())


def pooled(vectors: np.ndarray, dim: int) -> np.ndarray:
    """[mean, max] of a text's word vectors (rows), each L2-normalised, times VECTOR_SCALE; zeros for none."""
    if not len(vectors):
        return np.zeros(2 * dim)
    parts = [vectors.mean(axis=0), vectors.max(axis=0)]
    return np.concatenate([p / (float(np.linalg.norm(p)) or 1.0) for p in parts]) * VECTOR_SCALE
