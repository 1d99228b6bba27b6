"""`assist purge` on a real workspace, under a policy that also holds an unknown key: the key is told once on
stderr, the command runs, and a locked retention cannot be overridden with --days."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assist.cli import main
from assist.domain.conversation import from_dict
from assist.store import Store


@pytest.mark.allow_log("settings: ")
def test_purge_follows_the_policy_and_tells_a_bad_key_once(isolated_dirs: Path, conversation_dict: dict,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (isolated_dirs / "no-policy.json").write_text(json.dumps({"retention_days": 30, "colour": "red",
                                                              "locked": ["retention_days"]}))
    data_dir = isolated_dirs / "data"
    store = Store(data_dir)
    try:
        store.conversations.import_all([from_dict(_aged(conversation_dict, 100)), from_dict(_aged(
            {**conversation_dict, "id": "c-recent"}, 2))])
    finally:
        store.close()
    assert main(["purge", "--json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["days"] == 30 and report["conversations"] == 1
    assert err.count("unknown setting 'colour' is ignored") == 1
    assert main(["purge", "--days", "1"]) == 2
    assert "retention is set by your organisation (30 days)" in capsys.readouterr().err


def test_purge_with_retention_off_keeps_everything(isolated_dirs: Path, conversation_dict: dict,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(isolated_dirs / "data")
    try:
        store.conversations.import_all([from_dict(_aged(conversation_dict, 3))])
    finally:
        store.close()
    assert main(["purge"]) == 0
    assert "nothing purged" in capsys.readouterr().out
    assert main(["purge", "--days", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["conversations"] == 1


def _aged(data: dict, days: int) -> dict:
    at = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {**data, "messages": [{**m, "at": at} for m in data["messages"]]}
