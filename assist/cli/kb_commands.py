"""`assist kb import PATH...` and `assist kb search QUERY`: the help-centre articles replies cite.

Import reads every PATH (files or folders), writes the good files' articles in one transaction and lists
each bad file. Exit code: 0 all imported, 1 some files had problems (the good ones were imported), 2
nothing could be imported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.cli.context import Context
from assist.knowledge import importers as knowledge

EXIT_PARTIAL = 1
EXIT_NOTHING = 2


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    kb = sub.add_parser("kb", parents=[common], help="import or search the help-centre articles")
    ksub = kb.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    p = ksub.add_parser("import", parents=[common],
                        help="import articles: Markdown, HTML, CSV or JSON files, or folders of them")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.set_defaults(handler=cmd_kb_import)
    p = ksub.add_parser("search", parents=[common], help="the best-matching articles for a question (BM25)")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--limit", type=int, default=5, help="how many hits (1-100, default 5)")
    p.set_defaults(handler=cmd_kb_search)


def cmd_kb_import(args: argparse.Namespace, ctx: Context) -> int:
    loaded = knowledge.load_all(args.paths)
    source = ", ".join(str(p) for p in args.paths)
    imported = 0
    if loaded.articles:
        store = ctx.workspace.store
        imported = store.articles.upsert(loaded.articles, source=source)
        store.audit.log("cli", "kb.import", source, {"imported": imported, "files": loaded.files,
                                                 "problems": len(loaded.problems)})
    code = 0 if imported and not loaded.problems else EXIT_PARTIAL if imported else EXIT_NOTHING
    report = {"imported": imported, "files": loaded.files, "duplicates": loaded.duplicates,
              "problems": loaded.problems}
    if ctx.json_output:
        ctx.emit(report)
    else:
        print(f"Imported {imported} article{'s' * (imported != 1)} from {source} "
              f"({loaded.files} file{'s' * (loaded.files != 1)} read"
              + (f", {loaded.duplicates} duplicate id{'s' * (loaded.duplicates != 1)} kept once" if loaded.duplicates
                 else "") + ").")
        if loaded.problems:
            lead = "Skipped (the good files were imported):" if imported else "Problems:"
            print(lead)
            for problem in loaded.problems:
                print(f"  - {problem}")
    if code == EXIT_NOTHING:
        print("assist: error: no articles imported" + (f"; {len(loaded.problems)} problem(s) above"
                                                        if not ctx.json_output else ""), file=sys.stderr)
    elif code == EXIT_PARTIAL:
        print(f"assist: warning: {len(loaded.problems)} problem(s); the other articles were imported",
              file=sys.stderr)
    return code


def cmd_kb_search(args: argparse.Namespace, ctx: Context) -> dict[str, Any] | str:
    if not 1 <= args.limit <= 100:
        raise InputError("should be between 1 and 100", field="--limit")
    query = " ".join(args.query).strip()
    store = ctx.workspace.store
    hits = [{"id": h["id"], "title": h["title"], "score": round(-float(h["score"]), 3)}  # BM25: higher is better
            for h in store.articles.search(query, limit=args.limit)]
    if ctx.json_output:
        return {"query": query, "hits": hits}
    if not hits:
        if store.count("articles") == 0:
            return "No articles yet. Import some with: assist kb import PATH"
        return "No matching articles."
    width = max(len(h["id"]) for h in hits)
    return "\n".join(f"{i}. {h['score']:7.3f}  {h['id']:<{width}}  {h['title']}" for i, h in enumerate(hits, 1))
