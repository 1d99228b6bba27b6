"""Per-message customer sentiment: who is about to lose patience.

A small multinomial logistic regression over word unigrams/bigrams (with negation scope) plus a few dense
features: a hand lexicon with support-desk phrases ("still waiting", "third time"), negation, "but"
clauses, intensifiers and emphasis (capitals, "!!!", elongation), and profanity. The weights are trained
by tools/train_sentiment.py on TweetEval and shipped as sentiment_weights.json next to this module; the
featurizer (sentiment_features.py, over the lexicon in sentiment_lexicon.py) is shared by training and
inference, so the two cannot drift apart. This module holds the model and the public calls.

Pure Python (no numpy at run time): a message costs a regex pass and a few hundred dict lookups, far
under a millisecond, so it can run on every incoming message.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assist.analysis.sentiment_features import features
from assist.analysis.sentiment_lexicon import PROFANITY

if TYPE_CHECKING:
    from assist.domain.conversation import Conversation

__all__ = ["LABELS", "WEIGHTS_PATH", "Journey", "Sentiment", "analyze", "evaluate", "features", "journey",
           "mask_profanity"]

LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
WEIGHTS_PATH = Path(__file__).with_name("sentiment_weights.json")


@dataclass(frozen=True)
class Sentiment:
    score: float  # -1 (very negative) .. +1 (very positive): P(positive) - P(negative)
    label: str  # "negative" | "neutral" | "positive"
    markers: tuple[str, ...]  # frustration markers found, e.g. "capitals", "repeated_punctuation"


@dataclass(frozen=True)
class Journey:
    start: float
    lowest: float
    end: float
    per_message: list[dict[str, Any]] = field(default_factory=list)


# --- model ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _weights() -> tuple[dict[str, list[float]], list[float]]:
    """Feature -> per-class weights and the per-class bias, read once from the shipped JSON."""
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    if list(data["classes"]) != list(LABELS):
        raise ValueError(f"{WEIGHTS_PATH.name}: classes {data['classes']} != {list(LABELS)}")
    return data["weights"], data["bias"]


def _probabilities(feats: dict[str, float]) -> list[float]:
    weights, bias = _weights()
    logits = list(bias)
    for name, value in feats.items():
        w = weights.get(name)
        if w is not None:
            for k in range(3):
                logits[k] += w[k] * value
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


def analyze(text: str) -> Sentiment:
    feats, markers = features(text)
    p = _probabilities(feats)
    label = LABELS[max(range(3), key=p.__getitem__)]
    return Sentiment(score=round(p[2] - p[0], 4), label=label, markers=markers)


def mask_profanity(text: str) -> str:
    """Keep the first letter, star the rest ("fucking" -> "f******"), so a screen-shared panel stays clean."""
    return PROFANITY.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), text)


def journey(conversation: Conversation) -> Journey:
    """Sentiment over the customer's messages; index is the message's position in conversation.messages."""
    indexed = [(i, analyze(m.text)) for i, m in enumerate(conversation.messages) if m.role == "customer"]
    if not indexed:
        return Journey(start=0.0, lowest=0.0, end=0.0, per_message=[])
    per_message = [
        {"index": i, "score": s.score, "label": s.label, "markers": list(s.markers)} for i, s in indexed
    ]
    scores = [s.score for _, s in indexed]
    return Journey(start=scores[0], lowest=min(scores), end=scores[-1], per_message=per_message)


# --- evaluation ----------------------------------------------------------------------------------------


def _label_name(label: str) -> str:
    """Accept "negative"/"neutral"/"positive" or TweetEval's "0"/"1"/"2"."""
    label = label.strip().lower()
    return LABELS[int(label)] if label.isdigit() else label


def _f1(gold: Sequence[str], predicted: Sequence[str], cls: str) -> float:
    tp = sum(g == cls and p == cls for g, p in zip(gold, predicted, strict=True))
    n_pred = sum(p == cls for p in predicted)
    n_gold = sum(g == cls for g in gold)
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0


def evaluate(texts: list[str], labels: list[str]) -> dict[str, float]:
    """Accuracy, macro F1, negative-vs-rest F1 and milliseconds per message (analysis only)."""
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    gold = [_label_name(label) for label in labels]
    _weights()  # load before timing
    started = time.perf_counter()
    predicted = [analyze(t).label for t in texts]
    elapsed = time.perf_counter() - started
    n = len(texts)
    return {
        "accuracy": sum(g == p for g, p in zip(gold, predicted, strict=True)) / n if n else 0.0,
        "macro_f1": sum(_f1(gold, predicted, c) for c in LABELS) / 3,
        "negative_f1": _f1(gold, predicted, "negative"),
        "ms_per_message": 1000 * elapsed / n if n else 0.0,
        "n": n,
    }
