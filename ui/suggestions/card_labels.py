"""Display text on a card and in the panel's status line: outcomes, flag reasons, rewrite actions, and the
generation stats under a finished reply.
"""

from __future__ import annotations

from assist.base.vocab import Origin
from assist.reply.suggest import Suggestion
from ui import labels

OUTCOME_LABELS: dict[str, str] = {"": "", **labels.OUTCOME}
FLAG_LABELS: dict[str, str] = dict(labels.FLAG_REASON)
REWRITE_LABELS: dict[str, str] = dict(labels.REWRITE_ACTION)


def stats_line(suggestion: Suggestion) -> str:
    nbsp = "\u00a0"  # keep "61 tok/s" and "ttft 0.4 s" whole when the narrow panel wraps the line
    if suggestion.origin != "model":  # composed from the help centre: where it came from, not model stats
        where = labels.label(suggestion.origin, labels.ORIGIN)
        if suggestion.origin == Origin.TEAM_ANSWER and suggestion.source_author:
            where = f"How {suggestion.source_author} answered a similar question"
        source = labels.label(suggestion.source_locale, labels.LANGUAGE_NAME) if suggestion.source_locale else ""
        note = f"source in {source}" if source else ""
        return " · ".join(p for p in (where, note) if p)
    parts = [suggestion.model, f"ttft{nbsp}{suggestion.ttft_s:.1f}{nbsp}s"]
    if suggestion.tokens_per_s:
        parts.append(f"{suggestion.tokens_per_s:.0f}{nbsp}tok\u2060/\u2060s")  # word joiners: no break at "/"
    if suggestion.cancelled:
        parts.append("stopped")
    return " · ".join(p for p in parts if p)


def flag_label(reason: str) -> str:
    return f"Flagged: {FLAG_LABELS.get(reason, reason).lower()}"
