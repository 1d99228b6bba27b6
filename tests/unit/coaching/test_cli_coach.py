"""`assist coach`: the JSON the issue names for a conversation file, --all over the store with skipping,
the acknowledge / dispute / resolve round trip, the draft check, and one-line errors with exit code 2."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assist.cli import main
from assist.domain.conversation import dumps
from tests.unit.coaching.test_score import FLAWED, GOOD

REPORT_KEYS = {"scored_as", "author", "criteria", "overall", "strengths", "improvements"}
CRITERION_KEYS = {"id", "score", "max", "weight", "critical", "method", "evidence", "suggestion"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_coach_a_file_prints_the_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.json"
    path.write_text(dumps([FLAWED["procedure"]]), encoding="utf-8")
    code, out = run(capsys, "--demo", "coach", "--conversation", str(path))
    assert code == 0 and isinstance(out, dict)
    [report] = out["reports"]
    assert set(report) >= REPORT_KEYS and report["scored_as"] == "agent" and report["author"] == "Sam Lee"
    assert all(set(c) >= CRITERION_KEYS for c in report["criteria"])
    procedure = next(c for c in report["criteria"] if c["id"] == "procedure")
    assert procedure["score"] == 0 and procedure["evidence"][0]["message_index"] in (0, 2)
    assert report["overall"] == 0.0  # procedure is critical


def test_coach_all_then_review_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "ws")]
    path = tmp_path / "c.jsonl"
    path.write_text(dumps([GOOD]), encoding="utf-8")
    assert main(["import", str(path), *data, "--json"]) == 0
    capsys.readouterr()
    code, first = run(capsys, "coach", "--all", *data)
    assert code == 0 and first == {**first, "conversations": 1, "scored": 1, "skipped": 0}  # type: ignore[dict-item]
    _, again = run(capsys, "coach", "--all", *data)
    assert again["skipped"] == 1 and again["scored"] == 0  # type: ignore[index]
    _, listed = run(capsys, "coach", "list", *data)
    [row] = listed["reports"]  # type: ignore[index]
    assert row["status"] == "new" and row["author"] == "Sam Lee"
    report = str(row["id"])
    assert run(capsys, "coach", "ack", report, *data)[1] == {"report": row["id"], "status": "seen"}
    code, _ = run(capsys, "coach", "dispute", report, "--comment", " ", *data)
    assert code == 2
    code, disputed = run(capsys, "coach", "dispute", report, "--comment", "Fine as is", "--propose", "tone=2",
                         *data)
    assert code == 0 and disputed["status"] == "disputed"  # type: ignore[index]
    code, resolved = run(capsys, "coach", "resolve", report, "--verdict", "rejected", *data)
    assert code == 0 and resolved["locked"] is True  # type: ignore[index]
    code, _ = run(capsys, "coach", "ack", report, *data)
    assert code == 2


def test_coach_draft_warns_of_the_missing_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.json"
    opened = replace(FLAWED["procedure"], messages=FLAWED["procedure"].messages[:1])
    path.write_text(dumps([opened]), encoding="utf-8")
    code, out = run(capsys, "--demo", "coach", "draft", "--conversation", str(path), "--text",
                    "I've reset your password for you.")
    assert code == 0 and out["ok"] is False  # type: ignore[index]
    assert [m["step"] for m in out["missing_steps"]] == ["verify_identity"]  # type: ignore[index]


@pytest.mark.parametrize("argv", [["coach"], ["coach", "--all", "--since", "yesterday"],
                                  ["coach", "show", "999"]])
def test_bad_input_is_one_line_and_exit_2(argv: list[str], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*argv, "--data-dir", str(tmp_path / "ws")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err[0].startswith("assist: error:")
