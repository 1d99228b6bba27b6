"""Training the contact-reason classifier with scikit-learn (only here: tagging itself needs numpy alone).

TF-IDF over the blocks of tagging_features, plus the pooled word vectors of tagging_vectors when WordLlama
is installed, and a linear SVM (liblinear) with class-balanced weights. On banking77 the sparse blocks alone
tie the plain TF-IDF + SVM reference (0.912 against 0.913); the vectors add about 1 to 1.5 points on splits
of train.csv (0.900 -> 0.910 and 0.896 -> 0.913). A stratified share of the rows is held out: the SVM's C, the softmax
temperature that turns margins into a confidence, and the abstain threshold (the lowest that keeps the
held-out selective accuracy at the target) are chosen there; the figures of that held-out share are the
model's validation figures. The threshold then rises while at least COVERAGE_FLOOR of held-out rows are
still answered, so reasons never trained on are more often "unknown". The final coefficients are then
fitted on every row with those settings. Cancel is checked between steps.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from assist.analysis import tagging_vectors
from assist.analysis.tagging_data import check_trainable, figures
from assist.analysis.tagging_features import BLOCKS, pooled, words
from assist.analysis.tagging_model import ContactReasonModel
from assist.base.errors import Cancelled, EnvironmentProblem

C_GRID = (0.3, 0.5, 1.0)
TARGET_SELECTIVE_ACCURACY = 0.97
COVERAGE_FLOOR = 0.85  # abstain on up to this share's complement to catch reasons never trained on
Progress = Callable[[str, float], None]  # (step, fraction done)


@dataclass
class TrainResult:
    model: ContactReasonModel
    validation: dict[str, Any]
    train_s: float
    held_out: tuple[list[str], list[str]]  # the validation rows, so an installed model can be compared on them


def _sklearn() -> Any:
    try:
        from sklearn import feature_extraction, model_selection, svm  # type: ignore[import-untyped]
    except ImportError as exc:
        raise EnvironmentProblem("training the tagger needs scikit-learn, which is not installed",
                                 hint="pip install 'assist[train]' (tagging with a trained model does not need it)"
                                 ) from exc
    return feature_extraction.text, model_selection, svm


class Features:
    """One TfidfVectorizer per feature block (tagging_features.BLOCKS), side by side, each L2-normalised,
    then the dense block of pooled word vectors when there is a vector table (`vectors` and WordLlama)."""

    def __init__(self, text_module: Any, vectors: bool = True) -> None:
        self.vectorizers = [text_module.TfidfVectorizer(analyzer=block, sublinear_tf=True, dtype=np.float32)
                            for block in BLOCKS.values()]
        self.use_vectors = vectors
        self.word_index: dict[str, int] = {}
        self.word_vectors: np.ndarray | None = None

    def fit_transform(self, texts: Sequence[str]) -> Any:
        from scipy import sparse  # type: ignore[import-untyped]

        parts = [v.fit_transform(texts) for v in self.vectorizers]
        if self.use_vectors and (found := tagging_vectors.table({w for t in texts for w in words(t)})):
            self.word_index = {w: i for i, w in enumerate(found[0])}
            self.word_vectors = found[1].astype(np.float32)  # the float16 values tagging will read
        return sparse.hstack(parts + self._dense(texts)).tocsr()

    def transform(self, texts: Sequence[str]) -> Any:
        from scipy import sparse

        return sparse.hstack([v.transform(texts) for v in self.vectorizers] + self._dense(texts)).tocsr()

    def _dense(self, texts: Sequence[str]) -> list[Any]:
        from scipy import sparse

        table = self.word_vectors
        if table is None:
            return []
        rows = [pooled(table[[self.word_index[w] for w in words(t) if w in self.word_index]], table.shape[1])
                for t in texts]
        return [sparse.csr_matrix(np.vstack(rows).astype(np.float32))]

    def layout(self) -> tuple[dict[str, int], np.ndarray, list[tuple[int, int]]]:
        """The joint vocabulary (term -> column), idf and each block's column range."""
        vocabulary: dict[str, int] = {}
        idf, blocks, offset = [], [], 0
        for v in self.vectorizers:
            vocabulary.update((t, offset + int(i)) for t, i in v.vocabulary_.items())
            idf.append(np.asarray(v.idf_, dtype=np.float64))
            blocks.append((offset, offset + len(v.vocabulary_)))
            offset += len(v.vocabulary_)
        return vocabulary, np.concatenate(idf), blocks


def fit_temperature(margins: np.ndarray, gold: np.ndarray) -> float:
    """The softmax temperature with the lowest held-out log loss (a one-dimensional bounded search; the floor
    keeps a perfectly separated held-out share from making every confidence 1.0)."""
    from scipy.optimize import minimize_scalar  # type: ignore[import-untyped]

    def loss(t: float) -> float:
        z = margins / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(gold)), gold].mean())

    return float(minimize_scalar(loss, bounds=(0.05, 10.0), method="bounded").x)


