"""Team data without a server, across two real data dirs: the agents' signed files into the lead's store (the
same figures, a dispute opened there), a tampered and a truncated file reported and skipped, the lead's verdict
back into the agent's store; a wrong or short key refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.analytics import report
from assist.base.vocab import ReportStatus
from assist.cli import main
from assist.store import Store
from assist.store.metrics import Filter
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.workspace import Workspace


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_export_import_round_trip_with_a_tampered_file_skipped(demo: Workspace, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "team.key"
    key.write_text("a-key-IT-distributes-0123456789\n")
    folder, lead_dir = tmp_path / "share", tmp_path / "lead"
    mine = next(r for r in demo.store.coaching.recent(author="Mei Chen") if r.report["criteria"])
    criterion = mine.report["criteria"][0]
    CoachingFlow(demo).dispute(mine.id, "The greeting was there", {criterion["id"]: criterion["max"]})
    agent_dir = str(demo.data_dir)
    before = report.build(demo.store, Filter())
    demo.close()

    written = _run(capsys, "team", "export", "--to", str(folder), "--key-file", str(key), "--data-dir", agent_dir)
    assert len(written["written"]) == 5  # one file per agent of the demo team
    quoted = json.loads((folder / "agent-mei-chen.json").read_text(encoding="utf-8"))
    assert all(not e["quote"] for item in quoted["payload"]["reports"] for c in item["report"]["criteria"]
               for e in c["evidence"])  # no evidence quotes without --with-quotes
    # A file changed after signing, and one cut short, are reported and skipped; the others import.
    sam = folder / "agent-sam-lee.json"
    sam.write_text(sam.read_text(encoding="utf-8").replace('"conversations": [', '"conversations": [ ', 1)
                   .replace('"resolved": 1', '"resolved": 0', 1), encoding="utf-8")
    jordan = folder / "agent-jordan-blake.json"
    jordan.write_bytes(jordan.read_bytes()[: len(jordan.read_bytes()) // 2])
    got = _run(capsys, "team", "import", "--from", str(folder), "--key-file", str(key), "--data-dir", str(lead_dir))
    assert sorted(got["imported"]) == ["agent-mei-chen.json", "agent-priya-nair.json", "agent-tomas-garcia.json"]
    assert any("agent-sam-lee.json: signature does not match" in p for p in got["skipped"])
    assert any("agent-jordan-blake.json: not a complete team file" in p for p in got["skipped"])
    again = _run(capsys, "team", "import", "--from", str(folder), "--key-file", str(key), "--data-dir", str(lead_dir))
    assert again["imported"]["agent-mei-chen.json"]["disputes_opened"] == 0  # deduplicated: nothing twice

    lead = Workspace.open(lead_dir)
    try:
        after = report.build(lead.store, Filter())
        theirs = {r["agent"]: r for r in before["by_agent"]}
        for row in after["by_agent"]:
            mine_row = theirs[row["agent"]]
            for measure in ("conversations", "resolution_rate", "fcr_rate", "handle_s", "negative_end_rate"):
                assert row[measure] == mine_row[measure], (row["agent"], measure)
            assert row["rubric"]["overall"] == mine_row["rubric"]["overall"]
        assert {r["agent"] for r in after["by_agent"]} == {"Mei Chen", "Priya Nair", "Tomás García"}
        assert next(r for r in after["by_agent"] if r["agent"] == "Mei Chen")["disputes_open"] == 1
        open_report = lead.store.coaching.get(lead.store.coaching.open_disputes()[0].report_id)
        assert open_report is not None
        CoachingFlow(lead).resolve(open_report.id, ReportStatus.REJECTED, comment="Not in the first message")
    finally:
        lead.close()

    back = _run(capsys, "team", "export", "--to", str(folder), "--key-file", str(key), "--data-dir", str(lead_dir))
    assert [Path(p).name for p in back["written"]] == ["lead-decisions.json"]  # never the agents' own files
    applied = _run(capsys, "team", "import", "--from", str(folder), "--key-file", str(key), "--data-dir", agent_dir,
                   "--decisions-only")
    assert applied["decisions_applied"] == 1 and applied["imported"] == {}
    store = Store(Path(agent_dir))
    try:
        dispute = store.coaching.dispute_of(mine.id)
        assert dispute is not None and dispute.verdict == ReportStatus.REJECTED
        assert dispute.lead_comment == "Not in the first message"
    finally:
        store.close()


def test_a_short_or_wrong_key_is_refused(tmp_path: Path, demo: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    short = tmp_path / "short.key"
    short.write_text("abc")
    data = str(demo.data_dir)
    demo.close()
    assert main(["team", "export", "--to", str(tmp_path / "f"), "--key-file", str(short), "--data-dir", data]) == 2
    assert "at least 16" in capsys.readouterr().err
    good, other = tmp_path / "good.key", tmp_path / "other.key"
    good.write_text("0123456789abcdef-good")
    other.write_text("0123456789abcdef-other")
    _run(capsys, "team", "export", "--to", str(tmp_path / "f"), "--key-file", str(good), "--data-dir", data)
    got = _run(capsys, "team", "import", "--from", str(tmp_path / "f"), "--key-file", str(other),
               "--data-dir", str(tmp_path / "lead"))
    assert got["imported"] == {} and len(got["skipped"]) == 5
