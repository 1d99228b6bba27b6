"""The real engine: llama.cpp through llama-cpp-python, one Llama object, used from one thread only.

KV-cache reuse: Llama.generate() keeps the longest common token prefix of the previous call. We make
that prefix long and stable (parts rendered and tokenized separately, see engine.Prompt) and pre-fill it in the
background, so "Suggest" evaluates only the new tail. `evaluated_tokens` counts what eval() really saw.
"""

from __future__ import annotations

import codecs
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assist.base.errors import InputError, ModelUnavailable
from assist.base.machine import inference_threads
from assist.llm import chat_format
from assist.llm.catalog import ModelEntry
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

log = logging.getLogger(__name__)

PREFILL_CHUNK = 64  # tokens per eval() between cancel checks: a Suggest click waits at most one chunk
# A prompt is evaluated in chunks with Stop checked between them, and llama.cpp's abort callback checks it
# inside a chunk too (between graph nodes), so Stop takes effect within milliseconds even on a busy CPU
# (assist bench: stop_latency_ms). The callback is set only while a prompt is evaluated: while decoding,
# the per-token check is enough and a Python call per graph node would cost throughput.
PROMPT_CHUNK = 64
DEFAULT_CONTEXT = 4096


class LlamaEngine:
    def __init__(self, path: Path, entry: ModelEntry, *, n_ctx: int = DEFAULT_CONTEXT,
                 n_threads: int | None = None, seed: int = 1234) -> None:
        try:
            from llama_cpp import Llama, llama_log_set  # noqa: F401 - imported here: costly, optional
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelUnavailable(f"llama-cpp-python is not installed ({exc})",
                                   hint="Reinstall Assist with the README's install command.") from None
        threads, batch_threads = (n_threads, n_threads) if n_threads else inference_threads()
        try:
            self._llm = Llama(model_path=str(path), n_ctx=min(n_ctx, entry.context), n_batch=256,
                              n_threads=threads, n_threads_batch=batch_threads, seed=seed, verbose=False)
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelUnavailable(f"llama.cpp could not load {path.name}: {exc}",
                                   hint="The file may be corrupt or need a newer llama.cpp.") from None
        self.name = entry.name
        self.model_id = entry.id
        self.n_ctx = int(self._llm.n_ctx())
        self.threads = threads
        self.batch_threads = batch_threads
        self.format = chat_format.get(entry.chat_format)
        self._segments: OrderedDict[tuple[str, bool], list[int]] = OrderedDict()
        self._evaluated = 0
        self._eog: dict[int, bool] = {}  # end-of-generation lookups, cached: one ctypes call per new token id
        self._abort_on: CancelToken | None = None  # what the abort callback watches while a prompt is evaluated
        self._abort_callback = self._make_abort_callback()  # kept referenced: llama.cpp holds a raw pointer
        original_eval = self._llm.eval

        def counting_eval(tokens: Sequence[int]) -> None:
            self._evaluated += len(tokens)
            original_eval(tokens)

        # Count the tokens really computed, so cache reuse is proven by counts, not timings.
        self._llm.eval = counting_eval  # type: ignore[method-assign]
        log.info("loaded %s (ctx %d, %d threads)", path.name, self.n_ctx, threads)

    # --- tokens -----------------------------------------------------------------------------------

    def _tokenize_segment(self, text: str, first: bool) -> list[int]:
        key = (text, first)
        cached = self._segments.get(key)
        if cached is not None:
            self._segments.move_to_end(key)
            return cached
        tokens = list(self._llm.tokenize(text.encode("utf-8"), add_bos=first, special=True))
        self._segments[key] = tokens
        if len(self._segments) > 2048:
            self._segments.popitem(last=False)
        return tokens

    def render(self, prompt: AnyPrompt) -> RenderedPrompt:
        return chat_format.render(prompt, self.format)

    def tokens(self, prompt: AnyPrompt) -> list[int]:
        out: list[int] = []
        for i, segment in enumerate(self.render(prompt).segments):
            out += self._tokenize_segment(segment, i == 0)
        return out

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    # --- work -------------------------------------------------------------------------------------

    def prefill(self, prompt: AnyPrompt, cancel: CancelToken | None = None) -> int:
        tokens = self.tokens(prompt)
        self._check_fits(len(tokens), 0)
        before = self._evaluated
        self._evaluate(tokens, cancel, PREFILL_CHUNK)
        return self._evaluated - before

    def _make_abort_callback(self) -> Any:
        import llama_cpp

        def should_abort(_data: Any) -> bool:
            watched = self._abort_on
            return watched is not None and watched.cancelled

        return llama_cpp.ggml_abort_callback(should_abort)

    def _set_abort(self, cancel: CancelToken | None) -> None:
        import llama_cpp

        self._abort_on = cancel
        llama_cpp.llama_set_abort_callback(self._llm.ctx, self._abort_callback if cancel is not None else
                                           llama_cpp.ggml_abort_callback(), None)

    def _evaluate(self, tokens: list[int], cancel: CancelToken | None, chunk: int) -> bool:
        """Bring the KV cache to `tokens` in chunks, keeping the cached common prefix; False if cancelled."""
        keep = 0
        for a, b in zip(list(self._llm._input_ids), tokens, strict=False):
            if a != b:
                break
            keep += 1
        if keep >= len(tokens):
            return True
        # eval() drops the cache from n_tokens on, so rewinding n_tokens is all it takes to keep the prefix.
        # An aborted chunk leaves n_tokens where it was, so the next eval() drops whatever it had written.
        self._llm.n_tokens = keep
        if cancel is not None:
            self._set_abort(cancel)
        try:
            for start in range(keep, len(tokens), chunk):
                if cancel is not None and cancel.cancelled:
                    return False
                try:
                    self._llm.eval(tokens[start:start + chunk])
                except RuntimeError:
                    if cancel is not None and cancel.cancelled:
                        return False  # llama_decode was aborted by Stop
                    raise
        finally:
            if cancel is not None:
                self._set_abort(None)
        return True

    def generate(self, prompt: AnyPrompt, params: GenerationParams, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None) -> GenerationResult:
        tokens = self.tokens(prompt)
        self._check_fits(len(tokens), params.max_tokens)
        grammar = None
        if params.json_schema is not None:
            from llama_cpp import LlamaGrammar

            grammar = LlamaGrammar.from_json_schema(json.dumps(params.json_schema), verbose=False)
        if params.seed is not None:
            self._llm.set_seed(params.seed)
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        scanner = StopScanner(params.stop + self.format.stop)
        start = time.perf_counter()
        self._evaluated = 0
        evaluated = 0
        ttft = 0.0
        generated = 0
        finish = "length"
        # All but the last prompt token in small chunks with Stop checked between them; generate() then finds
        # them cached and evaluates the last one before sampling.
        if not self._evaluate(tokens[:-1], cancel, PROMPT_CHUNK):
            return GenerationResult(text="", prompt_tokens=len(tokens), evaluated_tokens=self._evaluated,
                                    generated_tokens=0, ttft_s=0.0, total_s=time.perf_counter() - start,
                                    cancelled=True, finish="cancelled")
        stream = self._llm.generate(tokens, top_k=params.top_k, top_p=params.top_p,
                                    temp=params.temperature, repeat_penalty=params.repeat_penalty,
                                    grammar=grammar)
        for token in stream:
            if generated == 0:
                ttft = time.perf_counter() - start
                evaluated = self._evaluated
            if self._is_end(token):
                finish = "stop"
                break
            generated += 1
            piece = scanner.feed(decoder.decode(self._llm.detokenize([token])))
            if piece and on_token is not None:
                on_token(piece)
            if scanner.stopped:
                finish = "stop"
                break
            if cancel is not None and cancel.cancelled:
                finish = "cancelled"
                break
            if generated >= params.max_tokens:
                break
        stream.close()
        if finish != "cancelled":
            scanner.feed(decoder.decode(b"", final=True))
            tail = scanner.flush()
            if tail and on_token is not None:
                on_token(tail)
        result = GenerationResult(
            text=scanner.text, prompt_tokens=len(tokens), evaluated_tokens=evaluated,
            generated_tokens=generated, ttft_s=ttft, total_s=time.perf_counter() - start,
            cancelled=finish == "cancelled", finish=finish,
        )
        if params.json_schema is not None and finish != "cancelled":
            result.data = parse_json_output(result.text, params.json_schema)
        return result

    def _is_end(self, token: int) -> bool:
        known = self._eog.get(token)
        if known is None:
            import llama_cpp

            known = self._eog[token] = bool(llama_cpp.llama_vocab_is_eog(self._llm._model.vocab, token))
        return known

    def _check_fits(self, prompt_tokens: int, max_tokens: int) -> None:
        if prompt_tokens + max_tokens > self.n_ctx:
            raise InputError(f"the prompt needs {prompt_tokens + max_tokens} tokens; the model's context is "
                             f"{self.n_ctx}", field="prompt")

    @property
    def llama(self) -> Any:
        """The underlying llama_cpp.Llama (benchmarks compare against it)."""
        return self._llm

    def reset_cache(self) -> None:
        """Forget the KV cache (a cold start for measurements)."""
        self._llm.reset()

    def close(self) -> None:
        close: Any = getattr(self._llm, "close", None)
        if close is not None:
            close()
