"""How the main window gets conversations in, hooked on with one line there: an empty workspace shows the
EmptyState (how to get conversations in) instead of an empty queue, a chat and a Suggest button that can do
nothing; "+" in the top bar and Ctrl+Shift+V import a file or paste a transcript at any time. Imports go
through assist.workspace.imports off the GUI thread, with the same checks and one-line errors as
`assist import`; the new conversation opens once saved."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMenu, QSizePolicy, QStackedWidget, QToolButton

from assist.base.errors import AssistError
from assist.config import settings as settings_store
from assist.domain.conversation import Conversation
from assist.workspace import imports
from ui.base import errors
from ui.base.tasks import run_task
from ui.onboarding.empty_state import EmptyState
from ui.onboarding.paste_dialog import PasteDialog

CHIP_PADDING = 12  # the chip's own padding (base/style.py: 8 px a side) and its rounded ends
FILE_FILTER = "Conversations (*.json *.jsonl *.ndjson);;All files (*)"


class FirstRunHook(QObject):
    imported = Signal(object)  # the import report (dict), once in the store
    import_failed = Signal(str)  # the one-line problem

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.empty = EmptyState()
        self.empty.import_requested.connect(self.pick_files)
        self.empty.paste_requested.connect(self.open_paste)
        self.empty.connect_requested.connect(lambda: self.window.open_settings())  # its Helpdesks part
        column = window.centralWidget().layout()
        self.stack = QStackedWidget()
        position = column.indexOf(window.splitter)
        column.removeWidget(window.splitter)
        self.stack.addWidget(window.splitter)
        self.stack.addWidget(self.empty)
        column.insertWidget(position, self.stack, 1)
        self.add_button = QToolButton()
        self.add_button.setText("+")
        self.add_button.setToolTip("Add conversations: import a file or paste a transcript (Ctrl+Shift+V)")
        self.add_button.setAccessibleName("Add conversations")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for text, action in (("Import a file…", self.pick_files), ("Paste a transcript…", self.open_paste)):
            item = QAction(text, menu)
            item.triggered.connect(lambda _checked=False, a=action: a())
            menu.addAction(item)
        self.add_button.setMenu(menu)
        bar = window.settings_button.parentWidget().layout()
        bar.insertWidget(bar.indexOf(window.status_chip) + 1, self.add_button)
        # With "+" the bar is full at 420 px: the model chip keeps its width, the workspace name (which has its
        # tooltip) elides instead.
        window.status_chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        window.bridge.state_changed.connect(lambda _state, _reason: QTimer.singleShot(0, self._fit_chip))
        self.paste_shortcut = QShortcut(QKeySequence("Ctrl+Shift+V"), window)
        self.paste_shortcut.activated.connect(self.open_paste)
        # Tests and scripted runs answer the dialogs: (paths) and (dialog) -> None
        self.choose_files: Callable[[], Sequence[Path]] = self._ask_for_files
        self.paste_dialog: PasteDialog | None = None
        window.queue_loaded.connect(self._on_queue_loaded)
        settings = window.settings
        if not settings.agent_name.strip() and "agent_name" not in settings.locked:
            self.empty.ask_name(settings.display_agent())
        self.empty.name_saved.connect(self.save_name)

    def _fit_chip(self) -> None:
        chip = self.window.status_chip
        chip.setFixedWidth(chip.fontMetrics().horizontalAdvance(chip.text()) + 2 * CHIP_PADDING)

    @property
    def showing_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def _on_queue_loaded(self, count: int) -> None:
        self.stack.setCurrentWidget(self.empty if count == 0 else self.window.splitter)
        if count == 0:
            self.empty.import_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_name(self, name: str) -> None:
        """The agent's name into Settings (off the GUI thread) and into sign-offs at once."""
        new = replace(self.window.settings, agent_name=name)
        self.window.settings = new
        self.window.use_agent_name(new.display_agent())
        run_task(lambda: settings_store.save(new), lambda _none: None, lambda exc: errors.show_error(exc, self.window))

    # --- import a file ----------------------------------------------------------------------------

    def _ask_for_files(self) -> Sequence[Path]:
        if not errors.dialogs_enabled():
            return []
        names, _filter = QFileDialog.getOpenFileNames(self.window, "Import conversations", str(Path.home()),
                                                      FILE_FILTER)
        return [Path(n) for n in names]

    def pick_files(self) -> None:
        paths = list(self.choose_files())
        if paths:
            self.import_files(paths)

    def import_files(self, paths: Sequence[Path]) -> None:
        store, actor = self.window.workspace.store, self.window.settings.display_agent()
        self.empty.show_problem("Importing…")
        run_task(lambda: imports.import_files(store, paths, actor), self._done, self._failed)

    # --- paste a transcript -----------------------------------------------------------------------

    def open_paste(self, text: str = "") -> PasteDialog:
        dialog = PasteDialog(self.window.settings.display_agent(), self.window.workspace.playbook().bot_name,
                             self.window, text)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.save_pasted(dialog.edited()))
        self.paste_dialog = dialog
        dialog.show()
        return dialog

    def save_pasted(self, conversation: Conversation | None) -> None:
        if conversation is None:
            return
        store, actor = self.window.workspace.store, self.window.settings.display_agent()
        run_task(lambda: imports.import_pasted(store, conversation, actor), self._done, self._failed)

    # --- results ----------------------------------------------------------------------------------

    def _done(self, report: dict[str, Any]) -> None:
        self.empty.show_problem("")
        ids = report.get("ids") or []
        self.window.reload_queue(select=ids[0] if ids else "")
        self.imported.emit(report)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AssistError):
            line = f"{exc}" + (f" ({exc.hint})" if exc.hint else "")
            self.empty.show_problem(f"Nothing imported: {line}")
            self.import_failed.emit(line)
            if not self.showing_empty:
                errors.show_error(exc, self.window)
        else:
            self.empty.show_problem("")
            errors.show_error(exc, self.window)
