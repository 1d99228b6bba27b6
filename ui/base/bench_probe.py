"""`assist bench` helper (run in its own process): how long the GUI thread stalls during a generation.

Opens the real main window on the demo workspace with the real model, starts a 10 ms QTimer heartbeat,
presses Suggest and records the worst gap between beats until the suggestion is finished. Prints JSON.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from assist.config import settings as settings_store
from assist.llm.worker import EngineState
from assist.workspace.workspace import Workspace
from ui.main_window import MainWindow

HEARTBEAT_MS = 10


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    workspace = Workspace.open(demo_mode=True)
    window = MainWindow(workspace, settings_store.Settings())
    window.show()
    beats: list[float] = []
    result: dict[str, object] = {}
    heartbeat = QTimer()
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))

    def start_when_ready() -> None:
        if window.bridge.state is EngineState.FAILED:
            result["error"] = window.bridge.reason
            app.exit(1)
        elif window.bridge.state is EngineState.READY and window.conversation_view.conversation is not None:
            heartbeat.start()
            QTimer.singleShot(200, window.panel.suggest)  # a few beats first, so the gap list has a baseline
        else:
            QTimer.singleShot(50, start_when_ready)

    def finished(_suggestion: object) -> None:
        heartbeat.stop()
        gaps = [(b - a) * 1000 for a, b in itertools.pairwise(beats)]
        result.update(max_stall_ms=round(max(gaps), 1), ticks=len(beats),
                      median_gap_ms=round(sorted(gaps)[len(gaps) // 2], 1))
        app.exit(0)

    window.bridge.finished.connect(finished)
    window.bridge.failed.connect(lambda message: (result.update(error=message), app.exit(1)))
    QTimer.singleShot(0, start_when_ready)
    QTimer.singleShot(600_000, lambda: (result.update(error="timed out"), app.exit(1)))
    code = app.exec()
    window.shutdown()
    workspace.close()
    print(json.dumps(result), flush=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
