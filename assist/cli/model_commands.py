"""`assist models list|verify|add` and `assist suggest --conversation FILE`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assist.base.errors import AssistError
from assist.cli.context import Context
from assist.config import settings
from assist.domain import conversation
from assist.llm import catalog
from assist.llm.loader import load_configured, load_engine
from assist.reply.suggest import MAX_COUNT, Suggester


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    models = sub.add_parser("models", parents=[common], help="list, verify or add GGUF models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    p = msub.add_parser("list", parents=[common], help="the catalogue, with each file's state")
    p.set_defaults(handler=cmd_models_list)
    p = msub.add_parser("verify", parents=[common], help="check size and sha256 of every model file")
    p.add_argument("model", nargs="?", help="model id (default: all)")
    p.set_defaults(handler=cmd_models_verify)
    p = msub.add_parser("add", parents=[common], help="register a GGUF file (Qwen2.5, Llama 3.2, Gemma 3, Phi...)")
    p.add_argument("path", type=Path)
    p.add_argument("--chat-format", choices=catalog.CHAT_FORMATS,
                   help="override the format read from the file's chat template")
    p.add_argument("--context", type=int, help="override the trained context length read from the file")
    p.add_argument("--name", default="", help="default: the file's general.name")
    p.add_argument("--licence", default="", help="default: the file's general.license")
    p.set_defaults(handler=cmd_models_add)

    p = sub.add_parser("suggest", parents=[common], help="suggest a reply for a conversation file")
    p.add_argument("--conversation", type=Path, required=True, metavar="FILE")
    p.add_argument("--model", help="model id from `assist models list`")
    p.add_argument("--agent", default="", help="agent name for the sign-off")
    p.add_argument("--count", type=int, choices=range(1, MAX_COUNT + 1), metavar="N",
                   help=f"how many suggestions, 1-{MAX_COUNT}, the help centre's first when composing is on "
                        "(default 2 then, else 1; 1 needs no model)")
    p.set_defaults(handler=cmd_suggest)


def register_eval_under(esub: Any, common: argparse.ArgumentParser) -> None:
    p = esub.add_parser("chat-formats", parents=[common],
                        help="GGUF chat templates mapped to Assist's formats, or refused (tests/data/chat_templates)")
    p.add_argument("--data", type=Path, required=True, metavar="FILE.jsonl",
                   help='rows of {"model", "template", "expect"}; expect is a format or "refuse"')
    p.add_argument("--details", action="store_true", help="every row, not only the misses")
    p.set_defaults(handler=cmd_eval_chat_formats)


def cmd_eval_chat_formats(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval import chat_format_eval

    return chat_format_eval.evaluate(chat_format_eval.load_rows(args.data), details=args.details)


def _state(entry: catalog.ModelEntry, verify: bool) -> dict[str, Any]:
    row = entry.as_dict()
    try:
        row["path"] = str(catalog.locate(entry))
        if verify:
            catalog.verify(entry, use_cache=False)
            row["state"] = "ok"
        else:
            row["state"] = "present" if Path(row["path"]).exists() else "missing"
    except AssistError as exc:
        row["state"], row["problem"] = "broken", str(exc)
    row["fits"] = catalog.fits_this_machine(entry)
    row["ram_needed_mb"] = catalog.ram_needed_bytes(entry) // 2**20
    return row


def _present_or_shipped(entry: catalog.ModelEntry) -> bool:
    """A recommended upgrade nobody has put on this machine is not a broken model."""
    try:
        return not entry.tier or catalog.locate(entry).exists()
    except AssistError:
        return True


def cmd_models_list(args: argparse.Namespace, ctx: Context) -> Any:
    rows = [_state(e, verify=False) for e in catalog.load_catalog()]
    if ctx.json_output:
        return {"models": rows}
    return "\n".join(f"{'*' if r['default'] else ' '} {r['id']:<32} {r['size'] / 2**20 or r['approx_size_mb']:7.1f}"
                     f" MB  {r['state']:<8} {r['licence']:<20} {r['chat_format']:<7} {r['tier'] or '-':<6} "
                     f"{'fits' if r['fits'] else 'too big' if r['fits'] is False else '?'}" for r in rows)


def cmd_models_verify(args: argparse.Namespace, ctx: Context) -> Any:
    entries = [catalog.find(args.model)] if args.model else [
        e for e in catalog.load_catalog() if _present_or_shipped(e)]
    rows = [_state(e, verify=True) for e in entries]
    bad = [r for r in rows if r["state"] != "ok"]
    if ctx.json_output:
        ctx.emit({"models": rows, "ok": not bad})
    else:
        for r in rows:
            print(f"{r['id']}: {r['state']}" + (f" — {r['problem']}" if "problem" in r else ""))
    return 1 if bad else 0


def cmd_models_add(args: argparse.Namespace, ctx: Context) -> Any:
    entry = catalog.add(args.path, chat_format_name=args.chat_format, context=args.context, name=args.name,
                        licence=args.licence)
    return {"added": entry.as_dict()}


def cmd_suggest(args: argparse.Namespace, ctx: Context) -> Any:
    conv = conversation.load_one(args.conversation)
    user = settings.load()
    count = args.count or (2 if user.compose_first else 1)
    suggester = Suggester(ctx.workspace.store, ctx.workspace.playbook,
                          agent_name=args.agent or user.display_agent(), compose_first=user.compose_first,
                          smooth=user.smooth_replies)
    stream = None if ctx.json_output else _card_printer()
    if count == 1 and user.compose_first:  # the help centre's card alone: no model to load
        shown = suggester.composed(conv, record=False)[:1]
        if stream is not None:
            stream(0, shown[0].text)
    else:
        # --model: that local model; otherwise where the settings say replies are generated (server or local).
        engine = load_engine(args.model) if args.model else load_configured(user)
        try:
            shown = suggester.suggest_many(conv, engine, count, record=False, on_token_indexed=stream)
        finally:
            engine.close()
    model = next((s for s in shown if s.origin == "model"), shown[-1])
    if not ctx.json_output:
        print()
        for suggestion in shown:
            for finding in suggestion.findings:
                print(f"[{finding.severity}] {finding.rule}: {finding.message} — «{finding.text}»", file=sys.stderr)
        return 0
    # The first suggestion is the help centre's (when composing is on); model figures are the model card's.
    return {"suggestions": [s.as_dict() for s in shown], "model": model.model,
            "ttft_s": round(model.ttft_s, 4), "tokens_per_s": round(model.tokens_per_s, 2)}


def _card_printer() -> Callable[[int, str], None]:
    """Streams each suggestion as it comes, with a separator line before the second and later ones."""
    started: set[int] = set()

    def emit(index: int, piece: str) -> None:
        if index and piece and index not in started:
            sys.stdout.write(f"\n\n--- suggestion {index + 1} ---\n")
            started.add(index)
        sys.stdout.write(piece)
        sys.stdout.flush()

    return emit

