"""Train the per-message sentiment model and write assist/analysis/sentiment_weights.json.

Data: TweetEval sentiment (../shared/data/tweeteval-sentiment; labels 0 negative, 1 neutral, 2 positive).

Split (kept apart on purpose; the figures this script prints come from the report halves only):
  TRAIN  = val (2,000) + the first 6,142 lines of test          -> 8,142 messages; tuning is 5-fold CV inside it
  REPORT = the last 6,142 lines of test (test lines 6,143..12,284) -> never seen in training or tuning
  SUPPORT TUNE = tests/data/tagging/sentiment_support_tune.csv: 117 Bitext requests and ABCD customer turns
            labelled by hand (the README there says how), added to TRAIN with a weight (tweets never say
            "the bloody bill" or "file a claim against your business")
  SUPPORT REPORT = tests/data/tagging/sentiment_support_report.csv: the other 118, never trained or tuned on
tests/unit/analysis/test_sentiment.py reads the same REPORT lines (REPORT_START below).

Method: multinomial logistic regression from scikit-learn (lbfgs) over the features of
assist.analysis.sentiment.features (word unigrams with negation scope, bigrams, lexicon/emphasis/profanity/
frustration features). Vocabulary: features seen in at least MIN_DF training messages, less what carries a
tweet's topic rather than its feeling: hashtags are cut from the training text, and every feature naming a
politics, religion, nationality or identity word (TOPIC_WORDS), a mention (@user) or a link is dropped, so a
customer who mentions them does not look angry. C is picked by 5-fold cross-validation on TRAIN (macro F1);
the support rows' weight and a shift of the negative logit by 5-fold cross-validation over the support tune
rows (macro F1), each fold trained on every tweet and the other support folds. scikit-learn is needed here
only; the app reads the JSON with plain Python.

Usage: .venv/bin/python tools/train_sentiment.py [--data DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assist.analysis import sentiment  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tweeteval-sentiment"
SUPPORT_TUNE = ROOT / "tests" / "data" / "tagging" / "sentiment_support_tune.csv"
SUPPORT_REPORT = ROOT / "tests" / "data" / "tagging" / "sentiment_support_report.csv"
SUPPORT_WEIGHTS = (3.0, 10.0, 30.0)
REPORT_START = 6142  # test lines before this index train; from it on they are the report split
MIN_DF = 2
C_GRID = (0.1, 0.3, 1.0)
SHIFT_GRID = (0.0, 0.2, 0.4, 0.6, 0.8)
PRUNE_BELOW = 0.01  # features whose weights are all this small change nothing; drop them from the JSON
_HASHTAG = re.compile(r"#\w+")
# Words that say what a tweet is about, not how its writer feels (TweetEval is full of elections and
# conflicts, so they pick up weight); a feature holding any of them is not learned.
_TOPICS = """
user http rt trump trump's donald hillary clinton obama biden sanders bernie pence melania ivanka comey putin
russia russian russians maduro saakashvili erdogan netanyahu assad kim merkel macron brexit gop dems democrat
democrats democratic republican republicans liberal liberals leftist leftists conservative conservatives
congress senate cabinet election elections vote voters voting campaign president presidential politics
political politician politicians government maga deplorables pizzagate soros antifa isis hamas hezbollah
taliban terrorist terrorists terrorism nazi nazis fascist fascists bds israel israeli palestine palestinian
iran iraq syria syrian afghanistan america american americans mexico mexican mexicans china chinese korea
muslim muslims islam islamic jew jews jewish christian christians christianity catholic church allah
religion white whites black blacks gay gays lesbian lgbt trans transgender immigrant immigrants immigration
refugee refugees border police cops race racist racism feminist feminists abortion euthanasia gun guns
"""
TOPIC_WORDS = frozenset(_TOPICS.split())


def read_split(data: Path, name: str) -> tuple[list[str], list[int]]:
    texts = (data / f"{name}_text.txt").read_text(encoding="utf-8").split("\n")
    labels = [int(x) for x in (data / f"{name}_labels.txt").read_text(encoding="utf-8").split()]
    return texts[: len(labels)], labels


def splits(data: Path) -> tuple[tuple[list[str], list[int]], tuple[list[str], list[int]]]:
    val_x, val_y = read_split(data, "val")
    test_x, test_y = read_split(data, "test")
    train = (val_x + test_x[:REPORT_START], val_y + test_y[:REPORT_START])
    report = (test_x[REPORT_START:], test_y[REPORT_START:])
    return train, report


def topical(name: str) -> bool:
    """A word or bigram feature ("w:", "n:", "b:") holding a topic word; dense "d:" features never are."""
    kind, _, words = name.partition(":")
    return kind != "d" and any(w in TOPIC_WORDS for w in words.split())


def build_vocab(feats: list[dict[str, float]]) -> dict[str, int]:
    df = Counter(k for f in feats for k in f)
    names = sorted(k for k, c in df.items() if (c >= MIN_DF or k.startswith("d:")) and not topical(k))
    return {k: i for i, k in enumerate(names)}


def matrix(feats: list[dict[str, float]], vocab: dict[str, int]) -> Any:
    from scipy import sparse  # type: ignore[import-untyped]

    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        for name, value in f.items():
            if name in vocab and value:
                rows.append(r)
                cols.append(vocab[name])
                vals.append(value)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(vocab)))


def macro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    f1s = []
    for c in range(3):
        tp = np.sum((y == c) & (pred == c))
        f1s.append(2 * tp / max(np.sum(y == c) + np.sum(pred == c), 1))
    return float(np.mean(f1s))


def _model(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    return LogisticRegression(C=c, max_iter=2000)


def cross_validate(x: Any, y: np.ndarray, folds: int = 5) -> tuple[float, float]:
    """Pick C and the negative-class shift by 5-fold CV on TRAIN only (macro F1).

    The vocabulary is built on all of TRAIN, which leaks only which rare n-grams exist (not labels) into
    each fold - harmless for choosing two constants. The shift is added to the negative logit: TRAIN mixes
    val (16% negative) with test (32%), and for the agent a missed angry customer costs more than a
    false alarm, so the decision threshold is tuned instead of inheriting TRAIN's prior.
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_predict  # type: ignore[import-untyped]

    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for c in C_GRID:
        split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
        logp = np.log(cross_val_predict(_model(c), x, y, cv=split, method="predict_proba") + 1e-12)
        for shift in SHIFT_GRID:
            score = macro_f1(y, (logp + np.array([shift, 0.0, 0.0])).argmax(axis=1))
            print(f"  C={c:g} negative shift={shift:.1f}: CV macro F1 {score:.4f}")
            best = max(best, (score, c, shift))
    return best[1], best[2]


