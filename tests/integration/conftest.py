"""Integration fixtures: the real default model (loaded once per session) and CLI runs in subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assist.llm import catalog, probe
from assist.llm.engines.llama import LlamaEngine


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def real_engine() -> Iterator[LlamaEngine]:
    entry = catalog.find()
    path = catalog.verify(entry, use_cache=False)
    # A child process decodes first: if this llama.cpp build crashes on this CPU, each test that needs the
    # engine fails with the reason instead of the crash ending the whole pytest run.
    checked = probe.run_probe(path, entry.sha256, use_cache=False)
    if not checked.ok:
        pytest.fail(f"the real engine cannot run here: {checked.reason}. {probe.REINSTALL_HINT}", pytrace=False)
    engine = LlamaEngine(path, entry)
    yield engine
    engine.close()


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assist", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout, check=False)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    source = catalog.locate(catalog.find())
    target = tmp_path / "copy.gguf"
    target.write_bytes(source.read_bytes())
    return target
