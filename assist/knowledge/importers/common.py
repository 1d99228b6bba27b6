"""What every article importer shares: the result it fills, the article dict it builds, ids, slugs and tags.

An article is a dict {id, title, body, tags, url, locale}, the shape store.articles.upsert takes; locale is
a short language code ("es", "pt-BR") or "" when the source does not say.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# Read as `common.MAX_FILE_BYTES` at call time (not imported by name), so one value governs every reader.
MAX_FILE_BYTES = 20 * 1024 * 1024

Entry = dict[str, Any] | str  # an article, or a problem line about one row/entry of a file


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


class FileProblem(Exception):
    """One file cannot be read as articles; the message says why (the file name is added by the caller)."""


def slug(text: str) -> str:
    """Lower-case words joined by '-': "Return Due to Size" -> "return-due-to-size"."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\W_]+", "-", folded, flags=re.UNICODE).strip("-")


def make_id(text: str, prefix: str = "kb-") -> str:
    s = slug(text)
    return prefix + (s or hashlib.sha256(text.encode("utf-8")).hexdigest()[:10])


def parse_tags(value: Any) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[,;]", value.strip().strip("[]"))
    if not isinstance(value, list):
        return []
    tags = (str(t).strip().strip("'\"").strip() for t in value if isinstance(t, str | int | float))
    return list(dict.fromkeys(t for t in tags if t))


_LOCALE = re.compile(r"([A-Za-z]{2})(?:[-_]([A-Za-z]{2}))?")


class BadLocale(ValueError):
    """A locale that is not a short language code; the message names the field and the value."""


def parse_locale(value: Any, field_name: str) -> str:
    """A short language code, normalised ("ES" -> "es", "pt_br" -> "pt-BR"); "" when empty or missing.

    Raises BadLocale, naming the field, for anything else ("English", "eng", "es-419", a number).
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadLocale(f"{field_name}: expected a language code such as es or pt-BR, got {type(value).__name__}")
    text = value.strip()
    if not text:
        return ""
    m = _LOCALE.fullmatch(text)
    if not m:
        raise BadLocale(f"{field_name}: {text!r} is not a language code (use 2 letters, optionally a region: "
                        f"es, fr, pt-BR)")
    language, region = m.group(1).lower(), m.group(2)
    return f"{language}-{region.upper()}" if region else language


def article(id_: str, title: str, body: str, tags: list[str] | None = None, url: str = "",
            locale: str = "") -> dict[str, Any]:
    return {"id": id_.strip(), "title": title.strip(), "body": body.strip(), "tags": tags or [], "url": url.strip(),
            "locale": locale}
