"""Shared fixtures: every test gets its own data, config, cache and log dirs (never the user's)."""

from __future__ import annotations

import json
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
