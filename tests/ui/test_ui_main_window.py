"""The main window on the demo workspace with the fake engine: queue, conversation, streaming, outcomes."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from assist.base.errors import ModelUnavailable
from assist.llm.engine import Engine
from assist.llm.loader import load_engine
from assist.reply.suggest import Suggestion
from assist.workspace.workspace import Workspace
from ui.main_window import MainWindow, default_conversation

MakeWindow = Callable[..., MainWindow]
LoaderFactory = Callable[..., Callable[[], Engine]]
TIMEOUT_MS = 10_000

BLOCKED_REPLY = "Happy to help. Please send me your full card number and CVV so I can check the charge."


def suggest_and_wait(qtbot: QtBot, window: MainWindow) -> Suggestion:
    with qtbot.waitSignal(window.bridge.finished, timeout=TIMEOUT_MS) as blocker:
        window.panel.suggest_button.click()
    suggestion = blocker.args[0]
    assert isinstance(suggestion, Suggestion)
    return suggestion


def test_opens_on_demo_queue_with_a_handed_off_chat_selected(make_window: MakeWindow) -> None:
    window = make_window()
    items = window.queue.queue_model.items()
    assert len(items) == 45
    assert window.workspace_label.toolTip().startswith("Demo workspace — Northwind Goods")
    selected = window.queue.current_id()
    assert selected == default_conversation(items)
    item = items[window.queue.queue_model.row_of(selected)]
    assert item.status == "open" and item.from_bot
    assert window.conversation_view.conversation is not None
    assert window.conversation_view.conversation.id == selected
    assert window.status_chip.text().startswith("Fake engine")
    assert window.panel.suggest_button.isEnabled()


def test_picking_a_conversation_shows_roles_and_the_handoff(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    items = window.queue.queue_model.items()
    other = next(i for i in items if i.from_bot and i.id != window.queue.current_id())
    with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS) as shown:
        window.queue.select(other.id)
    assert shown.args == [other.id]
    rendered = window.conversation_view.rendered()
    bots = [caption for role, caption, _ in rendered if role == "bot"]
    assert bots and all(caption.startswith("AI · ") for caption in bots)
    dividers = [text for role, _, text in rendered if role == "system"]
    assert any("Handed off to a human agent" in text for text in dividers)
    conversation = window.conversation_view.conversation
    assert conversation is not None and conversation.id == other.id
    assert [m.text for m in conversation.messages if m.role != "system"] == [
        text for role, _, text in rendered if role != "system"]
    assert window.conversation_view.header.name.text() == (conversation.customer.name or "Unknown customer")


def test_message_text_is_plain_not_html(
        qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    from assist.domain.conversation import Conversation, Customer, Message

    evil = "<b>bold</b> <img src=x onerror=alert(1)> & <script>"
    workspace.store.conversations.import_all([Conversation(
        id="z-html", channel="chat", subject="<i>subject</i>", customer=Customer(name="<u>Eve</u>"),
        messages=[Message(role="customer", text=evil, at="2027-01-01T10:00:00Z")])])
    window = make_window()
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT_MS):
        window.reload_queue()
    with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
        window.queue.select("z-html")
    bubble = window.conversation_view.items[0]
    assert bubble.body.textFormat() == Qt.TextFormat.PlainText
    assert bubble.body.text() == evil
    assert window.conversation_view.header.name.text() == "<u>Eve</u>"


def test_suggest_streams_tokens_then_shows_the_model(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    panel = window.panel
    lengths: list[int] = []
    window.bridge.token.connect(lambda _t: lengths.append(len(panel.text_edit.toPlainText())))
    suggestion = suggest_and_wait(qtbot, window)
    assert len(lengths) > 5
    assert lengths == sorted(lengths) and lengths[-1] > lengths[0]
    assert panel.text_edit.toPlainText() == suggestion.text
    assert suggestion.text.startswith("Hi Tyler, thanks for reaching out")  # greeting primer + fake reply
    assert panel.meta_label.text() == "Fake engine"  # timings are details, for the tooltip
    assert panel.meta_label.toolTip().replace("\xa0", " ").startswith("Details: Fake engine · ttft ")
    assert "tok/s" in panel.meta_label.toolTip().replace("\u2060", "")
    assert not panel.text_edit.isReadOnly()
    assert panel.insert_button.isEnabled() and not panel.stop_button.isEnabled()
    assert "tok/s" in window.status_chip.text()


def test_stop_during_streaming_stops_the_text(
        fake_loader: LoaderFactory, qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(fake_loader(delay_s=0.05))
    panel = window.panel
    tokens: list[str] = []
    window.bridge.token.connect(tokens.append)
    panel.suggest_button.click()
    assert panel.stop_button.isEnabled()
    qtbot.waitUntil(lambda: len(tokens) >= 3, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.bridge.finished, timeout=TIMEOUT_MS) as finished:
        window.shortcuts[2].activated.emit()  # Esc
    suggestion = finished.args[0]
    assert suggestion.cancelled
    assert panel.meta_label.text().endswith("stopped")
    stopped_at = panel.text_edit.toPlainText()
    qtbot.wait(300)
    assert panel.text_edit.toPlainText() == stopped_at
    assert 0 < len(stopped_at) < 100  # the full reply is ~200 characters
    assert panel.suggest_button.isEnabled() and not panel.stop_button.isEnabled()


def test_window_stays_responsive_while_generating(
        fake_loader: LoaderFactory, qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(fake_loader(delay_s=0.03))
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    try:
        suggest_and_wait(qtbot, window)
    finally:
        timer.stop()
    assert len(beats) > 20
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert max(gaps) < 0.2


def test_copy_insert_copies_and_records_inserted(qtbot: QtBot, make_window: MakeWindow,
                                                 workspace: Workspace) -> None:
    window = make_window()
    suggestion = suggest_and_wait(qtbot, window)
    assert suggestion.id is not None
    with qtbot.waitSignal(window.panel.outcome_recorded, timeout=TIMEOUT_MS) as recorded:
        window.panel.insert_button.click()
    assert recorded.args == ["inserted"]
    assert QGuiApplication.clipboard().text() == suggestion.text
    row = workspace.store.suggestions.get(suggestion.id)
    assert row is not None and row["outcome"] == "inserted"


def test_edited_text_records_edited_with_the_final_text(qtbot: QtBot, make_window: MakeWindow,
                                                        workspace: Workspace) -> None:
    window = make_window()
    suggestion = suggest_and_wait(qtbot, window)
    assert suggestion.id is not None
    window.panel.text_edit.setPlainText(suggestion.text + " Best, Sam")
    with qtbot.waitSignal(window.panel.outcome_recorded, timeout=TIMEOUT_MS):
        window.shortcuts[3].activated.emit()  # Ctrl+Shift+C
    row = workspace.store.suggestions.get(suggestion.id)
    assert row is not None and row["outcome"] == "edited" and row["final_text"].endswith("Best, Sam")
    assert QGuiApplication.clipboard().text().endswith("Best, Sam")


def test_dismiss_records_dismissed(qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    window = make_window()
    suggestion = suggest_and_wait(qtbot, window)
    assert suggestion.id is not None
    with qtbot.waitSignal(window.panel.outcome_recorded, timeout=TIMEOUT_MS):
        window.panel.dismiss_button.click()
    assert all(card.suggestion is not suggestion for card in window.panel.cards)  # the card is gone
    row = workspace.store.suggestions.get(suggestion.id)
    assert row is not None and row["outcome"] == "dismissed"


def test_block_finding_disables_insert_and_override_is_audited(
        fake_loader: LoaderFactory, qtbot: QtBot, make_window: MakeWindow, workspace: Workspace,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(fake_loader(BLOCKED_REPLY))
    panel = window.panel
    suggestion = suggest_and_wait(qtbot, window)
    assert suggestion.blocked
    assert panel.finding_rows
    # the rule in the playbook's words, its id and severity only in the tooltip
    assert any(row.text().startswith("● ") and "Blocked · rule " in row.toolTip() for row in panel.finding_rows)
    assert not any(row.findings[0].rule in row.text() for row in panel.finding_rows)
    assert not panel.insert_button.isEnabled()
    assert panel.override_button.isVisible() and panel.override_button.isEnabled()
    assert panel.text_edit.extraSelections()  # the span is highlighted
    clipboard_before = QGuiApplication.clipboard().text()
    panel.insert()  # the shortcut path must not bypass the block
    assert QGuiApplication.clipboard().text() == clipboard_before

    monkeypatch.setattr(panel, "confirm_override", lambda _s: True)
    with qtbot.waitSignal(panel.outcome_recorded, timeout=TIMEOUT_MS):
        panel.override_button.click()
    assert suggestion.id is not None
    row = workspace.store.suggestions.get(suggestion.id)
    assert row is not None and row["outcome"] == "overridden"
    actions = [e["action"] for e in workspace.store.audit.entries()]
    assert "suggestion.override" in actions
    assert QGuiApplication.clipboard().text() == suggestion.text


def test_override_needs_confirmation(
        fake_loader: LoaderFactory, qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    window = make_window(fake_loader(BLOCKED_REPLY))
    suggestion = suggest_and_wait(qtbot, window)
    window.panel.override_button.click()  # no dialogs in tests: the answer is "no"
    qtbot.wait(100)
    assert suggestion.id is not None
    row = workspace.store.suggestions.get(suggestion.id)
    assert row is not None and row["outcome"] is None


def _missing_model() -> Engine:
    raise ModelUnavailable("model file not found: /x.gguf")


def test_missing_model_turns_suggestions_off_but_the_app_works(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(_missing_model, wait_ready=False)
    qtbot.waitUntil(lambda: window.bridge.state.value == "failed", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "Suggestions off" in window.status_chip.text(), timeout=TIMEOUT_MS)
    assert "model file not found: /x.gguf" in window.status_chip.toolTip()
    assert window.status_chip.property("level") == "warning"
    assert not window.panel.suggest_button.isEnabled()
    assert "model file not found" in window.panel.suggest_button.toolTip()
    window.panel.suggest()  # the shortcut path: nothing happens
    assert not window.panel.streaming
    items = window.queue.queue_model.items()
    other = next(i for i in items if i.id != window.queue.current_id())
    with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
        window.queue.select(other.id)
    assert window.conversation_view.rendered()


@pytest.mark.allow_log('engine probe died')
def test_an_engine_build_that_crashes_on_this_cpu_leaves_the_app_open(
        qtbot: QtBot, make_window: MakeWindow, broken_engine: Callable[[str], Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The real loader with a llama.cpp build whose probe child dies by SIGSEGV: suggestions off, reason and
    fix shown, every other part of the window still works."""
    broken_engine("segv")
    monkeypatch.delenv("ASSIST_FAKE_ENGINE")
    window = make_window(load_engine, wait_ready=False)
    qtbot.waitUntil(lambda: window.bridge.state.value == "failed", timeout=120_000)
    qtbot.waitUntil(lambda: "Suggestions off" in window.status_chip.text(), timeout=TIMEOUT_MS)
    tip = window.status_chip.toolTip()
    assert "this build of the model engine crashes on this CPU (SIGSEGV" in tip
    assert "tools/install.py" in tip
    assert not window.panel.suggest_button.isEnabled()
    assert "crashes on this CPU" in window.panel.suggest_button.toolTip()
    other = next(i for i in window.queue.queue_model.items() if i.id != window.queue.current_id())
    with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
        window.queue.select(other.id)
    assert window.conversation_view.rendered()


