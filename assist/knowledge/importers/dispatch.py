"""Walking files and folders: each supported file goes to its format's importer; bad files become problems.

`load_articles(path)` reads one file or a folder (recursively) of Markdown, HTML, CSV and JSON files into
article dicts {id, title, body, tags, url, locale} for store.articles.upsert. A bad file never stops the good ones:
each becomes one problem line naming the file and what is wrong.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from assist.base.errors import InputError
from assist.base.textfiles import is_stdin, read_text_file
from assist.knowledge.importers import common, csv_files, html_files, json_files, markdown_files
from assist.knowledge.importers.common import Entry, FileProblem, ImportResult

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".csv": "csv",
            ".json": "json"}


def load_articles(path: Path) -> ImportResult:
    """Articles from one file or every supported file under a folder; bad files become problem lines."""
    result = ImportResult()
    if is_stdin(path):
        result.merge(_load_file(path))
    elif path.is_dir():
        files = _walk(path)
        if not files:
            result.problems.append(f"{path}: no .md, .markdown, .html, .htm, .csv or .json files in this folder")
        for file in files:
            result.merge(_load_file(file))
    elif path.exists():
        if path.suffix.lower() not in SUFFIXES:
            result.problems.append(f"{path}: not a supported file type (use .md, .markdown, .html, .htm, .csv "
                                   f"or .json)")
        else:
            result.merge(_load_file(path))
    else:
        result.problems.append(f"{path}: no such file or folder")
    return result


def load_all(paths: Iterable[Path]) -> ImportResult:
    """Several PATHs in order; a later article with the same id replaces an earlier one."""
    result = ImportResult()
    for path in paths:
        result.merge(load_articles(path))
    return result


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):  # does not follow symlinked folders, so no loops
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root) / n for n in sorted(names)
                  if not n.startswith(".") and Path(n).suffix.lower() in SUFFIXES]
    return found


def _load_file(path: Path) -> ImportResult:
    result = ImportResult(files=1)
    try:
        text = read_text_file(path, common.MAX_FILE_BYTES)
        kind = _sniff(text) if is_stdin(path) else SUFFIXES[path.suffix.lower()]
        entries: list[Entry]
        if kind == "markdown":
            entries = [markdown_files.parse(text, path)]
        elif kind == "html":
            entries = [html_files.parse(text, path)]
        elif kind == "csv":
            entries = csv_files.parse(text, path)
        else:
            entries = json_files.parse(text, path)
    except InputError as exc:
        result.problems.append(str(exc))
        return result
    except FileProblem as exc:
        result.problems.append(f"{path}: {exc}")
        return result
    for entry in entries:
        if isinstance(entry, str):
            result.problems.append(f"{path}: {entry}")
        elif not entry["title"]:
            result.problems.append(f"{path}: {entry['id']}: no title, skipped")
        elif not entry["body"]:
            result.problems.append(f"{path}: {entry['id']}: empty body, skipped")
        else:
            result.add(entry)
    return result


def _sniff(text: str) -> str:
    """The format of standard input, which has no file name: JSON, HTML, a CSV with a title column, else Markdown."""
    head = text.lstrip("\ufeff \t\r\n")[:1]
    first_line = text.lstrip().split("\n", 1)[0].lower()
    if head in "{[" and head:
        return "json"
    if head == "<":
        return "html"
    if "," in first_line and "title" in first_line.split(","):
        return "csv"
    return "markdown"
