"""JSON articles: a list of articles (or {"articles": [...]}), or the ABCD dataset's kb.json / guidelines.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assist.knowledge.importers import abcd
from assist.knowledge.importers.common import (
    BadLocale,
    Entry,
    FileProblem,
    article,
    make_id,
    parse_locale,
    parse_tags,
)

_LOCALE_KEYS = ("locale", "language", "lang")  # the first one present is used
_JSON_SHAPES = ("a list of {title, body, id?, tags?, url?, locale?} objects (or {\"articles\": [...]}), "
                "ABCD kb.json or ABCD guidelines.json")


def parse(text: str, path: Path) -> list[Entry]:
    try:
        data = json.loads(text)
    except RecursionError:  # Python's parser recurses per nesting level: refused as bad input, never a crash
        raise FileProblem("JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise FileProblem(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, list) and any(isinstance(o, dict) and "title" in o and "body" in o for o in data):
        return [_json_article(o, i) for i, o in enumerate(data)]
    if isinstance(data, dict) and data and all(isinstance(v, dict) and isinstance(v.get("subflows"), dict)
                                               for v in data.values()):
        return list(abcd.guidelines(data))
    if isinstance(data, dict) and data and all(isinstance(v, list) and all(isinstance(s, str) for s in v)
                                               for v in data.values()):
        return list(abcd.kb(data, abcd.flow_names(path)))
    if isinstance(data, dict) and isinstance(data.get("intents"), dict):
        raise FileProblem("an ABCD ontology.json names flows and actions but holds no articles; skipped")
    if isinstance(data, list) and not data:
        raise FileProblem("an empty list: no articles")
    if isinstance(data, list):
        raise FileProblem(f"a list of {len(data)} items, none an object with both 'title' and 'body' "
                          f"(conversations go in with `assist import`)")
    raise FileProblem(f"not a knowledge-base shape; expected {_JSON_SHAPES}")


def _json_article(obj: Any, index: int) -> Entry:
    if not isinstance(obj, dict):
        return f"[{index}]: expected an object, got {type(obj).__name__}"
    bad = [k for k in ("title", "body") if not isinstance(obj.get(k), str) or not obj[k].strip()]
    if bad:
        return f"[{index}]: {' and '.join(bad)} missing or not text, skipped"
    raw_id = obj.get("id")
    id_ = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else make_id(obj["title"])
    url = obj.get("url") if isinstance(obj.get("url"), str) else ""
    key = next((k for k in _LOCALE_KEYS if k in obj), "")
    try:
        locale = parse_locale(obj[key], repr(key)) if key else ""
    except BadLocale as exc:
        return f"[{index}] {id_}: {exc}, skipped"
    return article(id_, obj["title"], obj["body"], parse_tags(obj.get("tags", [])), url or "", locale)
