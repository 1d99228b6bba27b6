"""A first run that leads somewhere: an empty workspace says how to get conversations in and offers it
(import a file with `assist import`'s checks and one-line errors, paste a transcript checked before saving);
Suggest is not offered there; a new conversation opens once it is in the real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from assist.config.settings import Settings
from assist.domain.conversation import Message
from assist.llm.engine import Engine
from assist.workspace.workspace import Workspace
from ui.base import tasks
from ui.main_window import MainWindow

TIMEOUT_MS = 10_000
PASTED = """[10:02] Dana Ruiz: Hi, order 4412 never arrived
[10:03] NorthBot: Sorry to hear that! Let me check.
[10:05] Jordan Avery: Hi Dana, I'm Jordan, I'll sort this out."""


@pytest.fixture
def empty_window(qtbot: QtBot, tmp_path: Path,
                 fake_loader: Callable[..., Callable[[], Engine]]) -> Iterator[MainWindow]:
    workspace = Workspace.open(tmp_path / "empty-workspace")
    window = MainWindow(workspace, Settings(always_on_top=False, agent_name="Jordan Avery", compose_first=False),
                        engine_loader=fake_loader())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT_MS):
        window.show()
    yield window
    window.shutdown()
    tasks.wait_for_all(5000)
    workspace.close()


def test_an_empty_workspace_says_how_to_get_conversations_in(empty_window: MainWindow) -> None:
    hook = empty_window.first_run
    assert hook.showing_empty and hook.empty.isVisible()
    assert not empty_window.panel.suggest_button.isVisible()  # nothing to suggest for: not offered
    assert hook.empty.import_button.isEnabled() and hook.empty.paste_button.isEnabled()
    assert hook.empty.connect_button.isEnabled() and "Settings" in hook.empty.connect_button.toolTip()
    opened: list[bool] = []
    empty_window.open_settings = lambda: opened.append(True)  # type: ignore[method-assign]
    hook.empty.connect_button.click()  # the Helpdesks part of Settings is where a connector is added
    assert opened == [True]
    assert hook.add_button.isVisible()


def test_importing_a_file_opens_its_conversation(qtbot: QtBot, empty_window: MainWindow, tmp_path: Path,
                                                 conversation_dict: dict) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(conversation_dict), encoding="utf-8")
    empty_window.first_run.choose_files = lambda: [path]
    with qtbot.waitSignal(empty_window.conversation_shown, timeout=TIMEOUT_MS) as shown:
        empty_window.first_run.empty.import_button.click()
    assert shown.args == ["c-1"]
    assert not empty_window.first_run.showing_empty and empty_window.panel.suggest_button.isVisible()
    assert empty_window.workspace.store.audit.entries(1)[0]["action"] == "import"


def test_a_bad_file_imports_nothing_and_says_what_is_wrong_in_one_line(
        qtbot: QtBot, empty_window: MainWindow, tmp_path: Path, conversation_dict: dict) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(conversation_dict), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**conversation_dict, "id": "c-2", "channel": "carrier pigeon"}), encoding="utf-8")
    with qtbot.waitSignal(empty_window.first_run.import_failed, timeout=TIMEOUT_MS) as failed:
        empty_window.first_run.import_files([good, bad])
    line = failed.args[0]
    assert "bad.json" in line and "channel" in line and "\n" not in line
    assert empty_window.first_run.empty.problem.text().startswith("Nothing imported: ")
    assert empty_window.workspace.store.count("conversations") == 0  # the good file is not half imported
    assert empty_window.first_run.showing_empty


def test_a_pasted_transcript_is_checked_then_saved_and_opened(qtbot: QtBot, empty_window: MainWindow) -> None:
    dialog = empty_window.first_run.open_paste(PASTED)
    boxes = dialog.role_boxes
    assert {a: b.currentData() for a, b in boxes.items()} == {
        "Dana Ruiz": "customer", "NorthBot": "bot", "Jordan Avery": "agent"}
    assert dialog.save_button.isEnabled() and "customer: Dana Ruiz" in dialog.preview.text()
    bot_box: QComboBox = boxes["NorthBot"]
    bot_box.setCurrentIndex(bot_box.findData("agent"))  # the agent corrects a role before saving
    with qtbot.waitSignal(empty_window.conversation_shown, timeout=TIMEOUT_MS) as shown:
        dialog.accept()
    saved = empty_window.workspace.store.conversations.get(shown.args[0])
    assert saved is not None and [m.role for m in saved.messages] == ["customer", "agent", "agent"]
    assert saved.customer.name == "Dana Ruiz"
    rendered = empty_window.conversation_view.rendered()
    assert rendered[0][2] == "Hi, order 4412 never arrived"


def test_a_paste_without_speakers_cannot_be_saved(empty_window: MainWindow) -> None:
    dialog = empty_window.first_run.open_paste("just a paragraph of text\nwith no speaker names")
    assert not dialog.save_button.isEnabled()
    assert dialog.problem.isVisible() and "Name: message" in dialog.problem.text()
    dialog.edit.setPlainText("Dana: hi there\nJordan Avery: hello Dana")  # fixed: it reads again
    assert dialog.save_button.isEnabled() and not dialog.problem.isVisible()
    dialog.reject()


def test_suggest_is_not_offered_where_the_customer_has_not_written(qtbot: QtBot, empty_window: MainWindow) -> None:
    dialog = empty_window.first_run.open_paste("Dana Ruiz: hi\nJordan Avery: Hello Dana!")
    dana = dialog.role_boxes["Dana Ruiz"]
    dana.setCurrentIndex(dana.findData("note"))  # no customer turn left: it cannot be saved as a chat
    assert not dialog.save_button.isEnabled()
    dana.setCurrentIndex(dana.findData("customer"))
    with qtbot.waitSignal(empty_window.conversation_shown, timeout=TIMEOUT_MS):
        dialog.accept()
    assert empty_window.panel.suggest_button.isEnabled()
    empty_window.panel.set_conversation(replace(empty_window.conversation_view.conversation,  # type: ignore[type-var]
                                                messages=[Message(role="agent", text="Hello!", author="Jordan")]))
    assert not empty_window.panel.suggest_button.isEnabled()
    assert "customer has not written" in empty_window.panel.suggest_button.toolTip()


def test_the_first_run_asks_for_the_agents_name_and_signs_with_it(
        qtbot: QtBot, tmp_path: Path, isolated_dirs: Path, fake_loader: Callable[..., Callable[[], Engine]],
        conversation_dict: dict) -> None:
    workspace = Workspace.open(tmp_path / "unnamed")
    window = MainWindow(workspace, Settings(always_on_top=False, compose_first=True), engine_loader=fake_loader())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT_MS):
        window.show()
    empty = window.first_run.empty
    assert empty.name_box.isVisible() and empty.name_edit.text()  # the login name, to confirm or change
    empty.name_edit.setText("  Alex   Kim ")
    empty.name_button.click()
    assert not empty.name_box.isVisible() and window.settings.agent_name == "Alex Kim"
    target = isolated_dirs / "config" / "settings.json"
    qtbot.waitUntil(lambda: target.exists() and "Alex Kim" in target.read_text(encoding="utf-8"), timeout=TIMEOUT_MS)
    path = tmp_path / "one.json"
    path.write_text(json.dumps(conversation_dict), encoding="utf-8")
    with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
        window.first_run.import_files([path])
    qtbot.waitUntil(lambda: window.bridge.state.value == "ready", timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.bridge.suggestion_done, timeout=TIMEOUT_MS) as done:
        window.panel.suggest_button.click()
    assert "Alex" in done.args[0].text.splitlines()[-1]  # signed by the person using Assist, no restart
    window.shutdown()
    tasks.wait_for_all(5000)
    workspace.close()


def test_a_named_agent_is_not_asked(empty_window: MainWindow) -> None:
    assert not empty_window.first_run.empty.name_box.isVisible()
