"""`assist eval rewrite`'s measurement (eval/rewrite_eval.py) on a labelled case with the fake engine: the
figures follow from the rewrites made, and bad labels are refused with the field named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.base.errors import InputError
from assist.domain import playbook
from assist.eval import rewrite_eval
from assist.llm import catalog
from assist.llm.engines.fake import FakeEngine
from assist.workspace.workspace import default_playbook_text

DATA = Path(__file__).resolve().parents[2] / "data" / "rewrite"
DRAFT = ("Hi Dana, I'm so sorry about this. I checked order 4412 and it really did get lost. I've refunded $150 "
         "to your card, and it should show within 5 business days. Thanks so much for your patience. Sam")


def write_case(tmp_path: Path, conversation_dict: dict, rewrite: object) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({**conversation_dict, "_rewrite": rewrite}) + "\n", encoding="utf-8")
    return path


def test_the_figures_follow_from_the_rewrites(tmp_path: Path, conversation_dict: dict) -> None:
    cases = rewrite_eval.load_cases(write_case(tmp_path, conversation_dict,
                                               {"text": DRAFT, "values": ["4412", "$150", "5 business days"]}))
    assert [c.actions for c in cases] == [["shorter", "friendlier", "formal", "grammar", "expand"]]
    good = "Hi Dana, order 4412 was lost, so I've refunded $150; it shows within 5 business days. Sam"
    engine = FakeEngine(good)  # right for shorter; too short for the others, whose rules then stand in
    pb = playbook.parse(default_playbook_text(), "starter")
    report, records = rewrite_eval.evaluate(cases, engine, pb, actions=["shorter", "expand", "formal"])
    shorter = report["actions"]["shorter"]
    assert shorter["shown"] == 1.0 and shorter["first_try"] == 1.0 and shorter["by_rules"] == 0.0
    assert shorter["length_ratio"] == round(len(good) / len(DRAFT), 3) and shorter["facts_kept"] == 1.0
    expand = report["actions"]["expand"]
    assert expand["model_shown"] == 0.0 and expand["by_rules"] == 1.0 and expand["shown"] == 1.0
    assert expand["length_ratio"] > 1.1 and expand["facts_kept"] == 1.0 and expand["language_kept"] == 1.0
    assert [r["action"] for r in records] == ["shorter", "formal", "expand"]
    assert report["overall"]["n"] == 3 and report["meets_targets"]["shorter_length_ratio"]


def test_translate_is_measured_where_the_customer_writes_another_language(tmp_path: Path,
                                                                          conversation_dict: dict) -> None:
    conversation_dict["customer"]["language"] = "es"
    cases = rewrite_eval.load_cases(write_case(tmp_path, conversation_dict, {"text": DRAFT, "values": []}))
    assert "translate" in cases[0].actions
    pb = playbook.parse(default_playbook_text(), "starter")
    # With an engine that cannot translate (the fake one's id is no catalogue tier, as the built-in model):
    # reported as not offered and not shown, with the reason, and the targets say not every action was.
    report, records = rewrite_eval.evaluate(cases, FakeEngine("Hola Dana, el pedido 4412. Sam"), pb,
                                            actions=["translate", "formal"])
    translate = report["actions"]["translate"]
    assert translate["offered"] == 0.0 and translate["shown"] == 0.0 and "model server" in translate["not_offered"]
    assert report["actions"]["formal"]["offered"] == 1.0 and "not_offered" not in report["actions"]["formal"]
    assert report["meets_targets"]["all_offered"] is False
    assert next(r for r in records if r["action"] == "translate")["attempts"] == 0


@pytest.mark.parametrize("rewrite, field", [
    (None, "c-1._rewrite"), ({"text": "  "}, "c-1._rewrite"),
    ({"text": DRAFT, "values": ["$999"]}, "c-1._rewrite.values"),
])
def test_bad_labels_name_the_field(tmp_path: Path, conversation_dict: dict, rewrite: object, field: str) -> None:
    path = write_case(tmp_path, conversation_dict, rewrite)
    with pytest.raises(InputError, match=field.replace(".", r"\.")):
        rewrite_eval.load_cases(path)


def test_the_shipped_halves_load_and_are_apart() -> None:
    tune, report = rewrite_eval.load_cases(DATA / "tune.jsonl"), rewrite_eval.load_cases(DATA / "report.jsonl")
    assert len(tune) >= 12 and len(report) >= 12
    assert not {c.conversation.id for c in tune} & {c.conversation.id for c in report}
    assert all(c.values for c in tune + report)


def test_on_the_built_in_model_the_rules_go_first(tmp_path: Path, conversation_dict: dict) -> None:
    cases = rewrite_eval.load_cases(write_case(tmp_path, conversation_dict,
                                               {"text": DRAFT, "values": ["4412", "$150", "5 business days"]}))
    engine = FakeEngine("Hi Dana, order 4412 was lost; refunded $150, 5 business days. Sam")
    engine.model_id = catalog.find().id  # the built-in model: a catalogue entry without a RAM tier
    pb = playbook.parse(default_playbook_text(), "starter")
    report, records = rewrite_eval.evaluate(cases, engine, pb, actions=["shorter"])
    shorter = report["actions"]["shorter"]
    assert shorter["shown"] == 1.0 and shorter["by_rules"] == 1.0 and shorter["facts_kept"] == 1.0
    assert records[0]["attempts"] == 0  # the model was never asked: its rewrites rarely pass, after 20-50 s
