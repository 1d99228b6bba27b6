"""`assist eval usefulness`: are the suggestions useful? Measured on labelled conversations and on bitext.

Each conversation carries `"_expect": {"fact": REGEX or null, "article": ID or null, "language": CODE}`
(tests/data/usefulness/README.md): `fact` matches the literal value the help centre gives (case-insensitive),
`article` is the article that answers the question (null: the help centre does not; a translation of it,
`<id>-<locale>`, counts as the same article), `language` is the
language the reply must be in. Every conversation is composed against a fresh demo workspace, so the
figures do not depend on what the user's own workspace holds.

Figures are shares in [0, 1] over the conversations they apply to (null when none do), except the counts
`unsupported_facts` and `placeholders` (findings of rules of those kinds in the playbook, on every first
suggestion) and the median `ms_to_first_suggestion`. They are reported, never
asserted: the tune half is for tuning, the report half for reporting.

With bitext (../shared/data/bitext, CDLA-Sharing 1.0): retrieval of the demo article that each mapped intent
asks about (tests/data/usefulness/bitext_intents.json; the retrieval synonyms were tuned on the even rows, the
odd rows are reported apart), and similar-question retrieval for few-shot examples:
each 5th request held out, is its nearest request in the rest (the examples' BM25) of the same intent?
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import re
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assist.base import textfiles
from assist.base.errors import InputError
from assist.domain import conversation as conv_io
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails
from assist.knowledge.retrieval import Retriever
from assist.reply import examples
from assist.workspace.workspace import Workspace

EXPECT = "_expect"
UNSUPPORTED_KIND = "unsupported_fact"
PLACEHOLDER_KIND = "placeholder"
NO_ANSWER = "no_answer"
HELD_OUT_EVERY = 5  # bitext similar-question retrieval: rows 4, 9, 14, ... are the questions
MAX_CSV_BYTES = 100 * 1024 * 1024
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BITEXT = PROJECT_ROOT.parent / "shared" / "data" / "bitext" / "bitext-customer-support-4514.csv"
DEFAULT_INTENTS = PROJECT_ROOT / "tests" / "data" / "usefulness" / "bitext_intents.json"

Compose = Callable[..., Any]  # assist.reply.compose.compose(conversation, store, playbook, *, agent_name)


@dataclass(frozen=True)
class Expectation:
    fact: re.Pattern[str] | None
    article: str | None
    language: str

    @property
    def answerable(self) -> bool:
        return self.article is not None or self.fact is not None


@dataclass(frozen=True)
class Case:
    conversation: Conversation
    expect: Expectation
    source: str


# --- input -------------------------------------------------------------------------------------------------

def _expectation(conversation: Conversation, source: str) -> Expectation:
    field = f"{conversation.id}.{EXPECT}"
    raw = conversation.extra.get(EXPECT)
    if not isinstance(raw, dict):
        raise InputError('missing or not an object: each conversation needs "_expect": '
                         '{"fact": REGEX or null, "article": ID or null, "language": CODE}', source=source, field=field)
    fact, article, language = raw.get("fact"), raw.get("article"), raw.get("language")
    if fact is not None and (not isinstance(fact, str) or not fact):
        raise InputError("should be a non-empty regular expression or null", source=source, field=f"{field}.fact")
    if article is not None and (not isinstance(article, str) or not article):
        raise InputError("should be an article id or null", source=source, field=f"{field}.article")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}", language):
        raise InputError("should be a language code such as en or es", source=source, field=f"{field}.language")
    if (fact is None) != (article is None):
        raise InputError("fact and article are both set (answerable) or both null (not in the help centre)",
                         source=source, field=field)
    try:
        pattern = re.compile(fact, re.IGNORECASE) if fact is not None else None
    except re.error as exc:
        raise InputError(f"not a valid regular expression ({exc})", source=source, field=f"{field}.fact") from None
    return Expectation(pattern, article, language)


def conversation_files(path: Path) -> list[Path]:
    """A file (JSON or JSON Lines), or every *.jsonl file of a folder, sorted."""
    if not textfiles.is_stdin(path) and path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".jsonl")
        if not files:
            raise InputError("no .jsonl conversation files in this folder", source=str(path))
        return files
    if not textfiles.is_stdin(path) and not path.exists():
        raise InputError("no such file or folder", source=str(path))
    return [path]


def load_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for file in conversation_files(path):
        source = "stdin" if textfiles.is_stdin(file) else str(file)
        for conversation in conv_io.load_file(file):
            if conversation.id in seen:
                raise InputError(f"conversation id {conversation.id!r} is also in {seen[conversation.id]}",
                                 source=source, field="id")
            seen[conversation.id] = source
            cases.append(Case(conversation, _expectation(conversation, source), source))
    return cases


# --- measuring ---------------------------------------------------------------------------------------------

@contextmanager
def demo_workspace() -> Iterator[Workspace]:
    """A fresh demo workspace in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="assist-usefulness-") as folder:
        workspace = Workspace.open(Path(folder) / "demo", demo_mode=True)
        try:
            yield workspace
        finally:
            workspace.close()


