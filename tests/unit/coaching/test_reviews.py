"""Reports in the store: solved -> coaching, --all skipping what is scored at this rubric version, the trend,
acknowledge, dispute (comment required, scores in range), the lead's verdict, and the lock after a rejection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assist.base.errors import InputError
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.workspace import Workspace
from tests.unit.coaching.conftest import chat
from tests.unit.coaching.test_score import FLAWED, GOOD


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path / "demo", demo_mode=True)
    yield workspace
    workspace.close()


def stored(ws: Workspace, conversation_id: str, conversation: object) -> int:
    ws.store.conversations.import_all([conversation])  # type: ignore[list-item]
    rows = CoachingFlow(ws).on_solved(conversation_id)
    assert len(rows) == 1
    return rows[0].id


def test_coach_all_scores_solved_chats_once_per_rubric_version(ws: Workspace) -> None:
    flow = CoachingFlow(ws)
    ws.store.conversations.import_all([chat(*[(r, t, s) for r, t, s in [
        ("customer", "Hi, is my order on its way? It is order #NW-1234.", 0),
        ("agent", "Hi Dana, I'm Sam. I've checked #NW-1234: it's on its way. Anything else?", 40)]], cid="new-1")])
    seen: list[tuple[int, int]] = []
    first = flow.coach_all(progress=lambda n, total: seen.append((n, total)))
    assert first["scored"] == first["conversations"] > 1 and first["skipped"] == 0
    assert seen[-1][0] == seen[-1][1]
    again = flow.coach_all()
    assert again["scored"] == 0 and again["skipped"] == first["conversations"]
    assert flow.coach_all(since="2999-01-01")["conversations"] == 0
    assert ws.store.coaching.for_conversation("new-1")[0].status == "new"


def test_an_open_chat_is_not_coached_by_coach_all(ws: Workspace) -> None:
    ws.store.conversations.import_all([chat(("customer", "Hello, where is my parcel please, it's late", 0),
                                            ("agent", "Hi Dana, I'm checking now.", 30), cid="open-1",
                                            status="open")])
    CoachingFlow(ws).coach_all()
    assert ws.store.coaching.for_conversation("open-1") == []


def test_acknowledge_and_the_trend(ws: Workspace) -> None:
    report = stored(ws, "t-1", GOOD)
    CoachingFlow(ws).acknowledge(report)
    row = ws.store.coaching.get(report)
    assert row is not None and row.status == "seen" and row.author == "Sam Lee"
    assert ws.store.coaching.trend("Sam Lee")[-1][1] == row.overall


def test_dispute_needs_a_comment_and_scores_in_range(ws: Workspace) -> None:
    report = stored(ws, "t-1", FLAWED["accuracy"])
    flow = CoachingFlow(ws)
    with pytest.raises(InputError, match="comment"):
        flow.dispute(report, "   ", {"accuracy": 2})
    with pytest.raises(InputError, match="0 to 2"):
        flow.dispute(report, "The lead approved it", {"accuracy": 5})
    with pytest.raises(InputError, match="no criterion"):
        flow.dispute(report, "The lead approved it", {"charm": 1})
    assert ws.store.coaching.get(report).status == "new"  # type: ignore[union-attr]  # nothing half written


def test_an_accepted_dispute_rescores_the_report(ws: Workspace) -> None:
    report = stored(ws, "t-1", FLAWED["accuracy"])
    flow = CoachingFlow(ws)
    assert ws.store.coaching.get(report).overall == 0.0  # type: ignore[union-attr]
    flow.dispute(report, "My lead approved the $250 refund in the team chat.", {"accuracy": 2})
    with pytest.raises(InputError, match="open dispute"):
        flow.dispute(report, "again", {})
    assert ws.store.coaching.get(report).status == "disputed"  # type: ignore[union-attr]
    flow.resolve(report, "accepted", comment="Approved, yes.")
    row = ws.store.coaching.get(report)
    assert row is not None and row.status == "accepted" and not row.locked
    assert row.overall is not None and row.overall >= 85
    assert next(c for c in row.report["criteria"] if c["id"] == "accuracy")["score"] == 2


def test_a_partial_acceptance_sets_the_leads_scores_between(ws: Workspace) -> None:
    report = stored(ws, "t-1", FLAWED["responsiveness"])
    flow = CoachingFlow(ws)
    flow.dispute(report, "The customer left and came back.", {"responsiveness": 2})
    with pytest.raises(InputError, match="final scores"):
        flow.resolve(report, "partly_accepted")
    flow.resolve(report, "partly_accepted", final={"responsiveness": 1})
    row = ws.store.coaching.get(report)
    assert row is not None and row.status == "partly_accepted"
    assert next(c for c in row.report["criteria"] if c["id"] == "responsiveness")["score"] == 1


def test_a_rejected_dispute_locks_the_scores(ws: Workspace) -> None:
    report = stored(ws, "t-1", FLAWED["procedure"])
    flow = CoachingFlow(ws)
    before = ws.store.coaching.get(report)
    flow.dispute(report, "I knew the customer's voice.", {"procedure": 2})
    flow.resolve(report, "rejected", comment="Verification is required every time.")
    row = ws.store.coaching.get(report)
    assert row is not None and row.locked and row.status == "rejected"
    assert row.overall == before.overall  # type: ignore[union-attr]
    with pytest.raises(InputError, match="locked"):
        flow.dispute(report, "Please look again", {})
    with pytest.raises(InputError, match="locked"):
        flow.acknowledge(report)
    assert "coaching.dispute.rejected" in [a["action"] for a in ws.store.audit.entries()]


def test_an_unknown_report_is_one_clear_error(ws: Workspace) -> None:
    with pytest.raises(InputError, match="no coaching report 999"):
        CoachingFlow(ws).acknowledge(999)
