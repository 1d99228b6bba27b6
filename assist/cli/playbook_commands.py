"""`assist playbook validate FILE`: check a playbook before IT rolls it out (exit 0 valid, 2 with the error
naming file, line and field; an empty file is an error too, as it would turn the rules off)."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from assist.cli.context import Context
from assist.workspace import playbook_source


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("playbook", parents=[common], help="check a playbook file before rolling it out")
    psub = p.add_subparsers(dest="playbook_command", metavar="WHAT", required=True)
    v = psub.add_parser("validate", parents=[common], help="parse and check a playbook (exit 2 on an error)")
    v.add_argument("file", type=Path, metavar="FILE", help="the playbook.toml ('-' for stdin)")
    v.set_defaults(handler=cmd_validate)


def cmd_validate(args: argparse.Namespace, ctx: Context) -> Any:
    book = playbook_source.read(args.file)  # raises InputError (exit 2) naming file, line and field
    kinds = Counter(rule.kind for rule in book.rules)
    report = {"file": str(args.file), "valid": True, "company": book.company, "rules": len(book.rules),
              "block_rules": sum(rule.severity == "block" for rule in book.rules), "kinds": dict(sorted(kinds.items())),
              "facts": len(book.facts)}
    if ctx.json_output:
        return report
    return (f"{args.file}: valid: {report['rules']} rules ({report['block_rules']} block), "
            f"{report['facts']} facts, for {book.company}")
