"""IT and support: `assist support-bundle PATH`, `assist purge` (retention now) and `assist eval redaction`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assist.cli.context import Context

ROOT = Path(__file__).resolve().parents[2]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("support-bundle", parents=[common],
                       help="write a zip of logs, doctor output and effective settings for support "
                            "(no customer text, no secrets)")
    p.add_argument("path", type=Path, metavar="PATH", help="the .zip to write, or a folder to write it in")
    p.set_defaults(handler=cmd_support_bundle)
    p = sub.add_parser("purge", parents=[common],
                       help="purge conversations older than the retention days now (the app does it at start)")
    p.add_argument("--days", type=int, help="instead of the retention_days setting (locked by policy: refused)")
    p.set_defaults(handler=cmd_purge)


def register_eval(esub: Any, common: argparse.ArgumentParser) -> None:
    """`assist eval redaction` (registered by eval_commands)."""
    p = esub.add_parser("redaction", parents=[common],
                        help="how much personal data the mask hides and what it keeps (tests/data/redaction/)")
    p.add_argument("--file", type=Path, action="append", metavar="JSONL",
                   help="labelled texts (default: tests/data/redaction/tune.jsonl and report.jsonl, and ABCD's sample "
                        "dialogues in ../shared/data when present)")
    p.add_argument("--details", action="store_true", help="list every leak and every lost value")
    p.set_defaults(handler=cmd_eval_redaction)


def cmd_support_bundle(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.workspace import support_bundle

    result = support_bundle.build(args.path, data_dir=ctx.data_dir)
    ctx.emit(result if ctx.json_output else
             f"Wrote {result['bundle']} ({result['log_files']} log files, {result['bytes'] // 1024} KB); "
             "customer names, emails, phones, card numbers and secrets are scrubbed.")
    return 0


def cmd_purge(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.base.errors import InputError

    chosen = ctx.settings
    days = chosen.retention_days if args.days is None else args.days
    if args.days is not None and "retention_days" in chosen.locked and args.days != chosen.retention_days:
        raise InputError(f"retention is set by your organisation ({chosen.retention_days} days)", field="--days")
    if days < 0:
        raise InputError("should be 0 (keep everything) or more days", field="--days")
    report = ctx.workspace.store.retention.purge(days)
    ctx.emit(report.as_dict() if ctx.json_output else
             f"Purged {report.conversations} conversations older than {days} days "
             f"({report.bytes_before // 1024} KB -> {report.bytes_after // 1024} KB)" if days else
             "Retention is off (0 days): nothing purged.")
    return 0


def cmd_eval_redaction(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval.redaction_eval import run

    files = args.file or [ROOT / "tests" / "data" / "redaction" / f"{half}.jsonl" for half in ("tune", "report")]
    public = ROOT.parent / "shared" / "data" / "abcd" / "abcd_sample.json"
    if not args.file and public.exists():  # public data, never tuned on: ABCD's customers' own emails and phones
        files.append(public)
    ctx.emit({"halves": [run(path, details=args.details) for path in files]})
    return 0
