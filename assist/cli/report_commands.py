"""`assist report` (the lead's figures: every agent and the bot on one ruler, automation candidates with the
forecast, knowledge gaps), `assist drill` (the conversations behind one number) and `assist team export|import`
(the signed files of a shared team folder)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from assist.analytics import digest, figures, gaps, report, team_files
from assist.base.errors import InputError
from assist.cli.context import Context
from assist.config.settings import Settings
from assist.store.metrics import BOT, MEASURES, Filter


def _date(text: str) -> str:
    if not text:
        return ""  # argparse passes the default through the type too
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=_date, default="", metavar="DATE", help="conversations started on or after")
    p.add_argument("--until", type=_date, default="", metavar="DATE", help="conversations started before")
    p.add_argument("--channel", default="", help="only this channel (chat, email, voice, social, in_app)")
    p.add_argument("--reason", default="", help="only this contact reason (a playbook taxonomy id)")
    p.add_argument("--agent", default="", help="only this agent's conversations (their name as in the transcript)")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common],
                       help="the lead's figures: agents and bot on one ruler, what to automate, knowledge gaps")
    _filters(p)
    p.add_argument("--top", type=int, default=3, metavar="N", help="forecast for the bot taking the top N reasons")
    p.add_argument("--gaps-dir", type=Path, metavar="DIR",
                   help="also write a draft article (Markdown) per top knowledge gap into DIR")
    p.set_defaults(handler=cmd_report)
    d = sub.add_parser("drill", parents=[common], help="the conversations behind one number of the report")
    _filters(d)
    d.add_argument("--who", default="", help='an agent\'s name, or "bot" (default: everyone)')
    d.add_argument("--measure", default="conversations", choices=sorted(MEASURES))
    d.set_defaults(handler=cmd_drill)
    register_team(sub, common)
    g = sub.add_parser("digest", parents=[common],
                       help="what broke this week: rising reasons, the bot's new failures, rules, flags, drift")
    g.add_argument("--week", default="", metavar="YYYY-Www",
                   help="an ISO week (default: the newest with conversations)")
    g.set_defaults(handler=cmd_digest)


def _filter(args: argparse.Namespace) -> Filter:
    if args.since and args.until and args.until <= args.since:
        raise InputError(f"--until {args.until} is not after --since {args.since}", field="until")
    return Filter(since=args.since, until=args.until, channel=args.channel, reason=args.reason, agent=args.agent)


def cmd_report(args: argparse.Namespace, ctx: Context) -> Any:
    if args.top < 1:
        raise InputError(f"--top must be 1 or more, not {args.top}", field="top")
    store = ctx.workspace.store
    result = report.build(store, _filter(args), top=args.top)
    if args.gaps_dir is not None:
        args.gaps_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for i, article in enumerate(gaps.drafts(store, result["knowledge_gaps"]), 1):
            path = args.gaps_dir / f"gap-{i:02d}.md"
            path.write_text(gaps.as_markdown(article), encoding="utf-8")
            written.append(str(path))
        result["drafts_written"] = written
    return result if ctx.json_output else _render(result)


def cmd_drill(args: argparse.Namespace, ctx: Context) -> Any:
    store = ctx.workspace.store
    figures.refresh(store)
    who = BOT if args.who == "bot" else args.who
    rows = store.metrics.conversations(_filter(args), who=who, measure=args.measure)
    return {"who": args.who or "everyone", "measure": args.measure, "count": len(rows), "conversations": rows}


def _pct(value: Any) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _render(r: dict[str, Any]) -> str:
    lines = [f"{'who':<18} {'conv':>5} {'resolved':>8} {'FCR':>5} {'handle':>8} {'escal.':>6} {'neg end':>7} "
             f"{'rubric':>6}"]
    for row in [*r["by_agent"], r["bot"]]:
        handle = "-" if row["handle_s"] is None else f"{row['handle_s'] / 60:.0f} min"
        rubric = row["rubric"].get("overall")
        lines.append(f"{row['agent'][:18]:<18} {row['conversations']:>5} {_pct(row['resolution_rate']):>8} "
                     f"{_pct(row['fcr_rate']):>5} {handle:>8} {_pct(row['escalation_rate']):>6} "
                     f"{_pct(row['negative_end_rate']):>7} {'-' if rubric is None else f'{rubric:.0f}':>6}")
    lines += ["", "automation candidates (best first):"]
    for c in r["automation_candidates"][:10]:
        lines.append(f"  {c['rank']:>2}. {c['reason']:<24} score {c['score']:.2f}  volume {c['volume']}  "
                     f"exchanges {c['exchanges']}  resolved {_pct(c['resolution_rate'])}  "
                     f"bot escalates {_pct(c['bot']['escalation_rate'])}")
    fc = r["forecast"]
    lines += ["", f"forecast: the bot taking {', '.join(fc['reasons']) or 'nothing'} handles "
                  f"{_pct(fc['share_of_volume'])} of volume and frees {fc['agent_hours_freed']} agent hours "
                  f"({fc['agent_hours_freed_per_week']} a week)", "", "knowledge gaps:"]
    lines += [f"  {g['count']:>3}  {g['label']}  e.g. {g['examples'][0][:70]!r}" for g in r["knowledge_gaps"][:10]]
    return "\n".join(lines)


def register_team(sub: Any, common: argparse.ArgumentParser) -> None:
    t = sub.add_parser("team", parents=[common], help="team data through a shared folder: signed export and import")
    tsub = t.add_subparsers(dest="team_command", metavar="WHAT", required=True)
    ex = tsub.add_parser("export", parents=[common],
                         help="one signed file per agent (and the lead's dispute decisions) into a shared folder")
    ex.add_argument("--to", type=Path, metavar="DIR", help="the folder IT shares (default: the policy's team_folder)")
    ex.add_argument("--key-file", type=Path, metavar="FILE",
                    help="the HMAC key IT distributes (default: the policy's team_key_file)")
    ex.add_argument("--agent", action="append", metavar="NAME", help="only this agent (repeatable)")
    ex.add_argument("--with-quotes", action="store_true",
                    help="include evidence quotes and customers' questions (only where the policy allows)")
    ex.set_defaults(handler=cmd_team_export)
    im = tsub.add_parser("import", parents=[common],
                         help="every verified file of the folder: agents' figures and reports, the lead's decisions")
    im.add_argument("--from", dest="source", type=Path, metavar="DIR", help="default: the policy's team_folder")
    im.add_argument("--key-file", type=Path, metavar="FILE", help="default: the policy's team_key_file")
    im.add_argument("--decisions-only", action="store_true",
                    help="an agent's app: apply the lead's decisions, leave the other agents' files")
    im.set_defaults(handler=cmd_team_import)


def _team_path(given: Path | None, key: str, flag: str, settings: Settings) -> Path:
    """The flag's path, else the setting's (team_folder, team_key_file: usually IT's policy). A value IT locked
    wins: a flag naming another path is refused, so a locked folder or key cannot be sidestepped."""
    configured = getattr(settings, key).strip()
    if key in settings.locked:
        if not configured:
            raise InputError(f"your organisation's policy locks {key} without a value, so team files are off "
                             "on this computer", field=flag, hint="Ask IT to set it.")
        if given is not None and given.expanduser().resolve() != Path(configured).expanduser().resolve():
            raise InputError(f"{given} cannot be used: your organisation's policy locks {key} to {configured}",
                             field=flag, hint=f"Leave out {flag}; the policy's value applies.")
        return Path(configured).expanduser()
    if given is not None:
        return given
    if configured:
        return Path(configured).expanduser()
    raise InputError(f"no {key} is set", field=flag, hint=f"Pass {flag}, or ask IT to set {key} in the policy.")


def cmd_team_export(args: argparse.Namespace, ctx: Context) -> Any:
    folder = _team_path(args.to, "team_folder", "--to", ctx.settings)
    key = team_files.read_key(_team_path(args.key_file, "team_key_file", "--key-file", ctx.settings))
    store = ctx.workspace.store
    figures.refresh(store)
    paths = team_files.export(store, folder, key, agents=args.agent, quotes=args.with_quotes,
                              decisions=team_files.decisions_of(store), sender=ctx.settings.display_agent())
    return {"written": [str(p) for p in paths], "folder": str(folder)}


def cmd_team_import(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.workspace.coaching_flow import CoachingFlow  # the re-scoring of an accepted dispute is coaching's

    source = _team_path(args.source, "team_folder", "--from", ctx.settings)
    key = team_files.read_key(_team_path(args.key_file, "team_key_file", "--key-file", ctx.settings))
    folder = team_files.read_folder(source, key)
    store = ctx.workspace.store
    imported: dict[str, Any] = {}
    applied = 0
    for path, doc in folder.good:
        if doc["kind"] == team_files.AGENT and not args.decisions_only:
            imported[path.name] = team_files.import_agent(store, path, doc)
        elif doc["kind"] == team_files.LEAD:
            flow = CoachingFlow(ctx.workspace)
            for d in doc["payload"]["decisions"]:
                for row in store.coaching.for_conversation(d["conversation_id"]):
                    dispute = store.coaching.dispute_of(row.id)
                    if (row.scored_as, row.rubric_version) == (d["scored_as"], d["rubric_version"]) \
                            and dispute is not None and not dispute.verdict:
                        flow.resolve(row.id, d["verdict"], final=d["final"] or None, comment=d["lead_comment"])
                        applied += 1
    for problem in folder.problems:
        print(f"assist: skipped {problem}", file=sys.stderr)
    return {"imported": imported, "decisions_applied": applied, "skipped": folder.problems}


def cmd_digest(args: argparse.Namespace, ctx: Context) -> Any:
    return digest.build(ctx.workspace.store, args.week)


def register_eval(esub: Any, common: argparse.ArgumentParser) -> None:
    """`assist eval gaps`: knowledge-gap grouping on banking77 and bitext (tune and report halves)."""
    p = esub.add_parser("gaps", parents=[common],
                        help="knowledge-gap grouping against labelled intents (banking77, bitext): B-cubed F1")
    p.set_defaults(handler=cmd_eval_gaps)


def cmd_eval_gaps(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.eval import gaps_eval

    return gaps_eval.run()
