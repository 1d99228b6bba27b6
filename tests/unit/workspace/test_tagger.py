"""Tagging in a workspace: the model step among taxonomy labels (fake engine), re-tagging the store, training
from agents' corrections, and `assist tag` / `assist tagger` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.analysis import tagging
from assist.base.errors import Cancelled
from assist.base.vocab import TagKind, TagSource
from assist.cli import main
from assist.domain import conversation
from assist.llm.engines.fake import FakeEngine
from assist.workspace import tag_reasons
from assist.workspace.tagger import WorkspaceTagger
from assist.workspace.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.open(tmp_path / "ws")
    yield ws
    ws.close()


def _tagger(ws: Workspace) -> WorkspaceTagger:
    return WorkspaceTagger(ws.store, ws.playbook, ws.data_dir)


def _conv(cid: str, text: str) -> conversation.Conversation:
    return conversation.from_dict({"id": cid, "channel": "email", "messages": [{"role": "customer", "text": text}]})


def test_the_model_step_chooses_only_among_taxonomy_labels(workspace: Workspace) -> None:
    engine = FakeEngine()  # answers the schema's first enum member: the best rule-scored label
    vague = _conv("v-1", "I need help with the refund or maybe a return, not sure which")
    tags = _tagger(workspace).tag(vague, engine)
    enum = engine.params[-1].json_schema["properties"]["reason"]["enum"]
    assert enum[:2] in (["refund", "return"], ["return", "refund"])  # the rules' shortlist goes first
    assert (tags[0].value, tags[0].source) == (enum[0], TagSource.LLM)
    assert set(enum) == {c.id for c in workspace.playbook().taxonomy} | {"unknown"}
    assert _tagger(workspace).tag(_conv("v-2", "refund for order 12 please"), engine)[0].source == TagSource.RULE


def test_a_failing_or_inventive_model_gives_unknown(workspace: Workspace) -> None:
    class Broken(FakeEngine):
        def generate(self, *args: object, **kwargs: object) -> object:
            raise RuntimeError("model crashed")

    vague = _conv("v-1", "hello, question about something")
    playbook = workspace.playbook()
    assert tag_reasons.choose(vague, playbook, Broken(), {}).value == "unknown"
    schema = tag_reasons.reason_schema(["refund"])
    assert schema["properties"]["reason"]["enum"] == ["refund", "unknown"]


def test_re_tagging_reports_progress_keeps_agents_tags_and_can_be_cancelled(workspace: Workspace) -> None:
    workspace.store.conversations.import_all([_conv(f"c-{i}", "where is my order? tracking shows nothing")
                                              for i in range(7)])
    tagger = _tagger(workspace)
    workspace.store.tags.set_by_agent("c-3", TagKind.CONTACT_REASON, "delivery_delay")
    seen: list[tuple[int, int]] = []
    result = tagger.retag_all(progress=lambda done, total: seen.append((done, total)))
    assert result["tagged"] == 7 and seen[-1] == (7, 7)
    reasons = {cid: workspace.store.tags.get(cid)[0].value for cid in workspace.store.conversations.ids()}
    assert reasons["c-3"] == "delivery_delay" and reasons["c-1"] == "order_status"
    assert len(workspace.store.tags.get("c-1")) == len(TagKind)
    with pytest.raises(Cancelled):
        tagger.retag_all(cancelled=lambda: True)


def test_agents_corrections_become_training_rows(workspace: Workspace) -> None:
    workspace.store.conversations.import_all([_conv("c-1", "my parcel is stuck in customs"),
                                              _conv("c-2", "please refund me")])
    workspace.store.tags.set_by_agent("c-1", TagKind.CONTACT_REASON, "order_status")
    workspace.store.tags.set_by_agent("c-2", TagKind.CONTACT_REASON, "")  # removed: not a label
    assert _tagger(workspace).from_store() == (["my parcel is stuck in customs"], ["order_status"])


_PHRASES = {
    "order_status": ["where is my order", "tracking shows nothing", "has my order shipped", "order status please"],
    "refund": ["I want a refund", "money back please", "refund my payment", "when is my refund coming"],
    "account_access": ["cannot log in", "password reset fails", "locked out of my account", "forgot my password"],
}


def _csv(path: Path, labels: dict[str, list[str]], repeat: int) -> Path:
    rows = ["text,label"] + [f"{p} {n},{label}" for label, phrases in labels.items() for p in phrases
                             for n in range(repeat)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip().startswith("{") else {}


def test_cli_train_eval_and_tag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = ["--data-dir", str(tmp_path / "ws")]
    good = _csv(tmp_path / "good.csv", _PHRASES, 6)
    code, trained = _run(capsys, *ws, "tagger", "train", "--data", str(good), "--json")
    assert code == 0 and trained["installed"] is True and trained["previous"] is None
    assert set(trained) >= {"train_s", "validation"} and trained["validation"]["n"] > 0
    code, figures = _run(capsys, *ws, "tagger", "eval", "--data", str(good), "--json")
    assert code == 0 and {"accuracy", "macro_f1", "per_label", "confused", "ms_per_item", "coverage",
                          "unknown_recall", "n"} <= set(figures)
    assert figures["accuracy"] > 0.8 and figures["unknown_recall"] is None
    code, again = _run(capsys, *ws, "tagger", "train", "--data", str(good), "--json")
    assert code == 0 and again["previous"]["full_coverage_accuracy"] > 0.8  # compared on the same rows
    conv = tmp_path / "c.json"
    conv.write_text(json.dumps({"id": "x", "channel": "chat", "messages": [
        {"role": "customer", "text": "where is my order, tracking shows nothing"}]}), encoding="utf-8")
    code, tagged = _run(capsys, *ws, "tag", "--conversation", str(conv), "--no-model", "--json")
    assert code == 0 and [t["kind"] for t in tagged["tags"]] == list(TagKind)
    assert tagged["tags"][0]["value"] == "order_status" and tagged["tags"][0]["source"] == "model"


def test_a_better_installed_model_is_kept_unless_forced(workspace: Workspace, tmp_path: Path) -> None:
    from assist.analysis import tagging_data, tagging_train

    texts, labels = tagging_data.read_labelled(_csv(tmp_path / "good.csv", _PHRASES, 6))
    first = tagging_train.train(texts, labels)
    tagger = _tagger(workspace)
    assert tagger.install(first.model, first.validation, first.held_out).installed
    worse = {**first.validation, "full_coverage_accuracy": 0.2}
    kept = tagger.install(first.model, worse, first.held_out)
    assert not kept.installed and kept.old is not None and kept.old["full_coverage_accuracy"] > 0.8
    assert tagger.install(first.model, worse, first.held_out, force=True).installed


def test_cli_bad_training_data_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = tmp_path / "one.csv"
    one.write_text("text,label\nhello,a\nhi,a\n", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "ws"), "tagger", "train", "--data", str(one)]) == 2
    err = capsys.readouterr().err
    assert "one.csv: only one label" in err and "Traceback" not in err
    assert main(["--data-dir", str(tmp_path / "ws"), "tagger", "eval", "--data", str(one)]) == 2
    assert "no trained tagger" in capsys.readouterr().err


def test_unknown_stays_a_valid_answer(workspace: Workspace) -> None:
    assert _tagger(workspace).tag(_conv("u", "hmm"))[0].value == tagging.UNKNOWN


def test_cli_trains_from_agents_corrections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "ws"
    ws = Workspace.open(data_dir)
    try:
        rows = [(label, p) for label, phrases in _PHRASES.items() for p in phrases]
        ws.store.conversations.import_all([_conv(f"c-{i}-{n}", f"{p} {n}") for i, (_, p) in enumerate(rows)
                                           for n in range(3)])
        for i, (label, _) in enumerate(rows):
            for n in range(3):
                ws.store.tags.set_by_agent(f"c-{i}-{n}", TagKind.CONTACT_REASON, label)
    finally:
        ws.close()
    code, trained = _run(capsys, "--data-dir", str(data_dir), "tagger", "train", "--from-store", "--json")
    assert code == 0 and trained["installed"] and trained["validation"]["n"] >= 3
    code, shown = _run(capsys, "--data-dir", str(data_dir), "tagger", "show", "--json")
    assert shown["installed"] and shown["n_train"] == 36 and set(shown["labels"]) == set(_PHRASES)
    assert main(["--data-dir", str(tmp_path / "empty"), "tagger", "train", "--from-store"]) == 2
    assert "no contact reasons confirmed or corrected by agents yet" in capsys.readouterr().err


def test_automation_candidate_is_the_lead_views_ranking(tmp_path: Path) -> None:
    from assist.analytics import figures
    from assist.workspace.tagger import TOP_CANDIDATES

    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    try:
        _tagger(ws).retag_all()
        figures.refresh(ws.store)
        tagger = _tagger(ws)  # a tagger reads the ranking at most every RANKING_TTL_S
        top = tagger.candidate_reasons()
        assert top is not None and 0 < len(top) <= TOP_CANDIDATES
        for conv in ws.store.conversations.all()[:12]:
            tags = {t.kind: t for t in tagger.tag(conv)}
            expected = "yes" if tags[TagKind.CONTACT_REASON].value in top else "no"
            assert tags[TagKind.AUTOMATION_CANDIDATE].value == expected
    finally:
        ws.close()
    fresh = Workspace.open(tmp_path / "fresh")
    try:  # no history yet: nothing ranks, so no conversation is a candidate
        tag = {t.kind: t for t in _tagger(fresh).tag(_conv("x", "where is my order"))}[TagKind.AUTOMATION_CANDIDATE]
        assert (tag.value, tag.confidence) == ("no", 0.3)
    finally:
        fresh.close()
