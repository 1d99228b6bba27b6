"""Guards against Qt-binding regressions that would crash agents mid-shift."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    text = Signal(str)


def test_signal_emit_keeps_python_refcounts_balanced(qtbot: object) -> None:
    # PySide6 6.12.0 dropped a reference to True per emit(); the app aborted after a few thousand tokens.
    emitter = _Emitter()
    received: list[str] = []
    emitter.text.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emitter.text.emit("token")
    assert len(received) == 2000
    assert abs(sys.getrefcount(True) - before) < 50
