"""Reply tests: the demo workspace (its help centre, playbook and solved chats), opened once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assist.workspace.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace.open(Path(tmp_path_factory.mktemp("demo")), demo_mode=True)
    yield ws
    ws.close()
