"""Conversations into the workspace from files or a pasted transcript: every file is validated before
anything is written (one bad file: nothing imported, one error naming the file and field), ids may not repeat
across files, and each import is one transaction with an audit entry. The app's first-run screen and its
paste dialog use this; `assist import` applies the same rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.domain import conversation
from assist.domain.conversation import Conversation
from assist.store import Store


def load_files(paths: Sequence[Path]) -> list[Conversation]:
    """Every conversation in the files, validated; raises InputError for the first problem found."""
    batch: list[Conversation] = []
    for path in paths:
        batch += conversation.load_file(path)
    duplicate = next((cid for cid, n in Counter(c.id for c in batch).items() if n > 1), None)
    if duplicate is not None:
        raise InputError(f"conversation id {duplicate!r} appears more than once", field="id")
    return batch


def import_files(store: Store, paths: Sequence[Path], actor: str) -> dict[str, Any]:
    batch = load_files(paths)
    report = store.conversations.import_all(batch)
    store.audit.log(actor, "import", ",".join(str(p) for p in paths), report.as_dict())
    return {"files": [str(p) for p in paths], "conversations": len(batch),
            "ids": [c.id for c in batch], **report.as_dict()}


def import_pasted(store: Store, pasted: Conversation, actor: str) -> dict[str, Any]:
    """Save a transcript the agent checked (assist.connectors.transcript made it)."""
    report = store.conversations.import_all([pasted])
    store.audit.log(actor, "import.paste", pasted.id, report.as_dict())
    return {"conversations": 1, "ids": [pasted.id], **report.as_dict()}
