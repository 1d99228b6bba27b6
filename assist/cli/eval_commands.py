"""`assist eval suggest|check|usefulness|rewrite --conversations PATH`: measure suggestions, whether they are useful,
and the guardrails' false alarms."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.cli import (
    coach_commands,
    model_commands,
    report_commands,
    sentiment_eval,
    support_commands,
    tag_commands,
)
from assist.cli.context import Context
from assist.config import settings
from assist.llm.engine import GenerationParams
from assist.reply.suggest import MAX_COUNT, REPLY_PARAMS


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    ev = sub.add_parser("eval", parents=[common], help="measure suggestions, guardrails and sentiment")
    esub = ev.add_subparsers(dest="eval_command", metavar="WHAT", required=True)
    p = esub.add_parser("suggest", parents=[common],
                        help="suggest for each conversation: findings before/after the gate, citations, speed")
    p.add_argument("--conversations", type=Path, required=True, metavar="PATH", help="a file or a folder")
    p.add_argument("--count", type=int, default=1, choices=range(1, MAX_COUNT + 1),
                   help="suggestions per conversation (default 1)")
    p.add_argument("--max-tokens", type=int, default=REPLY_PARAMS.max_tokens, help="per suggestion")
    p.add_argument("--seed", type=int, default=1234, help="sampling seed, for repeatable runs")
    p.add_argument("--model", help="model id from `assist models list`")
    p.add_argument("--agent", default="", help="agent name for the sign-off")
    p.add_argument("--no-examples", action="store_true", help="leave the team's example replies out")
    p.set_defaults(handler=cmd_eval_suggest)
    p = esub.add_parser("check", parents=[common],
                        help="guardrail findings on human agents' replies (false-alarm rate)")
    p.add_argument("--conversations", type=Path, required=True, metavar="PATH", help="a file or a folder")
    p.add_argument("--bitext", type=Path, metavar="CSV", help="also check a CSV's `response` column")
    p.set_defaults(handler=cmd_eval_check)
    p = esub.add_parser("usefulness", parents=[common],
                        help="first suggestions on a fresh demo workspace against labelled conversations: facts, "
                             "retrieval, language, findings, no-answer, speed")
    p.add_argument("--conversations", type=Path, required=True, metavar="PATH",
                   help='conversations with "_expect" (tests/data/usefulness/): a file or a folder of .jsonl')
    p.add_argument("--bitext", nargs="?", const="", metavar="CSV",
                   help="also measure retrieval on bitext requests (default CSV: ../shared/data/bitext/...)")
    p.add_argument("--bitext-intents", type=Path, metavar="JSON",
                   help="bitext intent -> demo article (default tests/data/usefulness/bitext_intents.json)")
    p.add_argument("--details", action="store_true", help="with each conversation's record (text, hits, findings)")
    p.add_argument("--smooth", action="store_true",
                   help="also run the model's rewording of each composed reply (loads the model; slower)")
    p.add_argument("--model", help="model for --smooth (default: the configured one)")
    p.set_defaults(handler=cmd_eval_usefulness)
    p = esub.add_parser("rewrite", parents=[common],
                        help="each rewrite action on labelled drafts: shown, length, facts and language kept")
    p.add_argument("--conversations", type=Path, required=True, metavar="PATH",
                   help='conversations with "_rewrite" (tests/data/rewrite/): a file or a folder of .jsonl')
    p.add_argument("--actions", help="comma-separated actions (default: all)")
    p.add_argument("--model", help="model id from `assist models list`")
    p.add_argument("--seed", type=int, default=1234, help="sampling seed, for repeatable runs")
    p.add_argument("--details", action="store_true", help="with every rewrite's record (texts, problems)")
    p.add_argument("--records", type=Path, metavar="JSONL",
                   help="also append each rewrite's record to this file as it is made")
    p.set_defaults(handler=cmd_eval_rewrite)
    p = esub.add_parser("paste", parents=[common],
                        help="the transcript parser on labelled pasted chats: speakers split, roles, customer name")
    p.add_argument("--data", type=Path, nargs="+", metavar="JSONL",
                   help="labelled transcripts (default tests/data/paste/tune.jsonl and report.jsonl, kept apart)")
    p.add_argument("--details", action="store_true", help="with what was read from each transcript")
    p.set_defaults(handler=cmd_eval_paste)
    p = esub.add_parser("connectors", parents=[common],
                        help="roles kept through Zendesk, Freshdesk and Chatwoot (local servers, documented shapes)")
    p.add_argument("--data", type=Path, nargs="+", metavar="JSONL",
                   help="labelled conversations (default tests/data/connectors/tune.jsonl and report.jsonl)")
    p.set_defaults(handler=cmd_eval_connectors)
    p = esub.add_parser("guardrails", parents=[common],
                        help="block recall on rule-breaking replies and false blocks on clean ones "
                             "(tests/data/guardrails tune and report halves, Bitext replies)")
    p.add_argument("--data", type=Path, metavar="DIR", help="folder with tune.jsonl and report.jsonl "
                   "(default tests/data/guardrails)")
    p.add_argument("--playbook", type=Path, metavar="FILE", help="check against this playbook (default: the demo's)")
    p.add_argument("--bitext", nargs="?", const="", metavar="CSV",
                   help="also count false blocks on Bitext's reference replies "
                        "(default CSV: ../shared/data/bitext/...)")
    p.add_argument("--details", action="store_true", help="list every miss and every false block")
    p.set_defaults(handler=cmd_eval_guardrails)
    sentiment_eval.register_under(esub, common)
    coach_commands.register_eval(esub, common)
    tag_commands.register_eval(esub, common)
    model_commands.register_eval_under(esub, common)
    support_commands.register_eval(esub, common)
    report_commands.register_eval(esub, common)


def cmd_eval_suggest(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval.suggest_eval import evaluate_suggestions, load_conversations
    from assist.llm.loader import load_engine
    from assist.reply.suggest import Suggester

    conversations = load_conversations(args.conversations)
    user = settings.load()
    params: GenerationParams = GenerationParams(**{**REPLY_PARAMS.__dict__, "max_tokens": args.max_tokens})
    suggester = Suggester(ctx.workspace.store, ctx.workspace.playbook, agent_name=args.agent or user.display_agent(),
                          params=params, seed=args.seed, use_examples=not args.no_examples)
    engine = load_engine(args.model or user.model or None)
    try:
        progress = None if ctx.json_output else (lambda line: print(line, file=sys.stderr, flush=True))
        report = evaluate_suggestions(suggester, engine, conversations, count=args.count, progress=progress)
    finally:
        engine.close()
    return report if ctx.json_output else report["summary"]


def cmd_eval_check(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval.suggest_eval import false_findings, load_conversations

    report = false_findings(load_conversations(args.conversations), ctx.workspace.playbook(), args.bitext)
    if ctx.json_output:
        return report
    return {name: {k: v for k, v in rates.items() if k != "flagged"} for name, rates in report.items()}


def cmd_eval_rewrite(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.domain import playbook
    from assist.eval import rewrite_eval
    from assist.llm.loader import load_engine
    from assist.reply.rewrite import ACTIONS
    from assist.workspace.demo import demo_playbook

    actions = [a.strip() for a in args.actions.split(",")] if args.actions else None
    unknown = [a for a in actions or [] if a not in ACTIONS]
    if unknown:
        raise InputError(f"unknown action {unknown[0]!r} (one of {', '.join(ACTIONS)})", field="--actions")
    cases = rewrite_eval.load_cases(args.conversations)
    engine = load_engine(args.model or settings.load().model or None)
    try:
        # One line per rewrite on stderr, also with --json (a run with the model takes minutes; stdout stays JSON).
        progress = (lambda line: print(line, file=sys.stderr, flush=True))  # noqa: E731
        # The demo playbook: its voice and facts are what the drafts were written against.
        sink = args.records.open("a", encoding="utf-8") if args.records else None

        def keep(record: dict[str, Any]) -> None:
            if sink is not None:
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                sink.flush()

        try:
            report, records = rewrite_eval.evaluate(cases, engine, playbook.load(demo_playbook()), seed=args.seed,
                                                    actions=actions, progress=progress, on_record=keep)
        finally:
            if sink is not None:
                sink.close()
    finally:
        engine.close()
    if args.details:
        report["rewrites"] = records
    return report


def cmd_eval_usefulness(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval import usefulness
    from assist.reply.composed_cards import compose_all as compose

    cases = usefulness.load_cases(args.conversations)
    bitext = None if args.bitext is None else usefulness.read_bitext(
        Path(args.bitext) if args.bitext else usefulness.DEFAULT_BITEXT)
    with usefulness.demo_workspace() as workspace:
        mapping = None if bitext is None else usefulness.load_intents(
            args.bitext_intents or usefulness.DEFAULT_INTENTS, usefulness.known_articles(workspace))
        report, records = usefulness.evaluate(cases, compose, workspace)
        if bitext is not None and mapping is not None:
            report["bitext"] = usefulness.evaluate_bitext(bitext, mapping, workspace)
        if args.smooth:
            from assist.eval import smoothing_eval
            from assist.llm.loader import load_engine

            engine = load_engine(args.model or settings.load().model or None)
            try:
                smoothed = smoothing_eval.evaluate(cases, workspace, engine)
            finally:
                engine.close()
            records_smoothed = smoothed.pop("records")
            report["smoothing"] = smoothed | ({"records": records_smoothed} if args.details else {})
    if args.details:
        report["conversations"] = records
    return report


def cmd_eval_guardrails(args: argparse.Namespace, ctx: Context) -> Any:
    from importlib import resources

    from assist.domain import playbook
    from assist.eval import guardrails_eval

    if args.playbook is not None:
        rules = playbook.load(args.playbook)
    else:
        demo = resources.files("assist.workspace.demo_data") / "playbook.toml"
        rules = playbook.parse(demo.read_text(encoding="utf-8"), "demo playbook")
    bitext = None if args.bitext is None else Path(args.bitext) if args.bitext else guardrails_eval.DEFAULT_BITEXT
    return guardrails_eval.run(rules, args.data or guardrails_eval.DEFAULT_DATA, bitext, args.details)


def cmd_eval_connectors(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval import connector_eval

    return connector_eval.run(args.data or connector_eval.DEFAULT_DATA)


def cmd_eval_paste(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval import paste_eval

    return paste_eval.run(args.data or paste_eval.DEFAULT_DATA, args.details)
