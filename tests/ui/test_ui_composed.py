"""The first card comes from the help centre, at once, before the model writes; then the model's cards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from assist.base.vocab import Origin
from assist.config.settings import Settings
from assist.domain.conversation import from_dict
from assist.llm.engine import Engine
from assist.llm.engines.fake import FakeEngine
from assist.workspace.workspace import Workspace
from ui.base import tasks
from ui.main_window import MainWindow

TIMEOUT_MS = 10_000
QUESTION = {"id": "q-returns", "channel": "chat", "subject": "Returning a jacket", "status": "open",
            "customer": {"name": "Dana Ruiz", "language": "en"},
            "messages": [{"role": "customer", "text": "How long do I have to return a jacket?",
                          "at": "2026-12-01T09:00:00Z"}]}


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace) -> Iterator[MainWindow]:
    workspace.store.conversations.import_all([from_dict(QUESTION)])

    def load() -> Engine:
        return FakeEngine(delay_s=0.02)

    win = MainWindow(workspace, Settings(always_on_top=False, agent_name="Sam Lee"), engine_loader=load)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.conversation_shown, timeout=TIMEOUT_MS):
        win.show()
    qtbot.waitUntil(lambda: win.bridge.state.value == "ready", timeout=TIMEOUT_MS)
    with qtbot.waitSignal(win.conversation_shown, timeout=TIMEOUT_MS):
        win.queue.select("q-returns")
    yield win
    win.shutdown()
    tasks.wait_for_all(5000)


def test_the_first_card_answers_from_the_help_centre(qtbot: QtBot, window: MainWindow,
                                                      workspace: Workspace) -> None:
    shown: list = []
    window.bridge.suggestion_done.connect(shown.append)
    with qtbot.waitSignal(window.bridge.all_done, timeout=TIMEOUT_MS):
        window.panel.suggest_button.click()
    first, second = shown[0], shown[1]
    assert first.origin == Origin.HELP_CENTRE and second.origin == Origin.MODEL
    assert "30 days" in first.text and first.citations[0] == "kb-returns"
    card = window.panel.cards_area.cards[0]
    assert "30 days" in card.text()
    assert "From the help centre" in card.meta_label.text()
    row = workspace.store.suggestions.get(first.id)
    assert row is not None and row["model"] == "From the help centre"


def test_the_first_card_is_there_before_the_model_finishes(qtbot: QtBot, window: MainWindow) -> None:
    events: list[str] = []
    window.bridge.suggestion_done.connect(lambda s: events.append(f"card:{s.origin}"))
    window.bridge.all_done.connect(lambda _shown: events.append("all done"))
    with qtbot.waitSignal(window.bridge.all_done, timeout=TIMEOUT_MS):
        window.panel.suggest_button.click()
    assert events[0] == "card:help_centre" and events[-1] == "all done"
    assert events.count("card:model") >= 1  # the model's cards came after it
