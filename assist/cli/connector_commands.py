"""`assist connectors add|list|test|remove|import`, `assist sync [--once]`, `assist paste`.

The token is read from standard input (one line, for scripts and IT) or a hidden prompt, never from an argument
(arguments are visible to every user of the machine in the process list), and goes only to the OS keychain.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.base.textfiles import read_text_file
from assist.base.vocab import ConnectorKind, WriteBack
from assist.cli.context import Context
from assist.connectors import file_import, transcript
from assist.connectors.protocol import DEFAULT_WRITE_BACK
from assist.workspace import connections, imports


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    top = sub.add_parser("connectors", parents=[common], help="helpdesk connectors: add, list, test, remove, import")
    verbs = top.add_subparsers(dest="verb", metavar="VERB", required=True)
    p = verbs.add_parser("add", parents=[common], help="connect a helpdesk (token from stdin or a prompt)")
    p.add_argument("kind", choices=[k.value for k in ConnectorKind])
    p.add_argument("--url", required=True, help="the helpdesk address (Chatwoot: .../app/accounts/ID)")
    p.add_argument("--user", default="", help="the agent's email (Zendesk signs in with it)")
    p.add_argument("--name", default="", help="a name for this connector (default: the helpdesk's)")
    p.add_argument("--bot-name", action="append", default=[], help="an author name that is the AI bot (repeat)")
    p.add_argument("--bot-id", action="append", default=[], help="an author id that is the AI bot (repeat)")
    p.add_argument("--tag-prefix", help="prefix of the tags Assist writes back (default assist_)")
    p.add_argument("--no-write-back", action="append", default=[], choices=[w.value for w in WriteBack],
                   help="turn one write-back off (repeat)")
    p.add_argument("--write-back", action="append", default=[], choices=[w.value for w in WriteBack],
                   help="turn one write-back on (repeat; coaching_note is off unless asked for)")
    p.add_argument("--interval", type=int, help="seconds between polls (default 30)")
    p.add_argument("--export", action="store_true",
                   help="Zendesk: the admin incremental export instead of the agent's own queue")
    p.add_argument("--no-test", action="store_true", help="store without signing in first")
    p.set_defaults(handler=cmd_add)
    p = verbs.add_parser("list", parents=[common], help="connectors with their status")
    p.set_defaults(handler=cmd_list)
    p = verbs.add_parser("test", parents=[common], help="sign in with the stored token")
    p.add_argument("name")
    p.set_defaults(handler=cmd_test)
    p = verbs.add_parser("remove", parents=[common], help="forget a connector and delete its token")
    p.add_argument("name")
    p.set_defaults(handler=cmd_remove)
    p = verbs.add_parser("import", parents=[common], help="import a Zendesk or Freshdesk JSON export, or a CSV")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--format", choices=list(file_import.FORMATS), required=True)
    p.add_argument("--bot-name", action="append", default=[], help="an author name that is the AI bot (repeat)")
    p.set_defaults(handler=cmd_import)
    p = sub.add_parser("sync", parents=[common], help="sync every connector into the workspace")
    p.add_argument("--once", action="store_true", help="one round, then exit (default: keep polling)")
    p.add_argument("--connector", action="append", default=[], help="only this connector (repeat)")
    p.set_defaults(handler=cmd_sync)
    p = sub.add_parser("paste", parents=[common], help="a copied chat transcript (stdin or FILE) -> a conversation")
    p.add_argument("file", nargs="?", default="-", help="the transcript (default: standard input)")
    p.add_argument("--agent", default="", help="your name as the transcript shows it (marks your turns)")
    p.add_argument("--bot-name", default="", help="the AI bot's name in the transcript, if not ending in 'bot'")
    p.add_argument("--subject", default="")
    p.set_defaults(handler=cmd_paste)


def _read_token() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("API token (input hidden): ")
    return sys.stdin.readline().strip()


def cmd_add(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    options: dict[str, Any] = {"bot_names": args.bot_name, "bot_ids": args.bot_id, "use_export": args.export,
                               "write_back": {w.value: (DEFAULT_WRITE_BACK[w] or w.value in args.write_back)
                                              and w.value not in args.no_write_back for w in WriteBack}}
    if args.tag_prefix is not None:
        options["tag_prefix"] = args.tag_prefix
    if args.interval is not None:
        if args.interval < 1:
            raise InputError("must be at least 1 second", field="--interval")
        options["poll_seconds"] = args.interval
    return connections.add(ctx.workspace, args.kind, args.url, _read_token(), user=args.user, name=args.name,
                           options=options, test=not args.no_test)


def cmd_list(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    return {"connectors": [s.as_dict() for s in connections.statuses(ctx.workspace)]}


def cmd_test(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    return connections.test(ctx.workspace, args.name)


def cmd_remove(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    return connections.remove(ctx.workspace, args.name)


def cmd_sync(args: argparse.Namespace, ctx: Context) -> dict[str, Any] | int:
    if args.once:
        results = connections.sync_all(ctx.workspace, args.connector or None)
        return {"connectors": results}
    from assist.workspace.live import LiveSync

    live = LiveSync(ctx.workspace, agent_name=ctx.settings.display_agent(),
                    on_report=lambda report: ctx.emit(report.as_dict()))
    live.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        live.stop()


def cmd_import(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    batch = []
    for path in args.files:
        batch += file_import.load(path, args.format, bot_names=args.bot_name)
    report = ctx.workspace.store.conversations.import_all(batch)
    ctx.workspace.store.audit.log("cli", f"import.{args.format}", ",".join(map(str, args.files)), report.as_dict())
    return {"files": [str(p) for p in args.files], "format": args.format, "conversations": len(batch),
            **report.as_dict()}


def cmd_paste(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    text = read_text_file(Path(args.file), transcript.MAX_PASTE_CHARS * 4)
    conversation = transcript.parse(text, agent_name=args.agent or ctx.settings.display_agent(),
                                    bot_name=args.bot_name)
    if args.subject:
        conversation.subject = args.subject
    result = imports.import_pasted(ctx.workspace.store, conversation, "cli")
    return {**result, "messages": len(conversation.messages), "roles": [m.role for m in conversation.messages]}
