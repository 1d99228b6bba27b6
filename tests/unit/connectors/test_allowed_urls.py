"""IT's allowed_helpdesk_urls through a real policy file, the real CLI and a local helpdesk server: a connection to
a helpdesk not on the list is refused naming the URL and the policy before the token goes anywhere, and one
added before the list existed is no longer synced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.eval.helpdesk_server import TOKEN, Helpdesk, serving
from assist.workspace.connections import url_allowed
from tests.unit.connectors.conftest import run_cli_json as _run


def _policy(isolated_dirs: Path, allowed: list[str]) -> None:
    (isolated_dirs / "no-policy.json").write_text(json.dumps({"allowed_helpdesk_urls": allowed}))


def test_a_helpdesk_off_the_list_is_refused_and_an_old_one_stops_syncing(
        isolated_dirs: Path, desk: Helpdesk, keychain: object, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = ["--data-dir", str(isolated_dirs / "ws")]
    with serving("freshdesk", desk) as base:
        _policy(isolated_dirs, ["https://acme.freshdesk.com", "https://chat.acme.example/app"])
        code, failed = _run(capsys, monkeypatch, ["connectors", "add", "freshdesk", "--url", base, *data],
                            TOKEN + "\n")
        assert code == 2
        assert failed["error"] == (f"--url: {base} is not a helpdesk your organisation allows (policy "
                                   "allowed_helpdesk_urls: https://acme.freshdesk.com, https://chat.acme.example/app)")
        assert desk.requests == []  # refused before signing in: the token went nowhere
        assert _run(capsys, monkeypatch, ["connectors", "list", *data])[1]["connectors"] == []

        _policy(isolated_dirs, [base.upper().replace("HTTP://", "http://") + "/"])  # case and a trailing slash
        code, added = _run(capsys, monkeypatch, ["connectors", "add", "freshdesk", "--url", base, *data],
                           TOKEN + "\n")
        assert code == 0 and added["signed_in_as"] == "Sam Lee"

        _policy(isolated_dirs, ["https://acme.freshdesk.com"])  # IT narrows the list later
        asked = len(desk.requests)
        code, synced = _run(capsys, monkeypatch, ["sync", "--once", *data])
        report = synced["connectors"][0]
        assert report["health"] == "not_allowed" and report["added"] == 0
        assert f"{base} is not a helpdesk your organisation allows" in report["error"]
        assert len(desk.requests) == asked  # neither synced nor written back
        code, tested = _run(capsys, monkeypatch, ["connectors", "test", "freshdesk", *data])
        assert code == 2 and "allowed_helpdesk_urls" in tested["error"] and len(desk.requests) == asked


@pytest.mark.parametrize(("url", "allowed", "ok"), [
    ("https://acme.zendesk.com", [], True),  # no list: any helpdesk
    ("https://acme.zendesk.com", ["https://ACME.zendesk.com/"], True),
    ("https://acme.zendesk.com:443", ["https://acme.zendesk.com"], True),  # the default port
    ("https://chat.acme.com/app/accounts/1", ["https://chat.acme.com/app"], True),  # paths under the entry's
    ("https://chat.acme.com/application", ["https://chat.acme.com/app"], False),  # not a path segment
    ("http://acme.zendesk.com", ["https://acme.zendesk.com"], False),  # the scheme counts: no plain http
    ("https://acme.zendesk.com.evil.example", ["https://acme.zendesk.com"], False),
    ("https://acme.zendesk.com:8443", ["https://acme.zendesk.com"], False),
    ("https://other.zendesk.com", ["https://acme.zendesk.com", "https://other.zendesk.com"], True),
])
def test_which_urls_an_entry_admits(url: str, allowed: list[str], ok: bool) -> None:
    assert url_allowed(url, allowed) is ok
