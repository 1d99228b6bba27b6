"""The Helpdesks part of Settings, offscreen, against a real local Chatwoot server and a real keyring backend
(keyrings.alt's file backend, selected explicitly): add and test, the status light, errors shown, remove."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from assist.base.vocab import SyncHealth
from assist.config import secrets
from assist.config.settings import Settings
from assist.eval.helpdesk_server import TOKEN, Helpdesk, serving
from assist.workspace.workspace import Workspace
from ui.settings.connections_section import light_color
from ui.settings.settings_dialog import SettingsDialog

TIMEOUT_MS = 10_000


@pytest.fixture
def plain_workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "ws")
    yield ws
    from ui.base import tasks

    tasks.wait_for_all(5000)
    ws.close()


def test_add_test_and_remove_a_helpdesk_from_settings(qtbot: QtBot, plaintext_keychain: None,
                                                      plain_workspace: Workspace) -> None:
    desk = Helpdesk()
    dialog = SettingsDialog(Settings(), workspace=plain_workspace)
    qtbot.addWidget(dialog)
    section = dialog.connections
    assert section is not None
    qtbot.waitUntil(lambda: section.empty.isVisibleTo(dialog), timeout=TIMEOUT_MS)
    with serving("chatwoot", desk) as base:
        section.kind_combo.setCurrentIndex(section.kind_combo.findData("chatwoot"))
        assert not section.user_edit.isEnabled()
        section.url_edit.setText(f"{base}/app/accounts/1")
        section.token_edit.setText("wrong")
        section.add_button.click()
        qtbot.waitUntil(lambda: "token rejected" in section.feedback.text(), timeout=TIMEOUT_MS)
        assert section.rows == [] and "wrong" not in section.feedback.text()
        section.token_edit.setText(TOKEN)
        with qtbot.waitSignal(section.changed, timeout=TIMEOUT_MS):
            section.add_button.click()
        qtbot.waitUntil(lambda: len(section.rows) == 1, timeout=TIMEOUT_MS)
        assert section.token_edit.text() == "" and "Connected as Sam Lee" in section.feedback.text()
        section.rows[0].test_button.click()
        qtbot.waitUntil(lambda: len(section.rows) == 1 and section.rows[0].status.health == SyncHealth.OK,
                        timeout=TIMEOUT_MS)
        assert light_color(SyncHealth.OK) in section.rows[0].light.styleSheet()
        assert "Connected" in section.rows[0].meta.text()
    with qtbot.waitSignal(section.changed, timeout=TIMEOUT_MS):
        section.rows[0].remove_button.click()
    qtbot.waitUntil(lambda: section.rows == [], timeout=TIMEOUT_MS)


def test_an_unreachable_helpdesk_shows_its_error_on_the_row(qtbot: QtBot, plaintext_keychain: None,
                                                            plain_workspace: Workspace) -> None:
    from assist.store.sync_state import ConnectorRecord

    plain_workspace.store.sync.add_connector(ConnectorRecord("freshdesk", "freshdesk", "http://127.0.0.1:9", "",
                                                             {}))
    plain_workspace.store.sync.mark("freshdesk", SyncHealth.TOKEN_REJECTED, "freshdesk GET /api/v2/tickets: token "
                                    "rejected (HTTP 401)")
    dialog = SettingsDialog(Settings(), workspace=plain_workspace)
    qtbot.addWidget(dialog)
    section = dialog.connections
    assert section is not None
    qtbot.waitUntil(lambda: len(section.rows) == 1, timeout=TIMEOUT_MS)
    row = section.rows[0]
    assert row.error.isVisibleTo(dialog) and "token rejected" in row.error.text()
    assert "Token rejected" in row.meta.text()


def test_live_sync_in_the_window_shows_an_arriving_message(qtbot: QtBot, plaintext_keychain: None,
                                                           tmp_path: Path) -> None:
    from assist.llm.engines.fake import FakeEngine
    from tests.unit.connectors.conftest import record_for, scenario
    from ui.main_window import MainWindow

    desk = scenario()
    ws = Workspace.open(tmp_path / "live")
    with serving("chatwoot", desk) as base:
        record = record_for("chatwoot", base, poll_seconds=1)
        ws.store.sync.add_connector(record)
        secrets.set_token(record.keychain_account, TOKEN)
        window = MainWindow(ws, Settings(agent_name="Sam"), engine_loader=FakeEngine)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.queue.queue_model.rowCount() == 3, timeout=TIMEOUT_MS)
        window.queue.select("chatwoot:3")
        qtbot.waitUntil(lambda: window.conversation_view.conversation is not None
                        and window.conversation_view.conversation.id == "chatwoot:3", timeout=TIMEOUT_MS)
        desk.say(desk.tickets[3], desk.tickets[3].requester_id, "customer", "The new address is 12 Elm Street.")
        qtbot.waitUntil(lambda: window.conversation_view.conversation is not None
                        and window.conversation_view.conversation.messages[-1].text.startswith("The new address"),
                        timeout=TIMEOUT_MS)
        window.close()
    from ui.base import tasks

    tasks.wait_for_all(5000)
    ws.close()
