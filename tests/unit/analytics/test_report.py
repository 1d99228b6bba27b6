"""`assist report` on the demo team: the same ruler for agents and the bot, filters, drill-down, candidates,
forecast and knowledge gaps, each checked against a count made independently from the transcripts and tags."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assist.analytics import gaps, report
from assist.cli import main
from assist.store.metrics import BOT, Filter
from assist.workspace.workspace import Workspace


def _by_hand(ws: Workspace) -> tuple[Counter[str], int, dict[str, list[str]]]:
    """(conversations per agent = the author of the last agent message, bot conversations, resolved per agent)."""
    per_agent: Counter[str] = Counter()
    resolved: dict[str, list[str]] = {}
    bots = 0
    for c in ws.store.conversations.all():
        agents = [m.author for m in c.messages if m.role == "agent"]
        bots += any(m.role == "bot" for m in c.messages)
        if agents:
            per_agent[agents[-1]] += 1
            tag = {t.kind: t.value for t in ws.store.tags.get(c.id)}.get("resolved")
            if c.status != "open" or tag == "yes":
                resolved.setdefault(agents[-1], []).append(tag or "")
    return per_agent, bots, resolved


def test_every_agent_and_the_bot_on_one_ruler(demo: Workspace) -> None:
    result = report.build(demo.store, Filter())
    per_agent, bots, resolved = _by_hand(demo)
    rows = {r["agent"]: r for r in result["by_agent"]}
    assert {name: r["conversations"] for name, r in rows.items()} == dict(per_agent)
    for name, tags in resolved.items():
        assert rows[name]["resolution_rate"] == pytest.approx(tags.count("yes") / len(tags), abs=1e-3)
    bot = result["bot"]
    assert bot["agent"] == "bot" and bot["conversations"] == bots == 17 and "handed off or not" in bot["covers"]
    assert 0 < bot["escalation_rate"] <= 1 and bot["rubric"]["overall"] is not None
    assert all(r["rubric"]["overall"] is not None and r["rubric"]["criteria"] for r in rows.values())
    assert result["coverage"]["conversations"] == 45 and result["coverage"]["weeks"] >= 2


def test_filters_narrow_every_figure(demo: Workspace) -> None:
    email = report.build(demo.store, Filter(channel="email"))
    everyone = report.build(demo.store, Filter())
    assert email["coverage"]["conversations"] == sum(1 for c in demo.store.conversations.all() if c.channel == "email")
    assert email["bot"]["conversations"] == 0 and sum(r["conversations"] for r in email["by_agent"]) > 0
    mei = report.build(demo.store, Filter(agent="Mei Chen"))
    assert [r["agent"] for r in mei["by_agent"]] == ["Mei Chen"]
    late = report.build(demo.store, Filter(since="2026-11-20"))
    assert 0 < late["coverage"]["conversations"] < everyone["coverage"]["conversations"]
    assert late["coverage"]["from"] >= "2026-11-20"


def test_drill_down_lists_the_conversations_behind_a_number(demo: Workspace) -> None:
    assert report.figures.refresh(demo.store) == 45
    rows, _ = report.ruler.table(demo.store, Filter())
    assert len(rows) == 5
    for row in rows:
        behind = demo.store.metrics.conversations(Filter(), who=row["agent"], measure="resolved")
        judged = row["conversations"] - row["resolution_unknown"]
        assert len(behind) == round(row["resolution_rate"] * judged)
        assert {b["agent"] for b in behind} <= {row["agent"]}
    escalated = demo.store.metrics.conversations(Filter(), who=BOT, measure="escalated")
    assert escalated and all(b["escalated"] == 1 for b in escalated)
    with pytest.raises(ValueError):
        demo.store.metrics.conversations(Filter(), measure="drop table")


def test_automation_candidates_are_ranked_with_their_figures_and_the_forecast_adds_up(demo: Workspace) -> None:
    result = report.build(demo.store, Filter(), top=2)
    ranked = result["automation_candidates"]
    assert len(ranked) >= 5 and [c["rank"] for c in ranked] == list(range(1, len(ranked) + 1))
    assert [c["score"] for c in ranked] == sorted((c["score"] for c in ranked), reverse=True)
    assert all(c["reason"] != "unknown" and c["volume"] >= 2 and set(c["parts"]) == set(report.automation.WEIGHTS)
               for c in ranked)
    fc = result["forecast"]
    assert fc["reasons"] == [c["reason"] for c in ranked[:2]]
    assert fc["share_of_volume"] == pytest.approx(sum(c["volume"] for c in ranked[:2]) / 45, abs=1e-3)
    expected = sum(c["humans"]["conversations"] * (c["humans"]["resolution_rate"] or 0) * (c["humans"]["handle_s"] or 0)
                   for c in ranked[:2]) / 3600
    assert fc["if_bot_matched_humans"]["agent_hours_freed"] == pytest.approx(expected, abs=0.1)
    assert len(fc["assumptions"]) >= 3


def test_knowledge_gaps_group_similar_questions_and_drafts_quote_the_agents(demo: Workspace) -> None:
    found = report.build(demo.store, Filter())["knowledge_gaps"]
    assert found and found[0]["count"] >= 2
    assert [g["count"] for g in found] == sorted((g["count"] for g in found), reverse=True)
    for article in gaps.drafts(demo.store, found):
        for sentence in article["sources"]:
            c = demo.store.conversations.get(sentence["conversation_id"])
            assert c is not None and any(sentence["text"] in m.text for m in c.messages if m.role == "agent")


def test_the_report_command_prints_the_issues_keys(demo: Workspace, capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    folder = demo.data_dir
    demo.close()
    assert main(["report", "--json", "--data-dir", str(folder), "--gaps-dir", str(tmp_path / "gaps")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"by_agent", "bot", "automation_candidates", "forecast", "knowledge_gaps"} <= set(out)
    assert out["drafts_written"] and Path(out["drafts_written"][0]).read_text(encoding="utf-8").startswith("# ")
    assert main(["report", "--json", "--data-dir", str(folder), "--since", "20-11-2026"]) == 2
    err = capsys.readouterr()
    assert "not a date" in err.err and len(err.err.strip().splitlines()) == 2  # the error and its hint
    assert main(["drill", "--json", "--data-dir", str(folder), "--who", "bot", "--measure", "escalated"]) == 0
    drilled = json.loads(capsys.readouterr().out)
    assert drilled["count"] == len(drilled["conversations"]) > 0
