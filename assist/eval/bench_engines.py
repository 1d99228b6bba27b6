"""`assist bench --engine server`: the local model and the configured model server measured side by side, in
one run, on the same suggestion prompts, so a team can weigh time to first token and tok/s of both.

Per engine: ttft_cold_s (the 1,500-token conversation of `assist bench`, nothing cached: the local model's cache
reset, the server sent a conversation it has never seen), ttft_warm_s (after one more customer message, the
prefix pre-filled as the app does; a server keeps its own prompt cache), decode tokens_per_s (a long answer,
DECODE_TOKENS tokens) and the prompt's tokens. Ratios are server over local; both sides share the machine's load
when the server runs here (llama-cpp-python's server on the same model measures what HTTP and SSE cost).
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.config.settings import Settings
from assist.domain.conversation import Message
from assist.eval.bench import DECODE_TOKENS, long_conversation
from assist.llm import catalog
from assist.llm.engine import Engine, GenerationParams, Prompt
from assist.llm.engines.llama import LlamaEngine
from assist.llm.engines.remote import RemoteEngine
from assist.llm.loader import server_config
from assist.reply.suggest import Suggester
from assist.workspace.workspace import Workspace

STORY = Prompt.chat(("system", "You are a helpful assistant."),
                    ("user", "Write a long, detailed story about a parcel that travels around the world."))


def _say(progress: bool, text: str) -> None:
    if progress:
        print(f"bench: {text}", file=sys.stderr, flush=True)


def _decode_rate(engine: Engine) -> float:
    stamps: list[float] = []
    engine.generate(STORY, GenerationParams(max_tokens=DECODE_TOKENS, temperature=0.0, repeat_penalty=1.0),
                    lambda _piece: stamps.append(time.perf_counter()))
    return (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0


def measure(workspace: Workspace, engine: Engine, builder: LlamaEngine) -> dict[str, Any]:
    suggester = Suggester(workspace.store, workspace.playbook, agent_name="Sam Lee",
                          params=GenerationParams(max_tokens=8, temperature=0.0))
    conversation = long_conversation(workspace, builder)
    # A subject never sent before: the server cannot have this conversation cached.
    conversation = dataclasses.replace(conversation, subject=f"{conversation.subject} ({uuid.uuid4().hex[:8]})")
    if isinstance(engine, LlamaEngine):
        engine.reset_cache()
    cold = suggester.suggest_now(conversation, engine, record=False)
    conversation.messages.append(Message(role="customer", text="Any news? I really need it before Friday.",
                                         author="Dana Ruiz"))
    engine.prefill(suggester.prompt_for(conversation, engine).prompt.prefix)
    warm = suggester.suggest_now(conversation, engine, record=False)
    return {"ttft_cold_s": round(cold.ttft_s, 4), "ttft_warm_s": round(warm.ttft_s, 4),
            "tokens_per_s": round(_decode_rate(engine), 1), "prompt_tokens": cold.prompt_tokens}


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def run(settings: Settings, *, model_id: str | None = None, progress: bool = True) -> dict[str, Any]:
    if not settings.server_url:
        raise InputError("no model server to measure: set server_url in Settings or pass --server-url",
                         field="--server-url")
    entry = catalog.find(model_id or settings.model or None)
    path = catalog.verify(entry)
    with tempfile.TemporaryDirectory(prefix="assist-bench-") as tmp:
        workspace = Workspace.open(Path(tmp), demo_mode=True)
        local = LlamaEngine(path, entry)
        server = RemoteEngine(server_config(settings))
        try:
            server.connect()
            _say(progress, f"local model {entry.id}: time to first token, cold and warm; decode tok/s")
            local_figures = measure(workspace, local, local)
            _say(progress, f"model server {server.name}: the same")
            server_figures = measure(workspace, server, local)
        finally:
            server.close()
            local.close()
            workspace.close()
    return {
        "local": {"engine": entry.id, "threads": local.threads, **local_figures},
        "server": {"engine": server.name, **server_figures},
        "server_over_local": {key: _ratio(server_figures[key], local_figures[key])
                              for key in ("ttft_cold_s", "ttft_warm_s", "tokens_per_s")},
    }
