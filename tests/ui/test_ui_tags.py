"""Tag chips in the real window (offscreen): shown for bot and human chats alike, accepted, changed and
removed from their menus, and the agent's choice stored for --from-store training."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from assist.base.vocab import TagKind
from ui.conversation.tag_chips import TagChips
from ui.main_window import MainWindow

MakeWindow = Callable[..., MainWindow]
TIMEOUT_MS = 10_000
BOT_ONLY, HUMAN = "c-1003", "c-1026"  # the bot handed c-1003 over; c-1026 an agent answered from the start


def open_tags(qtbot: QtBot, window: MainWindow, conversation_id: str) -> TagChips:
    chips = window.conversation_view.tags
    window.select_conversation(conversation_id)
    qtbot.waitUntil(lambda: chips.panel is not None and chips.panel.conversation_id == conversation_id,
                    timeout=TIMEOUT_MS)
    return chips


def action(menu: QMenu, text: str) -> QMenu | None:
    for item in menu.actions():
        if item.text() == text:
            return item.menu() or item  # type: ignore[return-value]
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def test_a_bot_chat_and_a_human_chat_show_the_same_tag_kinds(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    kinds = []
    for cid in (BOT_ONLY, HUMAN):
        chips = open_tags(qtbot, window, cid)
        assert chips.isVisible() and chips.chips[TagKind.CONTACT_REASON].isVisible()
        assert chips.panel is not None
        kinds.append([t.kind for t in chips.panel.tags])
        assert "%" in chips.chips[TagKind.CONTACT_REASON].text()  # confidence shown
    assert kinds[0] == kinds[1] and set(kinds[0]) == set(TagKind)


def test_the_agent_changes_accepts_and_removes_tags(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    chips = open_tags(qtbot, window, HUMAN)
    reason = chips.chips[TagKind.CONTACT_REASON]
    assert isinstance(reason, QToolButton) and reason.menu() is not None
    change = action(reason.menu(), "Change to")
    assert isinstance(change, QMenu)
    with qtbot.waitSignal(chips.changed, timeout=TIMEOUT_MS) as changed:
        action(change, "Warranty").trigger()  # type: ignore[union-attr]
    assert changed.args == [TagKind.CONTACT_REASON, "warranty"]
    assert chips.chips[TagKind.CONTACT_REASON].text() == "Warranty ✓"
    store = window.workspace.store
    assert ("c-1026", "warranty") in store.tags.agent_labels(TagKind.CONTACT_REASON)

    with qtbot.waitSignal(chips.changed, timeout=TIMEOUT_MS):
        action(chips.chips[TagKind.PRIORITY].menu(), "Accept").trigger()  # type: ignore[union-attr]
    assert chips.chips[TagKind.PRIORITY].text().endswith("✓")

    with qtbot.waitSignal(chips.changed, timeout=TIMEOUT_MS):
        action(chips.chips[TagKind.TIER].menu(), "Remove").trigger()  # type: ignore[union-attr]
    assert TagKind.TIER not in chips.chips
    assert TagKind.TIER not in {t.kind for t in store.tags.get("c-1026")}


def test_chips_are_reachable_by_keyboard_and_the_rest_sit_behind_more(qtbot: QtBot,
                                                                      make_window: MakeWindow) -> None:
    window = make_window()
    chips = open_tags(qtbot, window, BOT_ONLY)
    assert all(chip.focusPolicy() != chip.focusPolicy().NoFocus for chip in chips.chips.values())
    assert chips.more is not None and chips.more.text().startswith("+")
    titles = [a.text() for a in chips.more.menu().actions()]
    assert any(t.startswith("Language") for t in titles) and any(t.startswith("Channel") for t in titles)


def test_re_tagging_everything_shows_progress_and_keeps_the_agents_tags(qtbot: QtBot,
                                                                        make_window: MakeWindow) -> None:
    window = make_window()
    chips = open_tags(qtbot, window, HUMAN)
    with qtbot.waitSignal(chips.changed, timeout=TIMEOUT_MS):
        chips.set_tag(TagKind.CONTACT_REASON, "warranty")
    assert chips.more is not None
    retag = action(chips.more.menu(), "Re-tag every conversation…")
    seen: list[tuple[int, int]] = []
    retag.trigger()  # type: ignore[union-attr]
    assert chips.retagging is not None
    chips.retagging.progressed.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(chips.retagging.finished, timeout=30_000) as finished:
        pass
    assert str(finished.args[0]).startswith("Re-tagged 45 conversations")
    assert not chips.retagging.dialog.isVisible()
    store = window.workspace.store
    assert store.tags.tagged_ids() == set(store.conversations.ids())
    assert ("c-1026", "warranty") in store.tags.agent_labels(TagKind.CONTACT_REASON)
    qtbot.waitUntil(lambda: chips.panel is not None and TagKind.CONTACT_REASON in chips.chips, timeout=TIMEOUT_MS)


def test_re_tagging_waits_for_a_suggestion_and_can_be_cancelled(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    chips = open_tags(qtbot, window, HUMAN)
    chips.busy = lambda: True  # a suggestion being generated for as long as this test wants
    before = window.workspace.store.tags.tagged_ids()  # the conversations shown so far
    chips.retag_all()
    assert chips.retagging is not None and chips.retagging.dialog.isVisible()
    qtbot.wait(200)
    assert window.workspace.store.tags.tagged_ids() == before  # nothing re-tagged while Suggest runs
    cancel = chips.retagging.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    with qtbot.waitSignal(chips.retagging.finished, timeout=TIMEOUT_MS) as finished:
        cancel.click()
    assert str(finished.args[0]).startswith("Re-tagging stopped")
    assert window.workspace.store.tags.tagged_ids() == before
