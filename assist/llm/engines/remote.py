"""The company's own model server: any OpenAI-compatible chat-completions API (llama.cpp's server, vLLM, Ollama,
LM Studio, llama-cpp-python's server), through httpx.

The role-tagged Prompt goes as chat messages, untouched: the server applies its model's template. The reply's
first words go as a last assistant message, which llama.cpp's server and Ollama continue (others start a fresh
turn; the suggester keeps a reply that greets on its own). Tokens stream back as server-sent events
(`data: {chat.completion.chunk}` lines, ended by `data: [DONE]`); cancel closes the stream. JSON output asks
for `response_format: json_schema`, falls back to `json_object` and then to none when a server refuses it, and
is validated against the schema either way.

Failures are typed (base/errors.py): refused, timed out, 429/5xx past the retries (Retry-After honoured) or a
stream cut mid-reply -> ServerUnreachable; 401/403 -> ServerKeyRejected (never retried); a chunk that is not
the documented shape -> ModelOutputError. The API key travels only in the Authorization header to this one
server and appears in no message or log line.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from assist.base.errors import ModelServerError, ServerKeyRejected, ServerUnreachable
from assist.base.text import estimate_tokens
from assist.llm.engine import (
    AnyPrompt,
    CancelToken,
    GenerationParams,
    GenerationResult,
    ModelOutputError,
    Prompt,
    RenderedPrompt,
    StopScanner,
    TokenCallback,
    parse_json_output,
)

log = logging.getLogger(__name__)

DEFAULT_CONTEXT = 8192  # what Assist budgets prompts for when the server does not say (vLLM's max_model_len)
RETRIES = 3  # attempts after the first, for 429 and 5xx before any token came
BACKOFF_S = (0.5, 1.0, 2.0)
MAX_RETRY_AFTER_S = 30.0
MAX_STOPS = 4  # the API's limit; every stop is also applied here
CONNECT_TIMEOUT_S = 5.0
KEY_HINT = "Set the model server's API key again in Settings, or ask IT for a valid one."
CONFIG_HINT = "Check the model name and server URL in Settings."
DOWN_HINT = "Check that the model server is running and reachable, or choose the local model in Settings."


@dataclass(frozen=True)
class ServerConfig:
    base_url: str  # ends with /v1 for most servers; requests go to <base_url>/chat/completions
    model: str = ""  # "" = the first model the server lists
    api_key: str = ""
    timeout_s: float = 60.0

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc or self.base_url


def messages_of(prompt: AnyPrompt) -> list[dict[str, str]]:
    """The prompt as chat messages; a rendered prompt (already in a local template) goes as one user turn."""
    if isinstance(prompt, RenderedPrompt):
        return [{"role": "user", "content": prompt.text}]
    assert isinstance(prompt, Prompt)
    out = [{"role": m.role, "content": "".join(m.parts)} for m in prompt.messages]
    if prompt.reply_start and prompt.asks_reply:
        out.append({"role": "assistant", "content": prompt.reply_start})
    return out


def _retry_after(response: httpx.Response, attempt: int) -> float:
    raw = response.headers.get("retry-after", "").strip()
    wait = BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)]
    if raw:
        try:
            wait = float(raw)
        except ValueError:
            when = email.utils.parsedate_to_datetime(raw) if raw else None
            if when is not None:
                wait = when.timestamp() - time.time()
    return min(max(wait, 0.0), MAX_RETRY_AFTER_S)


def _error_text(response: httpx.Response) -> str:
    """The server's own error message (OpenAI shape {"error": {"message"}}), short; never our request."""
    try:
        body = response.read().decode("utf-8", "replace")
    except httpx.HTTPError:
        return ""
    try:
        data = json.loads(body)
        error = data.get("error", data) if isinstance(data, dict) else data
        message = error.get("message", "") if isinstance(error, dict) else str(error)
    except (json.JSONDecodeError, AttributeError):
        message = body
    return " ".join(str(message).split())[:200]


