"""The coaching view on the real demo workspace, offscreen: a handoff's two reports, acknowledge and dispute
round-trip through the store (comment required), the lead's verdict and the lock, and the main window's
Coaching button and live missed-step line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from assist.domain.conversation import from_dict
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.workspace import Workspace
from tests.ui.conftest import TIMEOUT_MS
from ui.coaching.coaching_view import CoachingView
from ui.main_window import MainWindow

HANDOFF = "c-1010"  # solved, the bot's part and Mei Chen's part


def shown_view(qtbot: QtBot, workspace: Workspace, conversation_id: str = HANDOFF) -> CoachingView:
    CoachingFlow(workspace).on_solved(conversation_id)
    view = CoachingView(workspace)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.reports_shown, timeout=TIMEOUT_MS):
        view.show_conversation(conversation_id, "Will it arrive by Friday?")
    return view


def reshown(qtbot: QtBot, view: CoachingView, action: Callable[[], None]) -> None:
    with qtbot.waitSignal(view.reports_shown, timeout=TIMEOUT_MS):
        action()


def test_a_handoff_shows_the_bots_and_the_agents_report(qtbot: QtBot, workspace: Workspace) -> None:
    view = shown_view(qtbot, workspace)
    assert [c.row.scored_as for c in view.cards] == ["bot", "agent"]
    assert "NorthBot" in view.cards[0].title.text() and "Mei Chen" in view.cards[1].title.text()
    assert all(c.status.text() == "New" for c in view.cards)
    assert set(view.cards[1].buttons) == {"seen", "dispute"}


def test_acknowledge_and_dispute_round_trip(qtbot: QtBot, workspace: Workspace) -> None:
    view = shown_view(qtbot, workspace)
    report_id = view.cards[1].row.id
    reshown(qtbot, view, lambda: qtbot.mouseClick(view.card(report_id).buttons["seen"], Qt.MouseButton.LeftButton))
    card = view.card(report_id)
    assert card is not None and card.status.text() == "Seen" and "seen" not in card.buttons
    assert workspace.store.coaching.get(report_id).status == "seen"  # type: ignore[union-attr]

    qtbot.mouseClick(card.buttons["dispute"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # the comment is mandatory
    weak = next(c for c in card.row.report["criteria"] if c["score"] < c["max"])
    dialog.comment.setPlainText("I did acknowledge the birthday in my first line.")
    dialog.spins[weak["id"]].setValue(weak["max"])
    assert ok.isEnabled()
    reshown(qtbot, view, lambda: qtbot.mouseClick(ok, Qt.MouseButton.LeftButton))
    card = view.card(report_id)
    assert card is not None and card.status.text() == "Disputed"
    assert set(card.buttons) == {"accepted", "partly_accepted", "rejected"}
    dispute = workspace.store.coaching.dispute_of(report_id)
    assert dispute is not None and dispute.proposed == {weak["id"]: weak["max"]}
    assert dispute.comment.startswith("I did acknowledge")

    before = card.row.overall
    reshown(qtbot, view, lambda: qtbot.mouseClick(card.buttons["accepted"], Qt.MouseButton.LeftButton))
    card = view.card(report_id)
    assert card is not None and card.status.text() == "Dispute accepted"
    assert card.row.overall is not None and before is not None and card.row.overall > before


def test_a_rejected_dispute_locks_the_report_on_screen(qtbot: QtBot, workspace: Workspace) -> None:
    view = shown_view(qtbot, workspace)
    report_id = view.cards[0].row.id
    CoachingFlow(workspace).dispute(report_id, "The bot did greet.", {})
    reshown(qtbot, view, view.reload)
    card = view.card(report_id)
    assert card is not None
    reshown(qtbot, view, lambda: qtbot.mouseClick(card.buttons["rejected"], Qt.MouseButton.LeftButton))
    card = view.card(report_id)
    assert card is not None and card.row.locked and card.buttons == {}
    assert card.status.text().startswith("Dispute rejected")


def test_score_this_chat_on_demand(qtbot: QtBot, workspace: Workspace) -> None:
    view = CoachingView(workspace)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.reports_shown, timeout=TIMEOUT_MS) as first:
        view.show_conversation("c-1038", "Return hiking boots")
    assert first.args == [0] and "Not scored yet" in view.empty.text()
    reshown(qtbot, view, lambda: qtbot.mouseClick(view.score_button, Qt.MouseButton.LeftButton))
    assert len(view.cards) == 1 and view.cards[0].row.scored_as == "agent"


def test_main_window_opens_coaching_and_warns_of_a_missing_step(qtbot: QtBot, workspace: Workspace,
                                                                make_window: Callable[..., MainWindow]) -> None:
    workspace.store.conversations.import_all([from_dict({
        "id": "pw-1", "channel": "chat", "status": "open", "subject": "Locked out",
        "customer": {"name": "Ana Lopez", "language": "en"},
        "messages": [{"role": "customer", "author": "Ana Lopez", "text": "Hi, I forgot my password and I'm locked out.",
                      "at": "2026-11-30T10:00:00Z"}]})])
    window = make_window()
    with qtbot.waitSignal(window.coaching.warnings.updated, timeout=TIMEOUT_MS,
                          check_params_cb=lambda n: n == 1):
        window.select_conversation("pw-1")
    assert window.coaching.warnings.isVisible()
    assert "Verify the customer's identity before the reset" in window.coaching.warnings.text()
    view = window.coaching.open()
    qtbot.waitUntil(lambda: view.conversation_id == "pw-1", timeout=TIMEOUT_MS)
    assert view.isVisible() and view.isWindow()


def test_a_solved_chat_not_scored_yet_is_scored_when_opened_and_listed_for_its_agent(
        qtbot: QtBot, workspace: Workspace) -> None:
    view = CoachingView(workspace, author="Mei Chen")
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.reports_shown, timeout=TIMEOUT_MS, check_params_cb=lambda n: n == 2):
        view.show_conversation(HANDOFF, "Will it arrive by Friday?", solved=True)
    qtbot.waitUntil(lambda: view.recent.count() >= 1, timeout=TIMEOUT_MS)
    assert HANDOFF in view.recent.item(0).text() and view.recent_label.text() == "Recent reports of Mei Chen"
