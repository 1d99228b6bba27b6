"""The engine worker with the fake engine: streaming, cancel, prefill reuse, failure to load."""

from __future__ import annotations

import threading

from assist.base.errors import ModelUnavailable
from assist.llm.engine import GenerationParams, GenerationResult, StopScanner
from assist.llm.engine import RenderedPrompt as Prompt
from assist.llm.engines.fake import FakeEngine
from assist.llm.worker import EngineState, EngineWorker, Job


def _run(worker: EngineWorker, job: Job) -> GenerationResult:
    done = threading.Event()
    results: list[GenerationResult] = []
    job.on_done = lambda r: (results.append(r), done.set())
    job.on_error = lambda e: done.set()
    worker.submit(job)
    assert done.wait(10)
    return results[0]


def test_streams_tokens_in_order() -> None:
    worker = EngineWorker(lambda: FakeEngine("one two three")).start()
    pieces: list[str] = []
    result = _run(worker, Job(Prompt(("hello",)), GenerationParams(), on_token=pieces.append))
    assert "".join(pieces) == result.text == "one two three"
    assert worker.state is EngineState.READY
    worker.stop()
    assert worker.state is EngineState.STOPPED


def test_cancel_between_tokens_is_not_an_error() -> None:
    worker = EngineWorker(lambda: FakeEngine("a b c d e f g h i j", delay_s=0.01)).start()
    job = Job(Prompt(("hi",)), GenerationParams())
    job.on_token = lambda piece: job.cancel() if piece.startswith("c") else None
    result = _run(worker, job)
    assert result.cancelled and result.finish == "cancelled"
    assert result.text == "a b c "
    worker.stop()


def test_prefill_means_only_the_tail_is_evaluated() -> None:
    engine = FakeEngine("ok")
    worker = EngineWorker(lambda: engine).start()
    worker.wait_ready(5)
    prompt = Prompt(("system words here", "customer says hello", "tail instruction"), prefix_segments=2)
    worker.prefill(prompt)
    assert worker.wait_idle(5)
    result = _run(worker, Job(prompt, GenerationParams()))
    assert result.prompt_tokens == 8
    assert result.evaluated_tokens == 2  # only "tail instruction"
    worker.stop()


def test_failed_load_degrades_with_a_reason() -> None:
    def broken() -> FakeEngine:
        raise ModelUnavailable("model file not found: /nowhere/model.gguf")

    states: list[tuple[EngineState, str]] = []
    worker = EngineWorker(broken, on_state=lambda s, r: states.append((s, r))).start()
    assert worker.wait_ready(5) is False
    assert worker.state is EngineState.FAILED and "not found" in worker.reason
    errors: list[Exception] = []
    done = threading.Event()
    worker.submit(Job(Prompt(("x",)), GenerationParams(), on_error=lambda e: (errors.append(e), done.set())))
    assert done.wait(5)
    assert "suggestions are off" in str(errors[0])
    worker.stop()


def test_json_schema_output_is_validated() -> None:
    schema = {"type": "object", "properties": {"goal": {"type": "string"}}, "required": ["goal"]}
    result = FakeEngine().generate(Prompt(("x",)), GenerationParams(json_schema=schema))
    assert result.data == {"goal": "fake answer"}


def test_stop_scanner_holds_back_partial_stop_strings() -> None:
    scanner = StopScanner(("<|im_end|>",))
    shown = scanner.feed("Hello <|im") + scanner.feed("_end|> ignored")
    assert shown == "Hello " and scanner.stopped and scanner.text == "Hello "
