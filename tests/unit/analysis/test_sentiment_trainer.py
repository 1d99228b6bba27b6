"""tools/train_sentiment.py: scikit-learn learns the weights; topic words never become sentiment."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from assist.analysis import sentiment

pytest.importorskip("sklearn")
TRAINER = Path(__file__).resolve().parents[3] / "tools" / "train_sentiment.py"


@pytest.fixture(scope="module")
def trainer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_sentiment", TRAINER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_sentiment"] = module
    spec.loader.exec_module(module)
    return module


def test_topic_features_are_dropped_and_feelings_kept(trainer: ModuleType) -> None:
    assert trainer.topical("w:trump") and trainer.topical("b:the muslims") and trainer.topical("n:gay")
    assert trainer.topical("w:user") and trainer.topical("w:http")  # a mention or a link is tweet structure
    assert not trainer.topical("w:hate") and not trainer.topical("b:not happy") and not trainer.topical("d:lex_neg")
    feats = [sentiment.features(t)[0] for t in ("I hate trump", "I hate the delay", "obama is great",
                                                "great service")]
    vocab = trainer.build_vocab(feats)
    assert "w:hate" in vocab and "w:great" in vocab
    assert not any(trainer.topical(name) for name in vocab) and "w:trump" not in vocab and "w:obama" not in vocab


def test_trained_weights_are_what_the_app_reads(trainer: ModuleType, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(3)
    pools = {0: ["this is awful", "I hate waiting", "worst service ever", "still broken and useless"],
             1: ["my order number is 12", "I moved last week", "what time do you open", "the parcel is blue"],
             2: ["thank you so much", "great help, love it", "amazing, it works", "perfect, thanks a lot"]}
    texts, labels = [], []
    for label, pool in pools.items():
        for _ in range(30):
            texts.append(f"{rnd.choice(pool)} {rnd.choice(['today', 'now', 'again', ''])}".strip())
            labels.append(label)
    feats = [sentiment.features(t)[0] for t in texts]
    vocab = trainer.build_vocab(feats)
    x, y = trainer.matrix(feats, vocab), np.array(labels)
    c, shift = trainer.cross_validate(x, y)
    assert c in trainer.C_GRID and shift in trainer.SHIFT_GRID
    model = trainer._model(c).fit(x, y)
    document = trainer.export(np.asarray(model.coef_).T, np.asarray(model.intercept_), vocab, c, shift)
    out = tmp_path / "weights.json"
    out.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(sentiment, "WEIGHTS_PATH", out)
    sentiment._weights.cache_clear()
    try:
        assert sentiment.analyze("the worst, I hate this").label == "negative"
        assert sentiment.analyze("thank you so much, great help").label == "positive"
    finally:
        sentiment._weights.cache_clear()
