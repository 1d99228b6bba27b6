"""IT's redaction policy on a real workspace: card numbers, emails and phones masked before storage (import,
sync's writer, a new message) and before the prompt; off, nothing changes. And `assist eval redaction`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assist.base import redaction
from assist.cli import main
from assist.config.settings import Settings
from assist.domain.conversation import Message, from_dict
from assist.domain.playbook import unavailable
from assist.reply.prompting import conversation_parts
from assist.workspace.workspace import Workspace

TEXT = "Card 4111 1111 1111 1111, mail me at dana@example.com or call (415) 555-0132 about order 4412"


@pytest.fixture(autouse=True)
def switch_off_after() -> Iterator[None]:
    yield
    redaction.configure(False)


def _conversation(conversation_dict: dict) -> dict:
    data = dict(conversation_dict)
    data["messages"] = [*data["messages"], {"role": "customer", "author": "Dana Ruiz", "text": TEXT,
                                           "at": "2026-11-20T10:01:00Z"}]
    return data


def test_masked_before_storage_and_before_the_prompt(tmp_path: Path, conversation_dict: dict) -> None:
    ws = Workspace.open_configured(tmp_path / "ws", demo_mode=False, settings=Settings(redact_personal_data=True))
    try:
        ws.store.conversations.import_all([from_dict(_conversation(conversation_dict))])
        ws.store.conversations.add_message("c-1", Message("customer", "also +44 20 7946 0958", "Dana Ruiz"))
        stored = ws.store.conversations.get("c-1")
        assert stored is not None
        texts = [m.text for m in stored.messages]
        assert texts[-2] == "Card **** **** **** 1111, mail me at [email] or call [phone] about order 4412"
        assert texts[-1] == "also [phone]"
        assert stored.customer.email == "" and stored.customer.name == "Dana Ruiz"
        with ws.store.database.read() as db:
            raw = json.dumps(list(db.query("SELECT * FROM messages")) + list(db.query("SELECT * FROM customers")))
        assert "dana@example.com" not in raw and "4111 1111 1111 1111" not in raw and "555-0132" not in raw
    finally:
        ws.close()
    # A conversation that was never stored (assist suggest --conversation FILE) is masked in the prompt.
    _system, user, _dropped = conversation_parts(from_dict(_conversation(conversation_dict)), unavailable("test"), 4000)
    prompt = "".join(user)
    assert "[email]" in prompt and "dana@example.com" not in prompt and "order 4412" in prompt


def test_off_nothing_is_masked(tmp_path: Path, conversation_dict: dict) -> None:
    ws = Workspace.open_configured(tmp_path / "ws", demo_mode=False, settings=Settings())
    try:
        ws.store.conversations.import_all([from_dict(_conversation(conversation_dict))])
        stored = ws.store.conversations.get("c-1")
        assert stored is not None and stored.messages[-1].text == TEXT
        assert stored.customer.email == "dana@example.com"
    finally:
        ws.close()
    _system, user, _dropped = conversation_parts(from_dict(_conversation(conversation_dict)), unavailable("test"), 4000)
    assert "dana@example.com" in "".join(user)


def test_eval_redaction_reports_both_halves(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "redaction", "--json"]) == 0
    halves = json.loads(capsys.readouterr().out)["halves"]
    assert [Path(h["file"]).name for h in halves[:2]] == ["tune.jsonl", "report.jsonl"]
    assert all(h["texts"] >= 20 and 0 <= h["pii_masked"] <= 1 for h in halves[:2])


ABCD = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "abcd" / "abcd_sample.json"


@pytest.mark.skipif(not ABCD.exists(), reason="public data (../shared/data/abcd) not present")
def test_abcd_customers_own_emails_and_phones_are_masked() -> None:
    from assist.eval.redaction_eval import abcd_rows, run

    rows = abcd_rows(ABCD)
    assert sum(len(r["pii"]) for r in rows) >= 3
    result = run(ABCD)
    assert result["pii_masked"] == 1.0 and result["kept"] >= 0.75  # a bare 10-digit order id reads as a phone


def test_eval_redaction_names_a_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok", "pii": []}\nnot json\n', encoding="utf-8")
    assert main(["eval", "redaction", "--file", str(bad)]) != 0
    assert "line 2 is not JSON" in capsys.readouterr().err
