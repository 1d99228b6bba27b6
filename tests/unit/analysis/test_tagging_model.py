"""The contact-reason classifier: scikit-learn trains it, numpy alone tags with the saved coefficients."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from assist.analysis import tagging_data, tagging_model, tagging_train, tagging_vectors
from assist.analysis.tagging_features import terms, words
from assist.base.errors import Cancelled, InputError

sklearn = pytest.importorskip("sklearn")

_TEMPLATES = {
    "card_lost": ["I lost my card {x}", "my card was stolen {x}", "can't find my card anywhere {x}",
                  "someone took my card {x}"],
    "refund": ["I want my money back {x}", "please refund the order {x}", "how do I get a refund {x}",
               "refund for the broken item {x}"],
    "address": ["I moved, change my address {x}", "update the delivery address {x}", "wrong address on file {x}",
                "new address for my account {x}"],
}


def _rows(n_per_label: int = 30, seed: int = 1) -> tuple[list[str], list[str]]:
    rnd = random.Random(seed)
    fillers = ["today", "please", "asap", "thanks", "help", "now", "again", "urgently", "", "this week"]
    texts, labels = [], []
    for label, templates in _TEMPLATES.items():
        for _ in range(n_per_label):
            texts.append(rnd.choice(templates).format(x=rnd.choice(fillers)).strip())
            labels.append(label)
    return texts, labels


@pytest.fixture(scope="module")
def trained() -> tagging_train.TrainResult:
    texts, labels = _rows()
    return tagging_train.train(texts, labels, source="synthetic", coverage_floor=0.0)


def test_terms_hold_words_bigrams_and_character_runs() -> None:
    found = terms("Lost cards")
    assert {"w:lost", "w:cards", "w:lost cards", "c: l", "c:car", "c:rds ", "s:card", "s:lost card"} <= set(found)
    assert terms("") == []


def test_numpy_inference_matches_scikit_learn(trained: tagging_train.TrainResult) -> None:
    from sklearn import svm
    from sklearn.feature_extraction import text

    texts, labels = _rows()
    features = tagging_train.Features(text)
    svc = tagging_train.classifier(svm, trained.validation["c"], 0).fit(features.fit_transform(texts), labels)
    probes = ["my card is gone", "money back please", "I have a new address", "completely unrelated words"]
    expected = svc.decision_function(features.transform(probes))
    got = np.vstack([trained.model.scores(p) for p in probes])
    assert list(svc.classes_) == trained.model.labels
    np.testing.assert_allclose(got, expected, atol=1e-4)


def test_it_learns_and_abstains_on_gibberish(trained: tagging_train.TrainResult) -> None:
    model = trained.model
    assert model.predict("somebody stole my card").label == "card_lost"
    assert model.predict("please refund the order today").label == "refund"
    assert model.predict("zzqx vvv").label == tagging_model.UNKNOWN
    assert 0.0 < model.threshold <= 1.0
    assert trained.validation["n"] > 0 and "full_coverage_accuracy" in trained.validation


def test_the_coverage_floor_trades_answers_for_abstaining_on_the_least_sure() -> None:
    texts, labels = _rows()
    floored = tagging_train.train(texts, labels, coverage_floor=0.85)
    assert 0.8 <= floored.validation["coverage"] <= 0.9
    assert floored.model.threshold >= tagging_train.train(texts, labels, coverage_floor=0.0).model.threshold


def test_save_and_load_round_trip_with_its_metadata(tmp_path: Path, trained: tagging_train.TrainResult) -> None:
    tagging_model.save(trained.model, tmp_path / "tagger")
    loaded = tagging_model.load(tmp_path / "tagger")
    assert loaded is not None
    assert loaded.labels == trained.model.labels
    assert loaded.predict("my card was stolen").label == trained.model.predict("my card was stolen").label
    meta = tagging_model.read_meta(tmp_path / "tagger")
    assert meta is not None and meta["n_train"] == 90 and meta["source"] == "synthetic" and "trained_at" in meta
    assert tagging_model.load(tmp_path / "none") is None


def test_word_vectors_give_an_unseen_word_a_meaning_and_travel_with_the_model(
        tmp_path: Path, trained: tagging_train.TrainResult) -> None:
    model = trained.model
    assert tagging_vectors.available(), "wordllama is a dev dependency: the vectors must be tested"
    assert model.word_vectors is not None and model.meta["word_vectors"] == tagging_vectors.SOURCE
    texts, _labels = _rows()
    assert "disappeared" not in {w for t in texts for w in words(t)} and "disappeared" in model.word_index
    assert "w:disappeared" not in model.vocabulary  # no word term knows it (only character runs) ...
    assert np.linalg.norm(model.dense("disappeared")) > 0  # ... its vector does
    tagging_model.save(model, tmp_path / "tagger")
    loaded = tagging_model.load(tmp_path / "tagger")
    assert loaded is not None and loaded.word_vectors is not None
    for probe in ("my card disappeared", "refund the broken item", "zzqx"):
        np.testing.assert_allclose(loaded.scores(probe), model.scores(probe), atol=1e-4)


def test_a_format_1_model_without_vectors_still_tags(tmp_path: Path) -> None:
    texts, labels = _rows()
    sparse_only = tagging_train.train(texts, labels, vectors=False, coverage_floor=0.0).model
    assert sparse_only.word_vectors is None and sparse_only.meta["word_vectors"] is None
    folder = tmp_path / "tagger"
    tagging_model.save(sparse_only, folder)
    document = json.loads((folder / tagging_model.META_FILE).read_text(encoding="utf-8"))
    document["format"] = "assist-tagger/1"
    del document["vector_words"]
    (folder / tagging_model.META_FILE).write_text(json.dumps(document), encoding="utf-8")
    loaded = tagging_model.load(folder)
    assert loaded is not None and loaded.word_vectors is None
    assert loaded.predict("somebody stole my card").best == "card_lost"


def test_changed_weights_or_a_foreign_file_are_refused(tmp_path: Path, trained: tagging_train.TrainResult) -> None:
    folder = tmp_path / "tagger"
    tagging_model.save(trained.model, folder)
    weights = folder / tagging_model.WEIGHTS_FILE
    weights.write_bytes(weights.read_bytes() + b"x")
    with pytest.raises(InputError, match=r"does not match model\.json"):
        tagging_model.load(folder)
    (folder / tagging_model.META_FILE).write_text(json.dumps({"format": "pickle"}), encoding="utf-8")
    with pytest.raises(InputError, match="not an Assist tagger model"):
        tagging_model.load(folder)


def test_training_reports_progress_and_can_be_cancelled() -> None:
    texts, labels = _rows(10)
    steps: list[str] = []
    with pytest.raises(Cancelled):
        tagging_train.train(texts, labels, progress=lambda name, _done: steps.append(name),
                            cancelled=lambda: len(steps) >= 2)
    assert steps == ["features", "fitting C=0.3"]


def test_threshold_is_the_lowest_cut_that_keeps_the_target() -> None:
    confidence = np.array([0.99, 0.95, 0.9, 0.8, 0.7, 0.6])
    correct = np.array([True, True, True, False, True, False])
    assert tagging_train.choose_threshold(confidence, correct, 1.0) == 0.9
    assert tagging_train.choose_threshold(confidence, correct, 0.8) == 0.7
    # with a coverage floor of half the rows the cut rises to answer only those
    assert tagging_train.choose_threshold(confidence, correct, 0.8, coverage_floor=0.5) == 0.9
    assert tagging_train.choose_threshold(confidence, correct, 1.0, coverage_floor=0.2) == 0.95


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ("words,category\nhi,a\n", "no column 'text', 'label'"),
    ("text,label\nhello,a\n,b\n", "line 3: text: empty text"),
    ("text,label\n", "no rows under the header"),
    ("text,label\n\"unclosed,a\n", "rows|CSV|empty"),
])
def test_bad_csv_is_one_clear_error_naming_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = _csv(tmp_path, body)
    with pytest.raises(InputError, match=message) as caught:
        tagging_data.read_labelled(path)
    assert str(path) in str(caught.value)


def test_a_file_past_the_row_limit_is_refused_while_streaming(tmp_path: Path) -> None:
    path = _csv(tmp_path, "text,label\n" + "".join(f"row {i},a\n" for i in range(50)))
    with pytest.raises(InputError, match="more than 20 rows"):
        tagging_data.read_labelled(path, max_rows=20)


def test_untrainable_labels_are_refused() -> None:
    with pytest.raises(InputError, match="only one label"):
        tagging_data.check_trainable(["a", "a"], "f.csv")
    with pytest.raises(InputError, match="1 label\\(s\\) with one example \\(b\\)"):
        tagging_data.check_trainable(["a", "a", "b"], "f.csv")
    with pytest.raises(InputError, match="abstain answer"):
        tagging_data.check_trainable(["a", "a", "unknown", "unknown"], "f.csv")


def test_figures_count_unknown_right_only_for_out_of_scope_rows() -> None:
    gold = ["a", "b", "oos", "oos", "a"]
    predicted = ["a", "unknown", "unknown", "a", "b"]
    result = tagging_data.figures(gold, predicted, unknown_label="oos")
    assert result["accuracy"] == 0.4  # a right, oos->unknown right
    assert result["coverage"] == 0.6
    assert result["unknown_recall"] == 0.5
    assert result["selective_accuracy"] == round(1 / 3, 4)
    assert {"label": "a", "predicted": "b", "n": 1} in result["confused"]
    assert tagging_data.figures(["a"], ["a"])["unknown_recall"] is None
