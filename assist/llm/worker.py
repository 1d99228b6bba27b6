"""One long-lived engine on its own thread (a llama.cpp context must stay on one thread).

Requests are queued; a generation is delivered as callbacks from the worker thread (the UI turns them
into Qt signals). Pre-fills are coalesced (only the newest matters) and yield to any waiting generation
between chunks. Loading happens on the worker too, so the window never waits for the model.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from assist.base.errors import AssistError
from assist.llm.catalog import record_speed
from assist.llm.engine import CancelToken, Engine, GenerationParams, GenerationResult, Prompt, TokenCallback

log = logging.getLogger(__name__)

MEASURE_AFTER_TOKENS = 16  # a generation at least this long measures a model's speed on this machine


class EngineState(Enum):
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"
    STOPPED = "stopped"


@dataclass
class Job:
    # A prompt, or a function that builds it on the worker thread (retrieval and assembly read the DB,
    # which the GUI thread must not wait on).
    prompt: Prompt | Callable[[], Prompt]
    params: GenerationParams
    on_token: TokenCallback | None = None
    on_done: Callable[[GenerationResult], None] | None = None
    on_error: Callable[[Exception], None] | None = None
    cancel_token: CancelToken = field(default_factory=CancelToken)

    def cancel(self) -> None:
        self.cancel_token.cancel()


class Cancellable(Protocol):
    """A handle on queued work that Stop can reach (a Job, or a chain of them)."""

    def cancel(self) -> None: ...


@dataclass
class Task:
    """Work that needs the worker thread's place in the queue but not the model (composing a reply from the
    help centre before the model's own suggestions): it runs in order with the generation jobs."""

    run: Callable[[], None]
    on_error: Callable[[Exception], None] | None = None


_STOP = object()


class EngineWorker:
    def __init__(self, loader: Callable[[], Engine],
                 on_state: Callable[[EngineState, str], None] | None = None) -> None:
        self._loader = loader
        self._on_state = on_state
        self._jobs: queue.Queue[object] = queue.Queue()
        self._prefill_lock = threading.Lock()
        self._pending_prefill: Prompt | Callable[[], Prompt] | None = None
        self._prefill_cancel = CancelToken()
        self._wake = threading.Event()
        self._ready = threading.Event()
        self._idle = threading.Event()
        self._owns_engine = True
        self.engine: Engine | None = None
        self.state = EngineState.LOADING
        self.reason = ""
        self._thread = threading.Thread(target=self._run, name="assist-engine", daemon=True)

    def start(self) -> EngineWorker:
        self._thread.start()
        return self

    # --- API (any thread) -------------------------------------------------------------------------

    def submit_task(self, task: Task) -> Task:
        with self._prefill_lock:
            self._prefill_cancel.cancel()
        self._idle.clear()
        self._jobs.put(task)
        self._wake.set()
        return task

    def submit(self, job: Job) -> Job:
        with self._prefill_lock:
            self._prefill_cancel.cancel()  # a waiting agent beats background warm-up
        self._idle.clear()
        self._jobs.put(job)
        self._wake.set()
        return job

    def prefill(self, prompt: Prompt | Callable[[], Prompt]) -> None:
        """Warm the KV cache for this prompt's stable prefix, in the background; the newest request wins."""
        with self._prefill_lock:
            self._pending_prefill = prompt
        self._idle.clear()
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._prefill_cancel.cancel()
        self._jobs.put(_STOP)
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no job or pre-fill is pending (tests and benchmarks; never the GUI thread)."""
        return self._idle.wait(timeout)

    def detach(self) -> None:
        """Stop the thread but leave the engine open (the caller owns it, e.g. a benchmark)."""
        self._owns_engine = False
        self.stop()

    def reload(self, loader: Callable[[], Engine]) -> None:
        """Swap engines live (Settings changed where replies are generated): after the queued work, on the worker
        thread, the old engine closes and the new one loads; the state goes LOADING, then READY or FAILED."""
        self.submit_task(Task(run=lambda: self._swap(loader)))

    def _swap(self, loader: Callable[[], Engine]) -> None:
        old, self.engine = self.engine, None
        if old is not None and self._owns_engine:
            old.close()
        self._loader = loader
        self._set_state(EngineState.LOADING)
        try:
            self.engine = loader()
        except AssistError as exc:
            self._set_state(EngineState.FAILED, f"{exc}. {exc.hint}" if exc.hint else str(exc))
        except Exception as exc:
            log.exception("model load failed")
            self._set_state(EngineState.FAILED, f"the model failed to load: {exc}")
        else:
            self._set_state(EngineState.READY, self.engine.name)

    def wait_ready(self, timeout: float | None = None) -> bool:
        self._ready.wait(timeout)
        return self.state is EngineState.READY

    # --- the worker thread ------------------------------------------------------------------------

    def _set_state(self, state: EngineState, reason: str = "") -> None:
        self.state, self.reason = state, reason
        if self._on_state is not None:
            self._on_state(state, reason)

    def _run(self) -> None:
        try:
            self.engine = self._loader()
        except AssistError as exc:  # the reason and, when there is one, the fix
            self._set_state(EngineState.FAILED, f"{exc}. {exc.hint}" if exc.hint else str(exc))
        except Exception as exc:
            log.exception("model load failed")
            self._set_state(EngineState.FAILED, f"the model failed to load: {exc}")
        else:
            self._set_state(EngineState.READY, self.engine.name)
        self._ready.set()
        while True:
            if self._jobs.empty() and self._pending_prefill is None:
                self._idle.set()
            self._wake.wait()
            try:
                item = self._jobs.get_nowait()
            except queue.Empty:
                item = None
            if item is _STOP:
                break
            if isinstance(item, Job):
                self._run_job(item)
                continue
            if isinstance(item, Task):
                self._run_task(item)
                continue
            self._wake.clear()
            if not self._jobs.empty():
                self._wake.set()
                continue
            self._run_prefill()
        if self.engine is not None and self._owns_engine:
            self.engine.close()
        self._set_state(EngineState.STOPPED)

    def _run_job(self, job: Job) -> None:
        if job.cancel_token.cancelled:
            return
        if self.engine is None:
            if job.on_error is not None:
                job.on_error(AssistError(f"suggestions are off: {self.reason}"))
            return
        try:
            prompt = job.prompt() if callable(job.prompt) else job.prompt
            result = self.engine.generate(prompt, job.params, job.on_token, job.cancel_token)
        except Exception as exc:
            log.exception("generation failed")
            if job.on_error is not None:
                job.on_error(exc)
            return
        if result.generated_tokens >= MEASURE_AFTER_TOKENS and not result.cancelled:
            record_speed(self.engine.model_id, result.tokens_per_s)  # Settings shows it beside the model
        if job.on_done is not None:
            job.on_done(result)

    def _run_task(self, task: Task) -> None:
        try:
            task.run()
        except Exception as exc:
            log.exception("worker task failed")
            if task.on_error is not None:
                task.on_error(exc)

    def _run_prefill(self) -> None:
        with self._prefill_lock:
            pending, self._pending_prefill = self._pending_prefill, None
            self._prefill_cancel = CancelToken()
            cancel = self._prefill_cancel
        if pending is None or self.engine is None:
            return
        try:
            prompt = (pending() if callable(pending) else pending).prefix
            evaluated = self.engine.prefill(prompt, cancel)
            log.debug("prefilled %d tokens", evaluated)
        except Exception:
            log.exception("prefill failed")
