"""Articles split into passages at their headings: the unit a reply quotes from and cites.

A passage keeps its article's title and the heading it sits under, so "How to start a return" still knows it
is about returns. Markdown emphasis and list markers are removed from the text; sentences stay verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(.+?)\1")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


@dataclass(frozen=True)
class Passage:
    article_id: str
    title: str
    heading: str  # "" for the article's opening section
    text: str  # plain text, one line per paragraph or list item
    index: int  # position in the article (0 = the opening)
    locale: str = ""
    steps: tuple[str, ...] = ()  # its numbered list's items, in order ("Go to Orders", "Select Return an item")

    @property
    def label(self) -> str:
        return f"{self.title} › {self.heading}" if self.heading else self.title


def plain(markdown_line: str) -> str:
    line = _LIST.sub("", markdown_line)
    line = _LINK.sub(r"\1 (\2)", line)
    return _EMPHASIS.sub(r"\2", line).strip()


def split(article_id: str, title: str, body: str, locale: str = "") -> list[Passage]:
    """The article's sections, each under its nearest heading; the first-level title heading is dropped."""
    sections: list[tuple[str, list[str], list[str]]] = [("", [], [])]
    for raw in body.splitlines():
        m = _HEADING.match(raw)
        if m:
            heading = plain(m.group(2))
            if len(m.group(1)) == 1 and plain(heading).lower() == title.lower():
                continue  # "# Returning an item" repeats the title
            sections.append((heading, [], []))
        elif raw.strip():
            sections[-1][1].append(plain(raw))
            if _NUMBERED.match(raw):
                sections[-1][2].append(plain(raw))
    passages: list[Passage] = []
    for heading, lines, steps in sections:
        if lines:
            passages.append(Passage(article_id, title, heading, "\n".join(lines), len(passages), locale, tuple(steps)))
    return passages