class RemoteEngine:
    def __init__(self, config: ServerConfig, *, n_ctx: int = 0, client: httpx.Client | None = None) -> None:
        self.config = config
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._client = client or httpx.Client(
            base_url=config.base_url.rstrip("/") + "/", headers=headers,
            timeout=httpx.Timeout(config.timeout_s, connect=min(CONNECT_TIMEOUT_S, config.timeout_s)))
        self.model = config.model
        self.n_ctx = n_ctx or DEFAULT_CONTEXT
        self.model_id = f"server:{self.model}"
        self.name = f"{self.model or 'model'} on {config.host}"
        self.location = config.host  # where replies are generated, for the app to show
        self._schema_mode = 0  # see _response_format: moves on when a server refuses one kind
        self._done = False  # the last stream ended with data: [DONE]

    # --- connecting -------------------------------------------------------------------------------

    def connect(self) -> RemoteEngine:
        """Ask the server which models it serves (GET /models): proves it is up and the key is good."""
        response = self._request("GET", "models", None, CancelToken())
        try:
            data = response.json()
            served = [str(m["id"]) for m in data.get("data", [])]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ModelServerError(f"{self.config.host}: GET /models did not answer in the OpenAI shape",
                                   hint="Check that server_url ends where the API starts, usually /v1.") from None
        if self.model and served and self.model not in served:
            raise ModelServerError(f"{self.config.host} does not serve a model {self.model!r} (it serves "
                                   f"{', '.join(served[:5])})", hint="Correct the model name in Settings.")
        if not self.model:
            if not served:
                raise ModelServerError(f"{self.config.host} lists no models", hint="Set the model name in Settings.")
            self.model = served[0]
        info: dict[str, Any] = next((m for m in data.get("data", []) if m.get("id") == self.model), {})
        context = info.get("max_model_len") or (info.get("meta") or {}).get("n_ctx_train")
        if isinstance(context, int) and context > 0:
            self.n_ctx = min(context, 32768)
        self.model_id = f"server:{self.model}"
        self.name = f"{self.model} on {self.config.host}"
        return self

    # --- the Engine protocol ----------------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)  # the server's tokenizer is not ours to call per prompt part

    def prefill(self, prompt: AnyPrompt, cancel: CancelToken | None = None) -> int:
        """Warm the server's own prompt cache (llama.cpp's cache_prompt, vLLM's prefix caching) with a one-token
        request for the prefix, so Suggest later sends only what changed. Best effort: a failure here is the
        next generation's to report."""
        messages = messages_of(prompt)
        body: dict[str, Any] = {"model": self.model, "messages": messages, "stream": True, "max_tokens": 1,
                                "temperature": 0.0}
        try:
            response = self._request("POST", "chat/completions", body, cancel or CancelToken(), stream=True)
            try:
                for _chunk in self._chunks(response):
                    break  # the prompt is in the server's cache once the first token comes
            finally:
                response.close()
        except (ModelServerError, ModelOutputError, _CancelledWaiting) as exc:
            log.info("pre-fill on %s skipped: %s", self.config.host, exc)
            return 0
        return sum(estimate_tokens(m["content"]) for m in messages)

    def generate(self, prompt: AnyPrompt, params: GenerationParams, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None) -> GenerationResult:
        cancel = cancel or CancelToken()
        messages = messages_of(prompt)
        prompt_tokens = sum(estimate_tokens(m["content"]) for m in messages)
        body: dict[str, Any] = {"model": self.model, "messages": messages, "stream": True,
                                "max_tokens": params.max_tokens, "temperature": params.temperature,
                                "top_p": params.top_p}
        if params.seed is not None:
            body["seed"] = params.seed
        if params.stop:
            body["stop"] = list(params.stop[:MAX_STOPS])
        start = time.perf_counter()
        response = self._open_stream(body, params, cancel)
        if response is None:
            return GenerationResult("", prompt_tokens, 0, 0, 0.0, time.perf_counter() - start, True, "cancelled")
        scanner = StopScanner(params.stop)
        ttft = 0.0
        generated = 0
        finish = "length"
        finished = False  # a finish_reason came: a stream that ends without one or [DONE] was cut off
        try:
            for chunk in self._chunks(response):
                choice = (chunk.get("choices") or [{}])[0]
                piece = (choice.get("delta") or {}).get("content") or ""
                if piece:
                    if generated == 0:
                        ttft = time.perf_counter() - start
                    generated += 1
                    out = scanner.feed(piece)
                    if out and on_token is not None:
                        on_token(out)
                if choice.get("finish_reason"):
                    finished = True
                    finish = "length" if choice["finish_reason"] == "length" else "stop"
                if scanner.stopped:
                    finish = "stop"
                    break
                if cancel.cancelled:
                    finish = "cancelled"
                    break
            else:
                if not finished and not self._done:
                    raise ServerUnreachable(f"the model server {self.config.host} cut the reply off (the stream "
                                            "ended without [DONE])", hint=DOWN_HINT)
                if finish == "length" and generated < params.max_tokens:
                    finish = "stop"
        finally:
            response.close()  # closing the stream is how a server learns we stopped
        if finish != "cancelled" and (tail := scanner.flush()) and on_token is not None:
            on_token(tail)
        result = GenerationResult(text=scanner.text, prompt_tokens=prompt_tokens, evaluated_tokens=prompt_tokens,
                                  generated_tokens=generated, ttft_s=ttft, total_s=time.perf_counter() - start,
                                  cancelled=finish == "cancelled", finish=finish)
        if params.json_schema is not None and finish != "cancelled":
            result.data = parse_json_output(result.text, params.json_schema)
        return result

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RemoteEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- HTTP -------------------------------------------------------------------------------------

    def _open_stream(self, body: dict[str, Any], params: GenerationParams,
                     cancel: CancelToken) -> httpx.Response | None:
        while True:
            if params.json_schema is not None:
                body.pop("response_format", None)
                response_format = _response_format(self._schema_mode, params.json_schema)
                if response_format is not None:
                    body["response_format"] = response_format
            try:
                return self._request("POST", "chat/completions", body, cancel, stream=True)
            except _FormatRefused:
                if params.json_schema is None or self._schema_mode == RESPONSE_FORMAT_KINDS - 1:
                    raise ModelServerError(f"{self.config.host} refused the request", hint=DOWN_HINT) from None
                self._schema_mode += 1
                log.info("%s refused a response_format; trying the next one", self.config.host)
            except _CancelledWaiting:
                return None

    def _request(self, method: str, path: str, body: dict[str, Any] | None, cancel: CancelToken, *,
                 stream: bool = False) -> httpx.Response:
        host = self.config.host
        for attempt in range(RETRIES + 1):
            try:
                request = self._client.build_request(method, path, json=body)
                response = self._client.send(request, stream=stream)
            except httpx.TimeoutException:
                raise ServerUnreachable(f"the model server {host} did not answer within "
                                        f"{self.config.timeout_s:g} s", hint=DOWN_HINT) from None
            except httpx.TransportError as exc:
                raise ServerUnreachable(f"cannot reach the model server {host} ({type(exc).__name__})",
                                        hint=DOWN_HINT) from None
            status = response.status_code
            if status < 400:
                return response
            detail = _error_text(response)
            response.close()
            if status in (401, 403):
                raise ServerKeyRejected(f"the model server {host} rejected the API key (HTTP {status})", hint=KEY_HINT)
            # llama-cpp-python's server answers a response_format it lacks with a 500 that names it.
            if body is not None and "response_format" in body and (
                    status in (400, 422) or "response_format" in detail):
                raise _FormatRefused()
            if status == 429 or status >= 500:
                if attempt < RETRIES:
                    wait = _retry_after(response, attempt)
                    log.info("%s answered HTTP %d; retrying in %.1f s", host, status, wait)
                    if _sleep_unless_cancelled(wait, cancel):
                        raise _CancelledWaiting()
                    continue
                busy = "is busy" if status == 429 else f"failed (HTTP {status})"
                raise ServerUnreachable(f"the model server {host} {busy} after {RETRIES + 1} attempts"
                                        + (f": {detail}" if detail else ""), hint=DOWN_HINT)
            raise ModelServerError(f"the model server {host} answered HTTP {status}"
                                   + (f": {detail}" if detail else ""), hint=CONFIG_HINT)
        raise AssertionError("unreachable")

    def _chunks(self, response: httpx.Response) -> Iterator[dict[str, Any]]:
        """The JSON objects of an SSE stream, up to `data: [DONE]` (comments and other fields skipped)."""
        host = self.config.host
        self._done = False
        try:
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue  # blank separators, ": keep-alive" comments, event:/id: fields
                payload = line[5:].strip()
                if payload == "[DONE]":
                    self._done = True
                    return
                try:
                    chunk = json.loads(payload)
                except json.JSONDecodeError:
                    raise ModelOutputError(f"the model server {host} sent a malformed stream chunk "
                                           f"({payload[:40]!r})") from None
                if not isinstance(chunk, dict):
                    raise ModelOutputError(f"the model server {host} sent a stream chunk that is not an object")
                if "error" in chunk:
                    error = chunk["error"]
                    message = error.get("message", "") if isinstance(error, dict) else str(error)
                    raise ModelServerError(f"the model server {host} failed mid-reply: {str(message)[:200]}",
                                           hint=DOWN_HINT)
                if not isinstance(chunk.get("choices", []), list):
                    raise ModelOutputError(f"the model server {host} sent a chunk whose choices is not a list")
                yield chunk
        except httpx.TimeoutException:
            raise ServerUnreachable(f"the model server {host} stopped sending within {self.config.timeout_s:g} s",
                                    hint=DOWN_HINT) from None
        except httpx.TransportError as exc:
            raise ServerUnreachable(f"the model server {host} cut the reply off ({type(exc).__name__})",
                                    hint=DOWN_HINT) from None


class _FormatRefused(Exception):
    """400/422 to a request with a response_format: the server does not take that kind."""


class _CancelledWaiting(Exception):
    """Cancelled during a retry's wait."""


RESPONSE_FORMAT_KINDS = 3


def _response_format(mode: int, schema: dict[str, Any]) -> dict[str, Any] | None:
    """0: the schema itself (OpenAI structured outputs; llama.cpp and vLLM constrain to it), 1: a JSON object with
    the schema beside it (llama-cpp-python's server constrains to it, others ask only for JSON), 2: nothing. The
    output is validated against the schema afterwards whichever the server took."""
    if mode == 0:
        return {"type": "json_schema", "json_schema": {"name": "assist", "schema": schema, "strict": True}}
    return {"type": "json_object", "schema": schema} if mode == 1 else None


def _sleep_unless_cancelled(seconds: float, cancel: CancelToken) -> bool:
    """Wait, checking the cancel flag every 50 ms; True when cancelled."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cancel.cancelled:
            return True
        time.sleep(min(0.05, max(0.0, end - time.monotonic())))
    return cancel.cancelled
