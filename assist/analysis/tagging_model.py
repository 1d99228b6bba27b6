"""The trained contact-reason classifier as it is used: saved coefficients, read with numpy, never a pickle.

A model is a folder with `model.json` (format, labels, vocabulary, idf, temperature, abstain threshold, the
words of the vector table, and its metadata: training size, date, source, validation figures) and
`weights.npz` (the linear coefficients and the word vectors as float16, loaded with allow_pickle=False and
checked against the SHA-256 that model.json records). The weights' rows are the sparse terms, then the dense
block's 2 x dim columns (tagging_features.pooled) when the model has word vectors; format 1 had none. Scores are the
linear SVM's margins; a softmax with a temperature fitted on held-out rows turns them into a confidence,
and below the threshold (chosen on held-out rows too) the answer is "unknown": a wrong tag is worse than none.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assist.analysis.tagging_features import pooled, terms, words
from assist.base.errors import InputError

FORMAT = "assist-tagger/2"
READABLE = ("assist-tagger/1", FORMAT)
UNKNOWN = "unknown"
META_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"


@dataclass(frozen=True)
class Prediction:
    label: str  # a trained label, or UNKNOWN when the confidence is under the threshold
    confidence: float  # the top label's probability, even when abstaining
    best: str  # the top label before abstaining


@dataclass
class ContactReasonModel:
    labels: list[str]
    vocabulary: dict[str, int]
    idf: np.ndarray  # (F,)
    weights: np.ndarray  # (F, C), or (F + 2D, C) with word vectors of D dimensions
    bias: np.ndarray  # (C,)
    temperature: float = 1.0
    threshold: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)
    # (start, end) column range of each feature block; each block is L2-normalised on its own, as trained
    blocks: list[tuple[int, int]] = field(default_factory=list)
    word_index: dict[str, int] = field(default_factory=dict)  # word -> row of word_vectors
    word_vectors: np.ndarray | None = None  # (V, D) float32 (saved as float16, trained on the float16 values)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's TF-IDF row as (column indices, values): sublinear tf, idf, L2 norm per block."""
        counts = Counter(t for t in terms(text) if t in self.vocabulary)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        values = (1.0 + np.log(tf)) * self.idf[idx]
        for start, end in self.blocks or [(0, len(self.idf))]:
            inside = (idx >= start) & (idx < end)
            norm = np.linalg.norm(values[inside])
            if norm > 0:
                values[inside] /= norm
        return idx, values

    def dense(self, text: str) -> np.ndarray:
        """The dense block: pooled vectors of the text's words that the table knows (empty without a table)."""
        if self.word_vectors is None:
            return np.zeros(0)
        rows = [self.word_index[w] for w in words(text) if w in self.word_index]
        return pooled(self.word_vectors[rows], self.word_vectors.shape[1])

    def scores(self, text: str) -> np.ndarray:
        idx, values = self.vector(text)
        result: np.ndarray = self.bias + values @ self.weights[idx]
        if self.word_vectors is not None:
            result = result + self.dense(text) @ self.weights[len(self.idf):]
        return result

    def probabilities(self, text: str) -> np.ndarray:
        z = self.scores(text) / self.temperature
        z = np.exp(z - z.max())
        result: np.ndarray = z / z.sum()
        return result

    def predict(self, text: str, threshold: float | None = None) -> Prediction:
        probs = self.probabilities(text)
        k = int(probs.argmax())
        confidence = float(probs[k])
        cut = self.threshold if threshold is None else threshold
        return Prediction(self.labels[k] if confidence >= cut else UNKNOWN, confidence, self.labels[k])

    def predict_many(self, texts: Sequence[str], threshold: float | None = None) -> list[Prediction]:
        return [self.predict(t, threshold) for t in texts]


