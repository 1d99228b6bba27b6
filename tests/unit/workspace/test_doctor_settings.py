"""`assist doctor` shows the effective settings, where each came from, and what was wrong with a policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.workspace import doctor


@pytest.mark.allow_log("settings: ")
def test_doctor_names_each_origin_and_the_bad_key(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (isolated_dirs / "no-policy.json").write_text(json.dumps(
        {"retention_days": 30, "theme": "dark", "colour": "red", "locked": ["retention_days"]}))
    monkeypatch.setenv("ASSIST_AGENT_NAME", "Sam Lee")
    check = doctor.check_settings()
    assert check.status == "warn" and "unknown setting 'colour' is ignored" in check.detail
    assert "locks retention_days" in check.detail
    rows = {row["key"]: (row["value"], row["origin"]) for row in doctor.effective_settings()}
    assert rows["retention_days"] == (30, "locked_policy")
    assert rows["theme"] == ("dark", "policy_default")
    assert rows["agent_name"] == ("Sam Lee", "environment")
    assert rows["always_on_top"] == (True, "built_in")


def test_doctor_without_a_policy_is_ok() -> None:
    check = doctor.check_settings()
    assert check.status == "ok" and "no IT policy at" in check.detail
