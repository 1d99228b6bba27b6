"""Find, verify and load the configured model: the one place that turns a model id into an Engine."""

from __future__ import annotations

import os

from assist.llm import catalog
from assist.llm.engine import Engine


def load_engine(model_id: str | None = None) -> Engine:
    """Raise ModelUnavailable (missing, corrupt, too big, failed load) with a reason the user can act on.

    ASSIST_FAKE_ENGINE=1 loads the deterministic fake instead (UI demos and tests without a model).
    """
    if os.environ.get("ASSIST_FAKE_ENGINE") == "1":
        from assist.llm.fake_engine import FakeEngine

        return FakeEngine(delay_s=float(os.environ.get("ASSIST_FAKE_DELAY", "0.02")))
    from assist.llm.llama_engine import LlamaEngine

    entry = catalog.find(model_id or None)
    path = catalog.verify(entry)
    catalog.check_ram(entry)
    return LlamaEngine(path, entry)
