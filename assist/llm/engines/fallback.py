"""The model server with the local model behind it: when the server cannot be reached, replies come from this
computer instead, and the engine's name says so (the app shows it where it shows the model).

The server is tried again after RETRY_SERVER_S. A failure after some of the reply has streamed is not hidden
by a second, different reply: it is raised, and the next request goes to the local model.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from assist.base.errors import ServerUnreachable
from assist.llm.engine import AnyPrompt, CancelToken, Engine, GenerationParams, GenerationResult, TokenCallback
from assist.llm.engines.remote import RemoteEngine

log = logging.getLogger(__name__)

RETRY_SERVER_S = 120.0


class FallbackEngine:
    def __init__(self, server: RemoteEngine, load_local: Callable[[], Engine], *,
                 down: ServerUnreachable | None = None) -> None:
        self.server = server
        self._load_local = load_local
        self.local: Engine | None = None
        self.reason = ""  # why replies are coming from this computer, "" while the server answers
        self._down_since = 0.0
        self.name = self.model_id = ""
        self.n_ctx = 0
        self._refresh()
        if down is not None:
            self._fall_back(down)

    # --- what the app shows -----------------------------------------------------------------------

    @property
    def using_server(self) -> bool:
        return not self.reason

    @property
    def active(self) -> Engine:
        return self.server if self.using_server or self.local is None else self.local

    def _refresh(self) -> None:
        """Plain attributes, as the Engine protocol has them: what the app shows follows the active engine."""
        local = self.local
        if self.using_server or local is None:
            self.name, self.model_id = self.server.name, self.server.model_id
        else:
            # No parentheses: the app's narrow chip drops them, and this part must show.
            self.name, self.model_id = f"{local.name} · on this computer, {self.reason}", local.model_id
        self.n_ctx = min(self.server.n_ctx, local.n_ctx) if local is not None else self.server.n_ctx

    @property
    def location(self) -> str:
        return self.server.location if self.using_server else "this computer"

    # --- the Engine protocol ----------------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return self.active.count_tokens(text)

    def prefill(self, prompt: AnyPrompt, cancel: CancelToken | None = None) -> int:
        return self.active.prefill(prompt, cancel)

    def generate(self, prompt: AnyPrompt, params: GenerationParams, on_token: TokenCallback | None = None,
                 cancel: CancelToken | None = None) -> GenerationResult:
        if not self.using_server and time.monotonic() - self._down_since >= RETRY_SERVER_S:
            self.reason = ""  # time to see whether the server is back
            self._refresh()
        if not self.using_server:
            return self.active.generate(prompt, params, on_token, cancel)
        streamed = False

        def relay(piece: str) -> None:
            nonlocal streamed
            streamed = True
            if on_token is not None:
                on_token(piece)

        try:
            return self.server.generate(prompt, params, relay, cancel)
        except ServerUnreachable as exc:
            self._fall_back(exc)
            if streamed:
                raise
        return self.active.generate(prompt, params, on_token, cancel)

    def close(self) -> None:
        self.server.close()
        if self.local is not None:
            self.local.close()

    def _fall_back(self, exc: ServerUnreachable) -> None:
        log.warning("model server unreachable, using the local model: %s", exc)
        self._down_since = time.monotonic()
        if self.local is None:
            self.local = self._load_local()  # ModelUnavailable here: no model at all, said as such
        self.reason = f"{self.server.config.host} unreachable"
        self._refresh()
