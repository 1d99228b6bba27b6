from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.base.errors import InputError
from assist.config import settings


def _policy(tmp: Path, data: dict) -> None:
    Path(tmp / "no-policy.json").write_text(json.dumps(data))


def test_locked_keys_win_and_unlocked_ones_are_defaults(isolated_dirs: Path) -> None:
    _policy(isolated_dirs, {"model": "company-model", "theme": "dark", "locked": ["model"]})
    assert settings.load().theme == "dark"
    settings.save(settings.Settings(model="mine", theme="light", agent_name="Sam Lee"))
    loaded = settings.load()
    assert (loaded.model, loaded.theme, loaded.agent_name) == ("company-model", "light", "Sam Lee")
    assert loaded.locked == frozenset({"model"})
    saved = json.loads(settings.settings_path().read_text())
    assert "model" not in saved  # a locked key is not the user's to write


def test_a_policy_without_a_locked_list_locks_what_it_sets(isolated_dirs: Path) -> None:
    _policy(isolated_dirs, {"always_on_top": False})
    settings.save(settings.Settings(always_on_top=True))
    assert settings.load().always_on_top is False


@pytest.mark.parametrize(("data", "words"), [
    ({"always_on_top": "false"}, "always_on_top: should be bool, not str"),
    ({"colour": "red"}, "unknown setting 'colour'"),
    ({"theme": "neon"}, "theme should be one of"),
])
def test_bad_policy_values_are_named(isolated_dirs: Path, data: dict, words: str) -> None:
    _policy(isolated_dirs, data)
    with pytest.raises(InputError, match=words):
        settings.load()
