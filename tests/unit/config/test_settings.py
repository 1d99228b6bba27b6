"""Settings under IT policy: the precedence, what save writes, origins, and bad keys reported once."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from assist.base.vocab import SettingOrigin
from assist.config import settings


def _policy(tmp: Path, data: dict) -> None:
    Path(tmp / "no-policy.json").write_text(json.dumps(data))


def _user(data: dict) -> None:
    settings.settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings.settings_path().write_text(json.dumps(data))


def test_locked_keys_win_and_unlocked_ones_are_defaults(isolated_dirs: Path) -> None:
    _policy(isolated_dirs, {"model": "company-model", "theme": "dark", "locked": ["model"]})
    assert settings.load().theme == "dark"
    settings.save(settings.Settings(model="mine", theme="light", agent_name="Sam Lee"))
    loaded = settings.load()
    assert (loaded.model, loaded.theme, loaded.agent_name) == ("company-model", "light", "Sam Lee")
    assert loaded.locked == frozenset({"model"})
    assert loaded.origins["model"] == SettingOrigin.LOCKED_POLICY
    assert loaded.origins["theme"] == SettingOrigin.USER
    saved = json.loads(settings.settings_path().read_text())
    assert "model" not in saved  # a locked key is not the user's to write


def test_the_full_precedence(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _policy(isolated_dirs, {"theme": "dark", "agent_name": "Team", "server_model": "corp", "retention_days": 90,
                            "locked": ["retention_days"]})
    _user({"theme": "light", "agent_name": "Sam", "retention_days": 5})
    monkeypatch.setenv("ASSIST_AGENT_NAME", "From Env")
    monkeypatch.setenv("ASSIST_RETENTION_DAYS", "1")
    loaded = settings.load()
    assert loaded.retention_days == 90 and loaded.origins["retention_days"] == SettingOrigin.LOCKED_POLICY
    assert loaded.agent_name == "From Env" and loaded.origins["agent_name"] == SettingOrigin.ENVIRONMENT
    assert loaded.theme == "light" and loaded.origins["theme"] == SettingOrigin.USER
    assert loaded.server_model == "corp" and loaded.origins["server_model"] == SettingOrigin.POLICY_DEFAULT
    assert loaded.always_on_top is True and loaded.origins["always_on_top"] == SettingOrigin.BUILT_IN
    rows = {row["key"]: row for row in settings.effective(loaded)}
    assert rows["retention_days"] == {"key": "retention_days", "value": 90, "origin": "locked_policy",
                                      "locked": True}


def test_save_stores_only_what_the_user_changed(isolated_dirs: Path) -> None:
    _policy(isolated_dirs, {"theme": "dark", "locked": []})  # an empty list: every key set is locked
    assert settings.load().locked == frozenset({"theme"})
    _policy(isolated_dirs, {"theme": "dark", "server_model": "corp", "locked": ["theme"]})
    loaded = settings.load()
    loaded.agent_name = "Sam"
    settings.save(loaded)
    assert json.loads(settings.settings_path().read_text()) == {"agent_name": "Sam"}
    # A later policy default applies, because the user never chose that key.
    _policy(isolated_dirs, {"theme": "dark", "server_model": "corp-2", "locked": ["theme"]})
    assert settings.load().server_model == "corp-2"


def test_a_policy_without_a_locked_list_locks_what_it_sets(isolated_dirs: Path) -> None:
    _policy(isolated_dirs, {"always_on_top": False})
    settings.save(settings.Settings(always_on_top=True))
    assert settings.load().always_on_top is False


@pytest.mark.allow_log("settings: ")
@pytest.mark.parametrize(("data", "words"), [
    ({"always_on_top": "false", "agent_name": "Kept"}, "always_on_top: should be bool, not str; it is ignored"),
    ({"colour": "red", "agent_name": "Kept"}, "unknown setting 'colour' is ignored"),
    ({"theme": "neon", "agent_name": "Kept"}, "theme should be one of"),
    ({"retention_days": -1, "agent_name": "Kept"}, "retention_days should be 0"),
    ({"model_sha256": "abc", "agent_name": "Kept"}, "model_sha256 should be 64 hexadecimal digits"),
    ({"agent_name": "Kept", "locked": ["agent_name", "nope"]}, "locked names unknown setting 'nope'"),
])
def test_a_bad_policy_key_is_named_and_the_valid_ones_still_apply(isolated_dirs: Path, data: dict,
                                                                  words: str) -> None:
    _policy(isolated_dirs, data)
    _user({"theme": "light"})
    loaded = settings.load()
    assert loaded.agent_name == "Kept" and loaded.theme == "light"
    assert len(loaded.problems) == 1 and words in loaded.problems[0]
    assert str(isolated_dirs / "no-policy.json") in loaded.problems[0]


@pytest.mark.allow_log("settings: ")
def test_a_broken_user_file_keeps_the_policy_and_the_problem_is_logged_once(
        isolated_dirs: Path, caplog: pytest.LogCaptureFixture) -> None:
    _policy(isolated_dirs, {"engine": "local", "locked": ["engine"]})
    settings.settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings.settings_path().write_text("{not json")
    with caplog.at_level(logging.WARNING):
        first, second = settings.load(), settings.load()
    assert first.engine == "local" and "engine" in first.locked
    assert "cannot be read" in first.problems[0] and first.problems == second.problems
    assert len([r for r in caplog.records if "cannot be read" in r.getMessage()]) == 1


@pytest.mark.allow_log("settings: ")
def test_a_bad_environment_value_is_named_and_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSIST_ALWAYS_ON_TOP", "sometimes")
    monkeypatch.setenv("ASSIST_REDACT_PERSONAL_DATA", "yes")
    loaded = settings.load()
    assert loaded.always_on_top is True and loaded.redact_personal_data is True
    assert loaded.problems == ("environment ASSIST_ALWAYS_ON_TOP='sometimes': should be bool, not str; "
                               "it is ignored",)


def test_keys_the_environment_sets_are_not_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSIST_THEME", "dark")
    loaded = settings.load()
    settings.save(loaded)
    assert "theme" not in json.loads(settings.settings_path().read_text())


@pytest.mark.allow_log("settings: ")
def test_list_settings_from_the_file_and_the_environment(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _policy(isolated_dirs, {"allowed_helpdesk_urls": ["https://acme.zendesk.com", " "], "team_folder": "/srv/team",
                            "locked": ["allowed_helpdesk_urls"]})
    loaded = settings.load()
    assert loaded.allowed_helpdesk_urls == ("https://acme.zendesk.com",) and "allowed_helpdesk_urls" in loaded.locked
    assert loaded.team_folder == "/srv/team" and loaded.origins["team_folder"] == SettingOrigin.POLICY_DEFAULT
    settings.save(loaded)
    assert json.loads(settings.settings_path().read_text()) == {}  # nothing the user changed
    _policy(isolated_dirs, {"allowed_helpdesk_urls": "https://acme.zendesk.com"})
    monkeypatch.setenv("ASSIST_ALLOWED_HELPDESK_URLS", "https://a.example, https://b.example/app")
    again = settings.load()
    assert again.allowed_helpdesk_urls == ("https://a.example", "https://b.example/app")
    assert again.problems == (f"{isolated_dirs / 'no-policy.json'}: allowed_helpdesk_urls: should be a list of "
                              "strings, not str; it is ignored",)
