"""Switching engines live: the worker closes the old engine and loads the new one on its own thread."""

from __future__ import annotations

import threading

from assist.base.errors import ModelUnavailable
from assist.llm.engine import Engine, GenerationParams, Prompt
from assist.llm.engines.fake import FakeEngine
from assist.llm.worker import EngineState, EngineWorker, Job


class Closing(FakeEngine):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name} reply")
        self.name = name
        self.closed = False
        self.thread = ""

    def close(self) -> None:
        self.closed = True
        self.thread = threading.current_thread().name


def test_reload_swaps_engines_on_the_worker_thread() -> None:
    first, second = Closing("first"), Closing("second")
    states: list[tuple[EngineState, str]] = []
    worker = EngineWorker(lambda: first, on_state=lambda s, r: states.append((s, r))).start()
    try:
        assert worker.wait_ready(5)

        def load_second() -> Engine:
            return second

        worker.reload(load_second)
        assert worker.wait_idle(5)
        assert worker.engine is second and first.closed and first.thread == "assist-engine"
        assert states[-2:] == [(EngineState.LOADING, ""), (EngineState.READY, "second")]
        done = threading.Event()
        texts: list[str] = []
        worker.submit(Job(Prompt.chat(("user", "hi")), GenerationParams(max_tokens=5),
                          on_done=lambda r: (texts.append(r.text), done.set())))
        assert done.wait(5) and texts == ["second reply"]
    finally:
        worker.stop()


def test_a_reload_that_fails_turns_suggestions_off_with_the_reason() -> None:
    worker = EngineWorker(lambda: FakeEngine()).start()
    try:
        assert worker.wait_ready(5)

        def broken() -> Engine:
            raise ModelUnavailable("model file not found: /x.gguf", hint="Run `assist doctor`.")

        worker.reload(broken)
        assert worker.wait_idle(5)
        assert worker.state is EngineState.FAILED and worker.engine is None
        assert worker.reason == "model file not found: /x.gguf. Run `assist doctor`."
    finally:
        worker.stop()
