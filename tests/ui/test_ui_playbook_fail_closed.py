"""A broken playbook leaves the app on its last good rules with a visible warning, also after a restart (issue 10)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from assist.config.settings import Settings
from assist.guardrails.policy import check
from assist.workspace.workspace import Workspace
from ui.main_window import MainWindow

TIMEOUT_MS = 10_000


@pytest.mark.allow_log("playbook error, keeping the last good one")
def test_broken_playbook_keeps_the_last_good_rules_and_says_so(qtbot: QtBot, workspace: Workspace,
                                                                fake_loader: Callable[..., object]) -> None:
    rules_before = [r.id for r in workspace.playbook().rules]
    assert "embargo" in rules_before
    workspace.playbook_path.write_text("this is [not toml", encoding="utf-8")
    data_dir = workspace.data_dir
    workspace.close()
    restarted = Workspace.open(data_dir, demo_mode=True)  # the app starts again on the broken file
    try:
        book = restarted.playbook()
        assert [r.id for r in book.rules] == rules_before and "last good" in restarted.playbook_error
        assert "embargo" in {f.rule for f in check("Sure, we'll ship it to Tehran.", book, own_draft=True)}
        window = MainWindow(restarted, Settings(always_on_top=False), engine_loader=fake_loader())  # type: ignore[arg-type]
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.conversation_shown, timeout=TIMEOUT_MS):
            window.show()
        assert window.notice_bar.isVisible() and "not valid TOML" in window.notice_bar.toolTip()
        window.shutdown()
    finally:
        restarted.close()