def choose_support_weight(x: Any, y: np.ndarray, support_x: Any, support_y: np.ndarray, c: float,
                          folds: int = 5) -> tuple[float, float]:
    """The support rows' sample weight and the negative shift, by CV over the support rows (macro F1)."""
    from scipy import sparse
    from sklearn.model_selection import StratifiedKFold

    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for weight in SUPPORT_WEIGHTS:
        logp = np.zeros((len(support_y), 3))
        for fit, held in split.split(support_x, (support_y == 0).astype(int)):
            model = _model(c).fit(sparse.vstack([x, support_x[fit]]), np.concatenate([y, support_y[fit]]),
                                  sample_weight=np.concatenate([np.ones(len(y)), np.full(len(fit), weight)]))
            logp[held] = np.log(model.predict_proba(support_x[held]) + 1e-12)
        for shift in SHIFT_GRID:
            score = macro_f1(support_y, (logp + np.array([shift, 0.0, 0.0])).argmax(axis=1))
            print(f"  support weight={weight:g} negative shift={shift:.1f}: CV macro F1 {score:.4f}")
            best = max(best, (score, weight, shift))
    return best[1], best[2]


def export(w: np.ndarray, b: np.ndarray, vocab: dict[str, int], c: float, shift: float) -> dict[str, object]:
    w = w - w.mean(axis=1, keepdims=True)  # softmax is shift-invariant per feature; centring shrinks the JSON
    weights = {name: [round(float(x), 4) for x in w[i]] for name, i in vocab.items()
               if np.abs(w[i]).max() >= PRUNE_BELOW}
    return {
        "format": 1,
        "classes": list(sentiment.LABELS),
        "trained_on": f"tweeteval-sentiment val + test[:{REPORT_START}], hashtags cut, topic words dropped; "
                      f"{SUPPORT_TUNE.name}",
        "trainer": "scikit-learn LogisticRegression (multinomial, lbfgs)",
        "c": c,
        "negative_shift": shift,  # already folded into bias[0]
        "bias": [round(float(x), 4) for x in b + np.array([shift, 0.0, 0.0]) - b.mean()],
        "weights": weights,
    }


def read_support(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=sentiment.WEIGHTS_PATH)
    args = parser.parse_args()
    (train_x, train_y), (report_x, report_y) = splits(args.data)
    print(f"train {len(train_x)} messages, report {len(report_x)} messages")
    feats = [sentiment.features(_HASHTAG.sub(" ", t))[0] for t in train_x]
    support_texts, support_labels = read_support(SUPPORT_TUNE)
    support_feats = [sentiment.features(t)[0] for t in support_texts]
    vocab = build_vocab(feats + support_feats)
    x, y = matrix(feats, vocab), np.array(train_y)
    support_x = matrix(support_feats, vocab)
    support_y = np.array([sentiment.LABELS.index(label) for label in support_labels])
    print(f"{len(vocab)} features (min df {MIN_DF}, topic words dropped), {len(support_y)} support rows")
    c, _tweet_shift = cross_validate(x, y)
    weight, shift = choose_support_weight(x, y, support_x, support_y, c)
    from scipy import sparse

    model = _model(c).fit(sparse.vstack([x, support_x]), np.concatenate([y, support_y]),
                          sample_weight=np.concatenate([np.ones(len(y)), np.full(len(support_y), weight)]))
    w, b = np.asarray(model.coef_).T, np.asarray(model.intercept_)
    args.out.write_text(json.dumps(export(w, b, vocab, c, shift), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB), C={c:g}, support weight={weight:g}, "
          f"negative shift={shift}")
    if args.out.resolve() != sentiment.WEIGHTS_PATH.resolve():
        print("(not the shipped weights: the figures below are the shipped model's)")
    sentiment._weights.cache_clear()
    result = sentiment.evaluate(report_x, [str(label) for label in report_y])
    print("REPORT split:", json.dumps({k: round(v, 4) for k, v in result.items()}))
    if SUPPORT_REPORT.exists():
        result = sentiment.evaluate(*read_support(SUPPORT_REPORT))
        print("SUPPORT report half:", json.dumps({k: round(v, 4) for k, v in result.items()}))


if __name__ == "__main__":
    main()