def save(model: ContactReasonModel, folder: Path) -> None:
    """Write the weights first and model.json last, each through a temporary file, so a crash mid-save never
    leaves a model.json that points at weights it does not match."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp_weights = folder / (WEIGHTS_FILE + ".tmp.npz")
    arrays: dict[str, Any] = {"weights": model.weights.astype(np.float32), "bias": model.bias.astype(np.float32)}
    if model.word_vectors is not None:
        arrays["word_vectors"] = model.word_vectors.astype(np.float16)
    np.savez_compressed(tmp_weights, **arrays)
    digest = hashlib.sha256(tmp_weights.read_bytes()).hexdigest()
    tmp_weights.replace(folder / WEIGHTS_FILE)
    vocab = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    document = {"format": FORMAT, "labels": model.labels, "vocabulary": vocab,
                "idf": [round(float(x), 6) for x in model.idf], "temperature": model.temperature,
                "threshold": model.threshold, "blocks": [list(b) for b in model.blocks],
                "vector_words": sorted(model.word_index, key=model.word_index.__getitem__),
                "weights_sha256": digest, "meta": model.meta}
    tmp_meta = folder / (META_FILE + ".tmp")
    tmp_meta.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    tmp_meta.replace(folder / META_FILE)


def read_meta(folder: Path) -> dict[str, Any] | None:
    """model.json's metadata without loading the weights (None when there is no model)."""
    path = folder / META_FILE
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the tagger model: {exc}", source=str(path)) from exc
    meta: dict[str, Any] = document.get("meta", {})
    return meta


def load(folder: Path) -> ContactReasonModel | None:
    """The model saved in `folder`, None when there is none; a damaged or foreign one is refused by name."""
    meta_path, weights_path = folder / META_FILE, folder / WEIGHTS_FILE
    if not meta_path.exists():
        return None
    source = str(meta_path)
    try:
        document = json.loads(meta_path.read_text(encoding="utf-8"))
        raw = weights_path.read_bytes()
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the tagger model: {exc}", source=source) from exc
    if not isinstance(document, dict) or document.get("format") not in READABLE:
        raise InputError(f"not an Assist tagger model (format {document.get('format')!r})", source=source,
                         field="format")
    if hashlib.sha256(raw).hexdigest() != document.get("weights_sha256"):
        raise InputError("weights.npz does not match model.json (changed or damaged); retrain the tagger",
                         source=str(weights_path))
    with np.load(weights_path, allow_pickle=False) as arrays:
        weights, bias = arrays["weights"].astype(np.float64), arrays["bias"].astype(np.float64)
        vectors = arrays["word_vectors"].astype(np.float32) if "word_vectors" in arrays else None
    labels, vocab, idf = document["labels"], document["vocabulary"], np.asarray(document["idf"], dtype=np.float64)
    vector_words = list(document.get("vector_words", []))
    rows = len(vocab) + (0 if vectors is None else 2 * vectors.shape[1])
    if weights.shape != (rows, len(labels)) or bias.shape != (len(labels),) or idf.shape != (len(vocab),):
        raise InputError(f"weights {weights.shape} do not fit {rows} features x {len(labels)} labels",
                         source=str(weights_path))
    if vectors is not None and vectors.shape[0] != len(vector_words):
        raise InputError(f"{vectors.shape[0]} word vectors for {len(vector_words)} words", source=source,
                         field="vector_words")
    temperature = float(document.get("temperature", 1.0))
    if not math.isfinite(temperature) or temperature <= 0:
        raise InputError(f"temperature must be positive, not {temperature}", source=source, field="temperature")
    blocks = [(int(a), int(b)) for a, b in document.get("blocks", [])]
    if any(not 0 <= a <= b <= len(vocab) for a, b in blocks):
        raise InputError(f"feature blocks {blocks} do not fit {len(vocab)} terms", source=source, field="blocks")
    return ContactReasonModel(labels=list(labels), vocabulary={t: i for i, t in enumerate(vocab)}, idf=idf,
                              weights=weights, bias=bias, temperature=temperature,
                              threshold=float(document.get("threshold", 0.0)), meta=document.get("meta", {}),
                              blocks=blocks, word_index={w: i for i, w in enumerate(vector_words)},
                              word_vectors=vectors)