def test_suggest_is_disabled_while_the_model_loads(
        fake_loader: LoaderFactory, qtbot: QtBot, make_window: MakeWindow) -> None:
    def slow_loader() -> Engine:
        time.sleep(0.5)
        return fake_loader()()

    window = make_window(slow_loader, wait_ready=False)
    if window.bridge.state.value == "loading":
        assert window.status_chip.text() == "Loading model…"
        assert not window.panel.suggest_button.isEnabled()
        assert window.panel.suggest_button.toolTip() == "Model loading…"
    qtbot.waitUntil(lambda: window.panel.suggest_button.isEnabled(), timeout=TIMEOUT_MS)


def test_citation_chip_opens_the_article(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    suggestion = suggest_and_wait(qtbot, window)
    if not suggestion.citations:
        pytest.skip("no article retrieved for the default conversation")
    assert [b.text() for b in window.panel.citation_buttons] == suggestion.citations
    with qtbot.waitSignal(window.panel.article_shown, timeout=TIMEOUT_MS) as shown:
        window.panel.citation_buttons[0].click()
    dialog = shown.args[0]
    assert suggestion.citations[0] in dialog.windowTitle()
    dialog.close()


def test_screenshot_mode_writes_a_png(qapp: object, tmp_path: Path) -> None:
    from ui.app import run

    target = tmp_path / "shot.png"
    assert run([], data_dir=None, demo=True, screenshot=target) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
