"""`assist eval chat-formats`: how often a GGUF's chat template is mapped to the right format, and how often
a template Assist cannot render is refused instead of rendered wrong (tests/data/chat_templates/).

A row is {"model": ..., "template": <Jinja>, "expect": "chatml" | "llama3" | "gemma" | "phi3" | "refuse"}.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assist.base import textfiles
from assist.base.errors import InputError
from assist.llm import chat_format

REFUSE = "refuse"
MAX_BYTES = 20 * 1024 * 1024


def load_rows(path: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for number, line in enumerate(textfiles.read_text_file(path, MAX_BYTES).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON ({exc.msg})", source=f"{path}:{number}") from None
        for key in ("model", "template", "expect"):
            if not isinstance(row.get(key), str):
                raise InputError("missing or not a string", source=f"{path}:{number}", field=key)
        if row["expect"] not in (*chat_format.FORMATS, REFUSE):
            raise InputError(f"one of {', '.join((*chat_format.FORMATS, REFUSE))}", source=f"{path}:{number}",
                             field="expect")
        rows.append(row)
    if not rows:
        raise InputError("no rows", source=str(path))
    return rows


def evaluate(rows: list[dict[str, str]], *, details: bool = False) -> dict[str, Any]:
    mapped_right = mappable = refused_right = unmappable = wrong_render = 0
    records = []
    for row in rows:
        try:
            got = chat_format.detect(row["template"])
        except InputError:
            got = REFUSE
        if row["expect"] == REFUSE:
            unmappable += 1
            refused_right += got == REFUSE
            wrong_render += got != REFUSE
        else:
            mappable += 1
            mapped_right += got == row["expect"]
            wrong_render += got not in (REFUSE, row["expect"])
        records.append({"model": row["model"], "expect": row["expect"], "got": got})
    out: dict[str, Any] = {
        "templates": len(rows),
        "mapped_accuracy": round(mapped_right / mappable, 3) if mappable else None,  # right format when one fits
        "refused_accuracy": round(refused_right / unmappable, 3) if unmappable else None,  # no fit -> refused
        "wrong_render": wrong_render,  # the worst outcome: a prompt in another family's tags
        "mappable": mappable,
        "unmappable": unmappable,
    }
    if details:
        out["rows"] = records
    else:
        out["misses"] = [r for r in records if r["got"] != r["expect"]]
    return out
