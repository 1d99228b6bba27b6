"""The real `assist` command in a child process: `connectors add` (token on stdin), then `sync --once --json`
against a local server for each helpdesk (http.server in a thread of this test, the documented shapes): bot turns
stay `bot`, tags and notes are written back, and a 401 is "token rejected". The child's keychain is keyrings.alt's
file backend, selected explicitly through ASSIST_TEST_KEYRING_FILE (the app refuses plaintext otherwise)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assist.eval.helpdesk_server import TOKEN, USER, serving
from tests.unit.connectors.conftest import scenario

pytestmark = pytest.mark.integration


def _assist(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assist", *args, "--json"], input=stdin, capture_output=True,
                          text=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize("kind", ["zendesk", "freshdesk", "chatwoot"])
def test_sync_once_imports_with_bots_and_writes_back(kind: str, tmp_path: Path) -> None:
    env = {**os.environ, "ASSIST_TEST_KEYRING_FILE": str(tmp_path / "keyring.cfg"),
           "ASSIST_DATA_DIR": str(tmp_path / "ws")}
    desk = scenario()
    with serving(kind, desk) as base:
        url = f"{base}/app/accounts/1" if kind == "chatwoot" else base
        added = _assist(["connectors", "add", kind, "--url", url, "--user", USER], env, TOKEN + "\n")
        assert added.returncode == 0, added.stderr
        synced = _assist(["sync", "--once"], env)
        assert synced.returncode == 0, synced.stderr
        report = json.loads(synced.stdout)["connectors"][0]
        assert report["health"] == "ok" and report["added"] == 3
        exported = _assist(["export"], env)
    conversations = {c["id"]: c for c in json.loads(exported.stdout)}
    assert [m["role"] for m in conversations[f"{kind}:1"]["messages"]][:4] == ["customer", "bot", "customer",
                                                                               "agent"]
    kinds = [what for what, _, _ in desk.writes]
    assert "tags" in kinds and kinds.count("note") == 2  # the handoff brief and the wrap-up
    assert TOKEN not in synced.stdout + synced.stderr + added.stdout + added.stderr


def test_a_rejected_token_is_reported_and_stops(tmp_path: Path) -> None:
    env = {**os.environ, "ASSIST_TEST_KEYRING_FILE": str(tmp_path / "keyring.cfg"),
           "ASSIST_DATA_DIR": str(tmp_path / "ws")}
    desk = scenario()
    with serving("chatwoot", desk) as base:
        added = _assist(["connectors", "add", "chatwoot", "--url", f"{base}/app/accounts/1", "--no-test"], env,
                        "wrong-token\n")
        assert added.returncode == 0, added.stderr
        synced = _assist(["sync", "--once"], env)
    report = json.loads(synced.stdout)["connectors"][0]
    assert report["health"] == "token_rejected" and "token rejected (HTTP 401)" in report["error"]
    assert "wrong-token" not in synced.stdout
