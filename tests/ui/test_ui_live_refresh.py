"""A customer message that live sync brings into the conversation on screen: the view shows it, and the
suggestions and draft already there stay, the suggestions marked older (they answer an earlier message); with
none on screen, the suggestion live sync prepared for the message shows.
Against a real local Chatwoot server (assist/eval/helpdesk_server.py), a real keyring backend, a real SQLite file
and an offscreen window with the fake engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from assist.config import secrets
from assist.config.settings import Settings
from assist.domain.conversation import Message
from assist.eval.helpdesk_server import TOKEN, serving
from assist.llm.engine import Engine
from assist.llm.engines.fake import FakeEngine
from assist.workspace.demo import _demo_file, load_articles
from assist.workspace.workspace import Workspace
from tests.unit.connectors.conftest import record_for, scenario
from ui.base import tasks
from ui.main_window import MainWindow

TIMEOUT_MS = 10_000
OPEN = "chatwoot:3"


def _last_text(window: MainWindow) -> str:
    shown = window.conversation_view.conversation
    return shown.messages[-1].text if shown is not None and shown.messages else ""


def _open_live_window(qtbot: QtBot, ws: Workspace, base: str, delay_s: float = 0.0) -> MainWindow:
    record = record_for("chatwoot", base, poll_seconds=1)
    ws.store.sync.add_connector(record)
    secrets.set_token(record.keychain_account, TOKEN)
    window = MainWindow(ws, Settings(agent_name="Sam", compose_first=False, always_on_top=False),
                        engine_loader=lambda: FakeEngine(delay_s=delay_s))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.queue.queue_model.rowCount() == 3, timeout=TIMEOUT_MS)
    window.queue.select(OPEN)
    qtbot.waitUntil(lambda: window.conversation_view.conversation is not None
                    and window.conversation_view.conversation.id == OPEN, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.bridge.state.value == "ready", timeout=TIMEOUT_MS)
    return window


def test_an_arriving_message_refreshes_the_open_chat_and_marks_its_suggestions_older(
        qtbot: QtBot, plaintext_keychain: None, tmp_path: Path) -> None:
    desk = scenario()
    ws = Workspace.open(tmp_path / "live")
    with serving("chatwoot", desk) as base:
        window = _open_live_window(qtbot, ws, base)
        panel = window.panel
        with qtbot.waitSignal(window.bridge.all_done, timeout=TIMEOUT_MS):
            panel.suggest_button.click()
        texts = [c.text() for c in panel.cards]
        assert texts and not any(c.stale for c in panel.cards)
        panel.show_draft(True)
        panel.draft_edit.setPlainText("Hi Dana, the new address is noted.")
        shown_signals: list[str] = []
        window.conversation_shown.connect(shown_signals.append)

        desk.say(desk.tickets[3], desk.tickets[3].requester_id, "customer", "The new address is 12 Elm Street.")
        qtbot.waitUntil(lambda: _last_text(window).startswith("The new address"), timeout=TIMEOUT_MS)
        bubbles = [b for b in window.conversation_view.items
                   if "12 Elm Street" in (b.message.text if b.message else "")]
        assert len(bubbles) == 1  # the view itself shows it, once
        # The work on screen stays, and says it answers an older message.
        assert [c.text() for c in panel.cards] == texts
        assert all(c.stale for c in panel.cards)
        assert "older" in panel.cards[0].hint_label.text()
        assert panel.draft_edit.toPlainText() == "Hi Dana, the new address is noted."
        assert shown_signals == [OPEN]  # the rest of the window (missed steps) looks again
        # Returning later shows the newest round: the suggestion live sync prepared for the new message.
        other = next(i.id for i in window.queue.queue_model.items() if i.id != OPEN)
        with qtbot.waitSignal(panel.restored, timeout=TIMEOUT_MS):
            window.queue.select(other)
        with qtbot.waitSignal(panel.restored, timeout=TIMEOUT_MS):
            window.queue.select(OPEN)
        assert panel.cards and [c.text() for c in panel.cards] != texts and not any(c.stale for c in panel.cards)
        window.close()
    tasks.wait_for_all(5000)
    ws.close()



def test_an_arriving_message_in_a_chat_with_nothing_suggested_shows_the_prepared_suggestion(
        qtbot: QtBot, plaintext_keychain: None, tmp_path: Path) -> None:
    # Live sync composes the first suggestion when the message lands; the agent sees it without pressing Suggest.
    desk = scenario()
    ws = Workspace.open(tmp_path / "live")
    ws.store.articles.upsert(load_articles(_demo_file("articles.json")))  # something to answer from
    with serving("chatwoot", desk) as base:
        window = _open_live_window(qtbot, ws, base)
        panel = window.panel
        assert not panel.cards
        desk.say(desk.tickets[3], desk.tickets[3].requester_id, "customer",
                 "How long do I have to return a jacket?")
        qtbot.waitUntil(lambda: bool(panel.cards), timeout=TIMEOUT_MS)
        card, prepared = panel.cards[0], window.live.bridge.live.ready[OPEN]
        assert card.text() == prepared.text and not card.stale
        assert card.suggestion.origin == prepared.origin == "help_centre"
        assert _last_text(window).startswith("How long do I have to return")
        window.close()
    tasks.wait_for_all(5000)
    ws.close()


def test_a_message_arriving_while_suggestions_stream_lets_them_finish_marked_older(
        qtbot: QtBot, make_window: Callable[..., MainWindow], fake_loader: Callable[..., Callable[[], Engine]],
        workspace: Workspace) -> None:
    # Live sync waits while the agent's Suggest runs, but a round it began just before can land mid-stream:
    # what it hands the window (LiveHook.refresh_open) must not throw the agent's Suggest away.
    window = make_window(fake_loader(delay_s=0.08))
    panel = window.panel
    open_id = window.queue.current_id()
    done: list[list[object]] = []
    window.bridge.all_done.connect(done.append)
    panel.suggest_button.click()
    qtbot.waitUntil(lambda: bool(panel.cards) and len(panel.cards[0].text().split()) >= 3, timeout=TIMEOUT_MS)
    workspace.store.conversations.add_message(open_id, Message(role="customer", text="Actually, hold the order.",
                                                               author="Customer"))
    window.live.refresh_open(open_id)
    qtbot.waitUntil(lambda: _last_text(window).startswith("Actually"), timeout=TIMEOUT_MS)
    assert not done and panel.busy, "the round should still be streaming (make the engine slower)"
    qtbot.waitUntil(lambda: bool(done), timeout=3 * TIMEOUT_MS)  # the agent's Suggest was not thrown away
    assert len(panel.cards) == len(done[0]) >= 1
    assert all(c.text().strip() and c.stale for c in panel.cards)  # they answer the earlier message
    assert panel.suggest_button.isEnabled()
