"""`assist eval usefulness` on the report half of the usefulness set: the shape of the report, not targets
(figures are reported, never asserted), and one clear error for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "usefulness"
REPORT = DATA / "report.jsonl"
SHARES = ("fact_first", "fact_any", "retrieval_hit1", "retrieval_hit3", "language_ok", "shown_unflagged",
          "no_answer_ok")
KEYS = {*SHARES, "n", "unsupported_facts", "placeholders", "ms_to_first_suggestion", "team_answer_cards"}


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _conversation(cid: str, expect: object) -> str:
    return json.dumps({"id": cid, "channel": "chat", "messages": [{"role": "customer", "text": "Where is my order?"}],
                       "_expect": expect})


def test_report_half(cli) -> None:
    done = cli("--json", "eval", "usefulness", "--conversations", str(REPORT))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    print(report)
    assert set(report) == KEYS
    assert report["n"] == len(_lines(REPORT))
    for key in SHARES:
        assert 0.0 <= report[key] <= 1.0, key
    assert isinstance(report["unsupported_facts"], int) and report["unsupported_facts"] >= 0
    assert isinstance(report["placeholders"], int) and report["placeholders"] >= 0
    assert isinstance(report["team_answer_cards"], int) and 0 <= report["team_answer_cards"] <= report["n"]
    assert report["ms_to_first_suggestion"] >= 0


def test_folder_details_and_bitext(cli, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    lines = _lines(REPORT)
    (folder / "a.jsonl").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text(lines[2] + "\n", encoding="utf-8")
    (folder / "README.md").write_text("not a conversation file\n", encoding="utf-8")
    bitext = tmp_path / "bitext.csv"
    rows = [("how can I cancel order 4412?", "cancel_order"), ("I want to cancel my purchase", "cancel_order"),
            ("where is my package", "track_order"), ("track order 00123842", "track_order"),
            ("I forgot my password", "recover_password"), ("help me recover my password", "recover_password"),
            ("leave a review", "review"), ("I need to reset my password", "recover_password"),
            ("cancel purchase 113542617735902", "cancel_order"), ("check the status of my order", "track_order")]
    bitext.write_text("instruction,intent,response\n" + "".join(f'"{t}",{i},x\n' for t, i in rows), encoding="utf-8")
    done = cli("--json", "eval", "usefulness", "--conversations", str(folder), "--details", "--bitext", str(bitext))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["n"] == 3 and len(report["conversations"]) == 3
    assert {"id", "text", "retrieved", "findings", "origin", "language"} <= set(report["conversations"][0])
    assert report["bitext"]["n"] == len(rows) and report["bitext"]["n_mapped"] == len(rows) - 1
    assert report["bitext"]["similar_n"] == 2
    for key in ("retrieval_hit1", "similar_same_intent_at_1"):
        assert 0.0 <= report["bitext"][key] <= 1.0


@pytest.mark.parametrize(("content", "named"), [
    (_conversation("c-1", None), "c-1._expect: missing or not an object"),
    (_conversation("c-1", {"fact": "30 days(", "article": "kb-returns", "language": "en"}),
     "c-1._expect.fact: not a valid regular expression"),
    (_conversation("c-1", {"fact": None, "article": None, "language": "english"}), "c-1._expect.language"),
    (_conversation("c-1", {"fact": "30 days", "article": None, "language": "en"}), "both set"),
    (_conversation("c-1", {"fact": None, "article": None, "language": "en"}) + "\n{not json",
     "line 2: not valid JSON"),
])
def test_bad_input_names_the_file(cli, tmp_path: Path, content: str, named: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content + "\n", encoding="utf-8")
    done = cli("eval", "usefulness", "--conversations", str(bad))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith(f"assist: error: {bad}") and named in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_missing_files_fail_cleanly(cli, tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    done = cli("--json", "eval", "usefulness", "--conversations", str(missing))
    assert done.returncode == 2 and f"{missing}: no such file" in done.stderr
    assert json.loads(done.stdout)["exit_code"] == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    done = cli("eval", "usefulness", "--conversations", str(empty))
    assert done.returncode == 2 and "no .jsonl conversation files" in done.stderr
    done = cli("eval", "usefulness", "--conversations", str(REPORT), "--bitext", str(tmp_path / "no.csv"))
    assert done.returncode == 2 and "no.csv: no such file" in done.stderr
    columns = tmp_path / "columns.csv"
    columns.write_text("text,label\nhello,x\n", encoding="utf-8")
    done = cli("eval", "usefulness", "--conversations", str(REPORT), "--bitext", str(columns))
    assert done.returncode == 2 and "no column 'instruction'" in done.stderr
