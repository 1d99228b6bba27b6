"""`assist eval paste`: figures per half from labelled transcripts, and a bad data line named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.base.errors import InputError
from assist.eval import paste_eval


def test_each_half_is_scored_apart_and_a_wrong_label_costs() -> None:
    figures = paste_eval.run(paste_eval.DEFAULT_DATA)
    assert set(figures) == {"tune", "report"}
    for half in figures.values():
        assert half["transcripts"] >= 10 and 0.0 <= half["role_accuracy"] <= 1.0


def test_a_wrong_expectation_lowers_the_figures(tmp_path: Path) -> None:
    record = {"text": "Dana: hi\nJordan: hello", "agent_name": "Jordan", "customer_name": "Dana",
              "expect": [{"role": "customer", "author": "Dana"}, {"role": "agent", "author": "Jordan"}]}
    wrong = {**record, "expect": [{"role": "agent", "author": "Dana"}, {"role": "agent", "author": "Jordan"}]}
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(wrong) + "\n", encoding="utf-8")
    figures = paste_eval.run([path])["mixed"]
    assert figures["split_exact"] == 1.0 and figures["role_accuracy"] == 0.75


def test_a_line_without_text_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"agent_name": "x", "expect": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1: missing 'text'"):
        paste_eval.run([path])
