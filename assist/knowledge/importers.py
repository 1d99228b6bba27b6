"""Help-centre knowledge: turning a customer's words into an FTS5 query, and article files into rows.

Search is SQLite FTS5 with BM25 (in the store). Stop words are dropped and the rest OR-ed, so a long
chatty message still finds the article that shares its few meaningful words.

Import (`load_articles`) reads Markdown (with optional front matter), HTML, CSV and JSON, including the
ABCD dataset's kb.json and guidelines.json. Files are strict UTF-8 and at most 20 MB; each bad file or
row becomes one problem line naming it, and never stops the good ones.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.base.textfiles import is_stdin, read_text_file

_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)
STOP_WORDS = frozenset(
    """
    the and for you your are was were have has had but not can could would should will with this that
    from they them their there what when where which who how why its it's i'm ive i've just about into
    been being did does doing dont don't get got out our ours hello thanks thank please any all some
    very too also still want need like know here then than now yes okay hey hi dear help sure one two
    day days time way back again really much many more most make made let lets going come came said bought
    """.split()  # noqa: SIM905 - a word list reads best as text
)


def fts_query(text: str, max_terms: int = 24) -> str:
    """An FTS5 MATCH expression: meaningful words, quoted as literals (no FTS syntax from users), OR-ed."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
    unique = list(dict.fromkeys(words))[:max_terms]
    return " OR ".join(f'"{w}"' for w in unique)


# --- importing help-centre articles --------------------------------------------------------------------
#
# `load_articles(path)` reads one file or a folder (recursively) of Markdown, HTML, CSV and JSON files
# into article dicts {id, title, body, tags, url} for Store.upsert_articles. A bad file never stops the
# good ones: each becomes one problem line naming the file and what is wrong.

MAX_FILE_BYTES = 20 * 1024 * 1024
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".csv": "csv",
            ".json": "json"}


@dataclass
class ImportResult:
    articles: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0  # supported files read (good or not)
    duplicates: int = 0  # articles replaced by a later one with the same id

    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def add(self, article: dict[str, Any]) -> None:
        """Keep the article; one with the same id as an earlier one replaces it (counted in duplicates)."""
        at = self._index.get(article["id"])
        if at is None:
            self._index[article["id"]] = len(self.articles)
            self.articles.append(article)
        else:
            self.articles[at] = article
            self.duplicates += 1

    def as_dict(self) -> dict[str, Any]:
        return {"articles": len(self.articles), "files": self.files, "duplicates": self.duplicates,
                "problems": list(self.problems)}

    def merge(self, other: ImportResult) -> None:
        for article in other.articles:
            self.add(article)
        self.problems += other.problems
        self.files += other.files
        self.duplicates += other.duplicates


class _FileProblem(Exception):
    """One file cannot be read as articles; the message says why (the file name is added by the caller)."""


