"""UI tests: offscreen Qt, the fake engine, every Assist dir in tmp_path, and no Qt warnings allowed."""

from __future__ import annotations

import os

# Before any Qt import creates the application. Only this one at import time: the fake engine and the
# no-dialog switches are set per test (fixture below) so they never leak into other suites' subprocesses.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType
from pytestqt.qtbot import QtBot

from assist.config.settings import Settings
from assist.llm.engine import Engine
from assist.llm.engines.fake import FakeEngine
from assist.workspace.workspace import Workspace
from ui.base import tasks
from ui.main_window import MainWindow

TIMEOUT_MS = 10_000
# The offscreen platform plugin itself warns when a dialog is shown; not a problem of the app.
# What the offscreen platform plugin says about window calls it cannot do (a tooltip window is raised).
OFFSCREEN_NOISE = {"This plugin does not support propagateSizeHints()", "This plugin does not support raise()"}


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, sub in (("ASSIST_DATA_DIR", "data"), ("ASSIST_DEMO_DIR", "demo"), ("ASSIST_CONFIG_DIR", "config"),
                      ("ASSIST_CACHE_DIR", "cache"), ("ASSIST_LOG_DIR", "logs")):
        monkeypatch.setenv(name, str(tmp_path / sub))
    monkeypatch.setenv("ASSIST_POLICY", str(tmp_path / "no-policy.json"))
    monkeypatch.setenv("ASSIST_FAKE_ENGINE", "1")
    monkeypatch.setenv("ASSIST_NO_DIALOGS", "1")
    monkeypatch.delenv("ASSIST_FAKE_DELAY", raising=False)
    return tmp_path


@pytest.fixture(autouse=True)
def no_qt_warnings(qtlog: object) -> Iterator[None]:
    """Fail the test on any Qt warning or critical message (pytest-qt records them in qtlog)."""
    yield
    bad = [r for r in qtlog.records  # type: ignore[attr-defined]
           if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
           and r.message not in OFFSCREEN_NOISE]
    assert not bad, "Qt warnings: " + "; ".join(r.message for r in bad)


@pytest.fixture
def workspace() -> Iterator[Workspace]:
    ws = Workspace.open(demo_mode=True)
    yield ws
    tasks.wait_for_all(5000)
    ws.close()


def _fake_loader(reply: str | None = None, delay_s: float = 0.02) -> Callable[[], Engine]:
    def load() -> Engine:
        return FakeEngine(reply, delay_s=delay_s) if reply is not None else FakeEngine(delay_s=delay_s)

    return load


@pytest.fixture
def fake_loader() -> Callable[..., Callable[[], Engine]]:
    """fake_loader(reply=None, delay_s=0.02): an engine loader for MainWindow(engine_loader=...)."""
    return _fake_loader


@pytest.fixture
def make_window(qtbot: QtBot, workspace: Workspace) -> Iterator[Callable[..., MainWindow]]:
    """Build a MainWindow on the demo workspace, shown, with the queue loaded and a conversation shown."""
    windows: list[MainWindow] = []

    def make(loader: Callable[[], Engine] | None = None, *, wait_ready: bool = True) -> MainWindow:
        # compose_first off: these tests drive the model's cards; tests/ui/test_ui_composed.py covers the first
        window = MainWindow(workspace, Settings(always_on_top=False, agent_name="Sam Lee", compose_first=False),
                            engine_loader=loader or _fake_loader())
        windows.append(window)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
            window.show()
        if wait_ready:
            qtbot.waitUntil(lambda: window.bridge.state.value == "ready", timeout=TIMEOUT_MS)
        return window

    yield make
    for window in windows:
        window.shutdown()
    tasks.wait_for_all(5000)
