"""The handoff from the bot: the divider, the brief card, "Needs a human", sentiment and the sparkline."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

import assist
from assist.analysis import escalation, sentiment
from assist.domain.conversation import Conversation, Customer, Message
from assist.workspace.workspace import Workspace
from ui.conversation import insights
from ui.conversation.conversation_view import MessageBubble
from ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
TIMEOUT_MS = 10_000
DEMO = Path(assist.__file__).parent / "workspace" / "demo_data" / "conversations.json"


def handed_off_ids() -> list[str]:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    return [c["id"] for c in data if any(
        m["role"] == "system" and m["text"].startswith("Handed off to a human agent") for m in c["messages"])]


def open_conversation(qtbot: QtBot, window: MainWindow, conversation_id: str) -> None:
    """Select a conversation and wait (without blocking the event loop) until its analysis is on screen."""
    view = window.conversation_view
    window.select_conversation(conversation_id)
    qtbot.waitUntil(lambda: view.insight is not None and view.insight.conversation_id == conversation_id,
                    timeout=TIMEOUT_MS)


def test_every_handed_off_demo_conversation_shows_divider_brief_and_reasons(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    ids = handed_off_ids()
    assert len(ids) >= 10
    window = make_window(wait_ready=False)
    view = window.conversation_view
    for conversation_id in ids:
        open_conversation(qtbot, window, conversation_id)
        conversation = view.conversation
        assert conversation is not None and view.insight is not None
        divider = view.handoff_divider
        assert divider is not None and divider.isVisible(), conversation_id
        assert divider.body.text().startswith("Handed to a human · "), conversation_id
        assert divider.message is not None and divider.message.text.startswith("Handed off to a human agent")
        card = view.card
        assert view.brief_area.isVisible() and card.is_open() and card.body.isVisible(), conversation_id
        assert card.goal.text()
        assert card.reasons and all(row.isVisible() for row in card.reasons), conversation_id
        assert [r.trigger for r in card.reasons] == view.insight.brief.escalation
        for row in card.reasons:
            assert row.label.text() == insights.TRIGGER_LABELS[row.trigger.id]
        assert card.first_line.text() == view.insight.brief.first_line
        # every chip is a detail the customer gave, verbatim, in the message it points at
        assert len(card.chips) == len(view.insight.brief.provided)
        for chip in card.chips:
            assert chip.provided.value in conversation.messages[chip.provided.message_index].text
            assert chip.text().startswith(chip.kind + " ")


def test_a_conversation_without_a_bot_has_no_handoff_card(
        qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    window = make_window(wait_ready=False)
    view = window.conversation_view
    no_bot = next(i.id for i in window.queue.queue_model.items() if not i.from_bot)
    open_conversation(qtbot, window, no_bot)
    assert view.insight is not None and view.insight.brief.handoff_index is None
    assert not view.brief_area.isVisible()
    assert view.handoff_divider is None
    assert all(role != "system" for role, _, _ in view.rendered())


def test_a_bot_turn_without_a_handoff_event_gets_a_divider_after_it(
        qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    workspace.store.conversations.import_all([Conversation(
        id="z-bot", channel="chat", subject="Lost parcel", customer=Customer(name="Ana Ortiz"),
        messages=[Message(role="customer", text="Where is order 5120?", at="2027-01-01T10:00:00Z"),
                  Message(role="bot", text="It shipped yesterday.", author="NorthBot", at="2027-01-01T10:01:00Z"),
                  Message(role="customer", text="That does not help, I need a real person",
                          at="2027-01-01T10:02:00Z")])])
    window = make_window(wait_ready=False)
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT_MS):
        window.reload_queue()
    open_conversation(qtbot, window, "z-bot")
    view = window.conversation_view
    assert view.handoff_divider is not None and view.handoff_divider.message is None
    roles = [role for role, _, _ in view.rendered()]
    assert roles == ["customer", "bot", "system", "customer"]
    assert view.rendered()[2][1].startswith("Handed to a human")
    assert view.brief_area.isVisible()
    assert [chip.text() for chip in view.card.chips] == ["order 5120"]


def test_queue_marks_live_conversations_that_need_a_human(
        qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    window = make_window(wait_ready=False)
    model = window.queue.queue_model
    demo_live = [f"c-100{n}" for n in range(1, 8)]
    qtbot.waitUntil(lambda: all(model.needs_human(i) for i in demo_live), timeout=TIMEOUT_MS)
    playbook = workspace.playbook()
    calm = next(item.id for item in model.items() if item.status == "solved" and not escalation.needs_human(
        workspace.store.conversations.get(item.id), playbook))  # type: ignore[arg-type]
    assert not model.needs_human(calm)
    row = model.row_of("c-1001")
    tip = model.data(model.index(row), Qt.ItemDataRole.ToolTipRole)
    assert isinstance(tip, str) and "Needs a human" in tip and "Asked for a person" in tip
    assert model.data(model.index(row), Qt.ItemDataRole.UserRole + 2) is True
    # the header says the same as soon as the conversation is open
    open_conversation(qtbot, window, "c-1001")
    badge = window.conversation_view.header.needs_human
    assert badge.isVisible() and badge.text() == "Needs a human"
    assert "Asked for a person" in badge.toolTip() and "real person" in badge.toolTip()
    open_conversation(qtbot, window, calm)
    assert not badge.isVisible()


def test_sparkline_renders_the_journey(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(wait_ready=False)
    open_conversation(qtbot, window, "c-1001")
    view = window.conversation_view
    insight, conversation = view.insight, view.conversation
    assert insight is not None and conversation is not None
    sparkline = view.card.sparkline
    customer_messages = [m for m in conversation.messages if m.role == "customer"]
    assert sparkline.point_count() == len(insight.journey.per_message) == len(customer_messages)
    assert sparkline.height() == 60
    image = sparkline.grab()
    assert not image.isNull() and image.width() > 0
    points = sparkline.points()
    assert len(points) == sparkline.point_count()
    lowest = min(range(len(points)), key=lambda i: insight.journey.per_message[i]["score"])
    assert sparkline.lowest_index == lowest
    assert "lowest" in sparkline.toolTip()


def test_customer_messages_show_sentiment_dots(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(wait_ready=False)
    open_conversation(qtbot, window, "c-1001")
    view = window.conversation_view
    customer_bubbles = [b for b in view.items if isinstance(b, MessageBubble) and b.message.role == "customer"]
    assert customer_bubbles and all(b.sentiment.isVisible() for b in customer_bubbles)
    assert all("Sentiment " in b.sentiment.toolTip() for b in customer_bubbles)
    assert any(b.sentiment.text() == "● negative" for b in customer_bubbles)
    others = [b for b in view.items if isinstance(b, MessageBubble) and b.message.role != "customer"]
    assert others and not any(b.sentiment.isVisible() for b in others)


def test_profanity_is_masked_and_markers_are_tagged(
        qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    angry = "This is SO FUCKING USELESS!!! where is my refund"
    workspace.store.conversations.import_all([Conversation(
        id="z-angry", channel="chat", subject="Refund", customer=Customer(name="Max"),
        messages=[Message(role="customer", text=angry, at="2027-01-01T10:00:00Z")])])
    window = make_window(wait_ready=False)
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT_MS):
        window.reload_queue()
    open_conversation(qtbot, window, "z-angry")
    bubble = window.conversation_view.items[0]
    assert isinstance(bubble, MessageBubble)
    assert "FUCKING" not in bubble.body.text() and "F******" in bubble.body.text()
    assert len(bubble.body.text()) == len(angry)
    assert bubble.body.toolTip() == "profanity masked"
    tags = [t.text() for t in bubble.tags]
    assert tags == [insights.marker_label(m) for m in sentiment.analyze(angry).markers]
    assert "profanity" in tags and "!!!" in tags
    assert bubble.sentiment.text() == "● negative"


def test_clicking_a_reason_highlights_its_message(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(wait_ready=False)
    open_conversation(qtbot, window, "c-1001")
    view = window.conversation_view
    row = next(r for r in view.card.reasons if r.trigger.id == "explicit_request")
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    bubble = view.bubble_for(row.trigger.message_index)
    assert bubble is not None and view.highlighted is bubble
    assert bubble.property("highlighted") is True
    assert bubble.body.selectedText() == "real person"
    qtbot.waitUntil(lambda: not bubble.visibleRegion().isEmpty(), timeout=TIMEOUT_MS)
    # a chip jumps to where the customer gave the detail, and only one message is highlighted at a time
    chip = next(c for c in view.card.chips if c.provided.message_index != row.trigger.message_index)
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    other = view.bubble_for(chip.provided.message_index)
    assert other is not None and other.property("highlighted") is True
    assert bubble.property("highlighted") is False
    assert other.body.selectedText() == chip.provided.value


def test_first_line_copy_puts_it_on_the_clipboard(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(wait_ready=False)
    open_conversation(qtbot, window, "c-1001")
    card = window.conversation_view.card
    QGuiApplication.clipboard().setText("something else")
    qtbot.mouseClick(card.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == card.insight.brief.first_line  # type: ignore[union-attr]
    assert "Dana" in QGuiApplication.clipboard().text()
    assert card.copy_button.text() == "Copied"


def test_the_brief_can_be_collapsed(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(wait_ready=False)
    open_conversation(qtbot, window, "c-1001")
    view = window.conversation_view
    open_height = view.brief_area.height()
    view.card.toggle.click()
    assert not view.card.is_open() and not view.card.body.isVisible() and view.card.summary.isVisible()
    assert "reasons" in view.card.summary.text()
    qtbot.waitUntil(lambda: view.brief_area.height() < open_height, timeout=TIMEOUT_MS)
    open_conversation(qtbot, window, "c-1002")  # a new handed-off conversation opens with its brief open
    assert view.card.is_open()


def test_gui_stays_responsive_while_the_brief_is_computed(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(wait_ready=False)
    view = window.conversation_view
    qtbot.waitUntil(lambda: view.insight is not None, timeout=TIMEOUT_MS)  # the first conversation's
    slow_analyze = view.analyzer
    assert slow_analyze is not None

    def slow(conversation: Conversation) -> insights.Insight:
        time.sleep(0.4)  # a slow machine: the GUI thread must not notice
        return slow_analyze(conversation)

    view.analyzer = slow
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    try:
        with qtbot.waitSignal(view.insight_shown, timeout=TIMEOUT_MS) as shown:
            window.select_conversation("c-1003")
            qtbot.waitUntil(lambda: view.conversation is not None and view.conversation.id == "c-1003",
                            timeout=TIMEOUT_MS)
            assert view.insight is None  # the messages are up; the brief is still on its way
    finally:
        timer.stop()
    assert shown.args == ["c-1003"]
    assert len(beats) > 20
    assert max(b - a for a, b in itertools.pairwise(beats)) < 0.2
