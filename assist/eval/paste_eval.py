"""`assist eval paste`: the transcript parser (connectors/transcript.py) on labelled pasted chats.

Each record (tests/data/paste/tune.jsonl, report.jsonl): "text" as copied from a tool, "agent_name",
"bot_name", "expect" (one {"role", "author"} per message, in order) and "customer_name". Figures:
split_exact (the messages found are exactly the expected speakers in order), role_accuracy (messages with
the expected role, over all expected messages; a mis-split transcript counts its messages by position),
customer_name_accuracy, refused (the parser raised; a transcript it should read).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.base.textfiles import read_text_file
from assist.connectors import transcript

MAX_FILE_BYTES = 5 * 1024 * 1024
DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "paste"
DEFAULT_DATA = [DATA_DIR / "tune.jsonl", DATA_DIR / "report.jsonl"]


def load(path: Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(read_text_file(path, MAX_FILE_BYTES).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number}: not JSON ({exc.msg})", source=str(path)) from None
        missing = next((k for k in ("text", "agent_name", "expect") if k not in record), None)
        if missing is not None:
            raise InputError(f"line {number}: missing {missing!r}", source=str(path), field=missing)
        records.append(record)
    return records


def score(records: list[dict[str, Any]], details: bool = False) -> dict[str, Any]:
    split = roles_right = expected = names_right = refused = 0
    rows = []
    for record in records:
        wanted = [(e["role"], e["author"]) for e in record["expect"]]
        expected += len(wanted)
        try:
            conversation = transcript.parse(record["text"], agent_name=record["agent_name"],
                                            bot_name=record.get("bot_name", ""))
        except InputError as exc:
            refused += 1
            rows.append({"id": record.get("id", ""), "refused": str(exc)})
            continue
        got = [(str(m.role), m.author) for m in conversation.messages]
        split += [a for _, a in got] == [a for _, a in wanted]
        roles_right += sum(g[0] == w[0] and g[1] == w[1] for g, w in zip(got, wanted, strict=False))
        names_right += conversation.customer.name == record.get("customer_name", "")
        if details:
            rows.append({"id": record.get("id", ""), "got": got, "expected": wanted,
                         "customer_name": conversation.customer.name})
    n = len(records) or 1
    result: dict[str, Any] = {
        "transcripts": len(records), "messages": expected,
        "split_exact": round(split / n, 4), "role_accuracy": round(roles_right / (expected or 1), 4),
        "customer_name_accuracy": round(names_right / n, 4), "refused": refused,
    }
    if details:
        result["details"] = rows
    return result


def run(paths: list[Path], details: bool = False) -> dict[str, Any]:
    """One block of figures per file (tune and report are kept apart, never pooled)."""
    return {path.stem: score(load(path), details) for path in paths}