def translations(workspace: Workspace) -> dict[str, str]:
    """A translated article's id -> the id it translates: `kb-returns-es` (locale es) -> `kb-returns`, when
    that article exists. `_expect.article` names the original; its translations answer just as well."""
    articles = workspace.store.articles.all()
    ids = {a["id"] for a in articles}
    out = {}
    for article in articles:
        locale = (article.get("locale") or "").lower()
        base = article["id"].removesuffix(f"-{locale}") if locale else article["id"]
        if base != article["id"] and base in ids:
            out[article["id"]] = base
    return out


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def _kinds(playbook: Playbook) -> dict[str, str]:
    return {rule.id: rule.kind for rule in playbook.rules}


def _shown_texts(composed: Any) -> list[str]:
    """The first suggestion, then any further cards Composed offers (none yet: fact_any == fact_first)."""
    more = getattr(composed, "alternatives", None) or []
    return [composed.text, *(str(t) for t in more)]


def _sources(composed: Any, retriever: Retriever) -> list[str]:
    """What the reply may state as fact, as the app checks it: the passages the answer drew on, else the
    passages of the cited articles."""
    passages = getattr(composed, "passages", None)
    if passages is None:
        passages = [p for article_id in composed.citations for p in retriever.passages_of(article_id)]
    return [p.text for p in passages]


def _takes_retriever(compose: Compose) -> bool:
    try:
        return "retriever" in inspect.signature(compose).parameters
    except (TypeError, ValueError):
        return False


def measure_case(case: Case, compose: Compose, workspace: Workspace, retriever: Retriever,
                 originals: dict[str, str] | None = None) -> dict[str, Any]:
    conversation, expect = case.conversation, case.expect
    playbook = workspace.playbook()
    # The app keeps one passage index for all requests; so does the measurement, when compose takes one.
    shared = {"retriever": retriever} if _takes_retriever(compose) else {}
    started = time.perf_counter()
    composed = compose(conversation, workspace.store, playbook, **shared)
    ms = (time.perf_counter() - started) * 1000
    findings = guardrails.check(composed.text, playbook, conversation, sources=_sources(composed, retriever))
    kinds = _kinds(playbook)
    # Retrieval as the composer ran it (the ask, with its context when short), not a search of our own.
    hits = list(getattr(composed, "retrieved", ()) or ())
    if not hits:
        query = getattr(composed, "query", "") or composed.ask
        hits = [h.article_id for h in retriever.search(query, language=composed.language, limit=3)]
    found = [(originals or {}).get(h, h) for h in hits]
    record: dict[str, Any] = {
        "id": conversation.id, "source": case.source, "expect_article": expect.article,
        "expect_language": expect.language, "language": composed.language, "origin": composed.origin,
        "ask": composed.ask, "citations": list(composed.citations), "retrieved": hits, "ms": round(ms, 1),
        "hit1": expect.article is not None and found[:1] == [expect.article],
        "hit3": expect.article is not None and expect.article in found,
        "blocked": guardrails.has_block(findings),
        "findings": [{"rule": f.rule, "kind": kinds.get(f.rule, ""), "severity": f.severity, "text": f.text}
                     for f in findings],
        "text": composed.text,
        "alternatives": list(getattr(composed, "alternatives", ()) or ()),
    }
    if expect.fact is not None:
        record["fact_first"] = bool(expect.fact.search(composed.text))
        record["fact_any"] = any(expect.fact.search(t) for t in _shown_texts(composed))
    return record


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in records if r["expect_article"] is not None]
    unanswerable = [r for r in records if r["expect_article"] is None]

    def count(kind: str) -> int:
        # Every first suggestion is shown (a blocked one flagged); the demo's unsupported_fact and placeholder
        # rules block, so counting only unflagged suggestions would be 0 by construction.
        return sum(f["kind"] == kind for r in records for f in r["findings"])

    return {
        "n": len(records),
        "fact_first": _share([r["fact_first"] for r in answerable]),
        "fact_any": _share([r["fact_any"] for r in answerable]),
        "retrieval_hit1": _share([r["hit1"] for r in answerable]),
        "retrieval_hit3": _share([r["hit3"] for r in answerable]),
        "language_ok": _share([r["language"] == r["expect_language"] for r in records]),
        "team_answer_cards": sum(1 for r in records if r.get("alternatives")),
        "unsupported_facts": count(UNSUPPORTED_KIND),
        "placeholders": count(PLACEHOLDER_KIND),
        "shown_unflagged": _share([not r["blocked"] for r in records]),
        "no_answer_ok": _share([r["origin"] == NO_ANSWER for r in unanswerable]),
        "ms_to_first_suggestion": round(statistics.median(r["ms"] for r in records), 1) if records else None,
    }


