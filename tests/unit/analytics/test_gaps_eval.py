"""`assist eval gaps` on the public labelled data (skipped when ../shared/data is absent): the grouping is far
purer than chance on the held-out halves, and the figures come out as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.cli import main
from assist.eval import gaps_eval

pytestmark = pytest.mark.skipif(not (gaps_eval.SHARED / "banking77" / "test.csv").exists(),
                                reason="../shared/data is not here")


def test_grouping_puts_the_same_intent_together_on_held_out_messages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "gaps", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    report = out["report_banking77_test"]
    assert report["messages"] == gaps_eval.SAMPLE and report["intents"] == 77
    # One group per message would score precision 1 and recall ~1/13; chance-level grouping ~1/77 precision.
    assert report["bcubed_precision"] > 0.5 and report["bcubed_f1"] > 0.25
    assert out["report_bitext_odd"]["bcubed_precision"] > 0.5
    assert len(out["tune_banking77_train"]) == len(gaps_eval.THRESHOLDS)


def test_missing_data_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(gaps_eval.InputError, match="public labelled data is not here"):
        gaps_eval.run(tmp_path)
