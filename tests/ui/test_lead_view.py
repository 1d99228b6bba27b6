"""The team lead's view on the real demo workspace (tagged and coached), offscreen: every agent and the bot in
one table, the weekly chart, drill-down to a transcript with its coaching report, filters, the automation
candidates, the gaps' draft, the disputes queue and the CSV export; and the main window's Team button."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from assist.base.vocab import ReportStatus
from assist.store.metrics import BOT
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.tagger import WorkspaceTagger
from assist.workspace.workspace import Workspace
from tests.ui.conftest import TIMEOUT_MS
from ui.lead.lead_view import LeadView
from ui.main_window import MainWindow


@pytest.fixture
def team(workspace: Workspace) -> Workspace:
    WorkspaceTagger(workspace.store, workspace.playbook, workspace.data_dir).retag_all()
    flow = CoachingFlow(workspace)
    flow.coach_all()
    report = next(r for r in workspace.store.coaching.recent(scored_as="agent") if r.report["criteria"])
    criterion = report.report["criteria"][0]
    proposed = {criterion["id"]: min(criterion["max"], criterion["score"] + 1)}
    if proposed[criterion["id"]] == criterion["score"]:
        proposed = {criterion["id"]: criterion["score"] - 1}
    flow.dispute(report.id, "I did greet the customer by name", proposed)
    return workspace


def shown(qtbot: QtBot, workspace: Workspace) -> LeadView:
    view = LeadView(workspace)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT_MS):
        view.show()
    return view


def test_every_agent_and_the_bot_in_one_table_with_a_weekly_chart(qtbot: QtBot, team: Workspace,
                                                                   tmp_path: Path) -> None:
    view = shown(qtbot, team)
    who = [r["agent"] for r in view.team.rows]
    assert who[-1] == BOT and len(who) == 6 and "Mei Chen" in who
    bot = view.team.rows[-1]
    assert bot["conversations"] == 17 and bot["escalation_rate"] is not None
    assert view.team.data(view.team.index(5, 0)) == "AI bot"
    assert "AI bot" in view.chart.series and len(view.chart.series) >= 3
    assert "17 with a bot turn" in view.status.text()
    view.resize(1280, 800)
    view.grab().save("/tmp/assist-lead-view.png")  # looked at by hand; the file is not an assertion
    assert view.disputes.list.count() == 1
    html_path, pdf_path = view.export_summary(who.index("Mei Chen"), tmp_path)
    assert "Mei Chen" in html_path.read_text(encoding="utf-8") and "data:image/png;base64," in html_path.read_text(
        encoding="utf-8")
    assert pdf_path.read_bytes().startswith(b"%PDF") and pdf_path.stat().st_size > 5000


def test_drill_down_reaches_a_transcript_and_its_coaching_report(qtbot: QtBot, team: Workspace) -> None:
    view = shown(qtbot, team)
    view.drill("Mei Chen", "resolved")
    qtbot.waitUntil(lambda: hasattr(view, "drill_dialog"), timeout=TIMEOUT_MS)
    dialog = view.drill_dialog
    assert dialog.model.rows and {r["agent"] for r in dialog.model.rows} == {"Mei Chen"}
    dialog.table.selectRow(0)
    qtbot.waitUntil(lambda: "Coaching" in dialog.transcript.toPlainText(), timeout=TIMEOUT_MS)
    first = team.store.conversations.get(dialog.model.rows[0]["id"])
    assert first is not None and first.messages[0].text.split("\n")[0] in dialog.transcript.toPlainText()


def test_a_filter_narrows_the_table(qtbot: QtBot, team: Workspace) -> None:
    view = shown(qtbot, team)
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT_MS):
        view.channel.setCurrentIndex(view.channel.findData("email"))
    assert view.filter.channel == "email"
    assert view.team.rows[-1]["conversations"] == 0  # no bot on email
    emails = [c for c in team.store.conversations.all() if c.channel == "email"]
    assert sum(r["conversations"] for r in view.team.rows[:-1]) == sum(
        1 for c in emails if any(m.role == "agent" for m in c.messages))


def test_automation_gaps_export_and_the_disputes_queue(qtbot: QtBot, team: Workspace, tmp_path: Path) -> None:
    view = shown(qtbot, team)
    assert view.automation.model.rows and view.automation.model.rows[0]["rank"] == 1
    assert "Forecast" in view.automation.forecast.text()
    view.tabs.setCurrentIndex(1)
    view.export_csv(tmp_path / "auto.csv")
    lines = list(csv.reader((tmp_path / "auto.csv").read_text(encoding="utf-8").splitlines()))
    assert lines[0][:2] == ["#", "Contact reason"] and len(lines) == len(view.automation.model.rows) + 1
    with qtbot.waitSignal(view.gaps.loaded, timeout=TIMEOUT_MS):
        view.tabs.setCurrentWidget(view.gaps)
    assert view.gaps.groups and view.gaps.groups[0]["count"] >= 2
    view.gaps.table.selectRow(0)
    qtbot.waitUntil(lambda: view.gaps.draft.toPlainText().startswith("# "), timeout=TIMEOUT_MS)
    report_id = view.disputes.items[0]["report"].id
    view.disputes.comment.setText("Agreed, the greeting was there")
    with qtbot.waitSignal(view.loaded, timeout=TIMEOUT_MS):
        qtbot.mouseClick(view.disputes.buttons[ReportStatus.ACCEPTED], Qt.MouseButton.LeftButton)
    dispute = team.store.coaching.dispute_of(report_id)
    assert dispute is not None and dispute.verdict == ReportStatus.ACCEPTED
    assert dispute.lead_comment == "Agreed, the greeting was there"
    qtbot.waitUntil(lambda: view.disputes.list.count() == 0, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(view.digest.loaded, timeout=TIMEOUT_MS):
        view.tabs.setCurrentWidget(view.digest)
    assert "What broke in 2026-W47" in view.digest.text.toPlainText()
    assert "Reasons whose rate rose" in view.digest.text.toPlainText()


def test_the_team_button_opens_the_lead_view(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    assert window.lead.button.text() == "Team"
    qtbot.mouseClick(window.lead.button, Qt.MouseButton.LeftButton)
    assert window.lead.view is not None and window.lead.view.isVisible()
    qtbot.waitSignal(window.lead.view.loaded, timeout=TIMEOUT_MS).wait()
