"""The remote engine against a real local HTTP server speaking the OpenAI chat-completions shapes
(openai_contract_server.py cites the documentation each answer follows)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from openai_contract_server import ContractServer, Reply

from assist.base.errors import ModelServerError, ServerKeyRejected, ServerUnreachable
from assist.llm.engine import CancelToken, GenerationParams, ModelOutputError, Prompt
from assist.llm.engines.remote import RemoteEngine, ServerConfig

PROMPT = Prompt.chat(("system", "Be kind."), ("user", ("Chat:\n", "Customer: «hi»\n", "Write it.")),
                     prefix_parts=3, reply_start="Hi Dana,")
PARAMS = GenerationParams(max_tokens=50, temperature=0.6, seed=7, stop=("\nCustomer:",))
SCHEMA = {"type": "object", "properties": {"goal": {"type": "string"}}, "required": ["goal"]}


OPENED: list[RemoteEngine] = []


@pytest.fixture
def server() -> Iterator[ContractServer]:
    with ContractServer(api_key="sk-test-secret") as running:
        yield running


@pytest.fixture(autouse=True)
def close_engines() -> Iterator[None]:
    yield
    while OPENED:
        OPENED.pop().close()


def remote(config: ServerConfig) -> RemoteEngine:
    OPENED.append(RemoteEngine(config))
    return OPENED[-1]


def engine_for(server: ContractServer, **kw: object) -> RemoteEngine:
    return remote(ServerConfig(server.url, api_key="sk-test-secret", **kw)).connect()  # type: ignore[arg-type]


def test_streams_the_role_tagged_prompt_as_chat_messages(server: ContractServer) -> None:
    server.replies.append(Reply(pieces=[" thanks", " for", " waiting."]))
    engine = engine_for(server)
    seen: list[str] = []
    result = engine.generate(PROMPT, PARAMS, seen.append)
    assert (engine.model, engine.name) == ("test-model", f"test-model on {server.url.split('/')[2]}")
    assert "".join(seen) == result.text == " thanks for waiting."
    assert (result.generated_tokens, result.finish, result.cancelled) == (3, "stop", False)
    assert 0 < result.ttft_s <= result.total_s
    body = server.chat_requests()[0]["body"]
    assert body["messages"] == [{"role": "system", "content": "Be kind."},
                                {"role": "user", "content": "Chat:\nCustomer: «hi»\nWrite it."},
                                {"role": "assistant", "content": "Hi Dana,"}]  # the reply's first words, continued
    assert (body["model"], body["stream"], body["max_tokens"], body["seed"], body["stop"]) == (
        "test-model", True, 50, 7, ["\nCustomer:"])
    assert server.chat_requests()[0]["headers"]["Authorization"] == "Bearer sk-test-secret"


def test_a_stop_string_split_across_chunks_ends_the_reply_there(server: ContractServer) -> None:
    server.replies.append(Reply(pieces=[" Sure.", "\nCust", "omer: more", " text"]))
    seen: list[str] = []
    result = engine_for(server).generate(PROMPT, PARAMS, seen.append)
    assert result.text == "".join(seen) == " Sure."


def test_cancel_mid_stream_closes_the_stream(server: ContractServer) -> None:
    server.replies.append(Reply(pieces=[f" w{i}" for i in range(200)], delay_s=0.02))
    cancel = CancelToken()
    seen: list[str] = []

    def on_token(piece: str) -> None:
        seen.append(piece)
        if len(seen) == 3:
            cancel.cancel()

    result = engine_for(server).generate(PROMPT, PARAMS, on_token, cancel)
    assert (result.cancelled, result.finish, len(seen)) == (True, "cancelled", 3)
    assert server.disconnected.wait(5), "the server never saw the stream closed"


def test_429_with_retry_after_is_retried_after_the_wait_it_asks(server: ContractServer) -> None:
    server.replies += [Reply(status=429, headers={"Retry-After": "1"}, error="Rate limit reached"),
                       Reply(pieces=["ok"])]
    engine = engine_for(server)
    start = time.monotonic()
    assert engine.generate(PROMPT, PARAMS).text == "ok"
    assert time.monotonic() - start >= 0.9
    assert len(server.chat_requests()) == 2


def test_busy_past_the_retries_and_5xx(server: ContractServer) -> None:
    server.replies += [Reply(status=429, headers={"Retry-After": "0"}, error="Rate limit reached")] * 4
    engine = engine_for(server)
    with pytest.raises(ServerUnreachable, match="is busy after 4 attempts: Rate limit reached") as info:
        engine.generate(PROMPT, PARAMS)
    assert "local model" in info.value.hint
    server.replies += [Reply(status=503, headers={"Retry-After": "0"}, error="loading model"), Reply(pieces=["back"])]
    assert engine.generate(PROMPT, PARAMS).text == "back"


def test_a_rejected_key_is_not_retried_and_never_shown(server: ContractServer) -> None:
    engine = remote(ServerConfig(server.url, api_key="sk-wrong-key"))
    with pytest.raises(ServerKeyRejected, match=r"rejected the API key \(HTTP 401\)") as info:
        engine.connect()
    assert "sk-wrong-key" not in str(info.value) + info.value.hint
    assert "API key" in info.value.hint
    assert len(server.requests) == 1


def test_a_malformed_chunk_is_a_clear_error(server: ContractServer) -> None:
    server.replies.append(Reply(pieces=["a", "b", "c"], malformed_after=1))
    with pytest.raises(ModelOutputError, match="malformed stream chunk"):
        engine_for(server).generate(PROMPT, PARAMS)


def test_a_stream_cut_mid_reply(server: ContractServer) -> None:
    server.replies.append(Reply(pieces=["a", "b", "c"], cut_after=2))
    with pytest.raises(ServerUnreachable, match=r"cut the reply off|stopped sending"):
        engine_for(server).generate(PROMPT, PARAMS)


def test_a_slow_server_times_out(server: ContractServer) -> None:
    server.replies.append(Reply(pieces=["late"], first_delay_s=1.5))
    engine = engine_for(server, timeout_s=0.3)
    with pytest.raises(ServerUnreachable, match=r"did not answer within 0.3 s"):
        engine.generate(PROMPT, PARAMS)


def test_nothing_listening() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ServerUnreachable, match=f"cannot reach the model server 127.0.0.1:{port}"):
        remote(ServerConfig(f"http://127.0.0.1:{port}/v1")).connect()


def test_json_through_the_schema_or_validated_when_the_server_lacks_it(server: ContractServer) -> None:
    server.replies.append(Reply(pieces=['{"goal": ', '"refund"}']))
    engine = engine_for(server)
    params = GenerationParams(max_tokens=40, json_schema=SCHEMA)
    assert engine.generate(PROMPT, params).data == {"goal": "refund"}
    assert server.chat_requests()[-1]["body"]["response_format"]["json_schema"]["schema"] == SCHEMA
    server.replies.append(Reply(pieces=['{"goal": "a new address"}'], refuse_json_schema=True))
    assert engine.generate(PROMPT, params).data == {"goal": "a new address"}
    assert server.chat_requests()[-1]["body"]["response_format"] == {"type": "json_object", "schema": SCHEMA}
    server.replies.append(Reply(pieces=['{"aim": 1}']))
    with pytest.raises(ModelOutputError, match="does not match the schema"):
        engine.generate(PROMPT, params)


def test_the_model_name_is_checked_against_what_the_server_serves() -> None:
    with ContractServer(models=("qwen2.5-7b", "llama-3.1-8b")) as server:
        assert remote(ServerConfig(server.url)).connect().model == "qwen2.5-7b"
        assert remote(ServerConfig(server.url, model="llama-3.1-8b")).connect().model == "llama-3.1-8b"
        with pytest.raises(ModelServerError, match=r"does not serve a model .gpt-4.*qwen2.5-7b, llama-3.1-8b"):
            remote(ServerConfig(server.url, model="gpt-4")).connect()


def test_cancel_during_a_retry_wait(server: ContractServer) -> None:
    server.replies.append(Reply(status=429, headers={"Retry-After": "20"}))
    engine = engine_for(server)
    cancel = CancelToken()
    threading.Timer(0.2, cancel.cancel).start()
    start = time.monotonic()
    result = engine.generate(PROMPT, PARAMS, cancel=cancel)
    assert result.cancelled and time.monotonic() - start < 5


def test_prefill_warms_the_server_s_cache_with_a_one_token_request(server: ContractServer) -> None:
    engine = engine_for(server)
    assert engine.prefill(PROMPT.prefix) > 0
    body = server.chat_requests()[-1]["body"]
    assert body["max_tokens"] == 1 and body["messages"][-1]["role"] == "user"  # no reply opened for a prefix
    server.replies.append(Reply(status=500, error="boom", headers={"Retry-After": "0"}))
    server.replies += [Reply(status=500, error="boom", headers={"Retry-After": "0"})] * 3
    assert engine.prefill(PROMPT.prefix) == 0  # best effort: the next generation reports a real problem
