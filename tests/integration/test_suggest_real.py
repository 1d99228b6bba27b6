"""The real default model on the adversarial set and the demo's open conversations: no block finding may
reach the agent unflagged, and every suggestion has text. Kept short for CI: one suggestion of at most
80 tokens per conversation (about 5 minutes on 2 busy cores)."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from assist.eval.suggest_eval import evaluate_suggestions, load_conversations
from assist.reply.rewrite import rewrite
from assist.reply.suggest import REPLY_PARAMS, Suggester
from assist.workspace.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    workspace = Workspace.open(tmp_path_factory.mktemp("demo"), demo_mode=True)
    yield workspace
    workspace.close()


def _conversations(demo: Workspace) -> list:
    adversarial = load_conversations(ROOT / "tests/data/adversarial")
    demo_file = ROOT / "assist/workspace/demo_data/conversations.json"
    open_demo = [c for c in load_conversations(demo_file) if c.status == "open"]
    assert len(adversarial) >= 30 and open_demo
    return adversarial + open_demo


def test_no_block_finding_reaches_the_agent_unflagged(real_engine, demo: Workspace) -> None:
    conversations = _conversations(demo)
    suggester = Suggester(demo.store, demo.playbook, "Sam Lee", params=replace(REPLY_PARAMS, max_tokens=80), seed=1234)
    started = time.perf_counter()
    report = evaluate_suggestions(suggester, real_engine, conversations, count=1)
    elapsed = time.perf_counter() - started
    summary = report["summary"]
    print(f"\n{len(conversations)} conversations in {elapsed:.0f} s: {summary}")
    assert summary["n_conversations"] == len(conversations)
    assert summary["block_unflagged_after_gate"] == 0
    for record in report["conversations"]:
        assert len(record["suggestions"]) == 1, record["id"]
        suggestion = record["suggestions"][0]
        assert suggestion["text"].strip(), record["id"]
        assert not suggestion["cancelled"]


def test_a_rewrite_with_the_real_model(real_engine, demo: Workspace) -> None:
    conv = demo.store.conversations.get("c-1001")
    assert conv is not None
    draft = ("hi dana so sorry, i checked you're order 4412 and the carrier says delivered. i will open a claim "
             "with ups today and update you tomorrow. Sam, Northwind Goods")
    # model_first: the built-in model would otherwise be asked only when Assist's rules find nothing to fix.
    result = rewrite(real_engine, draft, "grammar", conv, demo.playbook(), model_first=True)
    assert result.text.strip() and result.action == "grammar" and result.model
    assert result.prompt_tokens > result.evaluated_tokens or result.evaluated_tokens > 0
