"""The help centre as coaching's accuracy check sees it: passages for a question (knowledge.retrieval),
and which kinds of value (durations in days, amounts in USD) the help centre states at all, so a reply's
value is only searched for when the help centre could say otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assist.base.values import find_values

FACT_KINDS = frozenset({"duration", "amount"})


def unit(norm: str) -> str:
    """"duration:30:day" -> "duration:day", "amount:150:USD" -> "amount:USD": what a value is about."""
    parts = norm.split(":")
    return f"{parts[0]}:{parts[-1]}" if len(parts) >= 3 else parts[0]


class HelpCentre:
    def __init__(self, retriever: Any, articles: Callable[[], list[dict[str, Any]]],
                 signature: Callable[[], Any]) -> None:
        self.retriever = retriever
        self._articles = articles
        self._signature = signature
        self._units: frozenset[str] = frozenset()
        self._units_at: Any = None

    def units(self) -> frozenset[str]:
        """Every duration and amount unit some article states (rebuilt when the articles change)."""
        signature = self._signature()
        if signature != self._units_at:
            self._units = frozenset(unit(v.norm) for a in self._articles()
                                    for v in find_values(f"{a.get('title', '')}\n{a.get('body', '')}")
                                    if v.kind in FACT_KINDS)
            self._units_at = signature
        return self._units

    def passages(self, question: str, language: str) -> list[str]:
        return [h.passage.text for h in self.retriever.search(question, language=language, limit=3)]
