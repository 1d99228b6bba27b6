"""Settings' model part: where replies are generated (said in words), IT's locks, Check connection against a real
local server, the key into the keychain, and switching engines live in the running window."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from assist.config import secrets
from assist.config.settings import Settings, server_key_account
from ui.main_window import MainWindow
from ui.settings.settings_dialog import SettingsDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "llm"))
from openai_contract_server import ContractServer  # the contract server of the engine tests

TIMEOUT_MS = 10_000


@pytest.fixture
def server() -> Iterator[ContractServer]:
    with ContractServer() as running:
        yield running


def _choose(dialog: SettingsDialog, engine: str, url: str = "") -> None:
    section = dialog.models
    section.engine_combo.setCurrentIndex(section.engine_combo.findData(engine))
    if url:
        section.url_edit.setText(url)


def test_where_replies_are_generated_is_said_and_server_fields_follow(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    section = dialog.models
    assert section.privacy_label.text() == "Customer text stays on this computer."
    assert not section.url_edit.parentWidget().isEnabled()
    _choose(dialog, "server", "http://llm.corp.example:8080/v1")
    assert section.privacy_label.text().startswith("Customer text is sent to llm.corp.example:8080.")
    assert section.url_edit.parentWidget().isEnabled()
    edited = dialog.edited()
    assert (edited.engine, edited.server_url) == ("server", "http://llm.corp.example:8080/v1")
    assert dialog.engine_changed(Settings())


def test_a_policy_that_keeps_text_on_the_computer_cannot_be_changed_here(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(engine="local", locked=frozenset({"engine"})))
    qtbot.addWidget(dialog)
    assert not dialog.models.engine_combo.isEnabled()
    _choose(dialog, "server", "http://my-own-box:8080/v1")  # set programmatically: still ignored
    assert dialog.edited().engine == "local"


def test_the_catalogue_says_what_fits_and_what_is_installed(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    items = [dialog.model_combo.itemText(i) for i in range(dialog.model_combo.count())]
    assert any("4 GB tier" in t and "not installed" in t for t in items)
    assert any(t.startswith("SmolLM2 135M Instruct (Q4_1) · default") for t in items)


def test_check_connection_against_a_real_server(qtbot: QtBot, server: ContractServer) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    _choose(dialog, "server", server.url)
    dialog.models.check_button.click()
    qtbot.waitUntil(lambda: dialog.models.check_label.text().startswith("✓"), timeout=TIMEOUT_MS)
    assert "serves test-model" in dialog.models.check_label.text()
    _choose(dialog, "server", "http://127.0.0.1:9/v1")
    dialog.models.check_button.click()
    qtbot.waitUntil(lambda: dialog.models.check_label.text().startswith("✗"), timeout=TIMEOUT_MS)
    assert "cannot reach the model server 127.0.0.1:9" in dialog.models.check_label.text()


def test_the_key_goes_to_the_keychain_for_that_server_only(qtbot: QtBot, plaintext_keychain: object) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    _choose(dialog, "server", "http://llm.corp.example:8080/v1")
    dialog.models.key_edit.setText("sk-team-key")
    dialog.server_key_saver()()
    assert secrets.get_token(server_key_account("http://llm.corp.example:8080/v1")) == "sk-team-key"
    assert secrets.get_token(server_key_account("http://other.example/v1")) is None
    assert "sk-team-key" not in json.dumps(dialog.edited().__dict__, default=str)


def test_the_window_switches_engines_live(qtbot: QtBot, make_window, server: ContractServer,
                                          monkeypatch: pytest.MonkeyPatch, plaintext_keychain: object) -> None:
    window: MainWindow = make_window()
    window._custom_loader = False  # the real loader from here on (the fake local model behind it)
    assert window.bridge.model_location == "this computer"

    def accept_with_server(dialog: SettingsDialog) -> int:
        _choose(dialog, "server", server.url)
        return SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", accept_with_server)
    window.open_settings()
    qtbot.waitUntil(lambda: window.bridge.model_name.startswith("test-model on 127.0.0.1"), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.bridge.state.value == "ready", timeout=TIMEOUT_MS)
    assert window.bridge.model_location.startswith("127.0.0.1:")
    # The chip is repainted from the bridge's queued state signal: wait for it rather than race it.
    qtbot.waitUntil(lambda: "replies are generated on 127.0.0.1:" in window.status_chip.toolTip(), timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.bridge.finished, timeout=TIMEOUT_MS):
        window.panel.suggest()
    assert server.chat_requests(), "the suggestion did not go to the server"
