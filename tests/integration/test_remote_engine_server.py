"""The remote engine against llama-cpp-python's own OpenAI-compatible server (`python -m llama_cpp.server`, the
test extra llama-cpp-python[server]) on a loopback port with the default model: suggest, cancel mid-stream,
schema-bound JSON, a server killed mid-stream, a rejected key and a slow answer."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from assist.base.errors import ServerKeyRejected, ServerUnreachable
from assist.llm import catalog
from assist.llm.engine import CancelToken, GenerationParams, Prompt
from assist.llm.engines.remote import RemoteEngine, ServerConfig
from assist.reply.suggest import REPLY_PARAMS, Suggester
from assist.workspace.workspace import Workspace

pytestmark = pytest.mark.skipif(importlib.util.find_spec("llama_cpp.server") is None,
                                reason="llama-cpp-python[server] is not installed (the dev extra)")
KEY = "sk-integration-test"
PROMPT = Prompt.chat(("system", "You are a helpful support agent."),
                     ("user", "A customer asks where their parcel is. Write a short, kind reply."), reply_start="Hi,")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(*, api_key: str = "") -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    model = catalog.verify(catalog.find())
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "8192", "--model_alias", "smollm2", "--n_threads", "1"]
    if api_key:
        command += ["--api_key", api_key]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {process.returncode}")
        try:
            httpx.get(url + "/models", timeout=1, headers={"Authorization": f"Bearer {api_key}"} if api_key else {})
            return process, url
        except httpx.TransportError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("llama_cpp.server did not start within 120 s")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    process, url = start_server(api_key=KEY)
    yield url
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:  # still busy with a request the client gave up on
        process.kill()
        process.wait(10)


@pytest.fixture
def engine(server: str) -> Iterator[RemoteEngine]:
    with RemoteEngine(ServerConfig(server, api_key=KEY, timeout_s=120)) as opened:
        yield opened.connect()


def test_assist_suggests_through_the_server(engine: RemoteEngine, tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "demo", demo_mode=True)
    try:
        conversation = workspace.store.conversations.get("c-1001")
        # Short replies keep this quick on 2 busy cores; the prompt is the app's own, passages and all.
        suggester = Suggester(workspace.store, workspace.playbook, "Sam Lee",
                              params=replace(REPLY_PARAMS, max_tokens=40))
        shown = suggester.suggest_many(conversation, engine, 2, record=False)
    finally:
        workspace.close()
    model_card = next(s for s in shown if s.origin == "model")
    assert model_card.model == f"smollm2 on {engine.config.host}"
    assert len(model_card.text.split()) >= 3 and model_card.ttft_s > 0


def test_cancel_mid_stream_and_the_server_serves_on(engine: RemoteEngine) -> None:
    cancel = CancelToken()
    seen: list[str] = []

    def on_token(piece: str) -> None:
        seen.append(piece)
        if len(seen) == 3:
            cancel.cancel()

    result = engine.generate(PROMPT, GenerationParams(max_tokens=150, seed=1), on_token, cancel)
    assert result.cancelled and len(seen) == 3
    assert engine.generate(PROMPT, GenerationParams(max_tokens=8, seed=1)).generated_tokens > 0


def test_schema_bound_json(engine: RemoteEngine) -> None:
    schema = {"type": "object", "properties": {"mood": {"type": "string", "enum": ["calm", "upset"]}},
              "required": ["mood"]}
    prompt = Prompt.chat(("user", "The customer wrote: 'This is the third time my parcel is late!!' Their mood?"))
    result = engine.generate(prompt, GenerationParams(max_tokens=40, temperature=0.0, json_schema=schema))
    assert result.data["mood"] in ("calm", "upset")


def test_a_rejected_key(server: str) -> None:
    with RemoteEngine(ServerConfig(server, api_key="sk-wrong")) as wrong, pytest.raises(ServerKeyRejected):
        wrong.connect()


def test_a_slow_answer_times_out(server: str) -> None:
    long_prompt = Prompt.chat(("user", "Summarise this chat. " + "The parcel was late again and I am upset. " * 80))
    with RemoteEngine(ServerConfig(server, api_key=KEY, timeout_s=0.05)) as hasty, \
            pytest.raises(ServerUnreachable, match=r"(did not answer|stopped sending) within 0.05 s"):
        hasty.connect().generate(long_prompt, GenerationParams(max_tokens=20))


def test_a_server_killed_mid_stream() -> None:
    process, url = start_server()
    try:
        with RemoteEngine(ServerConfig(url, timeout_s=30)) as engine:
            engine.connect()
            first = threading.Event()

            def on_token(_piece: str) -> None:
                if not first.is_set():
                    first.set()
                    process.kill()

            with pytest.raises(ServerUnreachable, match=r"cut the reply off|stopped sending"):
                engine.generate(PROMPT, GenerationParams(max_tokens=400, temperature=0.9, seed=3), on_token)
            assert first.is_set()
    finally:
        process.kill()
        process.wait(10)
