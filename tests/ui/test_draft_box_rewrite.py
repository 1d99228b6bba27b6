"""A rewrite of the agent's own draft replaces the draft in the draft box, as one step Ctrl+Z undoes; a
refused rewrite leaves the draft as it was and says why (real DraftBox, offscreen, fake engine)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from assist.domain import conversation, playbook
from assist.llm.engines.fake import FakeEngine
from assist.reply.rewrite import rewrite
from assist.workspace.workspace import default_playbook_text
from ui.suggestions.draft_box import DraftBox

DRAFT = "hi dana, i checked order 4412 and i will open a claim with ups today, sorry for all the trouble. Sam"
BETTER = "Hi Dana, I checked order 4412 and will open a claim with UPS today. Sam"


def test_an_accepted_rewrite_replaces_the_draft_and_undo_brings_it_back(qtbot, conversation_dict: dict) -> None:
    box = DraftBox()
    qtbot.addWidget(box)
    box.edit.setPlainText(DRAFT)
    pb = playbook.parse(default_playbook_text(), "starter")
    made = rewrite(FakeEngine(BETTER), DRAFT, "shorter", conversation.from_dict(conversation_dict), pb, own_draft=True)
    assert made.accepted
    assert box.apply_rewrite(made)
    assert box.text() == BETTER and "Ctrl+Z" in box.status.text()
    qtbot.keyClick(box.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.text() == DRAFT


def test_a_refused_rewrite_leaves_the_draft_and_says_why(qtbot, conversation_dict: dict) -> None:
    box = DraftBox()
    qtbot.addWidget(box)
    box.edit.setPlainText(DRAFT)
    pb = playbook.parse(default_playbook_text(), "starter")
    dropped = "Hi Dana, I will open a claim with UPS today. Sam"  # order 4412 is gone, twice
    made = rewrite(FakeEngine(dropped), DRAFT, "shorter", conversation.from_dict(conversation_dict), pb)
    assert not made.accepted
    assert not box.apply_rewrite(made)
    assert box.text() == DRAFT
    assert box.status.text().startswith("Not rewritten: the model's version dropped 4412")


def test_a_draft_edited_meanwhile_is_not_overwritten(qtbot, conversation_dict: dict) -> None:
    box = DraftBox()
    qtbot.addWidget(box)
    box.edit.setPlainText(DRAFT)
    pb = playbook.parse(default_playbook_text(), "starter")
    made = rewrite(FakeEngine(BETTER), DRAFT, "shorter", conversation.from_dict(conversation_dict), pb)
    box.edit.setPlainText(DRAFT + " PS: thanks!")
    assert not box.apply_rewrite(made)
    assert box.text() == DRAFT + " PS: thanks!"


def test_switching_conversation_during_a_draft_rewrite_leaves_nothing_stuck(qtbot, make_window, fake_loader) -> None:
    # The rewrite is discarded with the conversation it belonged to; the next chat's panel must not stay
    # "busy" waiting for it (Suggest and Rewrite greyed for good), and the first chat's draft is not rewritten.
    window = make_window(fake_loader(BETTER, delay_s=0.3))
    panel = window.panel
    first = window.queue.current_id()
    panel.show_draft(True)
    panel.draft_edit.setPlainText(DRAFT)
    panel.rewrite_draft("shorter")
    assert panel.busy and panel.draft_status.text() == "Rewriting…"
    other = next(i.id for i in window.queue.queue_model.items() if i.id != first)
    with qtbot.waitSignal(panel.restored, timeout=10_000):
        window.queue.select(other)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert panel.suggest_button.isEnabled() and panel.draft_status.text() != "Rewriting…"
    with qtbot.waitSignal(panel.restored, timeout=10_000):
        window.queue.select(first)
    assert panel.draft_edit.toPlainText() == DRAFT


def _menu_items(box: DraftBox) -> dict[str, object]:
    menu = box.rewrite_button.menu()
    menu.aboutToShow.emit()  # what opening it does: each item asks the panel whether it is offered here
    return {str(item.data()): item for item in menu.actions()}


def test_translate_is_greyed_with_the_reason_where_the_model_cannot_translate(qtbot, make_window) -> None:
    window = make_window()  # the fake engine: no company server, no larger local model
    panel = window.panel
    with qtbot.waitSignal(panel.restored, timeout=10_000):
        window.queue.select("c-1012")  # a German-speaking customer
    items = _menu_items(panel.draft_box)
    translate = items["translate"]
    assert not translate.isEnabled() and "not available" in translate.text()
    assert "model server" in translate.toolTip() and "Settings" in translate.toolTip()
    assert all(item.isEnabled() for action, item in items.items() if action != "translate")
    with qtbot.waitSignal(window.bridge.all_done, timeout=10_000):
        panel.suggest_button.click()
    card_menu = panel.cards[0].rewrite_button.menu()  # a card's menu asks the same panel
    card_menu.aboutToShow.emit()
    assert not next(i for i in card_menu.actions() if i.data() == "translate").isEnabled()
    english = next(i.id for i in window.queue.queue_model.items() if i.id not in ("c-1008", "c-1011", "c-1012",
                                                                                 "c-1020", "c-1045"))
    with qtbot.waitSignal(panel.restored, timeout=10_000):
        window.queue.select(english)
    translate = _menu_items(panel.draft_box)["translate"]
    assert not translate.isEnabled() and "English" in translate.toolTip()  # nothing to translate there


def test_translate_is_offered_when_the_engine_is_the_company_server(qtbot, make_window, fake_loader) -> None:
    def server() -> FakeEngine:
        engine = fake_loader()()
        engine.model_id = "server:company-model"  # as assist.llm.engines.remote names a server's model
        return engine

    window = make_window(server)
    with qtbot.waitSignal(window.panel.restored, timeout=10_000):
        window.queue.select("c-1012")
    translate = _menu_items(window.panel.draft_box)["translate"]
    assert translate.isEnabled() and translate.text() == "Translate to customer's language"
