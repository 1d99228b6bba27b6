"""The model judges a model criterion with the real default model: schema-bound JSON on the criterion's scale,
evidence only when its quote is verbatim in the side's own message, never counted in the overall; and
`assist coach --all` scores a real SQLite file in a subprocess, in worker processes from 400 conversations."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from assist.coaching.score import coach
from assist.domain import playbook
from assist.llm.engines.llama import LlamaEngine
from assist.workspace.workspace import Workspace
from tests.unit.coaching.conftest import DEMO
from tests.unit.coaching.test_score import FLAWED, GOOD


def test_the_real_model_judges_only_model_criteria(real_engine: LlamaEngine) -> None:
    book = playbook.load(DEMO / "playbook.toml")
    without = coach(GOOD, book)[0]
    judged = coach(GOOD, book, engine=real_engine)[0]
    model = [c for c in judged.criteria if c.method == "model"]
    assert [c.id for c in model] == ["next_steps"] and not judged.not_judged
    [next_steps] = model
    assert 0 <= next_steps.score <= next_steps.max == 2 and not next_steps.counted
    for e in next_steps.evidence:
        assert e.message_index in judged.message_indexes
        assert " ".join(e.quote.split()) in " ".join(GOOD.messages[e.message_index].text.split())
    assert judged.overall == without.overall
    assert [(c.id, c.score) for c in judged.criteria if c.counted] == [(c.id, c.score) for c in without.criteria]


def test_coach_all_in_worker_processes_on_a_real_file(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "ws"
    workspace = Workspace.open(data)
    pool = [GOOD, *FLAWED.values()]
    workspace.store.conversations.import_all([replace(pool[i % len(pool)], id=f"w-{i}") for i in range(450)])
    workspace.close()
    done = cli("coach", "--all", "--data-dir", str(data), "--json", timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["scored"] == 450 and result["workers"] >= 1
    listed = json.loads(cli("coach", "list", "--limit", "1000", "--data-dir", str(data), "--json").stdout)
    assert len(listed["reports"]) == 450
    again = json.loads(cli("coach", "--all", "--data-dir", str(data), "--json").stdout)
    assert again["skipped"] == 450 and again["scored"] == 0
