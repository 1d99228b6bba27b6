"""The demo workspace: a fictional online retailer (Northwind Goods), always in its own data dir.

`assist demo` (re)loads it; `assist --demo <command>` runs any command against it. The files live in
assist/workspace/demo_data/ and are the facts later features and their tests rely on (see docs/demo.md).
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from assist.base import paths
from assist.domain import conversation
from assist.store import Store

DEMO_PACKAGE = "assist.workspace.demo_data"


def _demo_file(name: str) -> Path:
    return Path(str(resources.files(DEMO_PACKAGE).joinpath(name)))


def demo_playbook() -> Path:
    return _demo_file("playbook.toml")


def load_articles(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data)


def seed(data_dir: Path | None = None) -> dict[str, Any]:
    """Load (or refresh) the demo workspace. Idempotent: running it twice changes nothing."""
    target = data_dir or paths.demo_data_dir()
    store = Store(target)
    try:
        conversations = conversation.load_file(_demo_file("conversations.json"))
        report = store.conversations.import_all(conversations)
        articles = store.articles.upsert(load_articles(_demo_file("articles.json")), source="demo")
        shutil.copyfile(demo_playbook(), target / "playbook.toml")
        return {"data_dir": str(target), "conversations": len(conversations), "articles": articles,
                "import": report.as_dict()}
    finally:
        store.close()


def is_seeded(data_dir: Path) -> bool:
    return (data_dir / paths.DB_FILENAME).exists() and (data_dir / "playbook.toml").exists()
