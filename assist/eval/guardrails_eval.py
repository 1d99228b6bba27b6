"""`assist eval guardrails`: block recall on replies that break a hard rule (everyday wording, other
languages, disguises) and false blocks on clean replies, per half of tests/data/guardrails (tune: what the
checker was tuned on; report: held out) and on Bitext's reference replies with their {{...}} holes filled.

Each reply is checked as `assist check` checks a draft (own_draft=True) against the demo playbook, or the
one given; a case marked `"as": "suggestion"` is checked as the gate checks a suggestion, with its cited
passages (`sources`), so the source rules (unsupported facts, placeholders) block. A case with `expect`
counts as caught when a block finding of that rule id is among its findings; a clean case (`expect` null)
counts as a false block when any block finding is.
"""

from __future__ import annotations

import csv
import json
import re
import time
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = PROJECT_ROOT / "tests" / "data" / "guardrails"
DEFAULT_BITEXT = PROJECT_ROOT.parent / "shared" / "data" / "bitext" / "bitext-customer-support-4514.csv"
HALVES = ("tune", "report")

# Bitext's template holes, filled as a helpdesk would before sending; any other hole becomes its own words.
_FILL = {"customer support phone number": "1-800-555-0199", "customer service phone number": "1-800-555-0199",
         "support phone number": "1-800-555-0199", "customer support email": "help@northwind.example",
         "customer support email address": "help@northwind.example", "email": "help@northwind.example",
         "website name": "Northwind Goods", "website url": "northwind.example", "website": "northwind.example",
         "customer support availability": "8 am to 8 pm", "customer support hours": "8 am to 8 pm",
         "customer service hours": "8 am to 8 pm", "order number anonymized": "NW-20931",
         "order id anonymized": "NW-20931", "purchase id anonymized": "NW-20931",
         "bill number anonymized": "B-5521", "number of days": "30", "company name": "Northwind Goods"}
_HOLE = re.compile(r"\{\{([^{}]*)\}\}")


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the cases ({exc.strerror})", source=str(path)) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", source=str(path), field=f"line {number}") from None
        if not isinstance(case, dict) or not isinstance(case.get("text"), str):
            raise InputError("each line needs a `text` string", source=str(path), field=f"line {number}")
        cases.append(case)
    return cases


def fill_holes(text: str) -> str:
    return _HOLE.sub(lambda m: _FILL.get(m.group(1).strip().lower(), m.group(1).strip()), text)


def bitext_halves(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Bitext's reference replies as clean English cases, split by a hash of the row into two halves."""
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            responses = [row["response"] for row in csv.DictReader(fh)]
    except (OSError, KeyError) as exc:
        raise InputError(f"cannot read a `response` column ({exc})", source=str(path)) from None
    halves: dict[str, list[dict[str, Any]]] = {h: [] for h in HALVES}
    for i, text in enumerate(responses):
        half = HALVES[zlib.crc32(text.encode()) % 2]
        halves[half].append({"id": f"bitext-{i}", "lang": "en", "expect": None, "text": fill_holes(text),
                             "source": "bitext"})
    return halves


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def evaluate(cases: list[dict[str, Any]], playbook: Playbook) -> dict[str, Any]:
    """Block recall (overall, per rule, per language, per source) and the false-block rate, with the misses."""
    caught: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    clean = [0, 0]
    misses: list[dict[str, Any]] = []
    false_blocks: list[dict[str, Any]] = []
    started = time.perf_counter()
    for case in cases:
        if case.get("as") == "suggestion":  # checked as the gate checks a suggestion, with its cited passages
            findings = guardrails.check(case["text"], playbook, sources=[str(t) for t in case.get("sources", [])])
        else:
            findings = guardrails.check(case["text"], playbook, own_draft=True)
        blocks = sorted({f.rule for f in findings if f.severity == "block"})
        expect = case.get("expect")
        if expect is None:
            clean[1] += 1
            if blocks:
                clean[0] += 1
                false_blocks.append({"id": case.get("id"), "text": case["text"], "blocked_by": blocks})
            continue
        hit = expect in blocks
        for key in ("all", f"rule:{expect}", f"lang:{case.get('lang', '?')}", f"source:{case.get('source', '?')}"):
            caught[key][0] += hit
            caught[key][1] += 1
        if not hit:
            misses.append({"id": case.get("id"), "text": case["text"], "expect": expect, "blocked_by": blocks})
    elapsed = time.perf_counter() - started
    return {
        "adversarial": caught["all"][1],
        "block_recall": _ratio(*caught["all"]),
        "clean": clean[1],
        "false_block_rate": _ratio(*clean),
        "recall_by": {k: {"recall": _ratio(h, n), "n": n} for k, (h, n) in sorted(caught.items()) if k != "all"},
        "ms_per_check": round(elapsed * 1000 / len(cases), 3) if cases else None,
        "misses": misses,
        "false_blocks": false_blocks,
    }


def run(playbook: Playbook, data: Path = DEFAULT_DATA, bitext: Path | None = None,
        details: bool = False) -> dict[str, Any]:
    """The figures for each half of `data` (tune.jsonl, report.jsonl) and, when given, of Bitext's replies."""
    out: dict[str, Any] = {}
    halves = bitext_halves(bitext) if bitext is not None else None
    for half in HALVES:
        report = evaluate(load_cases(data / f"{half}.jsonl"), playbook)
        if halves is not None:
            extra = evaluate(halves[half], playbook)
            report["bitext"] = {"clean": extra["clean"], "false_block_rate": extra["false_block_rate"],
                                "false_blocks": extra["false_blocks"]}
        if not details:
            report.pop("misses")
            report.pop("false_blocks")
            report.get("bitext", {}).pop("false_blocks", None)
        out[half] = report
    return out
