"""The suggestion cards: three streamed replies, the gate, Stop, rewrites, the draft check, flags, keys."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from assist.llm.engine import Engine
from assist.llm.engines.fake import FakeEngine
from assist.reply.rewrite import Rewrite
from assist.reply.suggest import Suggestion
from assist.workspace.workspace import Workspace
from ui.base import errors
from ui.main_window import MainWindow
from ui.suggestions.suggestion_card import SuggestionCard

MakeWindow = Callable[..., MainWindow]
TIMEOUT_MS = 15_000

REPLIES = [
    # No dates or times: a value with no source is blocked (guardrails/rules/sources.py).
    "Hi there, thanks for your message. Your parcel left our warehouse this morning and should arrive "
    "soon; the tracking link is in your order email.",
    "Hello! I checked your order and it is on its way. Delivery is planned for this week, and you will get a "
    "text from the courier shortly before they arrive.",
    "Thanks for waiting. Good news: the order shipped today. If the delivery day does not suit you, reply here "
    "and I will move the delivery to a day that works better.",
]
BLOCKED = "Happy to help. Please send me your full card number and CVV so I can check the charge."


def replies_loader(replies: list[str], delay_s: float = 0.005) -> Callable[[], Engine]:
    return lambda: FakeEngine(replies=replies, delay_s=delay_s)


def suggest_all(qtbot: QtBot, window: MainWindow) -> list[Suggestion]:
    with qtbot.waitSignal(window.bridge.all_done, timeout=TIMEOUT_MS) as done:
        window.panel.suggest_button.click()
    shown = done.args[0]
    assert isinstance(shown, list)
    return shown


def test_suggest_streams_three_distinct_cards_in_order(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(replies_loader(REPLIES))
    panel = window.panel
    started: list[int] = []
    finished: list[Suggestion] = []
    window.bridge.suggestion_started.connect(started.append)
    window.bridge.finished.connect(finished.append)
    shown = suggest_all(qtbot, window)
    qtbot.wait(50)
    assert started == [0, 1, 2]
    assert len(shown) == 3 and len({s.text for s in shown}) == 3
    assert [c.title for c in panel.cards] == ["1", "2", "3"]
    assert [c.text() for c in panel.cards] == [s.text for s in shown]
    assert all(c.suggestion is not None and c.suggestion.id is not None for c in panel.cards)
    assert len(finished) == 1 and finished[0] is shown[0]  # `finished` once per press, for old listeners
    assert panel.selected_card is panel.cards[0] and panel.cards[0].expanded
    assert not panel.cards[1].expanded and panel.cards[1].preview_label.isVisible()
    assert panel.suggest_button.isEnabled() and not panel.stop_button.isEnabled()


def test_duplicate_replies_are_not_shown(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(replies_loader([REPLIES[0], REPLIES[0], REPLIES[1]]))
    shown = suggest_all(qtbot, window)
    assert [s.text for s in shown] == [REPLIES[0], REPLIES[1]]
    assert [c.text() for c in window.panel.cards] == [REPLIES[0], REPLIES[1]]


def test_a_blocked_reply_regenerated_clean_shows_the_clean_one(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(replies_loader([BLOCKED, *REPLIES]))
    shown = suggest_all(qtbot, window)
    first = window.panel.cards[0]
    assert shown[0].regenerated and not shown[0].blocked
    assert first.text() == REPLIES[0]
    assert "regenerated" in first.hint_label.text()
    assert first.insert_button.isEnabled() and not first.override_box.isVisible()


def test_blocked_twice_is_flagged_and_override_is_confirmed_and_audited(
        qtbot: QtBot, make_window: MakeWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(replies_loader([BLOCKED]))
    panel = window.panel
    shown = suggest_all(qtbot, window)
    assert len(shown) == 1 and shown[0].blocked and shown[0].regenerated
    card = panel.cards[0]
    assert card.property("blocked") == "true" and "blocked" in card.hint_label.text()
    assert not card.insert_button.isEnabled()
    assert card.override_button.isVisible() and card.override_button.isEnabled()
    assert card.text_edit.extraSelections()
    before = QGuiApplication.clipboard().text()
    window.shortcuts[3].activated.emit()  # Ctrl+Shift+C must not bypass the block
    assert QGuiApplication.clipboard().text() == before

    asked: list[str] = []
    monkeypatch.setattr(errors, "dialogs_enabled", lambda: True)

    def warning(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", warning)
    with qtbot.waitSignal(panel.outcome_recorded, timeout=TIMEOUT_MS):
        card.override_button.click()
    assert len(asked) == 1  # asked once, then recorded
    assert shown[0].id is not None
    row = workspace.store.suggestions.get(shown[0].id)
    assert row is not None and row["outcome"] == "overridden"
    audit = [e for e in workspace.store.audit.entries() if e["action"] == "suggestion.override"]
    assert audit and audit[0]["subject"] == str(shown[0].id)
    assert "override" in card.status_label.text()


def test_stop_during_the_chain_stops_it(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(replies_loader(REPLIES, delay_s=0.04))
    panel = window.panel
    started: list[int] = []
    window.bridge.suggestion_started.connect(started.append)
    panel.suggest_button.click()
    qtbot.waitUntil(lambda: 1 in started, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.bridge.all_done, timeout=TIMEOUT_MS) as done:
        window.shortcuts[2].activated.emit()  # Esc
    shown = done.args[0]
    assert [s.index for s in shown] == [0]
    qtbot.wait(400)
    assert 2 not in started
    assert [c.title for c in panel.cards] == ["1"]
    assert panel.suggest_button.isEnabled() and not panel.stop_button.isEnabled()


def test_rewrite_shorter_on_a_card_adds_a_rewrite_card(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(replies_loader(REPLIES))
    panel = window.panel
    suggest_all(qtbot, window)
    source = panel.cards[0]
    shorter = next(a for a in panel.rewrite_button.menu().actions() if a.text() == "Shorter")
    with qtbot.waitSignal(panel.rewrite_shown, timeout=TIMEOUT_MS) as shown:
        shorter.trigger()
    card = shown.args[0]
    assert isinstance(card, SuggestionCard)
    assert card.title == "Rewrite · Shorter"
    assert panel.cards.index(card) == 1 and panel.selected_card is card
    assert isinstance(card.suggestion, Rewrite) and card.suggestion.action == "shorter"
    assert card.suggestion.original == source.text()
    assert card.text() and card.insert_button.isEnabled()
    assert source.suggestion is not None and card.record_id == source.suggestion.id


def test_rewrite_and_check_the_agents_draft(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(replies_loader(REPLIES))
    panel = window.panel
    assert not panel.draft_box.isVisible()
    panel.draft_toggle.click()
    assert panel.draft_box.isVisible()
    panel.draft_edit.setPlainText("hi, your order ships thursday, sorry for the wait")
    grammar = next(a for a in panel.draft_rewrite_button.menu().actions() if a.text() == "Fix grammar")
    cards_before = len(panel.cards)
    with qtbot.waitSignal(panel.draft_rewritten, timeout=TIMEOUT_MS) as done:
        grammar.trigger()
    made = done.args[0]
    assert isinstance(made, Rewrite) and made.original.startswith("hi, your order")
    assert len(panel.cards) == cards_before  # the agent's own text is rewritten where it is, not into a card
    assert made.accepted, made.note
    assert panel.draft_edit.toPlainText() == made.text != made.original
    panel.draft_edit.undo()  # one step back to what the agent wrote
    assert panel.draft_edit.toPlainText() == made.original


def test_check_draft_shows_a_block_finding(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    panel = window.panel
    panel.show_draft(True)
    panel.draft_edit.setPlainText("Please send me your full card number and CVV")
    with qtbot.waitSignal(panel.draft_checked, timeout=TIMEOUT_MS) as checked:
        panel.check_button.click()
    findings = checked.args[0]
    assert any(f.severity == "block" for f in findings)
    # the rule in the playbook's words, its id and severity only in the tooltip
    assert any(row.text().startswith("● ") and "Blocked · rule " in row.toolTip() for row in panel.draft_findings.rows)
    assert not any(row.findings[0].rule in row.text() for row in panel.draft_findings.rows)
    assert panel.draft_edit.extraSelections()
    assert "block" in panel.draft_status.text()
    panel.draft_edit.setPlainText("Thanks, your refund is on its way.")  # stale findings go away
    assert not panel.draft_findings.rows and not panel.draft_edit.extraSelections()


def test_flag_wrong_tone_is_stored_and_shown(qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    window = make_window(replies_loader(REPLIES))
    panel = window.panel
    shown = suggest_all(qtbot, window)
    card = panel.cards[0]
    assert card.flag_button.isVisible()
    wrong_tone = next(a for a in card.flag_menu.actions() if a.text() == "Wrong tone")
    with qtbot.waitSignal(panel.flag_recorded, timeout=TIMEOUT_MS):
        wrong_tone.trigger()
    flags = workspace.store.suggestions.flags()
    assert flags[0]["reason"] == "wrong_tone" and flags[0]["suggestion_id"] == shown[0].id
    assert card.status_label.text() == "Flagged: wrong tone"
    assert not card.flag_button.isEnabled()


def test_alt_2_selects_card_2_and_ctrl_shift_c_copies_it(
        qtbot: QtBot, make_window: MakeWindow, workspace: Workspace) -> None:
    window = make_window(replies_loader(REPLIES))
    panel = window.panel
    shown = suggest_all(qtbot, window)
    panel.shortcuts[1].activated.emit()  # Alt+2
    assert panel.selected_card is panel.cards[1] and panel.cards[1].expanded and not panel.cards[0].expanded
    with qtbot.waitSignal(panel.outcome_recorded, timeout=TIMEOUT_MS):
        window.shortcuts[3].activated.emit()  # Ctrl+Shift+C
    assert QGuiApplication.clipboard().text() == shown[1].text
    assert shown[1].id is not None
    row = workspace.store.suggestions.get(shown[1].id)
    assert row is not None and row["outcome"] == "inserted"
