"""`assist connectors add|list|test|remove` and `assist sync --once --json` through the real CLI entry point,
against local servers, the token on stdin and in the (explicitly selected) file keychain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.eval.helpdesk_server import TOKEN, USER, Helpdesk, serving
from assist.store import Store
from tests.unit.connectors.conftest import run_cli_json as _run


@pytest.mark.parametrize("kind", ["zendesk", "freshdesk", "chatwoot"])
def test_add_then_sync_once_imports_and_writes_back(kind: str, desk: Helpdesk, keychain: object, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    data = ["--data-dir", str(tmp_path / "ws")]
    with serving(kind, desk) as base:
        url = f"{base}/app/accounts/1" if kind == "chatwoot" else base
        code, added = _run(capsys, monkeypatch, ["connectors", "add", kind, "--url", url, "--user", USER, *data],
                           TOKEN + "\n")
        assert code == 0 and added["signed_in_as"] == "Sam Lee"
        code, listed = _run(capsys, monkeypatch, ["connectors", "list", *data])
        assert [c["name" if "name" in c else "id"] for c in listed["connectors"]] == [kind]
        assert TOKEN not in json.dumps(listed)
        code, synced = _run(capsys, monkeypatch, ["sync", "--once", *data])
        assert code == 0
        report = synced["connectors"][0]
        assert report["health"] == "ok" and report["added"] == 3
        assert any(w.endswith("handoff_note") for w in report["written_back"])
        assert any(w.endswith("wrap_up_note") for w in report["written_back"])
        assert any(w.endswith("tags") for w in report["written_back"])
        notes = [payload for what, _, payload in desk.writes if what == "note"]
        assert any("handoff brief" in n and "4412" in n for n in notes)
        assert any("wrap-up" in n for n in notes)
        assert any(t.startswith("assist_") for t in desk.tickets[2].tags)
        written = len(desk.writes)
        code, again = _run(capsys, monkeypatch, ["sync", "--once", *data])
        assert again["connectors"][0]["written_back"] == [] and len(desk.writes) == written  # never twice
    store = Store(tmp_path / "ws")
    try:
        handed = store.conversations.get(f"{kind}:1")
        assert handed is not None and [m.role for m in handed.messages][:3] == ["customer", "bot", "customer"]
        assert TOKEN.encode() not in (tmp_path / "ws" / "assist.sqlite3").read_bytes()
        actions = {e["action"] for e in store.audit.entries(200)}
        assert {"connector.add", "write_back.tags", "write_back.handoff_note", "write_back.wrap_up_note"} <= actions
    finally:
        store.close()


def test_a_wrong_token_is_refused_before_anything_is_stored(desk: Helpdesk, keychain: object, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data = ["--data-dir", str(tmp_path / "ws")]
    with serving("freshdesk", desk) as base:
        code, failed = _run(capsys, monkeypatch, ["connectors", "add", "freshdesk", "--url", base, *data], "nope\n")
    assert code == 3 and "token rejected" in failed["error"] and "nope" not in failed["error"]
    code, listed = _run(capsys, monkeypatch, ["connectors", "list", *data])
    assert listed["connectors"] == []


def test_bad_flags_name_the_flag(keychain: object, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data = ["--data-dir", str(tmp_path / "ws")]
    code, failed = _run(capsys, monkeypatch, ["connectors", "add", "zendesk", "--url", "acme.zendesk.com", *data],
                        "tok\n")
    assert code == 2 and "--url" in failed["error"]
    code, failed = _run(capsys, monkeypatch, ["connectors", "add", "zendesk", "--url", "https://a.zendesk.com",
                                              *data], "tok\n")
    assert code == 2 and "--user" in failed["error"]
    code, failed = _run(capsys, monkeypatch, ["connectors", "add", "chatwoot", "--url", "https://chat.example.com",
                                              *data], "tok\n")
    assert code == 2 and "accounts" in failed["error"]
    code, failed = _run(capsys, monkeypatch, ["connectors", "test", "nothing", *data])
    assert code == 2 and "no connector named 'nothing'" in failed["error"]


def test_test_and_remove(desk: Helpdesk, keychain: object, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    from assist.config import secrets

    data = ["--data-dir", str(tmp_path / "ws")]
    with serving("chatwoot", desk) as base:
        _run(capsys, monkeypatch, ["connectors", "add", "chatwoot", "--url", f"{base}/app/accounts/1", *data],
             TOKEN + "\n")
        code, tested = _run(capsys, monkeypatch, ["connectors", "test", "chatwoot", *data])
        assert code == 0 and tested["health"] == "ok"
    code, removed = _run(capsys, monkeypatch, ["connectors", "remove", "chatwoot", *data])
    assert code == 0 and removed["token_removed"]
    assert secrets.get_token(f"chatwoot:@{base}/app/accounts/1") is None
