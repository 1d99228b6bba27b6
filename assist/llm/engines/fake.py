"""A deterministic stand-in for the llama.cpp engine, for fast unit and UI tests.

Same interface and the same cache semantics (a token is a whitespace-separated word here), so the code
around the engine (worker, prefill, cancel, streaming UI) is tested for real; only the model is fake.
"""

from __future__ import annotations

import json
import time
from typing import Any

from assist.llm import chat_format
from assist.llm.engine import (
    AnyPrompt,
    CancelToken,
    GenerationParams,
    GenerationResult,
    RenderedPrompt,
    StopScanner,
    TokenCallback,
    parse_json_output,
)

DEFAULT_REPLY = (
    " thanks for reaching out. I have looked into this for you and here is what happens next: "
    "I will check the details on our side and get back to you today with a clear answer. Thanks for your "
    "patience!"
)


def _example(schema: dict[str, Any]) -> Any:
    """Smallest value that satisfies a simple JSON schema (object/array/string/number/boolean/enum)."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        props = schema.get("properties", {})
        return {key: _example(props[key]) for key in schema.get("required", list(props))}
    if kind == "array":
        return [_example(schema.get("items", {"type": "string"}))] * max(1, schema.get("minItems", 1))
    if kind in ("number", "integer"):
        return 1
    if kind == "boolean":
        return True
    return "fake answer"


class FakeEngine:
    def __init__(self, reply: str = DEFAULT_REPLY, *, delay_s: float = 0.0, n_ctx: int = 4096,
                 replies: list[str] | None = None) -> None:
        self.name = "Fake engine"
        self.format = chat_format.get("chatml")
        self.model_id = "fake"
        self.n_ctx = n_ctx
        self.reply = reply
        self.replies = list(replies or [])  # when given, successive generations cycle through these
        self.params: list[GenerationParams] = []  # what each generate() call was asked for
        self.delay_s = delay_s
        self._cache: list[str] = []
        self.prompts: list[AnyPrompt] = []  # as the core asked (role-tagged), before rendering

    def render(self, prompt: AnyPrompt) -> RenderedPrompt:
        return chat_format.render(prompt, self.format)

    def _tokens(self, prompt: AnyPrompt) -> list[str]:
        out: list[str] = []
        for segment in self.render(prompt).segments:
            out += segment.split()
        return out

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def _evaluate(self, tokens: list[str]) -> int:
        keep = 0
        for a, b in zip(self._cache, tokens, strict=False):
            if a != b:
                break
            keep += 1
        self._cache = list(tokens)
        return len(tokens) - keep

    def prefill(self, prompt: AnyPrompt, cancel: CancelToken | None = None) -> int:
        return self._evaluate(self._tokens(prompt))

    def generate(self, prompt: AnyPrompt, params: GenerationParams, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None) -> GenerationResult:
        reply = self.replies[len(self.prompts) % len(self.replies)] if self.replies else self.reply
        self.prompts.append(prompt)
        self.params.append(params)
        start = time.perf_counter()
        tokens = self._tokens(prompt)
        evaluated = self._evaluate(tokens)
        text = json.dumps(_example(params.json_schema)) if params.json_schema else reply
        pieces = [w + " " for w in text.split(" ")]
        pieces[-1] = pieces[-1].rstrip()
        scanner = StopScanner(params.stop)
        ttft = 0.0
        generated = 0
        finish = "length"
        for i, piece in enumerate(pieces):
            if self.delay_s:
                time.sleep(self.delay_s)
            if i == 0:
                ttft = time.perf_counter() - start
            generated += 1
            out = scanner.feed(piece)
            if out and on_token is not None:
                on_token(out)
            if scanner.stopped:
                finish = "stop"
                break
            if cancel is not None and cancel.cancelled:
                finish = "cancelled"
                break
            if generated >= params.max_tokens:
                break
        else:
            finish = "stop"
        if finish != "cancelled" and (tail := scanner.flush()) and on_token is not None:
            on_token(tail)
        result = GenerationResult(text=scanner.text, prompt_tokens=len(tokens), evaluated_tokens=evaluated,
                                  generated_tokens=generated, ttft_s=ttft, total_s=time.perf_counter() - start,
                                  cancelled=finish == "cancelled", finish=finish)
        if params.json_schema is not None and finish != "cancelled":
            result.data = parse_json_output(result.text, params.json_schema)
        return result

    def close(self) -> None:
        pass
