"""`assist eval redaction`: how much personal data the mask hides and how much else it keeps.

Labelled JSON Lines: {"text", "pii": [strings that must not survive], "keep": [strings that must]}. A PII
string leaks when it survives whole, or (emails) its local part does, or (cards, phones) its digits but the
last 4 do. Figures: pii_masked (recall), kept (the order numbers, amounts, dates the agent needs), and the
texts with any leak, each listed with --details.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.base.redaction import mask


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def leaked(pii: str, masked: str) -> bool:
    if pii in masked:
        return True
    if "@" in pii:
        return pii.split("@")[0] in masked
    digits = _digits(pii)
    return len(digits) > 4 and digits[:-4] in _digits(masked)


def load(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {n} is not JSON ({exc.msg})", source=str(path)) from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise InputError(f"line {n} has no \"text\"", source=str(path), field="text")
        rows.append(row)
    return rows


def abcd_rows(path: Path) -> list[dict[str, Any]]:
    """ABCD's sample dialogues (public, ../shared/data/abcd): each customer turn that gives the scenario's own
    email or phone must lose it; one that gives the order id or the username must keep it."""
    rows = []
    for dialogue in json.loads(path.read_text(encoding="utf-8")):
        personal, order = dialogue["scenario"]["personal"], dialogue["scenario"]["order"]
        phone_digits = _digits(personal.get("phone", ""))
        for role, text in dialogue["original"]:
            if role != "customer":
                continue
            pii = [personal["email"]] if personal.get("email") and personal["email"] in text.lower() else []
            if phone_digits and phone_digits in _digits(text):
                pii.append(phone_digits)
            # The username inside the email goes with it; given alone ("Username: cminh730") it must stay.
            keep = [v for v in (order.get("order_id"), personal.get("username"))
                    if v and v in text and not any(v in p for p in pii)]
            if pii or keep:
                rows.append({"text": text, "pii": pii, "keep": keep})
    return rows


def run(path: Path, *, details: bool = False) -> dict[str, Any]:
    rows = abcd_rows(path) if path.suffix == ".json" else load(path)
    pii = masked_n = keep = kept_n = 0
    misses: list[dict[str, Any]] = []
    for row in rows:
        out = mask(row["text"])
        leaks = [p for p in row.get("pii", []) if leaked(p, out)]
        lost = [k for k in row.get("keep", []) if k not in out]
        pii += len(row.get("pii", []))
        masked_n += len(row.get("pii", [])) - len(leaks)
        keep += len(row.get("keep", []))
        kept_n += len(row.get("keep", [])) - len(lost)
        if leaks or lost:
            misses.append({"text": row["text"], "masked": out, "leaked": leaks, "lost": lost})
    result: dict[str, Any] = {
        "file": str(path), "texts": len(rows), "pii": pii, "pii_masked": round(masked_n / pii, 3) if pii else None,
        "keep": keep, "kept": round(kept_n / keep, 3) if keep else None, "texts_with_a_miss": len(misses)}
    if details:
        result["misses"] = misses
    return result
