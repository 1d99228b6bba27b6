"""Start the desktop app: QApplication, logging, crash hook, workspace, main window; optional screenshot.

`run()` prints nothing (the CLI wraps it) and returns the process exit code.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from assist.base.errors import AssistError
from assist.base.logs import setup_logging
from assist.config import settings as settings_store
from assist.config.settings import Settings
from assist.llm.worker import EngineState
from assist.workspace.workspace import Workspace
from ui.base import errors, one_window, qt_messages, style, tasks
from ui.main_window import DEFAULT_SIZE, MainWindow

log = logging.getLogger(__name__)

SCREENSHOT_TIMEOUT_MS = 20_000  # for the model to load and the conversation to show
SUGGESTION_TIMEOUT_MS = 90_000  # once generating: a slow CPU can take a while on a long prompt
SHOWN_TIMEOUT_MS = 2_500  # without a suggestion: an empty workspace never shows a conversation
SETTLE_MS = 150  # for the layout to settle before the grab


def _load_settings() -> Settings:
    try:
        return settings_store.load()
    except AssistError as exc:
        errors.show_error(exc)
        return Settings()


class ScreenshotTaker(QObject):
    """Waits for the default conversation (and, with `suggestion`, one streamed suggestion) or a timeout,
    saves a PNG, quits. Without a suggestion it takes about a second: nothing waits on the model."""

    def __init__(self, window: MainWindow, target: Path, *, suggestion: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.target = target
        self.saved = False
        self.ok = False
        self._asked = False
        if not suggestion:
            window.conversation_shown.connect(lambda _id: QTimer.singleShot(SETTLE_MS, self.take))
            QTimer.singleShot(SHOWN_TIMEOUT_MS, self.take)
            return
        window.conversation_shown.connect(self._maybe_suggest)
        window.bridge.state_changed.connect(lambda _state, _reason: self._maybe_suggest())
        window.bridge.finished.connect(lambda _suggestion: QTimer.singleShot(150, self.take))
        window.bridge.failed.connect(lambda _message: QTimer.singleShot(150, self.take))
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self.take)
        self._deadline.start(SCREENSHOT_TIMEOUT_MS)

    def _maybe_suggest(self, *_args: object) -> None:
        if self._asked or self.window.conversation_view.conversation is None:
            return
        state = self.window.bridge.state
        if state is EngineState.READY:
            self._asked = True
            self._deadline.stop()
            self._deadline.start(SUGGESTION_TIMEOUT_MS)
            self.window.panel.suggest()
        elif state in (EngineState.FAILED, EngineState.STOPPED):
            self._asked = True
            QTimer.singleShot(150, self.take)

    def take(self) -> None:
        if self.saved:
            return
        self.saved = True
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.ok = self.window.grab().save(str(self.target), "PNG")
        if not self.ok:
            log.error("could not write the screenshot %s", self.target)
        QApplication.exit(0 if self.ok else 1)


def _report_shown_and_quit() -> None:
    print(json.dumps({"shown_at": time.time()}), flush=True)
    QApplication.exit(0)


def _report_ready_and_quit(window: MainWindow, shown_at: float) -> None:
    """`assist bench --package`: launch to window shown, then to a conversation open and the model loaded (the
    first suggestion possible). Polled: the bridge's own signals may have fired before this was connected."""
    state = window.bridge.state
    if state in (EngineState.READY, EngineState.FAILED) and window.conversation_view.conversation is not None:
        print(json.dumps({"shown_at": shown_at, "ready_at": time.time(), "engine": state.value,
                          "reason": window.bridge.reason if state is EngineState.FAILED else ""}), flush=True)
        QApplication.exit(0)
    else:
        QTimer.singleShot(20, lambda: _report_ready_and_quit(window, shown_at))


def run(argv: Sequence[str], *, data_dir: Path | None, demo: bool, screenshot: Path | None,
        screenshot_suggestion: bool = True) -> int:
    if screenshot is not None and QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName("Assist")
    app.setApplicationDisplayName("Assist")
    log_path = setup_logging()
    previous_qt_handler = qt_messages.route_to_logging()
    previous_hook = errors.install_excepthook()
    log.info("starting Assist UI (log %s)", log_path)
    window: MainWindow | None = None
    workspace: Workspace | None = None
    try:
        settings = _load_settings()
        if existing is None:
            app.setStyle("Fusion")
        app.setFont(style.app_font())
        style.apply_theme(settings.theme)
        try:
            workspace = Workspace.open_configured(data_dir, demo_mode=demo, settings=settings)
        except AssistError as exc:
            errors.show_error(exc)
            return 2
        # One window per workspace (ui/base/one_window.py); a screenshot or a launch timing is not a second window.
        timing = "1" in (os.environ.get("ASSIST_EXIT_WHEN_SHOWN"), os.environ.get("ASSIST_EXIT_WHEN_READY"))
        claim = "" if screenshot is not None or timing else (
            one_window.socket_name(workspace.data_dir))
        if claim and one_window.ask_first_window(claim):
            print(f"Assist is already open for {workspace.data_dir}: brought its window to the front.", file=sys.stderr)
            return 0
        window = MainWindow(workspace, settings)
        if claim:
            one_window.WindowClaim(claim, window)
        if settings.problems:  # a bad policy/user key: named once here, and every valid setting applies
            window.notice_bar.setText("Some settings were ignored: " + "; ".join(settings.problems))
            window.notice_bar.setVisible(True)
        window.show()
        if settings.retention_days:  # IT's retention, in the background: the window never waits on the file
            days, store = settings.retention_days, workspace.store
            tasks.run_task(lambda: store.retention.purge(days),
                           lambda report: log.info("retention: purged %s conversations", report.conversations))
        if os.environ.get("ASSIST_EXIT_WHEN_SHOWN") == "1":  # `assist bench`: launch-to-window time
            QTimer.singleShot(0, _report_shown_and_quit)
        elif os.environ.get("ASSIST_EXIT_WHEN_READY") == "1":  # `assist bench --package`: and to model loaded
            QTimer.singleShot(0, lambda: _report_ready_and_quit(window, time.time()))  # time.time(): when it fires
        if screenshot is not None:
            window.resize(DEFAULT_SIZE)  # offscreen has a small virtual screen; render the real default size
            ScreenshotTaker(window, screenshot, suggestion=screenshot_suggestion)
        code = app.exec()
        return code
    finally:
        if window is not None:
            window.shutdown()
            window.deleteLater()
        tasks.wait_for_all(5000)
        if workspace is not None:
            workspace.close()
        sys.excepthook = previous_hook
        qt_messages.restore(previous_qt_handler)
