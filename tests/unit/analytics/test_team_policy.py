"""`assist team export|import` with the folder and key file from a real IT policy file: used when --to/--from/
--key-file are left out; a locked value refuses a flag naming another path; an unlocked one is a default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.cli import main
from assist.workspace.workspace import Workspace


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def _policy(isolated_dirs: Path, data: dict) -> None:
    (isolated_dirs / "no-policy.json").write_text(json.dumps(data))


@pytest.fixture
def agent_dir(demo: Workspace) -> str:
    folder = str(demo.data_dir)
    demo.close()
    return folder


def test_a_locked_folder_and_key_apply_and_other_paths_are_refused(
        isolated_dirs: Path, agent_dir: str, capsys: pytest.CaptureFixture[str]) -> None:
    share, key = isolated_dirs / "share", isolated_dirs / "team.key"
    key.write_text("a-key-IT-distributes-0123456789\n")
    _policy(isolated_dirs, {"team_folder": str(share), "team_key_file": str(key)})  # no "locked": both locked
    code, written = _run(capsys, "team", "export", "--data-dir", agent_dir)
    assert code == 0 and written["folder"] == str(share) and len(written["written"]) == 5
    assert sorted(p.name for p in share.iterdir())[0] == "agent-jordan-blake.json"

    elsewhere = isolated_dirs / "elsewhere"
    code, failed = _run(capsys, "team", "export", "--to", str(elsewhere), "--data-dir", agent_dir)
    assert code == 2 and failed["error"] == (f"--to: {elsewhere} cannot be used: your organisation's policy locks "
                                             f"team_folder to {share}")
    assert not elsewhere.exists()
    other_key = isolated_dirs / "mine.key"
    other_key.write_text("my-own-key-0123456789abcdef")
    code, failed = _run(capsys, "team", "import", "--key-file", str(other_key), "--data-dir", agent_dir)
    assert code == 2 and "locks team_key_file to" in failed["error"] and failed["error"].startswith("--key-file: ")
    code, _ = _run(capsys, "team", "export", "--to", str(share), "--data-dir", agent_dir)  # the same path: fine
    assert code == 0

    code, got = _run(capsys, "team", "import", "--data-dir", str(isolated_dirs / "lead"))
    assert code == 0 and len(got["imported"]) == 5 and got["skipped"] == []


def test_unlocked_values_are_defaults_a_flag_replaces(isolated_dirs: Path, agent_dir: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    key = isolated_dirs / "team.key"
    key.write_text("a-key-IT-distributes-0123456789\n")
    _policy(isolated_dirs, {"team_folder": str(isolated_dirs / "share"), "team_key_file": str(key),
                            "locked": ["theme"]})
    mine = isolated_dirs / "my-folder"
    code, written = _run(capsys, "team", "export", "--to", str(mine), "--data-dir", agent_dir)
    assert code == 0 and written["folder"] == str(mine) and len(list(mine.iterdir())) == 5
    code, got = _run(capsys, "team", "import", "--from", str(mine), "--data-dir", str(isolated_dirs / "lead"))
    assert code == 0 and len(got["imported"]) == 5  # the key file still came from the policy


def test_without_a_flag_or_a_policy_value_the_error_names_both(agent_dir: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, failed = _run(capsys, "team", "export", "--data-dir", agent_dir)
    assert code == 2 and failed["error"] == "--to: no team_folder is set"
    assert failed["hint"] == "Pass --to, or ask IT to set team_folder in the policy."


def test_a_locked_empty_folder_turns_team_files_off(isolated_dirs: Path, agent_dir: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _policy(isolated_dirs, {"team_folder": "", "locked": ["team_folder"]})
    code, failed = _run(capsys, "team", "export", "--to", str(isolated_dirs / "f"), "--data-dir", agent_dir)
    assert code == 2 and "locks team_folder without a value, so team files are off" in failed["error"]
    assert not (isolated_dirs / "f").exists()