def evaluate(cases: list[Case], compose: Compose, workspace: Workspace) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The summary and the per-conversation records."""
    retriever, originals = Retriever(workspace.store), translations(workspace)
    records = [measure_case(case, compose, workspace, retriever, originals) for case in cases]
    return summarize(records), records


# --- bitext ------------------------------------------------------------------------------------------------

def load_intents(path: Path, known_articles: set[str]) -> dict[str, str]:
    source = str(path)
    try:
        data = json.loads(textfiles.read_text_file(path, 1024 * 1024))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", source=source, field=f"line {exc.lineno}") from None
    mapping = data.get("intents") if isinstance(data, dict) else None
    if not isinstance(mapping, dict) or not mapping:
        raise InputError('expected {"intents": {"<bitext intent>": "<article id>", ...}}', source=source)
    for intent, article in mapping.items():
        if not isinstance(article, str) or article not in known_articles:
            raise InputError(f"{article!r} is not an article of the demo help centre", source=source,
                             field=f"intents.{intent}")
    return dict(mapping)


def read_bitext(path: Path) -> list[tuple[str, str]]:
    """(instruction, intent) per row."""
    source = "stdin" if textfiles.is_stdin(path) else str(path)
    if source != "stdin" and not path.exists():
        raise InputError("no such file", source=source,
                         hint="the shared data lives in ../shared/data/bitext/ (see its README)")
    reader = csv.DictReader(io.StringIO(textfiles.read_text_file(path, MAX_CSV_BYTES), newline=""))
    missing = {"instruction", "intent"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(f"no column {sorted(missing)[0]!r} in the header", source=source)
    rows = [((row["instruction"] or "").strip(), (row["intent"] or "").strip()) for row in reader]
    if not rows:
        raise InputError("no rows", source=source)
    return rows


def nearest_same_intent(rows: list[tuple[str, str]]) -> tuple[int, float | None]:
    """Held out every HELD_OUT_EVERY-th request: is its nearest request in the rest (the few-shot examples'
    similarity, examples.select) of the same intent?"""
    pool = [examples.Example(f"bitext:{i:06d}", f"bitext:{i:06d}", text, "")
            for i, (text, _) in enumerate(rows) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    intent_of = {f"bitext:{i:06d}": intent for i, (_, intent) in enumerate(rows)}
    flags = []
    for i, (text, intent) in enumerate(rows):
        if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1:
            continue
        best = examples.select(pool, text, exclude_conversation="", k=1)
        flags.append(bool(best) and intent_of[best[0].id] == intent)
    return len(flags), _share(flags)


def known_articles(workspace: Workspace) -> set[str]:
    return {a["id"] for a in workspace.store.articles.all()}


def evaluate_bitext(rows: list[tuple[str, str]], mapping: dict[str, str], workspace: Workspace) -> dict[str, Any]:
    """Retrieval of the mapped article for each request whose intent is mapped; similar-question retrieval."""
    retriever, originals = Retriever(workspace.store), translations(workspace)
    per_intent: dict[str, list[bool]] = {}
    halves: dict[str, list[bool]] = {"tune": [], "report": []}  # even rows tuned the synonyms; odd rows never
    for row, (text, intent) in enumerate(rows):
        if intent in mapping:
            hits = retriever.search(text, language="en", limit=1)
            top = originals.get(hits[0].article_id, hits[0].article_id) if hits else ""
            per_intent.setdefault(intent, []).append(top == mapping[intent])
            halves["report" if row % 2 else "tune"].append(top == mapping[intent])
    held_out, same_intent = nearest_same_intent(rows)
    return {
        "n": len(rows),
        "n_mapped": sum(len(v) for v in per_intent.values()),
        "retrieval_hit1": _share([ok for v in per_intent.values() for ok in v]),
        "retrieval_hit1_tune_rows": _share(halves["tune"]),
        "retrieval_hit1_report_rows": _share(halves["report"]),
        "retrieval_hit1_by_intent": {k: _share(v) for k, v in sorted(per_intent.items())},
        "similar_n": held_out,
        "similar_same_intent_at_1": same_intent,
        "source": "Bitext customer-support-llm-chatbot-training-dataset, CDLA-Sharing 1.0",
    }
