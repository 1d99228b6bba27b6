"""Shared fixtures: every test gets its own data, config, cache and log dirs (never the user's)."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("DATA", "DEMO", "CONFIG", "CACHE", "LOG"):
        directory = tmp_path / name.lower()
        monkeypatch.setenv(f"ASSIST_{name}_DIR", str(directory))
    monkeypatch.setenv("ASSIST_POLICY", str(tmp_path / "no-policy.json"))
    monkeypatch.delenv("ASSIST_MODEL", raising=False)
    return tmp_path


@pytest.fixture
def conversation_dict() -> dict:
    return {
        "id": "c-1",
        "channel": "chat",
        "subject": "Where is my order?",
        "customer": {"name": "Dana Ruiz", "email": "dana@example.com", "vip": False, "lifetime_value": 1240.0,
                     "language": "en"},
        "status": "open",
        "messages": [
            {"role": "customer", "author": "Dana Ruiz", "text": "Hi, order 4412 never arrived",
             "at": "2026-11-20T10:00:00Z"},
            {"role": "bot", "author": "NorthBot", "text": "Sorry to hear that! Let me check.",
             "at": "2026-11-20T10:00:04Z"},
            {"role": "note", "author": "Sam Lee", "text": "Carrier claim opened", "at": "2026-11-20T10:09:00Z"},
        ],
    }


@pytest.fixture
def conversation_file(tmp_path: Path, conversation_dict: dict) -> Path:
    path = tmp_path / "conversation.json"
    path.write_text(json.dumps(conversation_dict), encoding="utf-8")
    return path


# A deliberately broken engine build: a `llama_cpp` package put first on the child's PYTHONPATH whose import
# really kills the process the way a bad native build does (SIGSEGV from a null read, or SIGILL), or that
# works (so the probe's success path is tested without the model).
_BROKEN_ENGINES = {
    "segv": "import ctypes\nctypes.string_at(0)\n",
    "ill": "import os, signal\nos.kill(os.getpid(), signal.SIGILL)\n",
    "python-error": "raise ImportError('libggml-cpu.so: cannot open shared object file')\n",
    "segv-on-generate": (
        "import ctypes\n"
        "def llama_print_system_info():\n    return b'CPU : AVX2 = 1 | AMX_INT8 = 1 |'\n"
        "class Llama:\n"
        "    def __init__(self, **kwargs):\n        pass\n"
        "    def create_completion(self, prompt, **kwargs):\n        ctypes.string_at(0)\n"
    ),
}


@pytest.fixture
def broken_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """broken_engine("segv" | "ill" | "python-error" | "segv-on-generate"): child processes import this build."""

    def install(kind: str) -> Path:
        folder = tmp_path / f"broken-llama-{kind}"
        (folder / "llama_cpp").mkdir(parents=True)
        (folder / "llama_cpp" / "__init__.py").write_text(_BROKEN_ENGINES[kind], encoding="utf-8")
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(folder), str(ROOT)])))
        return folder

    return install


@pytest.fixture(autouse=True)
def no_unexpected_warnings(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture):
    """Fail a test that logs a WARNING or worse from Assist's own loggers, unless it is marked with
    @pytest.mark.allow_log("regex") for each message it expects (a warning is a finding, not noise)."""
    yield
    allowed = [re.compile(pattern) for marker in request.node.iter_markers("allow_log") for pattern in marker.args]
    bad = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING
           and r.name.split(".")[0] in ("assist", "ui")
           and not any(p.search(r.getMessage()) for p in allowed)]
    assert not bad, "unexpected log records: " + "; ".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in bad)


@pytest.fixture
def plaintext_keychain(tmp_path: Path):
    """A real keyring backend (keyrings.alt's file backend in tmp_path), chosen explicitly for the test."""
    from keyrings.alt.file import PlaintextKeyring

    from assist.config import secrets

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    secrets.use_backend(backend, allow_plaintext=True)
    yield backend
    secrets.use_backend(None)
