"""`assist eval sentiment`: accuracy of the sentiment model on labelled text (CSV or a TweetEval folder)."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import Any

from assist.analysis import sentiment
from assist.base import textfiles
from assist.base.errors import InputError
from assist.cli.context import Context

DEFAULT_MAP = "0=negative,1=neutral,2=positive"
MAX_CSV_BYTES = 500 * 1024 * 1024


def register_under(esub: Any, common: argparse.ArgumentParser) -> None:
    p = esub.add_parser("sentiment", parents=[common],
                        help="accuracy, macro F1 and negative F1 of per-message sentiment on labelled text")
    p.add_argument("--data", type=Path, required=True, metavar="FILE.csv",
                   help="CSV with text and label columns, or a TweetEval folder (<split>_text.txt/_labels.txt)")
    p.add_argument("--text-column", default="text")
    p.add_argument("--label-column", default="label")
    p.add_argument("--label-map", default=DEFAULT_MAP, help=f"raw label to negative/neutral/positive ({DEFAULT_MAP})")
    p.add_argument("--split", default="test", help="TweetEval split (default test)")
    p.add_argument("--rows", default="", metavar="START:END", help="only these rows (0-based, END excluded)")
    p.set_defaults(handler=cmd_eval_sentiment)


def _label_map(text: str) -> dict[str, str]:
    mapping = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        raw, _, name = pair.partition("=")
        if name not in sentiment.LABELS:
            raise InputError(f"{pair!r}: the label must map to one of {', '.join(sentiment.LABELS)}",
                             field="--label-map")
        mapping[raw.strip()] = name
    return mapping


def _read_csv(path: Path, text_column: str, label_column: str) -> tuple[list[str], list[str]]:
    source = "stdin" if textfiles.is_stdin(path) else str(path)
    reader = csv.DictReader(io.StringIO(textfiles.read_text_file(path, MAX_CSV_BYTES), newline=""))
    missing = {text_column, label_column} - set(reader.fieldnames or [])
    if missing:
        raise InputError(f"no column {sorted(missing)[0]!r} in the header", source=source)
    rows = [(row[text_column] or "", (row[label_column] or "").strip()) for row in reader]
    return [t for t, _ in rows], [label for _, label in rows]


def _row_window(value: str) -> slice:
    """"6142:", ":500", "10:20" -> a slice; anything else is one clear error naming the flag."""
    start, colon, end = value.partition(":")
    try:
        if not colon:
            raise ValueError
        return slice(int(start) if start.strip() else None, int(end) if end.strip() else None)
    except ValueError:
        raise InputError(f"{value!r} is not START:END (whole numbers, either may be left out: 6142: or :500)",
                         field="--rows") from None


def _read_tweeteval(folder: Path, split: str) -> tuple[list[str], list[str]]:
    texts, labels = folder / f"{split}_text.txt", folder / f"{split}_labels.txt"
    if not texts.exists() or not labels.exists():
        raise InputError(f"expected {texts.name} and {labels.name}", source=str(folder))
    return (texts.read_text(encoding="utf-8").splitlines(),
            [line.strip() for line in labels.read_text(encoding="utf-8").splitlines()])


def cmd_eval_sentiment(args: argparse.Namespace, ctx: Context) -> Any:
    mapping = _label_map(args.label_map)
    if not textfiles.is_stdin(args.data) and args.data.is_dir():
        texts, raw = _read_tweeteval(args.data, args.split)
    else:
        texts, raw = _read_csv(args.data, args.text_column, args.label_column)
    if args.rows:
        window = _row_window(args.rows)
        texts, raw = texts[window], raw[window]
    labels = [mapping.get(label, label) for label in raw]
    unknown = sorted({label for label in labels if label not in sentiment.LABELS})
    if unknown:
        raise InputError(f"label {unknown[0]!r} is not mapped; use --label-map", source=str(args.data))
    report = sentiment.evaluate(texts, labels)
    return {key: round(value, 4) if isinstance(value, float) else value for key, value in report.items()}
