"""Windows registry policy, the part that runs everywhere: registry values as winreg gives them (name, type,
data) -> the policy layer, and how the registry and the policy file combine in settings.load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.base.vocab import SettingOrigin
from assist.config import policy_registry, settings
from assist.config.policy import Layer
from assist.config.policy_registry import REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_QWORD, REG_SZ, RegValue

HKLM = policy_registry.where("HKEY_LOCAL_MACHINE")


def _convert(values: list[RegValue], locked: list[RegValue] | None = None) -> tuple[Layer, list[str]]:
    return policy_registry.layer_from_values(HKLM, values, locked, settings.defaults())


def test_each_registry_type_becomes_the_settings_type() -> None:
    layer, locked = _convert([
        ("Theme", REG_SZ, "dark"),  # the registry ignores case, so does Assist
        ("retention_days", REG_DWORD, 90),
        ("server_timeout_s", REG_QWORD, 30),
        ("redact_personal_data", REG_DWORD, 1),
        ("always_on_top", REG_DWORD, 0),
        ("allowed_helpdesk_urls", REG_MULTI_SZ, ["https://acme.zendesk.com", "", "https://chat.acme.com/app"]),
        ("", REG_SZ, ""),  # the unnamed default value every key shows
    ], [("retention_days", REG_DWORD, 1), ("theme", REG_DWORD, 0)])
    assert layer.values == {"theme": "dark", "retention_days": 90, "server_timeout_s": 30,
                            "redact_personal_data": True, "always_on_top": False,
                            "allowed_helpdesk_urls": ("https://acme.zendesk.com", "https://chat.acme.com/app")}
    assert layer.problems == [] and layer.where == r"HKLM\Software\Policies\Assist"
    assert locked == ["retention_days"]  # Locked\theme = 0: a default the user may change


def test_expandable_strings_take_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSIST_TEST_SHARE", "/srv/share")
    layer, _ = _convert([("team_folder", REG_EXPAND_SZ, "%ASSIST_TEST_SHARE%/team"),
                         ("playbook", REG_EXPAND_SZ, "%NO_SUCH_VARIABLE_HERE%/playbook.toml"),
                         ("team_key_file", REG_SZ, "%ASSIST_TEST_SHARE%/team.key")])
    assert layer.values == {"team_folder": "/srv/share/team", "playbook": "%NO_SUCH_VARIABLE_HERE%/playbook.toml",
                            "team_key_file": "%ASSIST_TEST_SHARE%/team.key"}  # REG_SZ is taken as written


def test_without_a_locked_subkey_every_value_set_is_locked() -> None:
    assert sorted(_convert([("engine", REG_SZ, "local"), ("theme", REG_SZ, "dark")], None)[1]) == ["engine", "theme"]
    assert _convert([("engine", REG_SZ, "local")], [])[1] == ["engine"]


@pytest.mark.parametrize(("value", "words"), [
    (("redact_personal_data", REG_SZ, "true"), "redact_personal_data: should be a REG_DWORD 0 or 1, not REG_SZ"),
    (("always_on_top", REG_DWORD, 2), "always_on_top: should be a REG_DWORD 0 or 1, not REG_DWORD 2"),
    (("retention_days", REG_SZ, "90"), "retention_days: should be a REG_DWORD, not REG_SZ"),
    (("retention_days", REG_DWORD, 40000), "retention_days should be 0 (keep everything) to 36500"),
    (("allowed_helpdesk_urls", REG_SZ, "https://a.example"), "should be a REG_MULTI_SZ, not REG_SZ"),
    (("allowed_helpdesk_urls", REG_MULTI_SZ, ["acme.zendesk.com"]), "'acme.zendesk.com' should start with http"),
    (("theme", REG_DWORD, 1), "theme: should be a REG_SZ, not REG_DWORD"),
    (("model_sha256", REG_SZ, "abc"), "model_sha256 should be 64 hexadecimal digits"),
    (("colour", REG_SZ, "red"), "unknown setting 'colour' is ignored"),
])
def test_a_bad_value_is_named_once_and_the_others_still_apply(value: RegValue, words: str) -> None:
    layer, _ = _convert([value, ("agent_name", REG_SZ, "Kept")])
    assert layer.values == {"agent_name": "Kept"}
    assert len(layer.problems) == 1 and words in layer.problems[0]
    assert layer.problems[0].startswith(r"HKLM\Software\Policies\Assist: ")


def test_a_bad_lock_is_named_and_fails_closed() -> None:
    layer, locked = _convert([("engine", REG_SZ, "local"), ("theme", REG_SZ, "dark")],
                             [("engine", REG_SZ, "1"), ("nope", REG_DWORD, 1), ("theme", REG_DWORD, 0)])
    assert locked == ["engine"]
    assert layer.problems == [r"HKLM\Software\Policies\Assist\Locked: engine should be a REG_DWORD 0 or 1; "
                              "engine is locked",
                              r"HKLM\Software\Policies\Assist\Locked: names unknown setting 'nope'"]


def test_nothing_is_read_off_windows() -> None:
    assert policy_registry.read_hives() == {}  # this suite runs on Linux: winreg is never imported


@pytest.mark.allow_log("settings: ")
def test_the_registry_wins_over_the_file_key_by_key_and_hklm_over_hkcu(
        isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (isolated_dirs / "no-policy.json").write_text(json.dumps(
        {"theme": "light", "retention_days": 30, "agent_name": "From File", "engine": "local",
         "locked": ["theme", "retention_days", "engine"]}))
    hives = {  # as read_hives gives them on Windows
        "HKEY_CURRENT_USER": ([("theme", REG_SZ, "dark"), ("server_model", REG_SZ, "user-gpo"),
                               ("agent_name", REG_SZ, "From HKCU")], [("theme", REG_DWORD, 1)]),
        "HKEY_LOCAL_MACHINE": ([("retention_days", REG_DWORD, 90), ("server_model", REG_SZ, "machine-gpo"),
                                ("always_on_top", REG_SZ, "no")],
                               [("retention_days", REG_DWORD, 0), ("server_model", REG_DWORD, 1)]),
    }
    monkeypatch.setattr(policy_registry, "read_hives", lambda: hives)
    settings.settings_path().parent.mkdir(parents=True)
    settings.settings_path().write_text(json.dumps({"retention_days": 7, "theme": "system"}))  # the user's choices
    loaded = settings.load()
    # theme: HKCU's value and lock replace the file's; retention_days: HKLM's value, and HKLM says unlocked,
    # so the user's 7 wins; engine: only the file names it, locked; server_model: HKLM over HKCU, locked.
    assert (loaded.theme, loaded.origins["theme"]) == ("dark", SettingOrigin.LOCKED_POLICY)
    assert (loaded.retention_days, loaded.origins["retention_days"]) == (7, SettingOrigin.USER)
    assert (loaded.engine, loaded.origins["engine"]) == ("local", SettingOrigin.LOCKED_POLICY)
    assert (loaded.server_model, loaded.origins["server_model"]) == ("machine-gpo", SettingOrigin.LOCKED_POLICY)
    assert loaded.agent_name == "From HKCU" and "agent_name" not in loaded.locked  # HKCU's Locked omits it
    assert loaded.locked == frozenset({"theme", "engine", "server_model"})
    assert loaded.problems == (r"HKLM\Software\Policies\Assist: always_on_top: should be a REG_DWORD 0 or 1, "
                               "not REG_SZ 'no'; it is ignored",)
    assert loaded.policy_sources == (f"{isolated_dirs / 'no-policy.json'}; HKCU\\Software\\Policies\\Assist; "
                                     r"HKLM\Software\Policies\Assist")
    from assist.workspace import doctor  # what IT reads first: every source, and what they lock

    assert doctor.check_settings().detail.startswith(
        f"IT policy {loaded.policy_sources} locks engine, server_model, theme; HKLM")
