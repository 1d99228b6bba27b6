"""Coaching fixtures: the demo playbook and a real demo workspace (SQLite file and help centre), and a
small builder for timed conversations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from assist.domain import playbook
from assist.domain.conversation import Conversation, from_dict
from assist.workspace.coaching_flow import CoachingFlow
from assist.workspace.workspace import Workspace

DEMO = Path(__file__).parents[3] / "assist" / "workspace" / "demo_data"
START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def book() -> playbook.Playbook:
    return playbook.load(DEMO / "playbook.toml")


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = Workspace.open(tmp_path_factory.mktemp("coaching") / "demo", demo_mode=True)
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def flow(demo_ws: Workspace) -> CoachingFlow:
    return CoachingFlow(demo_ws)


def chat(*turns: tuple[str, str, int], cid: str = "t-1", name: str = "Dana Ruiz", language: str = "en",
         channel: str = "chat", status: str = "solved", authors: dict[str, str] | None = None) -> Conversation:
    """turns: (role, text, seconds after the start)."""
    who = {"customer": name, "agent": "Sam Lee", "bot": "NorthBot", **(authors or {})}
    data: dict[str, Any] = {
        "id": cid, "channel": channel, "status": status,
        "customer": {"name": name, "email": "dana@example.com", "language": language},
        "messages": [{"role": role, "author": who[role], "text": text,
                      "at": (START + timedelta(seconds=at)).strftime("%Y-%m-%dT%H:%M:%SZ")}
                     for role, text, at in turns],
    }
    return from_dict(data)
