"""Several suggestions per press, the gate (regenerate once, else flag), dedupe, and the async chain."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assist.llm.engines.fake import FakeEngine
from assist.llm.worker import EngineWorker
from assist.reply.suggest import Suggester, Suggestion
from assist.workspace.workspace import Workspace

BLOCKED = "Hi Dana, I've issued a refund of $189 to your card right away. Sam, Northwind Goods"  # her $189
# No value in CLEAN without a source (a time of day would be an unsupported fact).
CLEAN = "Hi Dana, a team lead will review a refund above $100 today and I'll update you this afternoon. Sam"
OTHER = "Hello Dana, thanks for letting us know. Here's what I'll do: open a carrier claim for order 4412 now."
# A model continues from the "Hi Dana," the prompt ends with; CLEAN and OTHER greet again themselves.
THIRD = " I checked the tracking: the parcel shows delivered, so I've started a trace with UPS for you."


@pytest.fixture
def workspace(tmp_path: Path):
    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    yield ws
    ws.close()


def _suggester(ws: Workspace, **kw) -> Suggester:
    return Suggester(ws.store, ws.playbook, "Sam Lee", **kw)


def test_count_three_gives_three_distinct_suggestions_in_order(workspace: Workspace) -> None:
    engine = FakeEngine(replies=[CLEAN, OTHER, THIRD])
    conv = workspace.store.conversations.get("c-1001")
    shown = _suggester(workspace).suggest_many(conv, engine, 3, record=False)
    # THIRD has no greeting of its own, so the reply keeps the greeting primer the prompt started it with.
    assert [s.text for s in shown] == [CLEAN, OTHER, "Hi Dana," + THIRD]
    assert [s.index for s in shown] == [0, 1, 2]
    # One prompt, three samplings: later suggestions only differ in temperature (and seed).
    assert len({p.segments for p in engine.prompts}) == 1
    assert [p.temperature for p in engine.params] == [0.6, 0.85, 1.0]
    # The same prompt again: nothing is re-evaluated (the KV cache is reused).
    assert shown[0].evaluated_tokens > 0 and shown[1].evaluated_tokens == shown[2].evaluated_tokens == 0


def test_near_duplicates_are_dropped(workspace: Workspace) -> None:
    reworded = CLEAN.replace("today", "today,")  # same words
    prefix = CLEAN[:40]
    engine = FakeEngine(replies=[CLEAN, reworded, prefix])
    conv = workspace.store.conversations.get("c-1001")
    shown = _suggester(workspace).suggest_many(conv, engine, 3, record=False)
    assert [s.text for s in shown] == [CLEAN]
    assert len(engine.prompts) == 3  # each slot was tried; duplicates were not shown


def test_near_duplicate_rule() -> None:
    from assist.reply.examples import near_duplicate

    assert near_duplicate("Thanks, I will check today.", "thanks i will check today")
    assert near_duplicate("Hi Dana, on it", "Hi Dana, on it. Sam")
    assert not near_duplicate(CLEAN, OTHER)
    assert not near_duplicate("!!!", "???")


def test_gate_regenerates_a_blocked_reply_with_a_corrective_instruction(workspace: Workspace) -> None:
    engine = FakeEngine(replies=[BLOCKED, CLEAN])
    conv = workspace.store.conversations.get("c-1001")
    [suggestion] = _suggester(workspace).suggest_many(conv, engine, 1, record=False)
    assert suggestion.text == CLEAN and not suggestion.blocked
    assert suggestion.regenerated
    assert [f.rule for f in suggestion.findings_before_gate] == ["refund-cap"]
    first, second = engine.prompts
    # Only the instruction changed: the pre-filled prefix is reused.
    assert second.segments[:second.prefix_segments] == first.segments[:first.prefix_segments]
    retry = second.segments[-1]
    assert "above $100 need a team lead's approval" in retry
    assert "Do not offer or promise more than $100; say a team lead needs to approve it first." in retry
    assert engine.params[1].temperature == 0.4


def test_still_blocked_after_the_retry_is_shown_flagged(workspace: Workspace) -> None:
    engine = FakeEngine(BLOCKED)
    conv = workspace.store.conversations.get("c-1001")
    [suggestion] = _suggester(workspace).suggest_many(conv, engine, 1, record=False)
    assert suggestion.blocked and suggestion.regenerated
    assert len(engine.prompts) == 2  # one retry, no more


def test_suggest_now_still_returns_one_suggestion(workspace: Workspace) -> None:
    conv = workspace.store.conversations.get("c-1001")
    suggestion = _suggester(workspace).suggest_now(conv, FakeEngine(CLEAN), record=True)
    assert suggestion.text == CLEAN and suggestion.id is not None
    assert set(suggestion.as_dict()) == {"text", "citations", "findings"}


class _Events:
    def __init__(self) -> None:
        self.log: list[tuple] = []
        self.done = threading.Event()

    def callbacks(self) -> dict:
        return {
            "on_token": lambda text: None,
            "on_token_indexed": lambda i, text: self.log.append(("token", i)),
            "on_suggestion_start": lambda i: self.log.append(("start", i)),
            "on_done": lambda s: self.log.append(("done", s.index, s.text)),
            "on_error": lambda exc: (self.log.append(("error", exc)), self.done.set()),
            "on_all_done": lambda shown: (self.log.append(("all", [s.index for s in shown])), self.done.set()),
        }


def test_async_chain_streams_gates_and_ends_with_all_done(workspace: Workspace) -> None:
    worker = EngineWorker(lambda: FakeEngine(replies=[BLOCKED, CLEAN, OTHER, CLEAN])).start()
    assert worker.wait_ready(10)
    conv = workspace.store.conversations.get("c-1001")
    events = _Events()
    _suggester(workspace).suggest(worker, conv, count=3, **events.callbacks())
    assert events.done.wait(10)
    worker.stop()
    starts = [e for e in events.log if e[0] == "start"]
    # Slot 0 starts twice (the gate's retry), slot 2 is a duplicate of 0: index 2 started, never done.
    assert starts == [("start", 0), ("start", 0), ("start", 1), ("start", 2)]
    assert [e for e in events.log if e[0] == "done"] == [("done", 0, CLEAN), ("done", 1, OTHER)]
    assert events.log[-1] == ("all", [0, 1])
    rows = [workspace.store.suggestions.get(i) for i in (1, 2)]
    assert all(r is not None and r["prompt_inputs"] for r in rows)


def test_stop_ends_the_chain_with_all_done(workspace: Workspace) -> None:
    worker = EngineWorker(lambda: FakeEngine(replies=[CLEAN, OTHER, THIRD], delay_s=0.01)).start()
    assert worker.wait_ready(10)
    conv = workspace.store.conversations.get("c-1001")
    events = _Events()
    first_token = threading.Event()
    callbacks = events.callbacks()
    callbacks["on_token"] = lambda text: first_token.set()
    job = _suggester(workspace).suggest(worker, conv, count=3, **callbacks)
    assert first_token.wait(10)
    job.cancel()
    assert events.done.wait(10)
    worker.stop()
    done = [e for e in events.log if e[0] == "done"]
    assert len(done) <= 1 and events.log[-1][0] == "all"


def test_suggestion_is_a_dataclass_the_ui_can_build() -> None:
    s = Suggestion("hi", [], [], "m", 0.1, 10.0)
    assert s.index == 0 and s.findings_before_gate == [] and not s.blocked
