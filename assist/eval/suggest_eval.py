"""Measuring suggestions: per conversation the suggestions, findings before and after the gate, citations
and speed; a summary computed from those records (not from the code's intent), so a block finding that
reached the agent unflagged would show up as a number above zero.

Also the false-finding rate of the guardrails on clean human replies (agent replies in the given
conversations, and optionally the bitext `response` column): a gate that fires on good replies is noise.
"""

from __future__ import annotations

import csv
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.domain import conversation as conv_io
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails
from assist.llm.engine import Engine
from assist.reply.suggest import Suggester


def load_conversations(path: Path) -> list[Conversation]:
    """A conversation file (one, a list, or JSON Lines) or a folder of them (*.json, *.jsonl, sorted)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl"))
        if not files:
            raise InputError(f"{path}: no .json or .jsonl conversation files in this folder", field="conversations")
        return [c for f in files for c in conv_io.load_file(f)]
    return conv_io.load_file(path)


def _has_block(findings: list[dict[str, Any]]) -> bool:
    return any(f["severity"] == "block" for f in findings)


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    suggestions = [s for r in records for s in r["suggestions"]]
    ttfts = [s["ttft_s"] for s in suggestions if s["ttft_s"] > 0]
    speeds = [s["tokens_per_s"] for s in suggestions if s["tokens_per_s"] > 0]
    n = len(suggestions)
    return {
        "n_conversations": len(records),
        "n_suggestions": n,
        "empty_suggestions": sum(not s["text"].strip() for s in suggestions),
        "citation_rate": round(sum(bool(s["citations"]) for s in suggestions) / n, 4) if n else 0.0,
        "with_examples": sum(bool(s["examples"]) for s in suggestions),
        "block_findings_before_gate": sum(f["severity"] == "block" for s in suggestions
                                          for f in s["findings_before_gate"]),
        "suggestions_blocked_before_gate": sum(_has_block(s["findings_before_gate"]) for s in suggestions),
        "regenerated": sum(s["regenerated"] for s in suggestions),
        "suggestions_flagged_after_gate": sum(_has_block(s["findings"]) and s["blocked"] for s in suggestions),
        # Must be 0: a block finding shown to the agent without the blocked flag.
        "block_unflagged_after_gate": sum(_has_block(s["findings"]) and not s["blocked"] for s in suggestions),
        "warn_findings_after_gate": sum(f["severity"] == "warn" for s in suggestions for f in s["findings"]),
        "mean_ttft_s": round(statistics.fmean(ttfts), 4) if ttfts else 0.0,
        "mean_tokens_per_s": round(statistics.fmean(speeds), 2) if speeds else 0.0,
    }


def evaluate_suggestions(suggester: Suggester, engine: Engine, conversations: list[Conversation], *,
                         count: int = 1, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    records = []
    started = time.perf_counter()
    for i, conversation in enumerate(conversations, 1):
        shown = suggester.suggest_many(conversation, engine, count, record=False)
        records.append({"id": conversation.id, "subject": conversation.subject,
                        "suggestions": [s.details() for s in shown]})
        if progress is not None:
            rules = sorted({f.rule for s in shown for f in s.findings_before_gate if f.severity == "block"})
            progress(f"[{i}/{len(conversations)}] {conversation.id}: {len(shown)} suggestion(s)"
                     + (f", gate: {', '.join(rules)}" if rules else ""))
    summary = summarize(records)
    summary["wall_s"] = round(time.perf_counter() - started, 2)
    return {"summary": summary, "model": engine.name, "count": count, "conversations": records}


def _rate(flags: list[tuple[bool, bool]]) -> dict[str, Any]:
    n = len(flags)
    return {"n": n, "any_finding_rate": round(sum(a for a, _ in flags) / n, 4) if n else 0.0,
            "block_finding_rate": round(sum(b for _, b in flags) / n, 4) if n else 0.0}


def false_findings(conversations: list[Conversation], playbook: Playbook,
                   bitext: Path | None = None) -> dict[str, Any]:
    """Finding rates on human agents' replies, each checked with only the messages before it as context."""
    agent: list[tuple[bool, bool]] = []
    flagged: list[dict[str, Any]] = []
    for conv in conversations:
        for i, message in enumerate(conv.messages):
            if message.role != "agent":
                continue
            before = Conversation(conv.id, conv.channel, conv.messages[:i], status=conv.status)
            findings = guardrails.check(message.text, playbook, before)
            agent.append((bool(findings), guardrails.has_block(findings)))
            if findings:
                flagged.append({"conversation": conv.id, "message": i, "rules": sorted({f.rule for f in findings})})
    out: dict[str, Any] = {"agent_replies": {**_rate(agent), "flagged": flagged}}
    if bitext is not None:
        try:
            with bitext.open(newline="", encoding="utf-8") as fh:
                responses = [row["response"] for row in csv.DictReader(fh)]
        except (OSError, KeyError) as exc:
            raise InputError(f"{bitext}: cannot read a `response` column ({exc})", field="bitext") from None
        out["bitext_responses"] = _rate([(bool(f), guardrails.has_block(f))
                                         for f in (guardrails.check(t, playbook) for t in responses)])
    return out
