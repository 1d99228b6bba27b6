"""`assist eval sentiment` on a CSV and on the TweetEval report split (held out from training)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TWEETEVAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "tweeteval-sentiment"
REPORT_START = 6142  # tools/train_sentiment.py trains on val + test[:6142]; the rest is the report split


def test_csv_with_a_label_map(cli, tmp_path: Path) -> None:
    data = tmp_path / "labelled.csv"
    data.write_text("message,stars,extra\n"
                    "\"This is the THIRD time I ask, where is my refund???\",1,x\n"
                    "\"Thanks so much, the new kettle works perfectly!\",5,y\n"
                    "My order number is 4412.,3,z\n", encoding="utf-8")
    done = cli("--json", "eval", "sentiment", "--data", str(data), "--text-column", "message",
               "--label-column", "stars", "--label-map", "1=negative,3=neutral,5=positive")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"accuracy", "macro_f1", "negative_f1", "ms_per_message", "n"}
    assert report["n"] == 3 and report["accuracy"] >= 2 / 3


def test_unmapped_labels_and_missing_columns_are_named(cli, tmp_path: Path) -> None:
    data = tmp_path / "labelled.csv"
    data.write_text("text,label\nhello,7\n", encoding="utf-8")
    unmapped = cli("eval", "sentiment", "--data", str(data))
    assert unmapped.returncode == 2 and "label '7' is not mapped" in unmapped.stderr
    missing = cli("eval", "sentiment", "--data", str(data), "--text-column", "body")
    assert missing.returncode == 2 and "no column 'body'" in missing.stderr


@pytest.mark.skipif(not TWEETEVAL.exists(), reason="shared data not present")
def test_report_split_beats_plain_vader(cli) -> None:
    done = cli("--json", "eval", "sentiment", "--data", str(TWEETEVAL), "--rows", f"{REPORT_START}:")
    report = json.loads(done.stdout)
    print(report)
    assert report["n"] == 12284 - REPORT_START
    assert report["accuracy"] > 0.60 and report["negative_f1"] > 0.62  # plain VADER: 0.49 and 0.59
