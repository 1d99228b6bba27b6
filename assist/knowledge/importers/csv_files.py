"""CSV articles: a header with 'title' and 'body' (and optional id, tags, url, locale); one article per row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assist.knowledge.importers.common import (
    BadLocale,
    Entry,
    FileProblem,
    article,
    make_id,
    parse_locale,
    parse_tags,
)


def parse(text: str, path: Path) -> list[Entry]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if "title" not in header or "body" not in header:
            found = ", ".join(h for h in header if h) or "nothing"
            raise FileProblem(f"the CSV header needs 'title' and 'body' columns (found: {found})")
        entries: list[Entry] = []
        for number, row in enumerate(reader, start=2):  # spreadsheet numbering: the header is row 1
            if not any(cell.strip() for cell in row):
                continue
            record = {name: (row[i] if i < len(row) else "") for i, name in enumerate(header) if name}
            missing = [name for name in ("title", "body") if not record.get(name, "").strip()]
            if missing:
                entries.append(f"row {number}: no {' and no '.join(missing)}, skipped")
                continue
            try:
                locale = parse_locale(record.get("locale", ""), "column 'locale'")
            except BadLocale as exc:
                entries.append(f"row {number}: {exc}, skipped")
                continue
            entries.append(article(record.get("id", "").strip() or make_id(record["title"]), record["title"],
                                   record["body"], parse_tags(record.get("tags", "")), record.get("url", ""),
                                   locale))
    except csv.Error as exc:
        raise FileProblem(f"not valid CSV (line {reader.line_num}: {exc})") from None
    if not entries:
        raise FileProblem("no rows under the header")
    return entries
