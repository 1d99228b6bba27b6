"""Find, verify and load the configured model: the one place that turns a model id into an Engine."""

from __future__ import annotations

import os
from pathlib import Path

from assist.base.errors import ModelUnavailable
from assist.llm import catalog, probe
from assist.llm.engine import Engine


def load_engine(model_id: str | None = None) -> Engine:
    """Raise ModelUnavailable (missing, corrupt, too big, failed load) with a reason the user can act on.

    ASSIST_FAKE_ENGINE=1 loads the deterministic fake instead (UI demos and tests without a model).
    """
    if os.environ.get("ASSIST_FAKE_ENGINE") == "1":
        from assist.llm.engines.fake import FakeEngine

        return FakeEngine(delay_s=float(os.environ.get("ASSIST_FAKE_DELAY", "0.02")))
    from assist.llm.engines.llama import LlamaEngine

    entry = catalog.find(model_id or None)
    path = catalog.verify(entry)
    catalog.check_ram(entry)
    ensure_engine_decodes(path, entry.sha256)
    return LlamaEngine(path, entry)


def ensure_engine_decodes(path: Path, sha256: str, *, use_cache: bool = True) -> None:
    """Raise ModelUnavailable when a child process cannot decode with this build (see probe.py)."""
    result = probe.run_probe(path, sha256, use_cache=use_cache)
    if not result.ok:
        raise ModelUnavailable(result.reason, hint=probe.REINSTALL_HINT)
