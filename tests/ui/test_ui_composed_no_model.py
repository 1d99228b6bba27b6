"""With the model missing, Suggest still gives the help centre's card (it needs no model), and the reason the
model is off stays in view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from assist.base.errors import ModelUnavailable
from assist.base.vocab import Origin
from assist.config.settings import Settings
from assist.domain.conversation import from_dict
from assist.llm.engine import Engine
from assist.workspace.workspace import Workspace
from ui.base import tasks
from ui.main_window import MainWindow

TIMEOUT_MS = 10_000
QUESTION = {"id": "q-returns", "channel": "chat", "subject": "Returning a jacket", "status": "open",
            "customer": {"name": "Dana Ruiz", "language": "en"},
            "messages": [{"role": "customer", "text": "How long do I have to return a jacket?",
                          "at": "2026-12-01T09:00:00Z"}]}


def _missing_model() -> Engine:
    raise ModelUnavailable("model file not found: /x.gguf", hint="put the model file back")


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace) -> Iterator[MainWindow]:
    workspace.store.conversations.import_all([from_dict(QUESTION)])
    win = MainWindow(workspace, Settings(always_on_top=False, agent_name="Sam Lee", compose_first=True),
                     engine_loader=_missing_model)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.conversation_shown, timeout=TIMEOUT_MS):
        win.show()
    qtbot.waitUntil(lambda: win.bridge.state.value == "failed", timeout=TIMEOUT_MS)
    with qtbot.waitSignal(win.conversation_shown, timeout=TIMEOUT_MS):
        win.queue.select("q-returns")
    yield win
    win.shutdown()
    tasks.wait_for_all(5000)


def test_the_composed_card_comes_without_the_model(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.panel
    assert panel.suggest_button.isEnabled()
    assert "model file not found" in panel.status_label.toolTip()
    shown: list = []
    window.bridge.suggestion_done.connect(shown.append)
    with qtbot.waitSignal(window.bridge.all_done, timeout=TIMEOUT_MS):
        panel.suggest_button.click()
    assert [s.origin for s in shown][:1] == [Origin.HELP_CENTRE]
    assert all(s.origin != Origin.MODEL for s in shown)
    card = panel.cards_area.cards[0]
    assert "30 days" in card.text() and "From the help centre" in card.meta_label.text()
    qtbot.waitUntil(lambda: not panel.streaming, timeout=TIMEOUT_MS)
    assert "model file not found" in panel.status_label.toolTip()  # why the model's cards did not come
    assert panel.suggest_button.isEnabled()
