"""The CLI writing while the app runs: two processes writing the same SQLite file at once (each with its own
single writer) both succeed and lose nothing: WAL, IMMEDIATE transactions and SQLite's busy wait."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assist.domain import conversation
from assist.domain.conversation import Message
from assist.store import Store

WRITES = 60
CHILD = """
import sys
from pathlib import Path
from assist.domain.conversation import Message
from assist.store import Store
store = Store(Path(sys.argv[1]))
for i in range(int(sys.argv[2])):
    store.conversations.add_message("c-1", Message(role="customer", text=f"child {i}", author="Dana"))
    store.drafts.save("c-1", f"draft {i}")
store.close()
"""


def test_two_processes_write_one_store_and_lose_nothing(tmp_path: Path, conversation_dict: dict) -> None:
    root = tmp_path / "ws"
    store = Store(root)
    store.conversations.import_all([conversation.from_dict(conversation_dict)])
    before = len(store.conversations.get("c-1").messages)  # type: ignore[union-attr]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(root), str(WRITES)])
    for i in range(WRITES):
        store.conversations.add_message("c-1", Message(role="agent", text=f"parent {i}", author="Sam"))
    assert child.wait(120) == 0
    texts = [m.text for m in store.conversations.get("c-1").messages]  # type: ignore[union-attr]
    store.close()
    assert len(texts) == before + 2 * WRITES
    assert {f"child {i}" for i in range(WRITES)} <= set(texts) and {f"parent {i}" for i in range(WRITES)} <= set(texts)
