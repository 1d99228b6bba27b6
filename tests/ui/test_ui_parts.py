"""The small parts: background tasks, the crash hook, settings under IT policy, the playbook notice."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assist.base.errors import StoreError
from assist.config import settings as settings_store
from assist.config.settings import Settings
from assist.workspace.workspace import Workspace
from ui.base import errors
from ui.base.tasks import run_task
from ui.main_window import MainWindow
from ui.settings.settings_dialog import SettingsDialog

TIMEOUT_MS = 10_000


def test_task_runs_off_the_gui_thread_and_reports_on_it(qtbot: QtBot) -> None:
    gui = QApplication.instance().thread()  # type: ignore[union-attr]
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker_is_gui"] = QThread.currentThread() is gui
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_is_gui"] = QThread.currentThread() is gui

    run_task(work, done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=TIMEOUT_MS)
    assert seen == {"worker_is_gui": False, "value": 42, "callback_is_gui": True}


def test_task_failure_reaches_the_failure_callback(qtbot: QtBot) -> None:
    failures: list[BaseException] = []

    def work() -> None:
        raise StoreError("disk full", hint="Free some space.")

    run_task(work, lambda _v: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=TIMEOUT_MS)
    assert isinstance(failures[0], StoreError)
    assert errors.describe(failures[0]) == ("disk full", "Free some space.")


def test_a_bug_is_described_as_a_bug_with_the_log_path() -> None:
    message, hint = errors.describe(KeyError("x"))
    assert "KeyError" in message and "bug" in hint and str(errors.log_file()) in hint


@pytest.mark.allow_log('uncaught exception')
def test_excepthook_writes_a_crash_log(isolated_dirs: Path) -> None:
    previous = errors.install_excepthook()
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    crashes = list((isolated_dirs / "logs").glob("crash-*.log"))
    assert len(crashes) == 1
    assert "RuntimeError: boom" in crashes[0].read_text(encoding="utf-8")


def test_settings_dialog_edits_and_respects_locked_keys(qtbot: QtBot) -> None:
    settings = Settings(model="", agent_name="Sam", theme="system", always_on_top=True,
                        locked=frozenset({"always_on_top"}))
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.on_top_check.isEnabled()
    assert dialog.agent_edit.isEnabled()
    dialog.agent_edit.setText("Sam Lee")
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.on_top_check.setChecked(False)  # locked: ignored even if set programmatically
    edited = dialog.edited()
    assert edited.agent_name == "Sam Lee" and edited.theme == "dark" and edited.always_on_top is True
    settings_store.save(edited)
    assert settings_store.load().agent_name == "Sam Lee"
    assert dialog.model_combo.count() >= 2  # "Default model" + the catalogue


@pytest.mark.allow_log('playbook error, keeping the last good one')
def test_playbook_error_shows_a_notice(qtbot: QtBot, workspace: Workspace,
                                       fake_loader: Callable[..., object]) -> None:
    workspace.playbook_path.write_text("this is [not toml", encoding="utf-8")
    workspace.playbook()
    assert workspace.playbook_error
    window = MainWindow(workspace, Settings(always_on_top=False), engine_loader=fake_loader())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
        window.show()
    assert window.notice_bar.isVisible()
    assert "Playbook" in window.notice_bar.text()
    window.shutdown()


def test_pin_toggle_saves_always_on_top(qtbot: QtBot, workspace: Workspace, isolated_dirs: Path,
                                        fake_loader: Callable[..., object]) -> None:
    window = MainWindow(workspace, Settings(always_on_top=False), engine_loader=fake_loader())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
        window.show()
    from PySide6.QtCore import Qt

    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    window.pin_button.click()
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.isVisible()
    target = isolated_dirs / "config" / "settings.json"
    qtbot.waitUntil(target.exists, timeout=TIMEOUT_MS)
    assert "always_on_top" not in json.loads(target.read_text(encoding="utf-8"))  # the default: not written
    window.pin_button.click()  # off again: a change from the default is what the file keeps
    qtbot.waitUntil(lambda: json.loads(target.read_text(encoding="utf-8")).get("always_on_top") is False,
                    timeout=TIMEOUT_MS)
    window.shutdown()


def test_qt_messages_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    from PySide6.QtCore import qWarning

    from ui.base import qt_messages

    previous = qt_messages.route_to_logging()
    try:
        with caplog.at_level(logging.INFO, logger="ui.qt"):
            qWarning("a test warning from Qt")
    finally:
        qt_messages.restore(previous)
    [record] = [r for r in caplog.records if r.name == "ui.qt"]
    assert record.levelno == logging.WARNING and record.getMessage() == "a test warning from Qt"
    caplog.clear()  # expected: this test's whole point is the warning
