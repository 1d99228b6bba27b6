"""The `assist` command. Every capability is scriptable; `--json` prints one JSON document on stdout.

No arguments opens the app. Errors print one line (and a hint) on stderr and exit non-zero, never a
traceback; unexpected errors are logged with their traceback to the log file.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from assist import __version__
from assist.base import logs
from assist.base.errors import AssistError, EnvironmentProblem
from assist.cli import (
    check_commands,
    coach_commands,
    connector_commands,
    data_commands,
    eval_commands,
    handoff_commands,
    kb_commands,
    model_commands,
    playbook_commands,
    report_commands,
    run_commands,
    support_commands,
    tag_commands,
)
from assist.cli.context import Context
from assist.llm import probe

log = logging.getLogger("assist.cli")

EXIT_INPUT = 2
EXIT_ENVIRONMENT = 3
EXIT_BUG = 70
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what `yes | head -1` reports for `yes`


class UsageError(AssistError):
    """A bad command line (unknown command, missing flag, bad value): argparse's message as one line."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is raised (and reported like every other error, --json included)
    instead of printing the usage block and exiting from inside parse_args."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, hint=f"see `{self.prog} --help`")


def _common() -> argparse.ArgumentParser:
    """Flags accepted both before and after the subcommand (`assist --json doctor` = `assist doctor --json`)."""
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print one JSON document on stdout")
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="workspace folder (default: ASSIST_DATA_DIR or the platform's data dir)")
    common.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                        help="use the demo workspace (Northwind Goods), kept apart from real data")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(prog="assist", parents=[common],
                     description="Agent-assist companion: local LLM replies, handoff briefs, "
                                 "tags and coaching. Without a command, opens the app.")
    parser.add_argument("--version", action="version", version=f"assist {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (run_commands, data_commands, model_commands, handoff_commands, kb_commands, check_commands,
                   eval_commands, connector_commands, tag_commands, coach_commands, playbook_commands,
                   report_commands, support_commands):
        module.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [probe.CHILD_COMMAND]:  # the engine check's child process (llm/probe.py), not for people
        return probe.run_child(argv[1:])
    logs.enable_native_crash_log()
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        return _fail(Context(json_output="--json" in argv), exc, EXIT_INPUT)
    ctx = Context(json_output=getattr(args, "json", False), data_dir=getattr(args, "data_dir", None),
                  demo=getattr(args, "demo", False))
    log_file = logs.setup_logging()
    handler = getattr(args, "handler", None) or run_commands.cmd_app
    try:
        result = handler(args, ctx)
        if result is not None and not isinstance(result, int):
            ctx.emit(result)
        sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at exit
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `assist export | head -1`: the reader has gone, which is not an error of ours. Point stdout at
        # devnull so the interpreter's final flush does not fail again, and exit as a piped tool does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except AssistError as exc:
        return _fail(ctx, exc, EXIT_ENVIRONMENT if isinstance(exc, EnvironmentProblem) else EXIT_INPUT,
                     " ".join(_command_words(args)))
    except Exception as exc:
        log.exception("unexpected error in %s", getattr(args, "command", "app"))
        return _fail(ctx, AssistError(f"internal error: {type(exc).__name__}: {exc}",
                                      hint=f"This is a bug; details are in {log_file}"), EXIT_BUG)
    finally:
        ctx.close()
    return result if isinstance(result, int) else 0


# When an error brings no hint of its own, what the user can do next (by exit code): --json carries it too.
DEFAULT_HINTS = {EXIT_INPUT: "see `assist {command}--help` for what it expects",
                 EXIT_ENVIRONMENT: "`assist doctor` checks this workstation and says how to fix it"}


def _command_words(args: argparse.Namespace) -> list[str]:
    """The command as typed, for a hint: "kb search", "eval rewrite"."""
    words = [getattr(args, "command", None)]
    words += [getattr(args, f"{words[0]}_command", None)] if words[0] else []
    return [w for w in words if w]


def _fail(ctx: Context, exc: AssistError, code: int, command: str = "") -> int:
    hint = exc.hint or DEFAULT_HINTS.get(code, "").format(command=f"{command} " if command else "")
    print(f"assist: error: {exc}", file=sys.stderr)
    if hint:
        print(f"assist: hint: {hint}", file=sys.stderr)
    if ctx.json_output:
        payload: dict[str, Any] = {"error": str(exc), "hint": hint, "exit_code": code}
        print(json.dumps(payload))
    return code
