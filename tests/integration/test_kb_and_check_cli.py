"""`assist kb import|search` and `assist check` as a user runs them: real subprocesses, a real SQLite file."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assist.store import Store

Cli = Callable[..., subprocess.CompletedProcess[str]]

ABCD = Path(__file__).resolve().parents[3] / "shared/data/abcd"


def test_kb_import_of_a_folder_with_one_broken_file(cli: Cli, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "returns.md").write_text("---\ntags: returns\n---\n# Returning an item\n\nWithin 30 days of delivery.\n",
                                   encoding="utf-8")
    (kb / "faq.csv").write_text("title,body\nGift cards,Gift cards never expire.\nStore hours,Open 9 to 5.\n",
                                encoding="utf-8")
    (kb / "broken.json").write_bytes(b'[{"title": "Caf\xe9", "body": "x"}]')  # Latin-1, not UTF-8
    data = tmp_path / "ws"
    done = cli("--data-dir", str(data), "kb", "import", str(kb), "--json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert (report["imported"], report["files"]) == (3, 3)
    assert report["problems"] == [f"{kb / 'broken.json'}: not valid UTF-8 (byte 15)"]
    assert "the other articles were imported" in done.stderr
    store = Store(data)
    try:
        assert store.count("articles") == 3
        assert store.articles.get("kb-returns")["title"] == "Returning an item"  # type: ignore[index]
    finally:
        store.close()
    readable = cli("--data-dir", str(data), "kb", "import", str(kb))
    assert readable.returncode == 1
    assert "Imported 3 articles" in readable.stdout and "broken.json: not valid UTF-8" in readable.stdout
    hits = json.loads(cli("--data-dir", str(data), "--json", "kb", "search", "do", "gift", "cards", "expire").stdout)
    assert hits["hits"][0]["id"] == "kb-gift-cards" and hits["hits"][0]["score"] > 0


def test_kb_import_exit_codes_all_good_and_nothing_importable(cli: Cli, tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text("# Hi\n\nText.", encoding="utf-8")
    data = str(tmp_path / "ws")
    assert cli("--data-dir", data, "kb", "import", str(good)).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("name,text\na,b\n", encoding="utf-8")
    done = cli("--data-dir", data, "--json", "kb", "import", str(bad), str(tmp_path / "missing"))
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert report["imported"] == 0 and len(report["problems"]) == 2
    assert "no articles imported" in done.stderr


def test_kb_import_and_search_abcd(cli: Cli, tmp_path: Path) -> None:
    if not (ABCD / "kb.json").exists():
        pytest.skip(f"ABCD data not found in {ABCD}")
    data = str(tmp_path / "ws")
    done = cli("--data-dir", data, "--json", "kb", "import", str(ABCD / "kb.json"), str(ABCD / "guidelines.json"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] >= 100
    search = cli("--data-dir", data, "kb", "search", "how do I update my shipping address", "--limit", "3")
    assert search.returncode == 0
    assert "abcd-shipping-issue-manage-shipping" in search.stdout


def test_check_blocks_a_card_number_request(cli: Cli) -> None:
    text = "Please send me your full card number and CVV"
    done = cli("check", "--text", text, "--demo", "--json")
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    block = [f for f in findings if f["severity"] == "block"]
    assert block and block[0]["rule"] == "no-secret-requests"
    assert (block[0]["start"], block[0]["end"]) == (text.index("full card number"), len("Please send me your full "
                                                                                      "card number"))
    assert text[block[0]["start"]:block[0]["end"]] == block[0]["text"] == "full card number"
    readable = cli("check", "--text", text, "--demo")
    assert readable.returncode == 1
    assert ">>full card number<<" in readable.stdout and "BLOCK" in readable.stdout


def test_check_passes_a_good_reply(cli: Cli, tmp_path: Path) -> None:
    # No value without a source here: a draft's unsourced amount is a warning (test below).
    done = cli("check", "--text", "Thanks Dana, your refund is on its way.", "--demo")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "No findings."
    draft = tmp_path / "draft.txt"
    draft.write_text("\ufeffThanks Dana, your refund is on its way.\n", encoding="utf-8")
    assert cli("check", "--file", str(draft), "--demo", "--json").stdout.strip().startswith('{\n  "findings": []')


def test_an_unsourced_amount_in_a_draft_is_a_warning_not_a_block(cli: Cli) -> None:
    done = cli("check", "--text", "Thanks Dana, your refund of $40 is on its way.", "--demo", "--json")
    assert done.returncode == 0, done.stderr  # warnings do not fail the check; blocks do
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["rule"] == "no-unsupported-facts" and finding["severity"] == "warn" and finding["text"] == "$40"


def test_check_with_a_broken_playbook_names_file_line_and_field(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[[rules]]\nid = "no-secrets"\nkind = "secret_request"\nseverity = "fatal"\nmessage = "m"\n',
                      encoding="utf-8")
    done = cli("check", "--text", "Hello", "--playbook", str(broken))
    assert done.returncode == 2
    assert f"{broken}: line 4: rules.no-secrets.severity: should be block or warn" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_input_errors(cli: Cli, tmp_path: Path) -> None:
    latin = tmp_path / "draft.txt"
    latin.write_bytes("Caf\xe9".encode("latin-1"))
    done = cli("check", "--file", str(latin))
    assert done.returncode == 2 and f"{latin}: not valid UTF-8 (byte 3)" in done.stderr
    assert cli("check").returncode == 2  # one of --text / --file is required
    assert cli("check", "--text", "a", "--file", str(latin)).returncode == 2  # not both


def test_check_with_a_conversation_catches_a_quoted_internal_note(cli: Cli, tmp_path: Path,
                                                                  conversation_dict: dict[str, Any]) -> None:
    conversation_dict["messages"].append({"role": "note", "author": "Sam Lee",
                                          "text": "Customer is on the fraud watch list, do not refund"})
    path = tmp_path / "conversation.json"
    path.write_text(json.dumps(conversation_dict), encoding="utf-8")
    draft = "Sorry Dana, the customer is on the fraud watch list, do not refund."
    assert cli("check", "--text", draft, "--demo").returncode == 0  # without the thread nothing to compare
    done = cli("check", "--text", draft, "--conversation", str(path), "--demo", "--json")
    assert done.returncode == 1, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    assert finding["rule"] == "no-internal-leak" and "fraud watch list" in finding["text"]
