"""`assist handoff --conversation FILE`: the handoff brief, escalation reasons and sentiment journey."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from assist.base.errors import AssistError
from assist.cli.context import Context
from assist.domain import conversation
from assist.handoff import briefing as handoff
from assist.llm.engine import Engine


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("handoff", parents=[common],
                       help="brief for a handed-off conversation: goal, what was tried, what was provided, why")
    p.add_argument("--conversation", type=Path, required=True, metavar="FILE")
    p.add_argument("--no-model", action="store_true", help="rules only; the goal is the first customer message")
    p.add_argument("--model", help="model id that phrases the goal (default: the configured one)")
    p.set_defaults(handler=cmd_handoff)


def _engine(args: argparse.Namespace, ctx: Context) -> Engine | None:
    if args.no_model:
        return None
    from assist.llm.loader import load_engine

    try:
        return load_engine(args.model or ctx.settings.model or None)
    except AssistError:
        return None  # the brief works without a model; the goal falls back to the first message


def cmd_handoff(args: argparse.Namespace, ctx: Context) -> Any:
    conv = conversation.load_one(args.conversation)
    engine = _engine(args, ctx)
    started = time.perf_counter()
    try:
        result = handoff.to_dict(handoff.brief(conv, ctx.workspace.playbook(), engine), conv)
    finally:
        if engine is not None:
            engine.close()
    if ctx.json_output:
        return result
    brief, escalation = result["brief"], result["escalation"]
    lines = [f"Goal: {brief['goal']}", "Tried:", *[f"  - {t}" for t in brief["tried"] or ["(nothing yet)"]],
             "Provided:", *[f"  - {p['kind']}: {p['value']}" for p in brief["provided"] or []],
             f"Needs a human: {'yes' if escalation['needed'] else 'no'}",
             *[f"  - {r['id']} (message {r['message_index']}): {r['evidence']}" for r in escalation["reasons"]],
             f"Suggested first line: {brief['first_line']}",
             f"({time.perf_counter() - started:.2f} s)"]
    return "\n".join(lines)
