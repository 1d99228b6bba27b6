"""`assist check --text TEXT | --file F`: the agent's pre-send check of a draft against the playbook.

Exit code 0 when nothing blocks sending, 1 when a block finding does (scripts can gate on it), 2 for bad
input (a missing file, a broken --playbook: the error names file, line and field).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assist.base import textfiles
from assist.cli.context import Context
from assist.domain import conversation, playbook
from assist.guardrails import policy as guardrails
from assist.guardrails.policy import Finding

EXIT_BLOCKED = 1
MAX_DRAFT_BYTES = 1024 * 1024
_CONTEXT_CHARS = 40


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[common],
                       help="check a draft reply against the playbook's rules (exit 1 if a rule blocks it)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="the draft reply")
    source.add_argument("--file", type=Path, metavar="F", help="a UTF-8 file holding the draft ('-' for stdin)")
    p.add_argument("--conversation", type=Path, metavar="FILE",
                   help="the conversation it answers (for rules on internal notes and verification)")
    p.add_argument("--playbook", type=Path, metavar="FILE", help="check against this playbook, not the workspace's")
    p.set_defaults(handler=cmd_check)


def _draft(args: argparse.Namespace) -> str:
    if args.text is not None:
        return str(args.text)
    return textfiles.read_text_file(args.file, limit=MAX_DRAFT_BYTES)


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    text = _draft(args)
    if args.playbook is not None:
        rules = playbook.load(args.playbook)
    else:
        rules, error = ctx.playbook()  # reads the playbook only: no database is created for a check
        if error:
            print(f"assist: warning: the workspace playbook has an error: {error}", file=sys.stderr)
    thread = conversation.load_one(args.conversation) if args.conversation is not None else None
    findings = guardrails.check(text, rules, thread, own_draft=True)  # a draft about to be sent
    if ctx.json_output:
        ctx.emit({"findings": [f.as_dict() for f in findings]})
    else:
        print(render(text, findings))
    return EXIT_BLOCKED if guardrails.has_block(findings) else 0


def render(text: str, findings: list[Finding]) -> str:
    """A readable list: severity, rule, message, and the span marked >>like this<< in its context."""
    if not findings:
        return "No findings."
    lines = []
    for f in findings:
        lines.append(f"{f.severity.upper():<5}  {f.rule}  (characters {f.start}-{f.end})")
        lines.append(f"       {f.message}")
        lines.append(f"       {_in_context(text, f.start, f.end)}")
    blocks = sum(f.severity == "block" for f in findings)
    warns = len(findings) - blocks
    verdict = "do not send as it is." if blocks else "review before sending."
    lines.append(f"{blocks} block, {warns} warn: {verdict}")
    return "\n".join(lines)


def _in_context(text: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT_CHARS)
    right = min(len(text), end + _CONTEXT_CHARS)
    shown = (("..." if left else "") + text[left:start] + ">>" + text[start:end] + "<<" + text[end:right]
             + ("..." if right < len(text) else ""))
    return " ".join(shown.split())
