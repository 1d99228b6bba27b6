"""One window per workspace (ui/base/one_window.py): a second launch on the same data dir brings the first window
to the front and exits instead of opening another that writes the same file; a socket left by a crashed
Assist is taken over. In-process with real local sockets, and end to end with two real `assist app` processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.base.one_window import WindowClaim, ask_first_window, socket_name

TIMEOUT_MS = 10_000


def test_the_name_belongs_to_the_dir(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert socket_name(tmp_path / "a") == socket_name(tmp_path / "a" / ".." / "a")
    assert socket_name(tmp_path / "a") != socket_name(tmp_path / "b")
    assert str(tmp_path) not in socket_name(tmp_path / "a")  # the name says nothing about the folder


def test_a_second_launch_brings_the_first_window_to_the_front(qtbot: QtBot, tmp_path: Path) -> None:
    name = socket_name(tmp_path / "ws")
    assert not ask_first_window(name, 200)  # nobody there yet: this launch opens the window
    window = QWidget()
    qtbot.addWidget(window)
    claim = WindowClaim(name, window)
    assert claim.listening
    with qtbot.waitSignal(claim.shown_again, timeout=TIMEOUT_MS):
        assert ask_first_window(name)
    assert window.isVisible()
    other = socket_name(tmp_path / "other")
    assert not ask_first_window(other, 200)  # another workspace still gets its own window


@pytest.mark.skipif(sys.platform == "win32", reason="a stale Unix socket file is a POSIX matter")
def test_a_socket_left_by_a_crash_is_taken_over(qtbot: QtBot, tmp_path: Path) -> None:
    name = socket_name(tmp_path / "ws")
    probe = QLocalServer()
    assert probe.listen(name)
    path = probe.fullServerName()
    probe.close()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # bound, never listening: what a crash leaves
    stale.bind(path)
    try:
        assert Path(path).exists() and not ask_first_window(name, 200)
        window = QWidget()
        qtbot.addWidget(window)
        claim = WindowClaim(name, window)
        assert claim.listening
        with qtbot.waitSignal(claim.shown_again, timeout=TIMEOUT_MS):
            assert ask_first_window(name)
    finally:
        stale.close()


def _listening(name: str) -> bool:
    sock = QLocalSocket()
    sock.connectToServer(name)
    ok = sock.waitForConnected(200)
    sock.abort()  # connect only: no "show", so the first window is not raised by the probe
    return ok


def test_two_real_launches_on_one_workspace_open_one_window(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ASSIST_FAKE_ENGINE": "1"}
    assist = Path(sys.executable).with_name("assist")  # the console script, as a user starts it
    command = [str(assist), "app", "--data-dir", str(data_dir)]
    errors = tmp_path / "first.stderr"
    with errors.open("w") as sink:
        first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    try:
        deadline = time.monotonic() + 60
        while not _listening(socket_name(data_dir)):
            assert first.poll() is None, f"the first launch ended: {errors.read_text()}"
            assert time.monotonic() < deadline, "the first window never claimed its workspace"
            time.sleep(0.2)
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0
        assert "already open" in second.stderr and str(data_dir) in second.stderr
        assert first.poll() is None  # the first one is still the window
        logs = Path(os.environ["ASSIST_LOG_DIR"])
        deadline = time.monotonic() + 10
        while not any("brought to the front" in p.read_text(encoding="utf-8", errors="replace")
                      for p in logs.glob("*.log*")):
            assert time.monotonic() < deadline, "the first window was not asked to come to the front"
            time.sleep(0.2)
        other = subprocess.Popen([*command[:-1], str(tmp_path / "other")], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:  # another workspace opens its own window: still running after a moment, not turned away
            time.sleep(3)
            assert other.poll() is None
        finally:
            other.terminate()
            other.wait(30)
    finally:
        first.terminate()
        first.wait(30)
