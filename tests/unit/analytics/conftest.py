"""Analytics fixtures: the demo workspace on a real SQLite file, tagged and coached as the app leaves it
(built once, copied per test so a test may write), and a builder for timed conversations."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from assist.domain.conversation import Conversation, from_dict
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.tagger import WorkspaceTagger
from assist.workspace.workspace import Workspace

START = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # a Monday: week 2026-W47


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("analytics") / "demo"
    workspace = Workspace.open(folder, demo_mode=True)
    try:
        WorkspaceTagger(workspace.store, workspace.playbook, folder).retag_all()
        CoachingFlow(workspace).coach_all()
    finally:
        workspace.close()
    return folder


@pytest.fixture
def demo(built_demo: Path, tmp_path: Path) -> Iterator[Workspace]:
    folder = tmp_path / "demo"
    shutil.copytree(built_demo, folder)
    workspace = Workspace.open(folder, demo_mode=True)
    yield workspace
    workspace.close()


def timed(*turns: tuple[str, str, int], cid: str = "t-1", channel: str = "chat", status: str = "solved",
          start: datetime = START, author: dict[str, str] | None = None) -> Conversation:
    """A conversation from (role, text, minutes after start) turns."""
    names = {"customer": "Dana Ruiz", "bot": "NorthBot", "agent": "Sam Lee", **(author or {})}
    data: dict[str, Any] = {
        "id": cid, "channel": channel, "status": status, "customer": {"name": "Dana Ruiz", "language": "en"},
        "messages": [{"role": role, "author": names[role], "text": text,
                      "at": (start + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")}
                     for role, text, minutes in turns]}
    return from_dict(data)
