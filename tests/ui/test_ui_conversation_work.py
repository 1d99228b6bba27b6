"""Work never crosses between customers, and Stop stops: the draft and the suggestions belong to their
conversation (kept in the real SQLite file, restored on return and after a restart), earlier suggestions are
marked older once the customer writes again, and Stop ends streaming on screen at once, leaving no card that
holds only a greeting."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from assist.config.settings import Settings
from assist.domain.conversation import Message
from assist.llm.engine import Engine
from assist.workspace.workspace import Workspace
from ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
LoaderFactory = Callable[..., Callable[[], Engine]]
TIMEOUT_MS = 10_000
RACHEL_DRAFT = "Hi Rachel, I'll refund you $250 today."


def _switch(qtbot: QtBot, window: MainWindow, conversation_id: str) -> None:
    with qtbot.waitSignal(window.panel.restored, timeout=TIMEOUT_MS):
        window.queue.select(conversation_id)


def _other_id(window: MainWindow) -> str:
    return next(i.id for i in window.queue.queue_model.items() if i.id != window.queue.current_id())


def test_a_draft_stays_in_its_own_conversation_and_survives_a_restart(
        qtbot: QtBot, make_window: MakeWindow, workspace: Workspace, fake_loader: LoaderFactory) -> None:
    window = make_window()
    first = window.queue.current_id()
    second = _other_id(window)
    window.panel.show_draft(True)
    window.panel.draft_edit.setPlainText(RACHEL_DRAFT)
    _switch(qtbot, window, second)
    assert window.panel.draft_edit.toPlainText() == ""  # not in the other customer's chat
    window.panel.draft_edit.setPlainText("Hi Tyler, your blender ships today.")
    _switch(qtbot, window, first)
    assert window.panel.draft_edit.toPlainText() == RACHEL_DRAFT
    _switch(qtbot, window, second)
    assert window.panel.draft_edit.toPlainText() == "Hi Tyler, your blender ships today."
    window.panel.memory.flush()
    qtbot.waitUntil(lambda: workspace.store.drafts.get(second) != "", timeout=TIMEOUT_MS)
    assert workspace.store.drafts.get(first) == RACHEL_DRAFT
    window.close()
    again = MainWindow(workspace, Settings(always_on_top=False, agent_name="Sam Lee", compose_first=False),
                       engine_loader=fake_loader())
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.panel.restored, timeout=TIMEOUT_MS):
        again.show()
    again.panel.show_draft(True)
    shown = again.queue.current_id()
    assert again.panel.draft_edit.toPlainText() == workspace.store.drafts.get(shown)
    again.shutdown()


def test_the_draft_box_has_its_own_copy(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    window.panel.show_draft(True)
    assert not window.panel.draft_box.copy_button.isEnabled()
    window.panel.draft_edit.setPlainText(RACHEL_DRAFT)
    window.panel.draft_box.copy_button.click()
    assert QGuiApplication.clipboard().text() == RACHEL_DRAFT


def test_suggestions_come_back_with_their_outcome_and_turn_older_on_a_new_message(
        qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    window = make_window()
    panel = window.panel
    first = window.queue.current_id()
    with qtbot.waitSignal(window.bridge.finished, timeout=TIMEOUT_MS):
        panel.suggest_button.click()
    texts = [c.text() for c in panel.cards]
    with qtbot.waitSignal(panel.outcome_recorded, timeout=TIMEOUT_MS):
        panel.insert_button.click()
    _switch(qtbot, window, _other_id(window))
    assert not any(c.text() in texts for c in panel.cards)
    _switch(qtbot, window, first)
    assert [c.text() for c in panel.cards] == texts  # back at once, no model call
    assert panel.cards[0].outcome == "inserted" and not panel.cards[0].stale
    assert "older" not in panel.cards[0].hint_label.text()
    workspace.store.conversations.add_message(first, Message(role="customer", text="Any news on this?",
                                                             author="Customer"))
    _switch(qtbot, window, _other_id(window))
    _switch(qtbot, window, first)
    assert panel.cards and all(c.stale for c in panel.cards)
    assert "older" in panel.cards[0].hint_label.text()
    assert "latest message" in panel.cards[0].hint_label.toolTip()


def test_stop_before_the_first_words_takes_effect_at_once_and_leaves_nothing_to_insert(
        qtbot: QtBot, make_window: MakeWindow, fake_loader: LoaderFactory) -> None:
    window = make_window(fake_loader(delay_s=1.0))  # a slow prompt evaluation: the first word comes after 1 s
    panel = window.panel
    started: list[int] = []
    window.bridge.suggestion_started.connect(started.append)
    panel.suggest_button.click()
    qtbot.waitUntil(lambda: bool(panel.cards) and panel.cards[0].text().strip() != "", timeout=TIMEOUT_MS)
    assert panel.cards[0].text().strip().startswith("Hi ")  # only the greeting so far
    assert not panel.cards[0].insert_button.isEnabled()
    window.shortcuts[2].activated.emit()  # Esc: no waiting on the engine for any of what follows
    assert not panel.streaming and not panel.stop_button.isEnabled() and panel.suggest_button.isEnabled()
    assert panel.cards == []  # the card that held only "Hi …," is gone
    assert "stopped before the first words" in panel.message_label.text()
    with qtbot.waitSignal(window.bridge.all_done, timeout=TIMEOUT_MS):
        pass  # the engine's own end of the round changes nothing on screen
    assert panel.cards == [] and "stopped" in panel.message_label.text()


def test_a_stopped_card_with_words_in_it_keeps_them_and_can_be_inserted(
        qtbot: QtBot, make_window: MakeWindow, fake_loader: LoaderFactory) -> None:
    window = make_window(fake_loader(delay_s=0.05))
    panel = window.panel
    panel.suggest_button.click()
    qtbot.waitUntil(lambda: bool(panel.cards) and len(panel.cards[0].text().split()) >= 6, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.bridge.all_done, timeout=TIMEOUT_MS):
        window.shortcuts[2].activated.emit()
        assert not panel.cards[0].streaming and "writing" not in panel.cards[0].hint_label.text()
    card = panel.cards[0]
    assert card.suggestion is not None and card.suggestion.cancelled
    assert card.insert_button.isEnabled()


def test_the_sign_off_is_the_person_using_assist(qtbot: QtBot, workspace: Workspace,
                                                fake_loader: LoaderFactory) -> None:
    window = MainWindow(workspace, Settings(always_on_top=False, agent_name="Alex Kim", compose_first=True),
                        engine_loader=fake_loader())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
        window.show()
    qtbot.waitUntil(lambda: window.bridge.state.value == "ready", timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.bridge.suggestion_done, timeout=TIMEOUT_MS) as done:
        window.panel.suggest_button.click()
    assert "Alex" in done.args[0].text.splitlines()[-1]
    window.shutdown()


def test_cards_on_screen_turn_older_when_the_customer_writes_again(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    from dataclasses import replace

    window = make_window()
    panel = window.panel
    with qtbot.waitSignal(window.bridge.finished, timeout=TIMEOUT_MS):
        panel.suggest_button.click()
    shown = window.conversation_view.conversation
    assert shown is not None and panel.cards and not any(c.stale for c in panel.cards)
    newer = replace(shown, messages=[*shown.messages, Message(role="customer", text="Hello??", author="Tyler")])
    panel.set_conversation(newer)  # what a live sync hands the panel for the chat on screen
    assert panel.cards and all(c.stale for c in panel.cards)
