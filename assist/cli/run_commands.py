"""`assist app` (the default), `assist doctor` and `assist bench`."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from assist.base import qt_libraries
from assist.base.errors import EnvironmentProblem
from assist.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("app", parents=[common], help="open the Assist window (the default)")
    p.add_argument("--screenshot", type=Path, metavar="PNG",
                   help="render the main window offscreen to a PNG, then exit (about a second)")
    p.add_argument("--with-suggestion", action="store_true",
                   help="with --screenshot: wait for the model to stream a suggestion first (slower)")
    p.add_argument("--heartbeat-probe", action="store_true",
                   help="for `assist bench`: the worst GUI-thread stall while a suggestion streams, as JSON")
    p.set_defaults(handler=cmd_app)
    p = sub.add_parser("doctor", parents=[common], help="check this workstation and say how to fix problems")
    p.set_defaults(handler=cmd_doctor)
    p = sub.add_parser("bench", parents=[common], help="measure latency, throughput and UI responsiveness")
    p.add_argument("--model", help="model id (default: the configured one)")
    p.add_argument("--builds", nargs="+", type=Path, metavar="WHEEL",
                   help="instead: compare llama-cpp-python wheels (decode and prompt tok/s, same model and threads)")
    p.add_argument("--rounds", type=int, default=5, help="with --builds: alternating rounds per build")
    p.add_argument("--engine", choices=("local", "server"), default="local",
                   help="server: the local model and the model server side by side (TTFT, tok/s)")
    p.add_argument("--server-url", help="with --engine server: this OpenAI-compatible URL (default: Settings')")
    p.add_argument("--server-model", help="with --engine server: this model name (default: Settings')")
    p.add_argument("--tagging", action="store_true",
                   help="instead: only the tagging figures (re-tag 10,000 conversations, a million-row CSV), no model")
    p.add_argument("--coaching", action="store_true",
                   help="instead: only the coaching figures (one report, 10,000 stored conversations), no model")
    p.add_argument("--lead", action="store_true",
                   help="instead: only the lead view's figures over a generated 50,000-conversation store, no model")
    p.add_argument("--sync", action="store_true",
                   help="instead: the connector figures (a 10,000-ticket soak, live arrival-to-ready), no model")
    p.add_argument("--package", type=Path, metavar="DIR",
                   help="instead: a packaged build's size and start-up (launch to window, to model loaded), beside "
                        "this checkout's")
    p.add_argument("--drop-caches", action="store_true",
                   help="with --package: empty the page cache before each first launch (Linux, root)")
    p.set_defaults(handler=cmd_bench)


def cmd_app(args: argparse.Namespace, ctx: Context) -> int:
    screenshot = getattr(args, "screenshot", None)
    if getattr(args, "heartbeat_probe", False):
        probe = importlib.import_module("ui.base.bench_probe")  # offscreen, so no display check
        code: int = probe.main()
        return code
    if screenshot is None and _no_display():
        # Without this, Qt aborts the process with a plugin error several lines long.
        raise EnvironmentProblem("no display to open the window on",
                                 hint="Run it in a desktop session, or render it headless: "
                                      "assist app --screenshot shot.png (or QT_QPA_PLATFORM=offscreen).")
    if screenshot is None and _uses_xcb():
        missing = qt_libraries.missing_libraries()
        if missing:  # else Qt aborts with a long message that names packages that may be installed already
            raise EnvironmentProblem(f"the window cannot open: missing system libraries {', '.join(missing)}",
                                     hint=qt_libraries.install_hint(missing))
    # The only road from the core to Qt, taken lazily so every other command runs without it.
    app = importlib.import_module("ui.app")
    started = time.perf_counter()
    shown: int = app.run(sys.argv[:1], data_dir=ctx.data_dir, demo=ctx.demo, screenshot=screenshot,
                         screenshot_suggestion=bool(getattr(args, "with_suggestion", False)))
    if screenshot is not None and shown == 0:
        where = str(screenshot.resolve())
        seconds = round(time.perf_counter() - started, 2)
        ctx.emit({"screenshot": where, "seconds": seconds} if ctx.json_output
                 else f"Wrote the screenshot to {where} ({seconds:.1f} s)")
    elif screenshot is not None and shown == 1:  # the grab could not be saved (the window did show)
        raise EnvironmentProblem(f"could not write the screenshot {screenshot}",
                                 hint="check that its folder is writable; the log file has the details")
    return shown


def _uses_xcb() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return sys.platform.startswith("linux") and (platform.startswith("xcb") or
                                                 (not platform and bool(os.environ.get("DISPLAY"))))


def _no_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_doctor(args: argparse.Namespace, ctx: Context) -> Any:
    from assist.workspace import doctor

    checks = doctor.run_checks(ctx.data_dir, demo=ctx.demo)
    failed = any(c.status == "fail" for c in checks)
    effective = doctor.effective_settings()
    if ctx.json_output:
        ctx.emit({"ok": not failed, "checks": [c.as_dict() for c in checks], "settings": effective})
    else:
        for c in checks:
            print(f"[{c.status:>4}] {c.name}: {c.detail}" + (f"\n       fix: {c.fix}" if c.fix else ""))
        print("effective settings (value · where it came from):")
        for row in effective:
            print(f"  {row['key']} = {row['value']!r} · {row['origin']}")
    return 1 if failed else 0


def cmd_bench(args: argparse.Namespace, ctx: Context) -> Any:
    if args.package:
        from assist.eval import package_bench

        return package_bench.run(args.package, drop_caches=args.drop_caches)
    if args.builds:
        from assist.eval import bench_builds

        return bench_builds.compare(args.builds, rounds=args.rounds, model_id=args.model,
                                    progress=not ctx.json_output)
    if args.tagging:
        from assist.eval import tagging_bench

        return tagging_bench.run()
    if args.sync:
        from assist.eval import sync_bench

        return sync_bench.run()
    if args.coaching:
        from assist.eval import coaching_bench

        return coaching_bench.run_with_targets()
    if args.lead:
        from assist.eval import lead_bench

        return lead_bench.run_with_targets()
    if args.engine == "server":
        import dataclasses

        from assist.config import settings as settings_store
        from assist.eval import bench_engines

        chosen = settings_store.load()
        chosen = dataclasses.replace(chosen, server_url=args.server_url or chosen.server_url,
                                     server_model=args.server_model or chosen.server_model)
        return bench_engines.run(chosen, model_id=args.model, progress=not ctx.json_output)
    from assist.eval import bench

    return bench.run(model_id=args.model, progress=not ctx.json_output)