def choose_threshold(confidence: np.ndarray, correct: np.ndarray, target: float,
                     coverage_floor: float = 0.0) -> float:
    """The abstain cut. First the lowest confidence whose answered rows are at least `target` accurate (the
    most coverage at that accuracy; if none reaches it, the best selective accuracy over at least 10% of rows).
    Then, if that still answers more than `coverage_floor` of the rows, the cut rises to answer just that share:
    the trained labels cannot show what an unseen reason looks like, but abstaining on the least sure rows is
    what catches one, and the floor says how much coverage that may cost."""
    order = np.argsort(-confidence)
    ranked = confidence[order]
    accuracy = np.cumsum(correct[order]) / np.arange(1, len(order) + 1)
    ok = np.nonzero(accuracy >= target)[0]
    if len(ok):
        cut = float(ranked[ok.max()])
    else:
        floor = max(1, len(order) // 10) - 1
        cut = float(ranked[floor + int(np.argmax(accuracy[floor:]))])
    if coverage_floor > 0:
        at_floor = float(ranked[max(0, int(np.ceil(coverage_floor * len(ranked))) - 1)])
        cut = max(cut, at_floor)
    return cut


def _model(features: Features, svc: Any, temperature: float, threshold: float, meta: dict[str, Any]
           ) -> ContactReasonModel:
    coef = np.asarray(svc.coef_, dtype=np.float64)
    bias = np.asarray(svc.intercept_, dtype=np.float64)
    labels = [str(c) for c in svc.classes_]
    if len(labels) == 2:  # a binary SVM has one row of coefficients: spread it over the two labels
        coef, bias = np.vstack([-coef[0] / 2, coef[0] / 2]), np.array([-bias[0] / 2, bias[0] / 2])
    vocabulary, idf, blocks = features.layout()
    return ContactReasonModel(labels=labels, vocabulary=vocabulary, idf=idf, weights=coef.T.copy(), bias=bias,
                              temperature=temperature, threshold=threshold, meta=meta, blocks=blocks,
                              word_index=features.word_index, word_vectors=features.word_vectors)


def classifier(svm: Any, c: float, seed: int) -> Any:
    """The linear SVM: class-balanced, since a team's history is rarely balanced across reasons."""
    return svm.LinearSVC(C=c, class_weight="balanced", random_state=seed)


def train(texts: Sequence[str], labels: Sequence[str], *, source: str = "", progress: Progress | None = None,
          cancelled: Callable[[], bool] = lambda: False, seed: int = 0, validation_share: float = 0.2,
          target: float = TARGET_SELECTIVE_ACCURACY, coverage_floor: float = COVERAGE_FLOOR,
          vectors: bool = True) -> TrainResult:
    """`vectors`: add the word-vector block when WordLlama is installed (False: the sparse blocks only)."""
    check_trainable(labels, source)
    text_module, model_selection, svm = _sklearn()
    started, cpu_started = time.perf_counter(), time.process_time()

    def step(name: str, done: float) -> None:
        if cancelled():
            raise Cancelled(name)
        if progress is not None:
            progress(name, done)

    n_labels = len(set(labels))
    share = max(validation_share, n_labels / len(labels))  # room for every label in the held-out share
    x_fit, x_val, y_fit, y_val = model_selection.train_test_split(list(texts), list(labels), test_size=share,
                                                                  random_state=seed, stratify=list(labels))
    step("features", 0.05)
    features = Features(text_module, vectors)
    a_fit = features.fit_transform(x_fit)
    a_val = features.transform(x_val)
    best: tuple[float, float, Any] | None = None
    for i, c in enumerate(C_GRID):
        step(f"fitting C={c}", 0.1 + 0.5 * i / len(C_GRID))
        svc = classifier(svm, c, seed).fit(a_fit, y_fit)
        accuracy = float((svc.predict(a_val) == np.asarray(y_val)).mean())
        if best is None or accuracy > best[0]:
            best = (accuracy, c, svc)
    assert best is not None
    _, c_best, svc = best
    step("calibrating", 0.65)
    margins = np.asarray(svc.decision_function(a_val), dtype=np.float64)
    if margins.ndim == 1:
        margins = np.column_stack([-margins / 2, margins / 2])
    gold_idx = np.searchsorted(svc.classes_, y_val)
    temperature = fit_temperature(margins, gold_idx)
    z = margins / temperature
    probs = np.exp(z - z.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    confidence, top = probs.max(axis=1), probs.argmax(axis=1)
    threshold = choose_threshold(confidence, top == gold_idx, target, coverage_floor)
    predicted = [str(svc.classes_[k]) if p >= threshold else "unknown" for k, p in zip(top, confidence, strict=True)]
    validation = figures(y_val, predicted)
    validation["full_coverage_accuracy"] = round(float((top == gold_idx).mean()), 4)
    validation.update(threshold=round(threshold, 4), temperature=round(temperature, 4), c=c_best)
    step("fitting on every row", 0.75)
    final_features = Features(text_module, vectors)
    final_svc = classifier(svm, c_best, seed).fit(final_features.fit_transform(list(texts)), list(labels))
    step("done", 1.0)
    train_s = time.perf_counter() - started
    # CPU time too: on a workstation shared with other work the wall clock says more about the others
    train_cpu_s = time.process_time() - cpu_started
    meta = {"trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "source": source,
            "n_train": len(texts), "n_validation": len(x_val), "n_labels": n_labels, "train_s": round(train_s, 2),
            "train_cpu_s": round(train_cpu_s, 2),
            "word_vectors": tagging_vectors.SOURCE if final_features.word_vectors is not None else None,
            "validation": {k: v for k, v in validation.items() if k not in ("per_label", "confused")}}
    return TrainResult(_model(final_features, final_svc, temperature, threshold, meta), validation, train_s,
                       (list(x_val), list(y_val)))
