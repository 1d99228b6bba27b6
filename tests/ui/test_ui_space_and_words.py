"""Space for what matters and words an agent reads: the panel is small until it has cards, the splitter
handles are visible and the window's size and queue height persist, Tab and Ctrl+1/2/3 show where focus
is, sections fold with the keyboard, elided text is whole in a tooltip; findings speak the playbook's words,
articles render as formatted text, the IT lock needs no emoji font, the lifetime value is labelled."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QTextBrowser
from pytestqt.qtbot import QtBot

from assist.config.settings import Settings
from assist.llm.engine import Engine
from assist.workspace.workspace import Workspace
from ui.base import section_sizes, style
from ui.main_window import MainWindow
from ui.settings.settings_dialog import LOCK_NOTE, SettingsDialog
from ui.suggestions.article_dialog import ArticleDialog
from ui.widgets.lock_icon import LockIcon

MakeWindow = Callable[..., MainWindow]
TIMEOUT_MS = 10_000


def test_the_panel_is_compact_without_cards_and_grows_for_them(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    window.resize(QSize(420, 960))
    window.lay_out_sections()
    queue, conversation, panel = window.splitter.sizes()
    assert panel <= window.panel.compact_height() + 4 < 200  # no empty 450 px box
    assert queue >= 5 * window.queue.row_height()  # five rows of the queue on a tall window
    assert conversation > queue + panel
    with qtbot.waitSignal(window.bridge.finished, timeout=TIMEOUT_MS):
        window.panel.suggest_button.click()
    qtbot.waitUntil(lambda: window.splitter.sizes()[2] > 250, timeout=TIMEOUT_MS)
    sizes = window.splitter.sizes()
    assert sizes[1] >= int(sum(sizes) * section_sizes.CONVERSATION_SHARE) - 2  # the chat keeps its share
    other = next(i.id for i in window.queue.queue_model.items()[5:] if i.id != window.queue.current_id())
    with qtbot.waitSignal(window.panel.restored, timeout=TIMEOUT_MS):
        window.queue.select(other)
    qtbot.waitUntil(lambda: window.splitter.sizes()[2] <= window.panel.compact_height() + 4, timeout=TIMEOUT_MS)


def test_section_sizes_take_from_the_conversation_then_the_queue() -> None:
    fitted = section_sizes.fit([250, 550, 100], 400, queue_floor=150, conversation_floor=140)
    assert sum(fitted) == 900 and fitted[2] == int(900 * section_sizes.PANEL_SHARE)
    assert fitted[1] == int(900 * section_sizes.CONVERSATION_SHARE) and fitted[0] >= 150
    assert section_sizes.fit([250, 300, 350], 120, queue_floor=150, conversation_floor=140) == [250, 530, 120]


def test_window_size_and_queue_height_persist(qtbot: QtBot, workspace: Workspace,
                                             fake_loader: Callable[..., Callable[[], Engine]]) -> None:
    def open_window() -> MainWindow:
        window = MainWindow(workspace, Settings(always_on_top=False, compose_first=False),
                            engine_loader=fake_loader())
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
            window.show()
        return window

    first = open_window()
    first.resize(QSize(460, 700))
    first.lay_out_sections(queue_height=200)
    queue_height = first.splitter.sizes()[0]
    first.close()
    second = open_window()
    assert second.size() == QSize(460, 700)
    assert abs(second.splitter.sizes()[0] - queue_height) <= 2
    second.shutdown()


def test_handles_are_visible_and_focus_shows(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    assert window.splitter.handleWidth() >= 5
    sheet = style.stylesheet(style.current())
    assert "QSplitter::handle" in sheet and "QListView#Queue:focus" in sheet and "QPushButton:focus" in sheet
    window.activateWindow()
    window.shortcuts[4].activated.emit()  # Ctrl+1
    assert window.queue.hasFocus()
    window.shortcuts[5].activated.emit()  # Ctrl+2
    assert window.conversation_view.scroll_area.hasFocus()
    window.shortcuts[6].activated.emit()  # Ctrl+3: the replies (Suggest while there are none)
    assert window.panel.suggest_button.hasFocus()


def test_the_brief_folds_and_opens_with_the_keyboard(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    view = window.conversation_view
    qtbot.waitUntil(lambda: view.brief_area.isVisible(), timeout=TIMEOUT_MS)
    assert view.card.is_open()
    window.shortcuts[7].activated.emit()  # Ctrl+B
    assert not view.card.is_open() and view.card.summary.isVisible() and view.card.toggle.hasFocus()
    qtbot.keyClick(view.card.toggle, Qt.Key.Key_Space)  # the focused toggle opens it again
    assert view.card.is_open()
    window.shortcuts[8].activated.emit()  # Ctrl+D: the draft
    assert window.panel.draft_box.isVisible()


def test_elided_queue_rows_are_whole_in_the_tooltip(make_window: MakeWindow) -> None:
    window = make_window()
    model = window.queue.queue_model
    item = model.items()[0]
    tip = str(model.data(model.index(0), Qt.ItemDataRole.ToolTipRole))
    assert item.customer_name in tip and item.subject in tip and item.preview in tip


def test_findings_are_the_playbooks_words_with_the_rule_in_the_tooltip(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    panel = window.panel
    panel.show_draft(True)
    panel.draft_edit.setPlainText("Hi Tyler, I'll refund you $250 today.")
    with qtbot.waitSignal(panel.draft_checked, timeout=TIMEOUT_MS):
        panel.check_button.click()
    row = next(r for r in panel.draft_findings.rows if r.findings[0].rule == "refund-cap")
    assert "team lead" in row.text() and "refund-cap" not in row.text() and "BLOCK" not in row.text()
    assert "refund-cap" in row.toolTip() and "$250" in row.toolTip()


def test_an_article_renders_as_formatted_text_without_its_html(qtbot: QtBot) -> None:
    body = "# Returns\n\nYou have **30 days**.\n\n- one\n- two\n\n<img src='http://x/y.png'><b>raw</b>"
    dialog = ArticleDialog({"id": "kb-1", "title": "Returns", "body": body})
    qtbot.addWidget(dialog)
    browser = dialog.findChild(QTextBrowser)
    assert browser is not None
    shown = browser.toPlainText()
    assert "# Returns" not in shown and "**" not in shown and "Returns" in shown and "30 days" in shown
    html = browser.toHtml()
    assert "font-weight:700" in html  # the bold is bold
    assert "<img" not in html and "&lt;img" in html  # raw HTML stays text: no remote image, no markup


def test_the_it_lock_is_drawn_not_an_emoji(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(locked=frozenset({"always_on_top"})))
    qtbot.addWidget(dialog)
    assert all(ord(ch) < 0x2000 for ch in LOCK_NOTE)
    icons = dialog.findChildren(LockIcon)
    assert len(icons) == 1 and not icons[0].pixmap().isNull()
    assert any(label.text() == LOCK_NOTE for label in dialog.findChildren(QLabel))


def test_the_lifetime_value_is_labelled(make_window: MakeWindow) -> None:
    window = make_window()
    header = window.conversation_view.header
    customer = window.conversation_view.conversation.customer  # type: ignore[union-attr]
    if customer.lifetime_value is not None:
        assert header.facts.text().startswith("Lifetime value $")
    assert "Channel:" in header.facts.toolTip()


def test_a_wide_window_puts_the_sections_side_by_side(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    window.resize(QSize(1366, 768))
    qtbot.waitUntil(lambda: window.splitter.orientation() == Qt.Orientation.Horizontal, timeout=TIMEOUT_MS)
    queue, conversation, panel = window.splitter.sizes()
    assert conversation > queue and conversation > panel >= 300  # the brief and the chat get the full height
    window.resize(QSize(420, 960))
    qtbot.waitUntil(lambda: window.splitter.orientation() == Qt.Orientation.Vertical, timeout=TIMEOUT_MS)


def test_a_shortened_tried_line_is_whole_in_its_tooltip(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    card = window.conversation_view.card
    qtbot.waitUntil(lambda: bool(card.tried_labels), timeout=TIMEOUT_MS)
    conversation = window.conversation_view.conversation
    assert conversation is not None
    bot_turns = [m.text for m in conversation.messages if m.role == "bot"]
    for label in card.tried_labels:
        tip = label.toolTip()
        assert tip.startswith("Bot: ") and tip.split("\n")[0][5:] in bot_turns
        assert "…" not in tip.split("\n")[0]
