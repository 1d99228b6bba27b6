"""A real HTTP server (http.server in a thread) answering in the documented shapes of the OpenAI chat-completions
API, scripted per request, for the remote engine's contract tests.

Shapes followed:
- chat completion chunks over server-sent events, `data: {...}` lines ended by `data: [DONE]`:
  https://platform.openai.com/docs/api-reference/chat-streaming/streaming (object "chat.completion.chunk",
  choices[].delta.content, choices[].finish_reason)
- errors as {"error": {"message", "type", "code"}} with the HTTP status; 429 with Retry-After:
  https://platform.openai.com/docs/guides/error-codes and https://platform.openai.com/docs/guides/rate-limits
- GET /v1/models as {"object": "list", "data": [{"id", "object": "model", ...}]}:
  https://platform.openai.com/docs/api-reference/models/list
- response_format {"type": "json_schema", "json_schema": {...}}:
  https://platform.openai.com/docs/guides/structured-outputs
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer to a POST /v1/chat/completions."""

    pieces: list[str] = field(default_factory=list)  # streamed as one chunk each
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    error: str = ""  # the error message for a status >= 400
    delay_s: float = 0.0  # before each chunk
    first_delay_s: float = 0.0  # before the first byte of the answer
    malformed_after: int = -1  # after this many chunks, one line that is not JSON
    cut_after: int = -1  # after this many chunks, drop the connection (no [DONE])
    finish_reason: str = "stop"
    refuse_json_schema: bool = False  # 400 to response_format type json_schema (servers that lack it)


def _chunk(content: str | None, finish: str | None = None) -> bytes:
    delta: dict[str, Any] = {} if content is None else {"content": content}
    body = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1764547200, "model": "test-model",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n".encode()


class ContractServer:
    def __init__(self, models: tuple[str, ...] = ("test-model",), api_key: str = "") -> None:
        self.models = models
        self.api_key = api_key
        self.replies: list[Reply] = []
        self.requests: list[dict[str, Any]] = []  # {"path", "headers", "body"} of every request
        self.disconnected = threading.Event()  # set when a client closed a stream before its end
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: the tests read self.requests

            def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(raw)

            def _authorised(self) -> bool:
                if server.api_key and self.headers.get("Authorization") != f"Bearer {server.api_key}":
                    self._json(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error",
                                               "code": "invalid_api_key"}})
                    return False
                return True

            def do_GET(self) -> None:
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": None})
                if not self._authorised():
                    return
                if self.path.rstrip("/") == "/v1/models":
                    self._json(200, {"object": "list", "data": [{"id": m, "object": "model", "created": 0,
                                                                 "owned_by": "test"} for m in server.models]})
                else:
                    self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if not self._authorised():
                    return
                reply = server.replies.pop(0) if server.replies else Reply(pieces=["Hello", " there"])
                if reply.first_delay_s:
                    time.sleep(reply.first_delay_s)
                kind = (body.get("response_format") or {}).get("type")
                if reply.refuse_json_schema and kind == "json_schema":
                    server.replies.insert(0, reply)  # the retry without json_schema gets this reply
                    self._json(400, {"error": {"message": "response_format json_schema is not supported",
                                               "type": "invalid_request_error"}})
                    return
                if reply.status >= 400:
                    self._json(reply.status, {"error": {"message": reply.error or "error", "type": "server_error"}},
                               reply.headers)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(b": keep-alive comment\n\n")
                    for i, piece in enumerate(reply.pieces):
                        if i == reply.malformed_after:
                            self.wfile.write(b"data: {\"choices\": [{\"delta\": {\"content\": \"oops\"\n\n")
                        if i == reply.cut_after:
                            self.wfile.flush()
                            self.connection.shutdown(2)
                            return
                        if reply.delay_s:
                            time.sleep(reply.delay_s)
                        self.wfile.write(_chunk(piece))
                        self.wfile.flush()
                    self.wfile.write(_chunk(None, reply.finish_reason))
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    server.disconnected.set()
                self.close_connection = True

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> ContractServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]
