"""The engine protocol every model backend implements (llama.cpp for real, a fake for unit tests).

A Prompt is role-tagged: system, user and assistant messages, each made of text parts, plus the first words
of the reply. Nothing in it belongs to one chat template: each engine renders it (a local model through its
chat template, a server as chat messages). Parts are the unit of the KV cache: the llama engine tokenizes
each rendered part on its own and concatenates, so the tokens of the first k parts never change when later
parts change; that is what lets "system prompt + conversation so far" stay cached while only the tail (new
message, instruction) moves. A RenderedPrompt is that engine-ready form: text segments with the template in.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import jsonschema

from assist.base.errors import AssistError


class ModelOutputError(AssistError):
    """The model produced something we cannot use (e.g. JSON that fails its schema)."""


@dataclass(frozen=True)
class ChatMessage:
    role: str  # system | user | assistant
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Prompt:
    messages: tuple[ChatMessage, ...] = ()
    prefix_parts: int = 0  # the stable head (in parts, counted across messages), worth pre-filling
    reply_start: str = ""  # the reply's first words; the model continues from them
    asks_reply: bool = True  # False for a prefix: no assistant turn is opened
    last_open: bool = False  # the last message goes on past this prompt (a prefix cut inside it)

    @classmethod
    def chat(cls, *messages: tuple[str, tuple[str, ...] | str], prefix_parts: int = 0,
             reply_start: str = "") -> Prompt:
        """Prompt.chat(("system", text), ("user", (part, part)), prefix_parts=2, reply_start="Hi Dana,")."""
        built = tuple(ChatMessage(role, (parts,) if isinstance(parts, str) else tuple(parts))
                      for role, parts in messages)
        return cls(built, prefix_parts, reply_start)

    @property
    def segments(self) -> tuple[str, ...]:
        """The parts in order, without any template: what the tests and the plain-text checks read."""
        return tuple(part for message in self.messages for part in message.parts)

    @property
    def prefix_segments(self) -> int:
        return self.prefix_parts

    @property
    def text(self) -> str:
        return "".join(self.segments) + self.reply_start

    @property
    def prefix(self) -> Prompt:
        left = self.prefix_parts
        kept: list[ChatMessage] = []
        cut_inside = False
        for message in self.messages:
            if left <= 0:
                break
            kept.append(ChatMessage(message.role, message.parts[:left]))
            cut_inside = left < len(message.parts)
            left -= len(message.parts)
        return Prompt(tuple(kept), self.prefix_parts, "", asks_reply=False, last_open=cut_inside)


@dataclass(frozen=True)
class RenderedPrompt:
    """A prompt in one engine's own template: text segments, each tokenized on its own."""

    segments: tuple[str, ...]
    prefix_segments: int = 0

    @property
    def prefix(self) -> RenderedPrompt:
        return RenderedPrompt(self.segments[: self.prefix_segments], self.prefix_segments)

    @property
    def text(self) -> str:
        return "".join(self.segments)


AnyPrompt = Prompt | RenderedPrompt


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

    def count_tokens(self, text: str) -> int: ...

    def prefill(self, prompt: AnyPrompt, cancel: CancelToken | None = None) -> int:
        """Evaluate the prompt into the KV cache without generating; return tokens evaluated."""
        ...

    def generate(self, prompt: AnyPrompt, params: GenerationParams, on_token: TokenCallback | None = None,
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
