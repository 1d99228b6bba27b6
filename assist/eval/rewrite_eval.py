"""`assist eval rewrite`: does each rewrite action do what it says, on labelled drafts?

A case is a conversation (the interchange JSON) with `"_rewrite": {"text": DRAFT, "values": [...]}`: the
draft to rewrite and, labelled by hand, the values every rewrite of it must keep (tests/data/rewrite/). Each
action runs on each draft (translate only where the customer writes another language than the draft), as
the app runs it: checks, one retry, refusal. Per action:

- `shown`: the share of rewrites that passed their checks and replace the text (refusing everything fails
  this, target >= 0.8); `first_try`: the share the model got right at once; `model_shown`: the model's
  (first try or retry); `by_rules`: made by Assist's rules (on the built-in model they go first and the model
  is asked only when they find nothing: reply/rewrite.rules_first; elsewhere after the model's tries failed);
- `length_ratio`: median length of a shown rewrite over its draft ("shorter": <= 0.8), and its worst;
- `facts_kept`: the share of shown rewrites that keep every labelled value (target 1.0), read with
  assist.base.values so "150 dollars" keeps "$150";
- `language_kept`: the share of shown rewrites in the draft's language (the customer's, for translate);
- `problems`: why refused rewrites were refused, by kind; `seconds`: median time per rewrite;
- `offered`: the share the engine is offered for at all: translate is not with the built-in model
  (reply/rewrite.translate_unavailable), and then `not_offered` gives the reason the app shows. Those count
  as not shown; `meets_targets.shown` is over the offered actions and `meets_targets.all_offered` says
  whether every action was, so a model that cannot translate never passes as one that can.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assist.analysis.language import conversation_language, detect
from assist.base import textfiles
from assist.base.errors import InputError
from assist.base.values import find_values
from assist.base.vocab import RewriteAction
from assist.domain import conversation as conv_io
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.eval.usefulness import conversation_files
from assist.llm.engine import Engine
from assist.reply.rewrite import Rewrite, rewrite
from assist.reply.rewrite_checks import length_ratio

EXTRA = "_rewrite"
TARGETS = {"shown": 0.8, "facts_kept": 1.0, "language_kept": 1.0, "shorter_length_ratio": 0.8}


@dataclass(frozen=True)
class Case:
    conversation: Conversation
    text: str
    values: tuple[str, ...]
    language: str  # the draft's own language

    @property
    def actions(self) -> list[str]:
        customer = conversation_language(self.conversation)
        return [a for a in RewriteAction if a != RewriteAction.TRANSLATE or customer != self.language]


def _case(conversation: Conversation, source: str) -> Case:
    field = f"{conversation.id}.{EXTRA}"
    raw = conversation.extra.get(EXTRA)
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
        raise InputError('missing: each conversation needs "_rewrite": {"text": DRAFT, "values": [...]}',
                         source=source, field=field)
    values = raw.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v in raw["text"] for v in values):
        raise InputError("should list values written in the draft exactly as it writes them", source=source,
                         field=f"{field}.values")
    return Case(conversation, raw["text"], tuple(values), detect(raw["text"]) or "en")


def load_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    for file in conversation_files(path):
        source = "stdin" if textfiles.is_stdin(file) else str(file)
        cases += [_case(c, source) for c in conv_io.load_file(file)]
    if not cases:
        raise InputError("no conversations to rewrite", source=str(path))
    return cases


def value_kept(value: str, text: str) -> bool:
    """Whether `text` states the labelled `value`, in any wording the value parser reads alike."""
    wanted = {norm for v in find_values(value) for norm in v.norms}
    found = {norm for v in find_values(text) for norm in v.norms}
    return bool(wanted & found) or value.lower() in text.lower()


def _record(case: Case, action: str, made: Rewrite, seconds: float) -> dict[str, Any]:
    expected = conversation_language(case.conversation) if action == RewriteAction.TRANSLATE else case.language
    return {"id": case.conversation.id, "action": action, "shown": made.accepted and not made.cancelled,
            "first_try": made.accepted and made.attempts == 1 and not made.by_rules, "attempts": made.attempts,
            "by_rules": made.by_rules, "offered": not made.unavailable,
            "length_ratio": round(length_ratio(case.text, made.text), 3),
            "model_length_ratio": round(length_ratio(case.text, made.model_text), 3),
            "values_lost": [v for v in case.values if not value_kept(v, made.text)],
            "language": detect(made.text), "expected_language": expected,
            "problems": [p.kind.value for p in made.problems], "note": made.note, "text": made.text,
            "model_text": made.model_text, "seconds": round(seconds, 3)}


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 3) if flags else None


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    shown = [r for r in records if r["shown"]]
    ratios = [r["length_ratio"] for r in shown]
    refused = [r for r in records if not r.get("offered", True)]
    return {
        "n": len(records),
        # Not offered with this engine (translate on the built-in model): refused without a try, counted
        # as not shown, never as a pass; `not_offered` says why.
        "offered": _share([r.get("offered", True) for r in records]),
        **({"not_offered": refused[0]["note"]} if refused else {}),
        "shown": _share([r["shown"] for r in records]),
        "first_try": _share([r["first_try"] for r in records]),
        "model_shown": _share([r["shown"] and not r["by_rules"] for r in records]),
        "by_rules": _share([r["by_rules"] for r in records]),
        "length_ratio": round(statistics.median(ratios), 3) if ratios else None,
        "length_ratio_max": round(max(ratios), 3) if ratios else None,
        "facts_kept": _share([not r["values_lost"] for r in shown]),
        "language_kept": _share([r["language"] in (None, r["expected_language"]) for r in shown]),
        "problems": dict(Counter(p for r in records if not r["shown"] for p in r["problems"]).most_common()),
        "seconds": round(statistics.median(r["seconds"] for r in records), 3) if records else None,
    }


def evaluate(cases: list[Case], engine: Engine, playbook: Playbook, *, seed: int = 1234,
             actions: list[str] | None = None, progress: Callable[[str], None] | None = None,
             on_record: Callable[[dict[str, Any]], None] | None = None,
             ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Every action on every case; the report (overall and per action) and one record per rewrite, also
    handed to `on_record` as it is made (a run with the model takes long: its records survive a stop)."""
    records: list[dict[str, Any]] = []
    for case in cases:
        for action in case.actions:
            if actions and action not in actions:
                continue
            started = time.perf_counter()
            made = rewrite(engine, case.text, action, case.conversation, playbook, seed=seed)
            records.append(_record(case, action, made, time.perf_counter() - started))
            if on_record is not None:
                on_record(records[-1])
            if progress is not None:
                last = records[-1]
                progress(f"{case.conversation.id} {action}: {'shown' if last['shown'] else 'refused'} "
                         f"({last['length_ratio']:.2f}, {last['seconds']:.1f} s)")
    return report_of(records, len(cases), engine.name), records


def report_of(records: list[dict[str, Any]], cases: int, model: str) -> dict[str, Any]:
    """The report over these records: overall, per action, the targets and whether they are met."""
    by_action = {a: summarize([r for r in records if r["action"] == a])
                 for a in dict.fromkeys(r["action"] for r in records)}
    report: dict[str, Any] = {"cases": cases, "model": model, "overall": summarize(records),
                              "actions": by_action, "targets": TARGETS}
    shorter = by_action.get(RewriteAction.SHORTER, {})
    offered = {a: s for a, s in by_action.items() if s["offered"]}
    report["meets_targets"] = {
        # Over the actions this engine is offered for; `all_offered` says whether that is every action.
        "shown": all((s["shown"] or 0) >= TARGETS["shown"] for s in offered.values()),
        "all_offered": all(s["offered"] == 1.0 for s in by_action.values()),
        "facts_kept": all(s["facts_kept"] in (None, 1.0) for s in by_action.values()),
        "language_kept": all(s["language_kept"] in (None, 1.0) for s in by_action.values()),
        "shorter_length_ratio": (shorter.get("length_ratio_max") or 0) <= TARGETS["shorter_length_ratio"],
    }
    return report
