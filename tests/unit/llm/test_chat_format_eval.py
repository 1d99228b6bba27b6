"""`assist eval chat-formats`: figures on the labelled template set, and one clear error for a bad row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.cli import main

DATA = Path(__file__).resolve().parents[2] / "data" / "chat_templates"


@pytest.mark.parametrize("half", ["tune", "report"])
def test_figures_on_each_half(half: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "chat-formats", "--data", str(DATA / f"{half}.jsonl"), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["templates"] == figures["mappable"] + figures["unmappable"] == 18
    assert figures["wrong_render"] == 0  # never a prompt in another family's tags
    assert figures["mapped_accuracy"] >= 0.9 and figures["refused_accuracy"] >= 0.9


def test_a_bad_row_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"model": "x", "template": "t", "expect": "alpaca"}\n', encoding="utf-8")
    assert main(["eval", "chat-formats", "--data", str(bad)]) == 2
    assert f"{bad}:1: expect: one of chatml, llama3, gemma, phi3, refuse" in capsys.readouterr().err
