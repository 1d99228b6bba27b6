"""The side-panel window: top bar (workspace, model status, pin, settings), notices, and a vertical
splitter with the queue, the conversation and the suggestion panel.

Nothing here waits: the queue and conversations load through ui.tasks, the model through EngineBridge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assist.config import settings as settings_store
from assist.config.settings import Settings
from assist.domain.conversation import Conversation
from assist.handoff import triage
from assist.llm.engine import Engine
from assist.llm.loader import load_configured
from assist.llm.worker import EngineState
from assist.reply.suggest import Suggestion
from assist.store import QueueItem
from assist.workspace.queue_order import default_conversation
from assist.workspace.tagger import WorkspaceTagger
from assist.workspace.workspace import Workspace
from ui.base import errors, section_sizes, style, window_state
from ui.base.engine_bridge import EngineBridge
from ui.base.live_bridge import LiveHook
from ui.base.tasks import run_task
from ui.base.top_bar_text import short_model_name, workspace_lines, workspace_title
from ui.coaching.hook import CoachingHook
from ui.conversation import insights
from ui.conversation.conversation_view import ConversationView
from ui.lead.hook import LeadHook
from ui.onboarding.first_run import FirstRunHook
from ui.queue.queue_view import QueueView
from ui.settings.settings_dialog import SettingsDialog
from ui.suggestions.suggestion_panel import SuggestionPanel
from ui.widgets.elided_label import ElidedLabel

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(420, 960)  # a side panel: narrow, and as tall as a typical screen allows
MIN_WIDTH = 360  # below this a card's buttons and a finding's words no longer fit on their lines
QUEUE_MIN_HEIGHT = 90
TALL_WINDOW = 860  # from this height the queue shows five rows by default, else three
HORIZONTAL = Qt.Orientation.Horizontal
WIDE_WINDOW = 960  # from this width queue, conversation and replies stand side by side instead of stacked
CHIP_MAX_WIDTH = 180


class MainWindow(QMainWindow):
    queue_loaded = Signal(int)  # number of conversations
    conversation_shown = Signal(str)  # conversation id

    def __init__(self, workspace: Workspace, settings: Settings,
                 engine_loader: Callable[[], Engine] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self._selected_id = ""
        self._last_rate = 0.0
        self._laid_out = False
        self._pending_select = ""  # a conversation to open once the queue is read again (a new import)
        self._custom_loader = engine_loader is not None  # tests and benchmarks bring their own engine
        loader = engine_loader or (lambda: load_configured(settings))
        self.bridge = EngineBridge(workspace, loader, settings.display_agent(), self,
                                   compose_first=settings.compose_first, smooth=settings.smooth_replies)
        self.setWindowTitle("Assist")
        geometry, self._queue_height = window_state.load()
        self.resize(window_state.fit_to_screen(DEFAULT_SIZE))
        self.setMinimumSize(MIN_WIDTH, 480)
        self._build()
        self.coaching = CoachingHook(self)  # the Coaching button and the live missed-step line
        self.lead = LeadHook(self)  # the Team button: the team lead's view in its own window
        self.first_run = FirstRunHook(self)  # the empty workspace's way in; "+" to import or paste
        self.live = LiveHook(self)  # helpdesk sync, when a connector exists (ui/base/live_bridge.py)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._apply_style()
        self._set_on_top(settings.always_on_top)
        self._bind_shortcuts()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)
        self.bridge.state_changed.connect(self._on_engine_state)
        self.bridge.finished.connect(self._on_suggestion)
        self._on_engine_state(self.bridge.state.value, self.bridge.reason)
        self.bridge.start()
        self.reload_queue()

    # --- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)

        top = QWidget()
        top.setObjectName("TopBar")
        top.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar = QHBoxLayout(top)
        bar.setContentsMargins(12, 7, 6, 7)
        bar.setSpacing(4)
        title = workspace_title(self.workspace)
        names = QVBoxLayout()
        names.setSpacing(0)
        name, detail = workspace_lines(self.workspace)
        self.workspace_label = ElidedLabel(name)
        self.workspace_label.setObjectName("WorkspaceName")
        mode = Qt.TextElideMode.ElideRight if self.workspace.is_demo else Qt.TextElideMode.ElideMiddle
        self.workspace_detail = ElidedLabel(detail, mode)
        self.workspace_detail.setObjectName("WorkspaceDetail")
        for label in (self.workspace_label, self.workspace_detail):
            label.setToolTip(f"{title}\n{self.workspace.data_dir}")
            label.setAccessibleName(title)
            names.addWidget(label)
        self.status_chip = QLabel()
        self.status_chip.setObjectName("StatusChip")
        self.status_chip.setTextFormat(Qt.TextFormat.PlainText)
        self.pin_button = QToolButton()
        self.pin_button.setText("Pin")
        self.pin_button.setCheckable(True)
        self.pin_button.setToolTip("Keep Assist on top of other windows")
        self.pin_button.setEnabled("always_on_top" not in self.settings.locked)
        self.pin_button.toggled.connect(self._on_pin_toggled)
        self.settings_button = QToolButton()
        self.settings_button.setText("⚙")
        self.settings_button.setToolTip("Settings (Ctrl+,)")
        self.settings_button.clicked.connect(self.open_settings)
        bar.addLayout(names, 1)
        bar.addWidget(self.status_chip)
        bar.addWidget(self.pin_button)
        bar.addWidget(self.settings_button)
        column.addWidget(top)

        self.notice_bar = QLabel()
        self.notice_bar.setObjectName("NoticeBar")
        self.notice_bar.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_bar.setWordWrap(True)
        column.addWidget(self.notice_bar)
        self._show_playbook_notice()

        self.queue = QueueView()
        self.queue.conversation_selected.connect(self.select_conversation)
        self.conversation_view = ConversationView()
        self.conversation_view.bot_name = self.workspace.playbook().bot_name or "Bot"
        self.conversation_view.agent_name = self.settings.display_agent()
        workspace = self.workspace
        self.conversation_view.analyzer = lambda conversation: insights.analyze(conversation, workspace.playbook())
        tagger = WorkspaceTagger(workspace.store, workspace.playbook, workspace.data_dir)
        self.conversation_view.tags.loader = tagger.panel
        self.conversation_view.tags.setter = tagger.set_by_agent
        self.conversation_view.tags.retag = tagger.retag_all
        self.conversation_view.tags.busy = lambda: self.bridge.busy
        self.panel = SuggestionPanel(self.workspace, self.bridge, self.settings.display_agent())
        self.panel.room_wanted.connect(self._fit_panel)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(6)  # a handle the agent can see and grab (styled in base/style.py)
        for widget, stretch in ((self.queue, 0), (self.conversation_view, 1), (self.panel, 0)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.indexOf(widget), stretch)
        for i in range(1, 3):
            self.splitter.handle(i).setToolTip("Drag to give the queue, the conversation or the replies more room")
        self.queue.setMinimumHeight(QUEUE_MIN_HEIGHT)
        self.conversation_view.setMinimumHeight(140)
        self.panel.setMinimumHeight(self.panel.compact_height())
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _apply_style(self) -> None:
        self.setStyleSheet(style.stylesheet(style.current()))
        self.queue.viewport().update()

    def _on_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        style.apply_palette()
        self._apply_style()
        if self.conversation_view.conversation is not None:
            self.conversation_view.show_conversation(self.conversation_view.conversation)

    def _bind_shortcuts(self) -> None:
        bindings: list[tuple[str | QKeySequence.StandardKey, Callable[[], object]]] = [
            ("Ctrl+Return", self.panel.suggest),
            ("Ctrl+Enter", self.panel.suggest),
            ("Esc", self.panel.stop),
            ("Ctrl+Shift+C", self.panel.insert),
            ("Ctrl+1", lambda: self.queue.setFocus(Qt.FocusReason.ShortcutFocusReason)),
            ("Ctrl+2", self.conversation_view.focus_messages),
            ("Ctrl+3", self.panel.focus_replies),
            ("Ctrl+B", self.conversation_view.toggle_brief),
            ("Ctrl+D", lambda: self.panel.show_draft(not self.panel.draft_toggle.isChecked())),
            ("Ctrl+,", self.open_settings),
        ]
        self.shortcuts: list[QShortcut] = []
        for keys, action in bindings:
            sequence = QKeySequence(keys)
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
            self.shortcuts.append(shortcut)

    def _show_playbook_notice(self) -> None:
        problem = self.workspace.playbook_error
        # The core's reason says which rules are in use (the last good playbook, or none: every reply blocked).
        self.notice_bar.setText(f"Playbook not loaded: {problem}" if problem else "")
        self.notice_bar.setToolTip(problem)
        self.notice_bar.setVisible(bool(problem))

    # --- window flags and settings ----------------------------------------------------------------

    def _set_on_top(self, on: bool) -> None:
        self.pin_button.blockSignals(True)
        self.pin_button.setChecked(on)
        self.pin_button.blockSignals(False)
        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        if visible:
            self.show()  # changing a window flag hides the window

    def _on_pin_toggled(self, on: bool) -> None:
        self._set_on_top(on)
        self.settings.always_on_top = on
        self._save_settings(self.settings)

    def _save_settings(self, new: Settings) -> None:
        run_task(lambda: settings_store.save(new), lambda _none: None, lambda exc: errors.show_error(exc, self))

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self, workspace=self.workspace)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        new = dialog.edited()
        restart = new.data_dir != self.settings.data_dir
        switch = dialog.engine_changed(self.settings) and not self._custom_loader
        self.use_agent_name(new.display_agent())
        self.settings = new
        self._save_settings(new)
        style.apply_theme(new.theme)
        self._apply_style()
        self._set_on_top(new.always_on_top)
        if switch:  # live, no restart: the key first (the new engine reads it), then the engine
            run_task(dialog.server_key_saver(), lambda _none: self.bridge.reload(lambda: load_configured(new)),
                     lambda exc: errors.show_error(exc, self))
        if restart:
            self.notice_bar.setText("Restart Assist to use the new data folder.")
            self.notice_bar.setVisible(True)

    def use_agent_name(self, name: str) -> None:
        """Sign-offs, the audit trail and "your" turns follow the person using Assist, without a restart."""
        self.bridge.set_agent(name)
        self.panel.set_actor(name)
        self.conversation_view.agent_name = name

    # --- queue and conversation -------------------------------------------------------------------

    def reload_queue(self, select: str = "") -> None:
        """Read the queue again (off the GUI thread); `select` opens that conversation once it is in."""
        self._pending_select = select or self._pending_select
        store = self.workspace.store
        run_task(store.conversations.queue, self._on_queue_loaded, lambda exc: errors.show_error(exc, self))

    def _on_queue_loaded(self, items: list[QueueItem]) -> None:
        self.queue.set_items(items)
        self.queue_loaded.emit(len(items))
        self._load_queue_triggers(items)
        target, self._pending_select = self._pending_select or self._selected_id or default_conversation(items), ""
        if target:
            self.queue.select(target)

    def _load_queue_triggers(self, items: list[QueueItem]) -> None:
        """"Needs a human" for live conversations: escalation triggers per conversation, in the background."""
        live = triage.live_ids(items)
        workspace = self.workspace
        run_task(lambda: triage.queue_triggers(live, workspace.store.conversations.get, workspace.playbook),
                 self.queue.queue_model.set_triggers,
                 lambda exc: log.warning("could not check the queue for escalations: %r", exc))

    def select_conversation(self, conversation_id: str) -> None:
        if conversation_id == self._selected_id and self.conversation_view.conversation is not None:
            return
        self._selected_id = conversation_id
        self.bridge.discard()
        self.panel.set_conversation(None)
        store = self.workspace.store

        def shown(conversation: Conversation | None) -> None:
            if conversation_id != self._selected_id:
                return  # the agent already moved on
            if conversation is None:
                self.conversation_view.show_placeholder("This conversation is no longer in the workspace.")
                return
            self.conversation_view.show_conversation(conversation)
            self.panel.set_conversation(conversation)
            self.bridge.warm(conversation)
            self.conversation_shown.emit(conversation_id)

        run_task(lambda: store.conversations.get(conversation_id), shown,
                 lambda exc: errors.show_error(exc, self))

    # --- engine -----------------------------------------------------------------------------------

    def _on_engine_state(self, state: str, reason: str) -> None:
        chip = self.status_chip
        if state == EngineState.READY.value:
            self._show_model_chip()
            if self.conversation_view.conversation is not None:
                self.bridge.warm(self.conversation_view.conversation)
            return
        if state == EngineState.LOADING.value:
            text, tip, level = "Loading model…", "The model is loading in the background.", "busy"
        else:
            full = f"Suggestions off: {reason or 'the model stopped'}"
            text, tip, level = full, full, "warning"
        chip.setProperty("level", level)
        chip.setText(chip.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, CHIP_MAX_WIDTH))
        chip.setToolTip(tip)
        chip.style().unpolish(chip)
        chip.style().polish(chip)

    def _show_model_chip(self) -> None:
        name = self.bridge.model_name
        text = short_model_name(name)
        if self._last_rate:
            text += f" · {self._last_rate:.0f} tok/s"
        chip = self.status_chip
        chip.setProperty("level", "ok")
        chip.setText(chip.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, CHIP_MAX_WIDTH))
        chip.setToolTip(f"{name}: ready (replies are generated on {self.bridge.model_location})")
        chip.style().unpolish(chip)
        chip.style().polish(chip)

    def _fit_panel(self, need: int) -> None:
        """The panel asked for `need` pixels: from the conversation, then the queue, each above its floor."""
        sizes = self.splitter.sizes()
        if len(sizes) != 3 or sum(sizes) <= 0 or self.splitter.orientation() == Qt.Orientation.Horizontal:
            return  # side by side, the panel already has the full height
        fitted = section_sizes.fit(sizes, need, queue_floor=max(QUEUE_MIN_HEIGHT, 3 * self.queue.row_height()),
                                   conversation_floor=self.conversation_view.minimumHeight())
        if fitted != sizes:
            self.splitter.setSizes(fitted)

    def _on_suggestion(self, suggestion: Suggestion) -> None:
        if suggestion.tokens_per_s and not suggestion.cancelled:
            self._last_rate = suggestion.tokens_per_s
            if self.bridge.state is EngineState.READY:
                self._show_model_chip()

    # --- shutdown ---------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._laid_out and (self.width() >= WIDE_WINDOW) != (self.splitter.orientation() == HORIZONTAL):
            self.lay_out_sections()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._laid_out:
            self._laid_out = True
            self.lay_out_sections()
            self.queue.setFocus(Qt.FocusReason.OtherFocusReason)  # where work starts, not the Pin button

    def lay_out_sections(self, queue_height: int = 0) -> None:
        """Stacked (a side panel): the queue gets five rows on a tall window (three on a short one) or the height
        the agent left it at, the suggestion panel what it shows (compact without cards), the conversation the
        rest. A wide window (a laptop screen) puts the three side by side, each with the full height."""
        wide = self.width() >= WIDE_WINDOW
        self.splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
        total = sum(self.splitter.sizes()) or (self.splitter.width() if wide else self.splitter.height())
        if total <= 0:
            return
        if wide:
            return self.splitter.setSizes(section_sizes.side_by_side(total))
        rows = 5 if self.height() >= TALL_WINDOW else 3
        queue = queue_height or self._queue_height or rows * self.queue.row_height() + 2
        panel = self.panel.wanted_height()
        queue = max(QUEUE_MIN_HEIGHT, min(queue, total - panel - self.conversation_view.minimumHeight()))
        self.splitter.setSizes([queue, total - queue - panel, panel])

    def shutdown(self) -> None:
        """Stop the model thread. Idempotent; called on close and by the app on quit."""
        self.panel.memory.flush()  # the draft being typed is kept
        self.bridge.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        stacked = self.splitter.orientation() == Qt.Orientation.Vertical
        window_state.save(self.saveGeometry(), self.splitter.sizes()[0] if stacked else self._queue_height)
        self.shutdown()
        super().closeEvent(event)
