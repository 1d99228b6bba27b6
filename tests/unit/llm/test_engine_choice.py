"""Which engine the settings choose, the API key from the keychain, the local model standing in when the server
is down, IT's policy over it all, and the same gate for every engine."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from openai_contract_server import ContractServer, Reply

from assist.base.errors import ServerKeyRejected
from assist.config import secrets, settings
from assist.config.settings import Settings, server_key_account
from assist.llm.engine import GenerationParams, Prompt
from assist.llm.engines.fallback import FallbackEngine
from assist.llm.loader import load_configured
from assist.reply.suggest import Suggester
from assist.workspace.workspace import Workspace

PROMPT = Prompt.chat(("system", "Be kind."), ("user", "Write it."), reply_start="Hi,")
PARAMS = GenerationParams(max_tokens=20)


@pytest.fixture
def fake_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSIST_FAKE_ENGINE", "1")
    monkeypatch.setenv("ASSIST_FAKE_DELAY", "0")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_server_engine_with_its_key_from_the_keychain(plaintext_keychain: object, fake_local: None) -> None:
    with ContractServer(api_key="sk-team") as server:
        secrets.set_token(server_key_account(server.url), "sk-team")
        secrets.set_token(server_key_account("http://elsewhere.example/v1"), "sk-other")
        engine = load_configured(Settings(engine="server", server_url=server.url + "/"))
        try:
            assert isinstance(engine, FallbackEngine) and engine.using_server
            assert engine.name.startswith("test-model on 127.0.0.1:") and engine.location.startswith("127.0.0.1:")
            assert engine.generate(PROMPT, PARAMS).text == "Hello there"
        finally:
            engine.close()
        assert {r["headers"]["Authorization"] for r in server.requests} == {"Bearer sk-team"}


@pytest.mark.allow_log("model server unreachable, using the local model")
def test_a_server_down_at_start_leaves_the_local_model_and_says_so(fake_local: None) -> None:
    port = _free_port()
    engine = load_configured(Settings(engine="server", server_url=f"http://127.0.0.1:{port}/v1"))
    try:
        assert isinstance(engine, FallbackEngine) and not engine.using_server
        assert engine.name == f"Fake engine · on this computer, 127.0.0.1:{port} unreachable"
        assert engine.location == "this computer"
        assert engine.generate(PROMPT, PARAMS).text  # replies still come
    finally:
        engine.close()


@pytest.mark.allow_log("model server unreachable, using the local model")
def test_a_server_that_fails_later_hands_over_before_any_token(fake_local: None) -> None:
    with ContractServer() as server:
        engine = load_configured(Settings(engine="server", server_url=server.url))
        try:
            server.replies += [Reply(status=503, headers={"Retry-After": "0"})] * 4
            result = engine.generate(PROMPT, PARAMS)
            assert result.text.startswith(" thanks for reaching out")  # the fake local model's words
            assert "unreachable" in engine.name and not engine.using_server
        finally:
            engine.close()


def test_a_rejected_key_is_an_error_to_fix_not_a_fallback(fake_local: None) -> None:
    with ContractServer(api_key="sk-right") as server, pytest.raises(ServerKeyRejected):
        load_configured(Settings(engine="server", server_url=server.url))


def test_local_is_the_default_and_never_calls_out(fake_local: None) -> None:
    engine = load_configured(Settings(server_url="http://127.0.0.1:9/v1"))
    assert engine.name == "Fake engine"


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def test_it_policy_locks_the_engine_and_the_server(isolated_dirs: Path) -> None:
    _write(isolated_dirs / "no-policy.json", {"engine": "local"})  # customer text never leaves the machine
    settings.save(Settings(engine="server", server_url="http://my-own-box:8080/v1"))
    loaded = settings.load()
    assert loaded.engine == "local" and "engine" in loaded.locked
    _write(isolated_dirs / "no-policy.json", {"engine": "server", "server_url": "http://llm.corp:8080/v1",
                                               "server_model": "qwen2.5-7b", "locked": ["engine", "server_url"]})
    settings.save(Settings(engine="local", server_url="http://my-own-box:8080/v1", server_model="mine"))
    loaded = settings.load()
    assert (loaded.engine, loaded.server_url, loaded.server_model) == ("server", "http://llm.corp:8080/v1", "mine")


@pytest.mark.parametrize(("data", "words"), [
    ({"engine": "cloud"}, "engine should be one of local, server"),
    ({"engine": "server"}, 'engine is "server" but no server_url is set'),
    ({"server_url": "llm.corp:8080"}, "server_url should start with http:// or https://"),
    ({"server_timeout_s": 0}, "server_timeout_s should be 1-3600 seconds"),
    ({"server_timeout_s": "60"}, "server_timeout_s: should be int"),
])
@pytest.mark.allow_log("settings: ")
def test_bad_engine_settings_are_named(isolated_dirs: Path, data: dict, words: str) -> None:
    settings.settings_path().parent.mkdir(parents=True)
    _write(settings.settings_path(), data)
    loaded = settings.load()  # reported, not raised: the bad key falls back and the rest keeps working
    assert any(words in problem for problem in loaded.problems), loaded.problems
    assert loaded.engine == "local"


BLOCKED = "Hi Dana, I've issued a refund of $189 to your card right away. Sam, Northwind Goods"
CLEAN = "Hi Dana, a team lead will review a refund above $100 today and I'll update you this afternoon. Sam"


def test_the_same_gate_applies_to_the_server_s_replies(tmp_path: Path, fake_local: None) -> None:
    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    try:
        with ContractServer() as server:
            server.replies += [Reply(pieces=[w + " " for w in BLOCKED.split()])] * 2
            engine = load_configured(Settings(engine="server", server_url=server.url))
            try:
                conv = ws.store.conversations.get("c-1001")
                shown = Suggester(ws.store, ws.playbook, "Sam Lee", compose_first=False).suggest_many(
                    conv, engine, 1, record=False)
            finally:
                engine.close()
        assert len(server.chat_requests()) == 2  # blocked, so regenerated once, then shown flagged
        assert shown[0].model.startswith("test-model on ")
        assert any(f.severity == "block" for f in shown[0].findings)
    finally:
        ws.close()
