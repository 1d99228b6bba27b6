"""The CLI points of issue 11, run in-process through `assist.cli.main` on a real workspace folder:
`export --id`, errors that carry a hint (also as --json, also for a bad command line), `check` that leaves
no database behind, `suggest --count`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.cli import main
from assist.domain import conversation


@pytest.fixture(autouse=True)
def no_process_wide_crash_log(monkeypatch: pytest.MonkeyPatch) -> None:
    """main() opens native-crash.log for faulthandler once per process and keeps it open for the process's
    life: right for the `assist` command, a file left open at exit when pytest calls main() in-process."""
    monkeypatch.setattr("assist.cli.logs.enable_native_crash_log", lambda directory=None: None)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str], conversation_file: Path,
              conversation_dict: dict) -> Path:
    data = tmp_path / "ws"
    second = {**conversation_dict, "id": "c-2", "subject": "Other"}
    extra = tmp_path / "second.json"
    extra.write_text(json.dumps(second), encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", str(data), "import", str(conversation_file), str(extra))
    assert code == 0, err
    return data


def test_export_one_conversation_as_the_object_suggest_reads(capsys, workspace: Path, tmp_path: Path,
                                                            conversation_dict: dict) -> None:
    code, out, err = run(capsys, "--data-dir", str(workspace), "export", "--id", "c-2")
    assert code == 0, err
    exported = json.loads(out)
    assert isinstance(exported, dict) and exported["id"] == "c-2" and exported["subject"] == "Other"
    target = tmp_path / "one.json"
    target.write_text(out, encoding="utf-8")
    assert conversation.load_one(target).messages[0].text == conversation_dict["messages"][0]["text"]
    code, out, err = run(capsys, "--data-dir", str(workspace), "export", "--id", "c-2", "--out", str(target))
    assert code == 0 and json.loads(target.read_text(encoding="utf-8"))["id"] == "c-2"
    code, out, err = run(capsys, "--data-dir", str(workspace), "export")
    assert [c["id"] for c in json.loads(out)] == ["c-1", "c-2"]  # without --id: every conversation, a list


def test_export_of_an_unknown_id_is_one_line_with_a_hint(capsys, workspace: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(workspace), "--json", "export", "--id", "c-404")
    assert code == 2
    payload = json.loads(out)
    assert payload["error"] == "--id: no conversation 'c-404' in this workspace"
    assert "assist export" in payload["hint"] and payload["exit_code"] == 2
    assert err.splitlines() == ["assist: error: --id: no conversation 'c-404' in this workspace",
                                f"assist: hint: {payload['hint']}"]


def test_every_json_error_carries_a_hint(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--json", "--data-dir", str(tmp_path / "ws"), "import", str(tmp_path / "no.json"))
    payload = json.loads(out)
    assert code == 2 and payload["error"].endswith("no.json: no such file")
    assert payload["hint"] == "see `assist import --help` for what it expects"
    assert err.splitlines()[-1] == f"assist: hint: {payload['hint']}"


@pytest.mark.parametrize("argv, message", [
    (("--json", "bogus"), "argument COMMAND: invalid choice: 'bogus'"),
    (("kb", "--json"), "the following arguments are required: ACTION"),
    (("suggest", "--json", "--count", "9", "--conversation", "x.json"), "argument --count: invalid choice: 9"),
])
def test_a_bad_command_line_is_one_line_and_json_too(capsys, argv: tuple[str, ...], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    payload = json.loads(out)
    assert payload["error"].startswith(message) and "--help" in payload["hint"]
    assert len(err.splitlines()) == 2 and "usage:" not in err


def test_check_without_a_workspace_creates_no_database(capsys, tmp_path: Path) -> None:
    data = tmp_path / "nothing-here"
    code, out, err = run(capsys, "--data-dir", str(data), "--json", "check", "--text",
                         "Please send me your full card number and the CVV.")
    assert code == 1, err  # the starter playbook's rules still apply: a card number request blocks
    assert any(f["severity"] == "block" for f in json.loads(out)["findings"])
    assert not data.exists()


def test_check_reads_the_workspace_playbook_without_opening_the_database(capsys, tmp_path: Path) -> None:
    data = tmp_path / "ws"
    data.mkdir()
    (data / "playbook.toml").write_text(
        '[company]\nname = "Northwind"\n\n[[rules]]\nid = "refund-cap"\nkind = "money_cap"\nseverity = "block"\n'
        'message = "Refunds above $100 need a team lead."\ncap = 100\napplies_to = ["refund"]\n', encoding="utf-8")
    code, out, _err = run(capsys, "--data-dir", str(data), "--json", "check", "--text",
                         "Hi Dana, I've issued a refund of $300 to your card today.")
    assert code == 1 and "refund-cap" in {f["rule"] for f in json.loads(out)["findings"]}
    assert sorted(p.name for p in data.iterdir()) == ["playbook.toml"]


@pytest.mark.allow_log("playbook error, no last good one")
def test_check_with_a_broken_workspace_playbook_warns_and_fails_closed(capsys, tmp_path: Path) -> None:
    data = tmp_path / "ws"
    data.mkdir()
    (data / "playbook.toml").write_text("[voice\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(data), "check", "--text", "Thanks, Dana!")
    assert code == 1 and "rules-unavailable" in out  # no last good playbook: nothing passes as clean (issue 10)
    assert err.startswith("assist: warning: the workspace playbook has an error") and "playbook.toml" in err


def test_suggest_count_one_is_the_help_centre_card_without_a_model(capsys, workspace: Path, tmp_path: Path,
                                                                  conversation_file: Path) -> None:
    article = tmp_path / "lost.md"
    article.write_text("# Lost parcels\n\nIf your order never arrived, we open a carrier claim and ship a "
                       "replacement within 2 business days.\n", encoding="utf-8")
    assert run(capsys, "--data-dir", str(workspace), "kb", "import", str(article))[0] == 0
    code, out, err = run(capsys, "--data-dir", str(workspace), "--json", "suggest", "--count", "1",
                         "--conversation", str(conversation_file))
    assert code == 0, err
    payload = json.loads(out)
    assert len(payload["suggestions"]) == 1
    assert "2 business days" in payload["suggestions"][0]["text"]
    assert payload["model"] == "From the help centre"
