"""Settings shows the two suggestion switches (compose_first, smooth_replies): edited values come back, and
IT's locks grey them out with the lock note."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from assist.config.settings import Settings
from ui.settings.settings_dialog import LOCK_NOTE, SettingsDialog


def test_the_switches_show_the_settings_and_return_the_edits(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(compose_first=True, smooth_replies=False))
    qtbot.addWidget(dialog)
    switches = dialog.suggestions
    assert switches.compose_check.isChecked() and not switches.smooth_check.isChecked()
    assert switches.compose_check.isEnabled() and switches.smooth_check.isEnabled()
    switches.smooth_check.setChecked(True)
    assert dialog.edited().smooth_replies is True
    switches.compose_check.setChecked(False)
    edited = dialog.edited()
    assert edited.compose_first is False
    assert not switches.smooth_check.isEnabled()  # nothing to smooth without the composed card


def test_locked_switches_are_greyed_and_keep_their_values(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(compose_first=False, smooth_replies=True,
                                     locked=frozenset({"compose_first", "smooth_replies"})))
    qtbot.addWidget(dialog)
    switches = dialog.suggestions
    assert not switches.compose_check.isEnabled() and not switches.smooth_check.isEnabled()
    notes = [label.text() for label in switches.compose_check.parentWidget().findChildren(QLabel)]
    assert LOCK_NOTE in notes
    switches.compose_check.setChecked(True)  # even if changed programmatically, a locked key keeps its value
    switches.smooth_check.setChecked(False)
    edited = dialog.edited()
    assert edited.compose_first is False and edited.smooth_replies is True
    # Locked smoothing stays greyed when composing is switched on and off.
    switches.compose_check.setChecked(False)
    assert not switches.smooth_check.isEnabled()
