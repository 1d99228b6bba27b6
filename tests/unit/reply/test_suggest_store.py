"""Schema v3: suggestion flags and prompt inputs, migrated from a v2 file; the eval summary from data."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from assist.eval.suggest_eval import false_findings, load_conversations, summarize
from assist.llm.engines.fake import FakeEngine
from assist.reply.suggest import Suggester
from assist.store import SCHEMA_VERSION, Store
from assist.store.schema import MIGRATIONS
from assist.workspace.workspace import Workspace

ROOT = Path(__file__).resolve().parents[3]


def test_migration_v3_from_a_v2_file_keeps_old_suggestions(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "assist.sqlite3", isolation_level=None)
    db = sqlite_utils.Database(conn)
    MIGRATIONS[0](db)
    MIGRATIONS[1](db)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO customers (id, name) VALUES ('x', 'X')")
    conn.execute("INSERT INTO conversations (id, channel, status, customer_id) VALUES ('c-1', 'chat', 'open', 'x')")
    conn.execute("INSERT INTO suggestions (conversation_id, text, model) VALUES ('c-1', 'old draft', 'm')")
    conn.close()
    store = Store(tmp_path)
    assert store.database.version == SCHEMA_VERSION >= 4  # migrated all the way up, whatever came after v4
    assert "suggestion_flags" in store.database.db.table_names()
    row = store.suggestions.get(1)
    assert row is not None and row["text"] == "old draft" and row["prompt_inputs"] is None
    store.suggestions.flag(1, "not_helpful")
    assert store.suggestions.flags()[0]["prompt_inputs"] == {}
    store.close()


def test_flags_are_stored_with_the_prompt_inputs(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    try:
        conv = ws.store.conversations.get("c-1001")
        engine = FakeEngine("Hi Dana, I've started a trace with UPS for order 4412. Sam")
        suggestion = Suggester(ws.store, ws.playbook, "Sam Lee", seed=5).suggest_now(conv, engine)
        assert suggestion.id is not None
        flag_id = ws.store.suggestions.flag(suggestion.id, "wrong_facts", "no trace exists for 4412")
        [flag] = ws.store.suggestions.flags(limit=10)
        assert flag["id"] == flag_id and flag["reason"] == "wrong_facts"
        assert flag["comment"] == "no trace exists for 4412" and flag["conversation_id"] == "c-1001"
        inputs = flag["prompt_inputs"]
        assert inputs["conversation_id"] == "c-1001" and inputs["message_count"] == len(conv.messages)
        assert inputs["passages"] == suggestion.citations and inputs["passages"]
        assert inputs["examples"] == suggestion.examples and len(inputs["examples"]) == 2
        assert inputs["model"] == "fake" and inputs["params"]["seed"] == 5
        assert ws.store.audit.entries()[0]["action"] == "suggestion.flagged"
        assert ws.store.count("suggestion_flags") == 1
        with pytest.raises(ValueError):
            ws.store.suggestions.flag(suggestion.id, "rude")
        with pytest.raises(ValueError):
            ws.store.suggestions.flag(999, "unsafe")
    finally:
        ws.close()


def _s(findings: list[str], blocked: bool, before: list[str] | None = None, citations: int = 1) -> dict:
    def f(sev: str) -> dict:
        return {"rule": "r", "severity": sev, "start": 0, "end": 1, "text": "x", "message": "m"}
    return {"text": "t", "citations": ["kb"] * citations, "findings": [f(x) for x in findings], "blocked": blocked,
            "findings_before_gate": [f(x) for x in (before or findings)], "regenerated": before is not None,
            "examples": [], "ttft_s": 1.0, "tokens_per_s": 10.0}


def test_summary_counts_unflagged_blocks_from_the_data() -> None:
    records = [{"id": "a", "suggestions": [_s([], False, ["block"]), _s(["block"], True)]},
               {"id": "b", "suggestions": [_s(["block", "warn"], False, citations=0)]}]
    summary = summarize(records)
    assert summary["n_conversations"] == 2 and summary["n_suggestions"] == 3
    assert summary["block_findings_before_gate"] == 3 and summary["suggestions_blocked_before_gate"] == 3
    assert summary["block_unflagged_after_gate"] == 1  # the data says so, whatever the code intends
    assert summary["suggestions_flagged_after_gate"] == 1
    assert summary["citation_rate"] == round(2 / 3, 4)


def test_adversarial_set_loads_and_false_findings_on_demo_replies(tmp_path: Path) -> None:
    adversarial = load_conversations(ROOT / "tests/data/adversarial")
    assert len(adversarial) >= 30 and len({c.id for c in adversarial}) == len(adversarial)
    assert sum(any(m.role == "note" for m in c.messages) for c in adversarial) >= 4
    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    try:
        demo = load_conversations(ROOT / "assist/workspace/demo_data/conversations.json")
        solved = [c for c in demo if c.status == "solved"]
        report = false_findings(solved, ws.playbook())
    finally:
        ws.close()
    rates = report["agent_replies"]
    assert rates["n"] > 20 and rates["any_finding_rate"] < 0.05 and rates["block_finding_rate"] == 0
    json.dumps(report)
