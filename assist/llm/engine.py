"""The engine protocol every model backend implements (llama.cpp for real, a fake for unit tests).

A Prompt is a tuple of text segments. Engines tokenize each segment on its own and concatenate, so the
tokens of the first k segments never change when later segments change: that is what lets the KV cache
of "system prompt + conversation so far" be reused when only the tail (new message, instruction) moves.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import jsonschema

from assist.base.errors import AssistError
from assist.llm.chat_format import ChatFormat


class ModelOutputError(AssistError):
    """The model produced something we cannot use (e.g. JSON that fails its schema)."""


@dataclass(frozen=True)
class Prompt:
    segments: tuple[str, ...]
    prefix_segments: int = 0  # the stable head, worth pre-filling before the agent asks

    @property
    def prefix(self) -> Prompt:
        return Prompt(self.segments[: self.prefix_segments], self.prefix_segments)

    @property
    def text(self) -> str:
        return "".join(self.segments)


@dataclass(frozen=True)
class GenerationParams:
    max_tokens: int = 200
    temperature: float = 0.7
    top_p: float = 0.9
    top_k: int = 40
    repeat_penalty: float = 1.1
    seed: int | None = None
    stop: tuple[str, ...] = ()
    json_schema: dict[str, Any] | None = None


@dataclass
class GenerationResult:
    text: str
    prompt_tokens: int
    evaluated_tokens: int  # prompt tokens actually computed (the rest came from the KV cache)
    generated_tokens: int
    ttft_s: float
    total_s: float
    cancelled: bool = False
    finish: str = "stop"  # stop | length | cancelled
    data: Any = field(default=None)  # parsed JSON when json_schema was given

    @property
    def tokens_per_s(self) -> float:
        decode = self.total_s - self.ttft_s
        return (self.generated_tokens - 1) / decode if self.generated_tokens > 1 and decode > 0 else 0.0


class CancelToken:
    """Cooperative cancel: checked between tokens. Cancelling is a normal outcome, not an error."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


TokenCallback = Callable[[str], None]


class Engine(Protocol):
    name: str
    model_id: str
    n_ctx: int
    format: ChatFormat

    def count_tokens(self, text: str) -> int: ...

    def prefill(self, prompt: Prompt, cancel: CancelToken | None = None) -> int:
        """Evaluate the prompt into the KV cache without generating; return tokens evaluated."""
        ...

    def generate(self, prompt: Prompt, params: GenerationParams, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None) -> GenerationResult: ...

    def close(self) -> None: ...


def parse_json_output(text: str, schema: dict[str, Any]) -> Any:
    """Grammar-constrained output should already match; validate anyway (truncation, model quirks)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelOutputError(f"the model's JSON is not valid ({exc.msg}); it may have been cut short") from None
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        raise ModelOutputError(f"the model's JSON does not match the schema: {error.message}")
    return data


class StopScanner:
    """Streams text while holding back anything that could be the start of a stop string."""

    def __init__(self, stops: tuple[str, ...]) -> None:
        self.stops = tuple(s for s in stops if s)
        self.text = ""
        self._emitted = 0
        self.stopped = False

    def feed(self, piece: str) -> str:
        """Add a piece; return the newly safe text to show."""
        self.text += piece
        for stop in self.stops:
            at = self.text.find(stop, max(0, self._emitted - len(stop)))
            if at != -1:
                self.text = self.text[:at]
                self.stopped = True
                break
        safe = len(self.text)
        if not self.stopped:
            for stop in self.stops:
                for k in range(min(len(stop) - 1, len(self.text)), 0, -1):
                    if self.text.endswith(stop[:k]):
                        safe = min(safe, len(self.text) - k)
                        break
        out = self.text[self._emitted:safe] if safe > self._emitted else ""
        self._emitted = max(self._emitted, safe)
        return out

    def flush(self) -> str:
        out = self.text[self._emitted:]
        self._emitted = len(self.text)
        return out
