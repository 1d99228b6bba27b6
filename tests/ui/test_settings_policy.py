"""The settings dialog under a real policy file: locked keys greyed with "Set by your organisation"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from assist.config import settings as settings_store
from ui.settings.settings_dialog import LOCK_NOTE, SettingsDialog


def test_locked_policy_keys_are_greyed_and_kept(qtbot: QtBot, isolated_dirs: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (isolated_dirs / "no-policy.json").write_text(json.dumps(
        {"retention_days": 30, "redact_personal_data": True, "theme": "dark",
         "locked": ["retention_days", "redact_personal_data"]}))
    monkeypatch.setenv("ASSIST_AGENT_NAME", "Env Name")
    loaded = settings_store.load()
    dialog = SettingsDialog(loaded)
    qtbot.addWidget(dialog)
    assert LOCK_NOTE == "Set by your organisation"
    assert not dialog.retention_spin.isEnabled() and dialog.retention_spin.value() == 30
    assert not dialog.redact_check.isEnabled() and dialog.redact_check.isChecked()
    assert dialog.theme_combo.isEnabled()  # an unlocked policy value is only a default
    assert not dialog.agent_edit.isEnabled()
    notes = [label.text() for label in dialog.findChildren(QLabel)]
    assert notes.count(LOCK_NOTE) == 2
    assert "Set by the environment (ASSIST_AGENT_NAME)" in notes
    dialog.retention_spin.setValue(5)  # programmatically: still ignored
    dialog.redact_check.setChecked(False)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
    edited = dialog.edited()
    assert (edited.retention_days, edited.redact_personal_data, edited.theme) == (30, True, "light")
    settings_store.save(edited)
    assert json.loads(settings_store.settings_path().read_text()) == {"theme": "light"}


def test_the_user_can_set_retention_and_masking_without_a_policy(qtbot: QtBot) -> None:
    dialog = SettingsDialog(settings_store.load())
    qtbot.addWidget(dialog)
    assert dialog.retention_spin.isEnabled() and dialog.retention_spin.text() == "Until deleted"
    dialog.retention_spin.setValue(90)
    dialog.redact_check.setChecked(True)
    settings_store.save(dialog.edited())
    again = settings_store.load()
    assert (again.retention_days, again.redact_personal_data) == (90, True)
