"""Fail closed (issue 10): a broken, empty or deleted playbook leaves the last good one in force with a
visible reason, across restarts; with no last good one every check says the rules could not be loaded."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assist.cli import main
from assist.guardrails.policy import RULES_UNAVAILABLE, check, has_block
from assist.workspace import playbook_source
from assist.workspace.workspace import Workspace

GOOD = ('[company]\nname = "Northwind"\n\n[[rules]]\nid = "refund-cap"\nkind = "money_cap"\nseverity = "block"\n'
        'message = "Refunds above $100 need a team lead."\ncap = 100\n')
OFFER = "I've refunded $300 to your card."
KEEPING = r"playbook error, keeping the last good one"
NOTHING = r"playbook error, no last good one"


def _bump(path: Path) -> None:
    """Move the file's mtime on, so the workspace re-reads it even within one clock tick."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    data = tmp_path / "ws"
    data.mkdir()
    (data / "playbook.toml").write_text(GOOD, encoding="utf-8")
    ws = Workspace.open(data)
    yield ws
    ws.close()


@pytest.mark.allow_log(KEEPING)
@pytest.mark.parametrize("damage", ["broken", "empty", "deleted"])
def test_the_last_good_playbook_stays_in_force_across_a_restart(workspace: Workspace, damage: str) -> None:
    assert (workspace.data_dir / playbook_source.LAST_GOOD).read_text(encoding="utf-8") == GOOD
    path = workspace.playbook_path
    if damage == "deleted":
        path.unlink()
    else:
        path.write_text("[voice\n" if damage == "broken" else "# nothing here\n", encoding="utf-8")
        _bump(path)
    for ws in (workspace, Workspace.open(workspace.data_dir)):  # this session, and after a restart
        book = ws.playbook()
        assert [r.id for r in book.rules] == ["refund-cap"] and not book.unavailable
        assert "using the last good playbook" in ws.playbook_error
        assert {"broken": "not valid TOML", "empty": "empty", "deleted": "missing"}[damage] in ws.playbook_error
        assert [f.rule for f in check(OFFER, book, own_draft=True)] == ["refund-cap"]
        if ws is not workspace:
            ws.close()


@pytest.mark.allow_log(NOTHING)
def test_with_no_last_good_playbook_nothing_is_marked_clean(tmp_path: Path) -> None:
    data = tmp_path / "ws"
    data.mkdir()
    (data / "playbook.toml").write_text("[[rules]]\nid = 1\n", encoding="utf-8")
    ws = Workspace.open(data)
    book = ws.playbook()
    assert book.unavailable and "nothing can be checked" in ws.playbook_error
    findings = check("Thanks, Dana!", book)
    assert [f.rule for f in findings] == [RULES_UNAVAILABLE] and has_block(findings)
    assert "could not be loaded" in findings[0].message
    ws.close()


@pytest.mark.allow_log(NOTHING)
def test_a_configured_playbook_that_is_missing_fails_closed(tmp_path: Path) -> None:
    book, problem = playbook_source.resolve(tmp_path / "share" / "playbook.toml", tmp_path, configured=True)
    assert book.unavailable and "missing" in problem


def test_a_new_workspace_starts_on_the_starter_playbook(tmp_path: Path) -> None:
    book, problem = playbook_source.resolve(tmp_path / "playbook.toml", tmp_path, configured=False)
    assert problem == "" and book.source == playbook_source.STARTER and book.rules


@pytest.mark.allow_log(NOTHING)
def test_check_with_a_broken_playbook_and_no_copy_blocks(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "ws"
    data.mkdir()
    (data / "playbook.toml").write_text("[voice\n", encoding="utf-8")
    code = main(["--data-dir", str(data), "--json", "check", "--text", "Thanks, Dana!"])
    captured = capsys.readouterr()
    assert code == 1 and [f["rule"] for f in json.loads(captured.out)["findings"]] == [RULES_UNAVAILABLE]
    assert captured.err.startswith("assist: warning: the workspace playbook has an error")
    assert sorted(p.name for p in data.iterdir()) == ["playbook.toml"]  # a check writes nothing


def test_playbook_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["playbook", "validate", str(good), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] and report["rules"] == 1 and report["kinds"] == {"money_cap": 1}
    empty = tmp_path / "empty.toml"
    empty.write_text("\n", encoding="utf-8")
    assert main(["playbook", "validate", str(empty)]) == 2
    assert "empty.toml: the playbook is empty" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace("cap = 100", 'cap = "lots"'), encoding="utf-8")
    assert main(["playbook", "validate", str(bad)]) == 2
    assert "line 9: rules.refund-cap.cap: should be a number" in capsys.readouterr().err
