"""Word vectors for training the contact-reason classifier: WordLlama's static token embeddings.

WordLlama (MIT, on PyPI) ships a 32,000 x 256 token-embedding table distilled for sentence similarity
(`l2_supercat`) and its tokenizer inside its wheel. A word's vector is the mean of its tokens' rows. Training
looks up every word it saw plus the tokenizer's whole-word tokens (about 12,600 common words, so a ticket
word the training rows never used still has a meaning), and the model keeps that table as float16: tagging
then needs numpy alone. The files are read directly with safetensors and tokenizers, because WordLlama's own
loader fetches the tokenizer from the network. Optional like scikit-learn: without it, training goes on with
the sparse blocks only and says so.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

SOURCE = "wordllama l2_supercat 256"
_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")


def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("wordllama")  # finds the folder without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _load() -> tuple[Any, np.ndarray] | None:
    folder = _package_dir()
    if folder is None or not folder.joinpath(*_WEIGHTS).exists() or not folder.joinpath(*_TOKENIZER).exists():
        return None
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError:
        return None
    table = load_file(str(folder.joinpath(*_WEIGHTS)))["embedding.weight"].astype(np.float32)
    return Tokenizer.from_file(str(folder.joinpath(*_TOKENIZER))), table


def available() -> bool:
    return _load() is not None


def table(words: Iterable[str]) -> tuple[list[str], np.ndarray] | None:
    """(words, vectors float16) for `words` and the tokenizer's whole-word tokens; None without WordLlama."""
    loaded = _load()
    if loaded is None:
        return None
    tokenizer, embedding = loaded
    common = {piece[1:].lower() for piece in tokenizer.get_vocab()
              if piece.startswith("\u2581") and len(piece) > 2 and piece[1:].isalpha()}
    vocabulary = sorted(common | set(words))
    encoded = tokenizer.encode_batch(vocabulary, add_special_tokens=False)
    kept, rows = [], []
    for word, enc in zip(vocabulary, encoded, strict=True):
        if enc.ids:
            kept.append(word)
            rows.append(embedding[enc.ids].mean(axis=0))
    return kept, np.vstack(rows).astype(np.float16)
