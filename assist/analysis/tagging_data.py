"""Labelled text for the contact-reason classifier: reading a CSV strictly, and the figures of a run.

The CSV is read as a stream and refused past MAX_ROWS, so a million-row file costs a bounded amount of
memory and gets one clear error instead of swapping the workstation. Every refusal names the file and, where
there is one, the row.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assist.analysis.tagging_model import UNKNOWN
from assist.base.errors import InputError

MAX_ROWS = 200_000
MAX_TEXT_CHARS = 20_000


def read_labelled(path: Path, text_column: str = "text", label_column: str = "label",
                  max_rows: int = MAX_ROWS) -> tuple[list[str], list[str]]:
    """(texts, labels) from a CSV with a header; extra columns are ignored."""
    source = str(path)
    texts: list[str] = []
    labels: list[str] = []
    csv.field_size_limit(MAX_TEXT_CHARS * 4)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            missing = [c for c in (text_column, label_column) if c not in columns]
            if missing:
                raise InputError(f"no column {', '.join(map(repr, missing))} (columns: {', '.join(columns) or 'none'})",
                                 source=source, hint="name them with --text-column / --label-column")
            for row in reader:
                line = reader.line_num
                if len(texts) >= max_rows:
                    raise InputError(f"more than {max_rows:,} rows; train on a sample of at most that many",
                                     source=source)
                text, label = (row.get(text_column) or "").strip(), (row.get(label_column) or "").strip()
                if not text:
                    raise InputError("empty text", source=source, field=f"line {line}: {text_column}")
                if not label:
                    raise InputError("empty label", source=source, field=f"line {line}: {label_column}")
                texts.append(text[:MAX_TEXT_CHARS])
                labels.append(label)
    except FileNotFoundError as exc:
        raise InputError("no such file", source=source) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", source=source) from exc
    except csv.Error as exc:
        raise InputError(f"not a readable CSV: {exc}", source=source) from exc
    if not texts:
        raise InputError("no rows under the header", source=source)
    return texts, labels


def check_trainable(labels: Sequence[str], source: str) -> None:
    """Refuse data a classifier cannot learn or be validated on: one class, or a class with a single row."""
    counts = Counter(labels)
    if len(counts) < 2:
        raise InputError(f"only one label ({next(iter(counts))!r}); a classifier needs at least two", source=source)
    single = sorted(label for label, n in counts.items() if n < 2)
    if single:
        shown = ", ".join(single[:5]) + (f" and {len(single) - 5} more" if len(single) > 5 else "")
        raise InputError(f"{len(single)} label(s) with one example ({shown}); each needs at least two",
                         source=source, hint="add examples or merge the label into another")
    if UNKNOWN in counts:
        raise InputError(f"{UNKNOWN!r} is the tagger's abstain answer, not a label to train", source=source)


def figures(gold: Sequence[str], predicted: Sequence[str], unknown_label: str | None = None,
            ms_per_item: float | None = None) -> dict[str, Any]:
    """Accuracy over all rows ("unknown" is right only for rows labelled `unknown_label`), macro F1 over the
    gold labels, per-label precision/recall/F1, the most confused pairs, coverage (share not abstained),
    selective accuracy (accuracy where it answered) and unknown_recall (None when no row is unknown)."""
    n = len(gold)
    expected = [UNKNOWN if unknown_label is not None and g == unknown_label else g for g in gold]
    right = sum(e == p for e, p in zip(expected, predicted, strict=True))
    answered = [(e, p) for e, p in zip(expected, predicted, strict=True) if p != UNKNOWN]
    unknown_rows = [p for e, p in zip(expected, predicted, strict=True) if e == UNKNOWN]
    per_label: dict[str, dict[str, float]] = {}
    for label in sorted(set(expected)):
        tp = sum(e == label and p == label for e, p in zip(expected, predicted, strict=True))
        n_pred = sum(p == label for p in predicted)
        n_gold = sum(e == label for e in expected)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "n": n_gold}
    confused = Counter((e, p) for e, p in zip(expected, predicted, strict=True) if e != p and p != UNKNOWN)
    return {
        "n": n,
        "accuracy": round(right / n, 4) if n else 0.0,
        "macro_f1": round(sum(v["f1"] for v in per_label.values()) / len(per_label), 4) if per_label else 0.0,
        "coverage": round(len(answered) / n, 4) if n else 0.0,
        "selective_accuracy": round(sum(e == p for e, p in answered) / len(answered), 4) if answered else None,
        "unknown_recall": round(sum(p == UNKNOWN for p in unknown_rows) / len(unknown_rows), 4)
        if unknown_rows else None,
        "ms_per_item": None if ms_per_item is None else round(ms_per_item, 3),
        "per_label": per_label,
        "confused": [{"label": e, "predicted": p, "n": k} for (e, p), k in confused.most_common(10)],
    }
