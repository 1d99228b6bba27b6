"""`assist digest`: the week's rising reasons, the bot's new failures, rules fired, flags and acceptance drift
on the demo workspace (its real SQLite file), each item with conversations of that week; a bad week refused."""

from __future__ import annotations

import json

import pytest

from assist.analytics import digest
from assist.base.errors import InputError
from assist.cli import main
from assist.store.records import SuggestionRecord
from assist.workspace.workspace import Workspace


def _suggest(ws: Workspace, conversation_id: str, outcome: str, rule: str = "") -> int:
    findings = [{"rule": rule, "severity": "warn", "start": 0, "end": 1, "text": "x", "message": "m"}] if rule else []
    sid = ws.store.suggestions.record(SuggestionRecord(conversation_id, "Hi, ...", "fake", findings=findings))
    ws.store.suggestions.record_outcome(sid, outcome)
    return sid


def test_the_weekly_digest_names_what_broke_with_its_conversations(demo: Workspace) -> None:
    # Mei Chen used suggestions in the weeks before W47 and dismissed them in W47: acceptance drifts down.
    assert digest.figures.refresh(demo.store) == 45
    mei = demo.store.metrics.agent_rows("Mei Chen")
    before = [r["conversation_id"] for r in mei if r["week"] < "2026-W47"]
    during = [r["conversation_id"] for r in mei if r["week"] == "2026-W47"]
    assert before and during
    _suggest(demo, before[0], "inserted")
    _suggest(demo, before[0], "edited")
    _suggest(demo, during[0], "dismissed", rule="money_cap")
    flagged = _suggest(demo, during[0], "dismissed", rule="money_cap")
    demo.store.suggestions.flag(flagged, "wrong_facts", "the refund limit is 100, not 250")
    got = digest.build(demo.store, "2026-W47")
    assert (got["from"], got["to"]) == ("2026-11-16", "2026-11-23")
    assert got["reasons_rising"] and all(item["now"] - (item["was"] or 0) >= digest.RISE
                                         for item in got["reasons_rising"])
    for item in got["reasons_rising"]:
        for cid in item["examples"]:
            row = demo.store.metrics.rows_of([cid])[0]
            assert row["week"] == "2026-W47" and row["reason"] == item["reason"]
    assert got["rules_fired"] == [{"rule": "money_cap", "count": 2, "examples": [during[0]]}]
    assert got["flagged"][0]["reason"] == "wrong_facts" and "refund limit" in got["flagged"][0]["comments"][0]
    assert got["acceptance_dropping"] == [{"agent": "Mei Chen", "was": 1.0, "now": 0.0, "suggestions": 2}]


def test_a_bad_week_is_refused_and_the_command_prints_json(demo: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError, match="not an ISO week"):
        digest.build(demo.store, "2026-47")
    folder = str(demo.data_dir)
    demo.close()
    assert main(["digest", "--json", "--data-dir", folder]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["week"] == "2026-W47" and {"reasons_rising", "bot_new_failures", "rules_fired", "flagged",
                                          "acceptance_dropping"} <= set(out)