def slug(text: str) -> str:
    """Lower-case words joined by '-': "Return Due to Size" -> "return-due-to-size"."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\W_]+", "-", folded, flags=re.UNICODE).strip("-")


def _id_from(text: str, prefix: str = "kb-") -> str:
    s = slug(text)
    return prefix + (s or hashlib.sha256(text.encode("utf-8")).hexdigest()[:10])


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[,;]", value.strip().strip("[]"))
    if not isinstance(value, list):
        return []
    tags = (str(t).strip().strip("'\"").strip() for t in value if isinstance(t, str | int | float))
    return list(dict.fromkeys(t for t in tags if t))


def _article(id_: str, title: str, body: str, tags: list[str] | None = None, url: str = "") -> dict[str, Any]:
    return {"id": id_.strip(), "title": title.strip(), "body": body.strip(), "tags": tags or [], "url": url.strip()}


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
        text = read_text_file(path, MAX_FILE_BYTES)
        kind = _sniff(text) if is_stdin(path) else SUFFIXES[path.suffix.lower()]
        entries: list[dict[str, Any] | str]
        if kind == "markdown":
            entries = [_markdown(text, path)]
        elif kind == "html":
            entries = [_html(text, path)]
        elif kind == "csv":
            entries = _csv(text, path)
        else:
            entries = _json(text, path)
    except InputError as exc:
        result.problems.append(str(exc))
        return result
    except _FileProblem as exc:
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


# --- Markdown ------------------------------------------------------------------------------------------

_HEADING = re.compile(r"^#\s+(.+?)(?:\s+#+)?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise _FileProblem("front matter starts with --- but has no closing --- line")
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise _FileProblem(f"front matter line {number}: expected 'key: value', got {line.strip()!r}")
        meta[key.strip().lower()] = value.strip().strip("'\"") if key.strip().lower() != "tags" else value.strip()
    return meta, "\n".join(lines[end + 1:])


def _markdown(text: str, path: Path) -> dict[str, Any]:
    meta, body = _front_matter(text)
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
    return _article(meta.get("id") or _id_from(stem), title or stem, body, _tags(meta.get("tags", "")),
                    meta.get("url", ""))


# --- HTML ----------------------------------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3",
               "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "figure",
               "figcaption", "form", "hr", "br", "address", "details", "summary", "body"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.title = ""
        self.h1 = ""
        self.url = ""
        self._skip = 0
        self._in_head = False
        self._in_title = False
        self._in_h1 = False
        self._h1_parts: list[str] = []

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text and text != "-":
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "head":
            self._in_head = True
        elif tag == "title":
            self._in_title = True
        elif tag == "link" and (attributes.get("rel") or "").lower() == "canonical":
            self.url = attributes.get("href") or ""
        elif tag == "body":
            self._in_head = False
        if tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self.current.append("- ")
        if tag == "h1" and not self.h1:
            self._in_h1 = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            return  # <svg/>: nothing inside to skip
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False
        if tag == "h1" and self._in_h1:
            self._in_h1 = False
            self.h1 = re.sub(r"\s+", " ", "".join(self._h1_parts)).strip()
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip or self._in_head:
            return
        else:
            self.current.append(data)
            if self._in_h1:
                self._h1_parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _html(text: str, path: Path) -> dict[str, Any]:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    title = re.sub(r"\s+", " ", parser.title).strip() or parser.h1 or path.stem
    return _article(_id_from(path.stem), title, "\n\n".join(parser.paragraphs), [], parser.url)


# --- CSV -----------------------------------------------------------------------------------------------


def _csv(text: str, path: Path) -> list[dict[str, Any] | str]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if "title" not in header or "body" not in header:
            found = ", ".join(h for h in header if h) or "nothing"
            raise _FileProblem(f"the CSV header needs 'title' and 'body' columns (found: {found})")
        entries: list[dict[str, Any] | str] = []
        for number, row in enumerate(reader, start=2):  # spreadsheet numbering: the header is row 1
            if not any(cell.strip() for cell in row):
                continue
            record = {name: (row[i] if i < len(row) else "") for i, name in enumerate(header) if name}
            missing = [name for name in ("title", "body") if not record.get(name, "").strip()]
            if missing:
                entries.append(f"row {number}: no {' and no '.join(missing)}, skipped")
                continue
            entries.append(_article(record.get("id", "").strip() or _id_from(record["title"]), record["title"],
                                    record["body"], _tags(record.get("tags", "")), record.get("url", "")))
    except csv.Error as exc:
        raise _FileProblem(f"not valid CSV (line {reader.line_num}: {exc})") from None
    if not entries:
        raise _FileProblem("no rows under the header")
    return entries


# --- JSON: a list of articles, or the ABCD dataset's kb.json / guidelines.json -------------------------

_JSON_SHAPES = ("a list of {title, body, id?, tags?, url?} objects (or {\"articles\": [...]}), "
                "ABCD kb.json or ABCD guidelines.json")


def _json(text: str, path: Path) -> list[dict[str, Any] | str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _FileProblem(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, list) and any(isinstance(o, dict) and "title" in o and "body" in o for o in data):
        return [_json_article(o, i) for i, o in enumerate(data)]
    if isinstance(data, dict) and data and all(isinstance(v, dict) and isinstance(v.get("subflows"), dict)
                                               for v in data.values()):
        return list(_abcd_guidelines(data))
    if isinstance(data, dict) and data and all(isinstance(v, list) and all(isinstance(s, str) for s in v)
                                               for v in data.values()):
        return list(_abcd_kb(data, _abcd_flow_names(path)))
    if isinstance(data, dict) and isinstance(data.get("intents"), dict):
        raise _FileProblem("an ABCD ontology.json names flows and actions but holds no articles; skipped")
    if isinstance(data, list) and not data:
        raise _FileProblem("an empty list: no articles")
    if isinstance(data, list):
        raise _FileProblem(f"a list of {len(data)} items, none an object with both 'title' and 'body' "
                           f"(conversations go in with `assist import`)")
    raise _FileProblem(f"not a knowledge-base shape; expected {_JSON_SHAPES}")


def _json_article(obj: Any, index: int) -> dict[str, Any] | str:
    if not isinstance(obj, dict):
        return f"[{index}]: expected an object, got {type(obj).__name__}"
    bad = [k for k in ("title", "body") if not isinstance(obj.get(k), str) or not obj[k].strip()]
    if bad:
        return f"[{index}]: {' and '.join(bad)} missing or not text, skipped"
    raw_id = obj.get("id")
    id_ = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else _id_from(obj["title"])
    url = obj.get("url") if isinstance(obj.get("url"), str) else ""
    return _article(id_, obj["title"], obj["body"], _tags(obj.get("tags", [])), url or "")


def _abcd_guidelines(data: dict[str, Any]) -> Iterator[dict[str, Any] | str]:
    """One article per flow/subflow: the flow's description, the subflow's instructions, the steps."""
    for flow, flow_data in data.items():
        description = flow_data.get("description") if isinstance(flow_data.get("description"), str) else ""
        for subflow, sub in flow_data["subflows"].items():
            id_ = f"abcd-{slug(flow)}-{slug(subflow)}"
            if not isinstance(sub, dict):
                yield f"{flow} / {subflow}: expected an object with actions and instructions, skipped"
                continue
            lines = [f"{flow}: {description}." if description else f"{flow}."]
            instructions = [s for s in sub.get("instructions", []) if isinstance(s, str) and s.strip()]
            if instructions:
                lines += ["", *instructions]
            actions = [a for a in sub.get("actions", []) if isinstance(a, dict)]
            if actions:
                lines += ["", "Steps:"]
            for n, action in enumerate(actions, start=1):
                button = str(action.get("button") or "").strip()
                text = str(action.get("text") or "").strip()
                head = f"{button}: {text}" if button and button != "N/A" and text != button else text or button
                lines.append(f"{n}. {head}")
                lines += [f"   - {s.strip()}" for s in action.get("subtext", []) if isinstance(s, str) and s.strip()]
            tags = ["abcd", slug(flow), *dict.fromkeys(slug(str(a.get("type", ""))) for a in actions if a.get("type"))]
            yield _article(id_, f"{subflow} ({flow})", "\n".join(lines), tags)


def _humanize(name: str) -> str:
    words = re.sub(r"[_\-]+", " ", name).strip()
    words = re.sub(r"\b2fa\b", "two-factor authentication", words, flags=re.IGNORECASE)
    return words[:1].upper() + words[1:]


def _abcd_flow_names(path: Path) -> dict[str, str]:
    """Subflow -> flow from an ABCD ontology.json next to kb.json, when there is one ("status" is ambiguous)."""
    try:
        ontology = json.loads(read_text_file(path.with_name("ontology.json"), MAX_FILE_BYTES))
        subflows = ontology["intents"]["subflows"]
        return {str(s): str(flow) for flow, names in subflows.items() for s in names}
    except (InputError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _abcd_kb(data: dict[str, list[str]], flows: dict[str, str]) -> Iterator[dict[str, Any]]:
    """kb.json maps each subflow to the agent actions it takes, in order: one short article per subflow."""
    for name, actions in data.items():
        flow = flows.get(name, "")
        title = f"{_humanize(flow)}: {_humanize(name).lower()}" if flow else _humanize(name)
        steps = [f"{n}. {_humanize(a)}" for n, a in enumerate(actions, start=1)]
        body = "\n".join([f"What the agent does for {title.lower()}, in order:", *steps])
        yield _article(f"abcd-kb-{slug(name)}", title, body, ["abcd", *([slug(flow)] if flow else [])])
