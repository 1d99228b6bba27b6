"""Markdown articles: optional front matter (title, id, tags, url, locale or lang), else the first `# heading`
outside code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assist.base.textfiles import is_stdin
from assist.knowledge.importers.common import BadLocale, FileProblem, article, make_id, parse_locale, parse_tags

_HEADING = re.compile(r"^#\s+(.+?)(?:\s+#+)?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LOCALE_KEYS = ("locale", "lang", "language")  # the first one present is used


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise FileProblem("front matter starts with --- but has no closing --- line")
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise FileProblem(f"front matter line {number}: expected 'key: value', got {line.strip()!r}")
        meta[key.strip().lower()] = value.strip().strip("'\"") if key.strip().lower() != "tags" else value.strip()
    return meta, "\n".join(lines[end + 1:])


def _locale(meta: dict[str, str]) -> str:
    key = next((k for k in _LOCALE_KEYS if k in meta), "")
    if not key:
        return ""
    try:
        return parse_locale(meta[key], f"front matter {key!r}")
    except BadLocale as exc:
        raise FileProblem(str(exc)) from None


def parse(text: str, path: Path) -> dict[str, Any]:
    meta, body = _front_matter(text)
    locale = _locale(meta)
    title = meta.get("title", "")
    if not title:
        in_fence = False
        for line in body.splitlines():
            if _FENCE.match(line):
                in_fence = not in_fence
            elif not in_fence and (m := _HEADING.match(line)):
                title = m.group(1)
                break
    stem = title if is_stdin(path) else path.stem  # standard input has no file name to take the id from
    return article(meta.get("id") or make_id(stem), title or stem, body, parse_tags(meta.get("tags", "")),
                   meta.get("url", ""), locale)
