"""`assist coach`: coaching reports for a conversation file or every solved conversation in the store, and
the agent's and lead's answers to a report (list, show, ack, dispute, resolve), the pre-send draft check
and the live missed-step warnings."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from assist.base.errors import AssistError, InputError
from assist.base.textfiles import read_text_file
from assist.base.vocab import ReportStatus, Role
from assist.cli.context import Context
from assist.domain import conversation
from assist.llm.engine import Engine

VERDICTS = (ReportStatus.ACCEPTED, ReportStatus.PARTLY_ACCEPTED, ReportStatus.REJECTED)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("coach", parents=[common], help="coaching reports: score a chat against the rubric, "
                                                       "acknowledge or dispute a report")
    p.add_argument("--conversation", type=Path, metavar="FILE", help="score this conversation (not stored)")
    p.add_argument("--all", action="store_true", help="score every solved conversation in the store")
    p.add_argument("--since", metavar="DATE", help="with --all: only conversations active on or after DATE")
    p.add_argument("--force", action="store_true", help="with --all: re-score those already scored")
    p.add_argument("--scored-as", choices=(Role.AGENT, Role.BOT), help="judge every reply as this role's")
    p.add_argument("--with-model", nargs="?", const="", metavar="MODEL",
                   help="let the model judge the playbook's model criteria (default model, or MODEL)")
    p.set_defaults(handler=cmd_coach)
    csub = p.add_subparsers(dest="coach_command", metavar="ACTION")
    q = csub.add_parser("list", parents=[common], help="stored reports, newest first")
    q.add_argument("--author", help="only this agent's (or bot's) reports")
    q.add_argument("--conversation-id", help="only this conversation's")
    q.add_argument("--limit", type=int, default=50)
    q.set_defaults(handler=cmd_list)
    q = csub.add_parser("show", parents=[common], help="one stored report with its dispute")
    q.add_argument("report", type=int)
    q.set_defaults(handler=cmd_show)
    q = csub.add_parser("ack", parents=[common], help="mark a report seen")
    q.add_argument("report", type=int)
    q.set_defaults(handler=cmd_ack)
    q = csub.add_parser("dispute", parents=[common], help="dispute a report: a comment, optional proposed scores")
    q.add_argument("report", type=int)
    q.add_argument("--comment", required=True)
    q.add_argument("--propose", action="append", default=[], metavar="CRITERION=SCORE")
    q.set_defaults(handler=cmd_dispute)
    q = csub.add_parser("resolve", parents=[common], help="a lead's verdict on a disputed report")
    q.add_argument("report", type=int)
    q.add_argument("--verdict", required=True, choices=VERDICTS)
    q.add_argument("--final", action="append", default=[], metavar="CRITERION=SCORE",
                   help="with partly_accepted: the scores the lead settles on")
    q.add_argument("--comment", default="")
    q.set_defaults(handler=cmd_resolve)
    q = csub.add_parser("draft", parents=[common], help="pre-send check of a draft against the one-message "
                                                        "criteria, and missing procedure steps")
    q.add_argument("--text", help="the draft (or --file)")
    q.add_argument("--file", type=Path, help="a file holding the draft; - for standard input")
    q.add_argument("--conversation", type=Path, required=True, metavar="FILE")
    q.set_defaults(handler=cmd_draft)


def register_eval(esub: Any, common: argparse.ArgumentParser) -> None:
    """`assist eval coaching` (registered by eval_commands)."""
    p = esub.add_parser("coaching", parents=[common], help="per-criterion agreement of coaching with labelled "
                                                           "conversations (tests/data/coaching/)")
    p.add_argument("--conversations", type=Path, required=True, metavar="PATH",
                   help='conversations with "_expect": {"low": [...], "high": [...]}: a file or a folder of .jsonl')
    p.add_argument("--with-model", nargs="?", const="", metavar="MODEL", help="let the model judge model criteria")
    p.add_argument("--details", action="store_true", help="list every disagreement")
    p.set_defaults(handler=cmd_eval_coaching)


def cmd_eval_coaching(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval.coaching_eval import run

    engine = _engine(args, ctx)
    try:
        return run(args.conversations, engine, args.details)
    finally:
        if engine is not None:
            engine.close()


def _scores(pairs: list[str], flag: str) -> dict[str, int]:
    out = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if not name or not value.strip().lstrip("-").isdigit():
            raise InputError(f"expected CRITERION=SCORE, got {pair!r}", field=flag)
        out[name.strip()] = int(value)
    return out


def _engine(args: argparse.Namespace, ctx: Context) -> Engine | None:
    if args.with_model is None:
        return None
    from assist.llm.loader import load_engine

    try:
        return load_engine(args.with_model or ctx.settings.model or None)
    except AssistError as exc:
        print(f"assist: the model is not available ({exc}); model criteria are left unjudged", file=sys.stderr)
        return None


def _flow(ctx: Context, engine: Engine | None = None) -> Any:
    from assist.workspace.coaching_flow import CoachingFlow

    return CoachingFlow(ctx.workspace, engine)


def cmd_coach(args: argparse.Namespace, ctx: Context) -> Any:
    if bool(args.conversation) == bool(args.all):
        raise InputError("give --conversation FILE or --all (or an action: list, show, ack, dispute, resolve, draft)")
    if args.since:
        try:
            date.fromisoformat(args.since[:10])
        except ValueError:
            raise InputError(f"not a date (YYYY-MM-DD): {args.since!r}", field="--since") from None
    engine = _engine(args, ctx)
    try:
        flow = _flow(ctx, engine)
        if args.conversation:
            reports = [r.as_dict() for r in flow.score(conversation.load_one(args.conversation),
                                                       scored_as=args.scored_as)]
            return {"reports": reports} if ctx.json_output else _render(reports)
        tty = sys.stderr.isatty()

        def progress(n: int, total: int) -> None:
            if tty and (n % 50 == 0 or n == total):
                print(f"\rcoaching {n}/{total}", end="" if n < total else "\n", file=sys.stderr, flush=True)

        return flow.coach_all(since=args.since or "", force=args.force, progress=progress)
    finally:
        if engine is not None:
            engine.close()


def _render(reports: list[dict[str, Any]]) -> str:
    lines = []
    for r in reports:
        who = f"{r['scored_as']} {r['author']}".strip()
        if r["not_scored"]:
            lines.append(f"{who}: not scored ({r['not_scored_detail']})")
            continue
        zero = f" (0: {r['zeroed_by']} is critical and below half)" if r["zeroed_by"] else ""
        lines.append(f"{who}: {r['overall']:.0f}%{zero}")
        for c in r["criteria"]:
            mark = " " if c["score"] == c["max"] else "!"
            counted = "" if c["counted"] else " (model, not counted)"
            lines.append(f" {mark} {c['label']}: {c['score']}/{c['max']}{counted} - {c['reason']}")
            for e in c["evidence"][:2]:
                lines.append(f"      [{e['message_index']}] “{e['quote']}”")
            if c["suggestion"]:
                lines.append(f"      → {c['suggestion']}")
            if c["rewrite"]:
                lines.append(f"      rewrite: {c['rewrite']}")
        if r["not_judged"]:
            lines.append(f"   not judged (no model): {', '.join(r['not_judged'])}")
    return "\n".join(lines)


def _row_dict(row: Any) -> dict[str, Any]:
    return {"id": row.id, "conversation_id": row.conversation_id, "scored_as": row.scored_as, "author": row.author,
            "overall": row.overall, "status": row.status, "locked": row.locked, "ended_at": row.ended_at,
            "rubric_version": row.rubric_version}


def cmd_list(args: argparse.Namespace, ctx: Context) -> Any:
    store = ctx.workspace.store.coaching
    rows = (store.for_conversation(args.conversation_id) if args.conversation_id
            else store.recent(author=args.author, limit=args.limit))
    items = [_row_dict(r) for r in rows]
    if ctx.json_output:
        return {"reports": items}
    return "\n".join(f"{r['id']:>5}  {r['conversation_id']:<16} {r['scored_as']:<5} {r['author']:<18} "
                     f"{'-' if r['overall'] is None else format(r['overall'], '.0f'):>4}  {r['status']}"
                     for r in items) or "(no coaching reports yet: run `assist coach --all`)"


def cmd_show(args: argparse.Namespace, ctx: Context) -> Any:
    row = ctx.workspace.store.coaching.get(args.report)
    if row is None:
        raise InputError(f"no coaching report {args.report}", field="report")
    dispute = ctx.workspace.store.coaching.dispute_of(args.report)
    result = {**_row_dict(row), "report": row.report, "dispute": dispute.__dict__ if dispute else None}
    return result if ctx.json_output else _render([row.report]) + f"\nstatus: {row.status}"


def cmd_ack(args: argparse.Namespace, ctx: Context) -> Any:
    _flow(ctx).acknowledge(args.report)
    return {"report": args.report, "status": ReportStatus.SEEN.value}


def cmd_dispute(args: argparse.Namespace, ctx: Context) -> Any:
    dispute_id = _flow(ctx).dispute(args.report, args.comment, _scores(args.propose, "--propose"))
    return {"report": args.report, "dispute": dispute_id, "status": ReportStatus.DISPUTED.value}


def cmd_resolve(args: argparse.Namespace, ctx: Context) -> Any:
    _flow(ctx).resolve(args.report, args.verdict, final=_scores(args.final, "--final"), comment=args.comment)
    row = ctx.workspace.store.coaching.get(args.report)
    return {"report": args.report, "status": row.status if row else args.verdict, "locked": bool(row and row.locked),
            "overall": row.overall if row else None}


def cmd_draft(args: argparse.Namespace, ctx: Context) -> Any:
    if bool(args.text) == bool(args.file):
        raise InputError("give the draft with --text or --file")
    text = args.text if args.text else read_text_file(args.file, 1_000_000)
    result = _flow(ctx).review_draft(text, conversation.load_one(args.conversation)).as_dict()
    if ctx.json_output:
        return result
    lines = [f"{c['label']}: {c['score']}/{c['max']} - {c['reason']}" for c in result["criteria"]]
    lines += [f"Missing step: {m['label']}" for m in result["missing_steps"]]
    return "\n".join(lines)
