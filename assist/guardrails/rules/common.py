"""What every rule check gets and gives: a Reply (the checked text plus views shared by all rules of one
check() call) in, (start, end, detail) spans out; and the small helpers the families share."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from assist.base.text import sentence_partition
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook, Rule

Span = tuple[int, int, str]  # start, end, short detail ("" for none)
Check = Callable[[Rule, "Reply"], Iterator[Span]]

# Clauses inside a sentence: "we can't do X, but we'll ship to Y" has two opposite halves.
_CLAUSE_BREAK = re.compile(r"[;:]|,?\s+but\b|\bhowever\b|\s[-–—]\s", re.IGNORECASE)


class Reply:
    """The checked text plus lazily computed views shared by all rules of one check() call."""

    def __init__(self, text: str, playbook: Playbook, conversation: Conversation | None,
                 sources: Sequence[str] = ()) -> None:
        self.text = text
        self.playbook = playbook
        self.conversation = conversation
        self.sources = tuple(sources)  # the cited passages' text (for unsupported_fact)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return sentence_partition(self.text)

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [end for _, end in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._sentence_ends, pos)
        return self.sentences[min(index, len(self.sentences) - 1)]

    def sentence_text(self, pos: int) -> str:
        start, end = self.sentence_at(pos)
        return self.text[start:end]

    def clause_at(self, pos: int) -> tuple[int, int]:
        lo, hi = self.sentence_at(pos)
        for m in _CLAUSE_BREAK.finditer(self.text, lo, hi):
            if m.end() <= pos:
                lo = m.end()
            elif m.start() >= pos:
                hi = m.start()
                break
        return lo, hi


@dataclass(frozen=True)
class RuleKind:
    """One rule kind: its check and its fix (what the model should do instead, for the gate's retry: a small
    model follows "do X" better than "you broke rule Y"). `fix` is a text, or a function of the rule when
    the text needs the rule's parameters."""

    check: Check
    fix: str | Callable[[Rule], str] = ""

    def fix_for(self, rule: Rule) -> str:
        return self.fix(rule) if callable(self.fix) else self.fix


def str_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return ()
