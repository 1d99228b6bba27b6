"""`assist eval gaps`: how well knowledge-gap grouping puts the same question together, on public labelled
customer messages (../shared/data): banking77 (77 intents) and bitext (27 intents).

Each message is a gap question and its intent the truth; no contact reason is given (the grouping must work
from the words alone). Scored with B-cubed precision (how pure the group of each message is), recall (how much
of its intent its group holds) and F1, plus the number of groups against the number of intents. Split:
tune = 1,000 messages of banking77 train.csv (where SIMILAR was chosen, every threshold reported), report =
1,000 of banking77 test.csv and 1,000 of bitext's odd rows (never tuned on), at the shipped SIMILAR only.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path
from typing import Any

from assist.analytics import gaps
from assist.base.errors import InputError

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SAMPLE = 1000
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4)


def _rows(path: Path, text: str, label: str, *, odd_only: bool = False) -> list[dict[str, str]]:
    if not path.exists():
        raise InputError("the public labelled data is not here (see ../shared/data/README.md)", source=str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for i, r in enumerate(csv.DictReader(handle)) if not odd_only or i % 2 == 1]
    random.Random(0).shuffle(rows)  # a fixed sample: the same rows every run
    return [{"id": str(i), "question": r[text], "reason": "unknown", "label": r[label]}
            for i, r in enumerate(rows[:SAMPLE])]


def bcubed(rows: list[dict[str, str]], similar: float) -> dict[str, Any]:
    clusters = gaps.cluster(rows, similar)
    of: dict[str, int] = {}
    for n, c in enumerate(clusters):
        for r in c["rows"]:
            of[r["id"]] = n
    sizes = Counter(of.values())
    labels = Counter(r["label"] for r in rows if r["id"] in of)
    both = Counter((of[r["id"]], r["label"]) for r in rows if r["id"] in of)
    scored = [r for r in rows if r["id"] in of]
    precision = sum(both[(of[r["id"]], r["label"])] / sizes[of[r["id"]]] for r in scored) / len(scored)
    recall = sum(both[(of[r["id"]], r["label"])] / labels[r["label"]] for r in scored) / len(scored)
    return {"similar": similar, "messages": len(scored), "groups": len(clusters), "intents": len(labels),
            "bcubed_precision": round(precision, 3), "bcubed_recall": round(recall, 3),
            "bcubed_f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0}


def run(shared: Path = SHARED) -> dict[str, Any]:
    tune = _rows(shared / "banking77" / "train.csv", "text", "category")
    report_b77 = _rows(shared / "banking77" / "test.csv", "text", "category")
    report_bitext = _rows(shared / "bitext" / "bitext-customer-support-4514.csv", "instruction", "intent",
                          odd_only=True)
    return {"similar": gaps.SIMILAR, "tune_banking77_train": [bcubed(tune, t) for t in THRESHOLDS],
            "report_banking77_test": bcubed(report_b77, gaps.SIMILAR),
            "report_bitext_odd": bcubed(report_bitext, gaps.SIMILAR),
            "credit": "banking77 (PolyAI, CC BY 4.0); bitext customer-support dataset (CDLA-Sharing 1.0)"}
