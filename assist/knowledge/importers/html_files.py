"""HTML articles: the visible text as paragraphs; title from <title> or the first <h1>; the canonical link."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from assist.knowledge.importers.common import article, make_id

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


def parse(text: str, path: Path) -> dict[str, Any]:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    title = re.sub(r"\s+", " ", parser.title).strip() or parser.h1 or path.stem
    return article(make_id(path.stem), title, "\n\n".join(parser.paragraphs), [], parser.url)
