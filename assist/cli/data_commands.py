"""`assist demo`, `assist import FILE...`, `assist export`."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from assist.base import paths
from assist.base.errors import InputError
from assist.cli.context import Context
from assist.domain import conversation
from assist.workspace import demo as demo_workspace


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="load the demo workspace (Northwind Goods)")
    p.set_defaults(handler=cmd_demo)
    p = sub.add_parser("import", parents=[common], help="import conversations (JSON, JSON list or JSON Lines)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_import)
    p = sub.add_parser("export", parents=[common], help="write every conversation (or one) as JSON")
    p.add_argument("--out", type=Path, help="file to write (default: stdout)")
    p.add_argument("--id", dest="conversation_id", metavar="ID",
                   help="only this conversation, as one JSON object (what `suggest --conversation` reads)")
    p.set_defaults(handler=cmd_export)


def cmd_demo(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    target = ctx.data_dir or paths.demo_data_dir()
    return demo_workspace.seed(target)


def cmd_import(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    # Validate every file before writing anything: one bad file means nothing is imported.
    batch = []
    for path in args.files:
        batch += conversation.load_file(path)
    duplicate = next((cid for cid, n in Counter(c.id for c in batch).items() if n > 1), None)
    if duplicate is not None:
        raise InputError(f"conversation id {duplicate!r} appears in more than one file", field="id")
    report = ctx.workspace.store.conversations.import_all(batch)
    ctx.workspace.store.audit.log("cli", "import", ",".join(str(p) for p in args.files), report.as_dict())
    return {"files": [str(p) for p in args.files], "conversations": len(batch), **report.as_dict()}


def cmd_export(args: argparse.Namespace, ctx: Context) -> dict[str, Any] | int:
    store = ctx.workspace.store
    if args.conversation_id is not None:
        one = store.conversations.get(args.conversation_id)
        if one is None:
            raise InputError(f"no conversation {args.conversation_id!r} in this workspace", field="--id",
                             hint="`assist export` writes them all; each has its \"id\"")
        conversations = [one]
        text = json.dumps(conversation.to_dict(one), ensure_ascii=False, indent=2)
    else:
        conversations = store.conversations.all()
        text = conversation.dumps(conversations)
    if args.out is None:
        sys.stdout.write(text + "\n")
        return 0
    tmp = args.out.with_name(args.out.name + ".tmp")
    try:
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(args.out)
    except OSError as exc:
        raise InputError(f"cannot write ({exc.strerror})", source=str(args.out)) from None
    return {"out": str(args.out), "conversations": len(conversations)}
