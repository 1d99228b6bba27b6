"""Tagging wired into a workspace: the trained classifier in `<data dir>/tagger/`, the model step, the store.

`WorkspaceTagger.tag()` tags one conversation (rules and the classifier, then the model among the taxonomy
when both abstained and an engine is given); `retag_all()` re-tags every stored conversation without the
model, in chunks (one transaction each) with progress, a cancel check and a pause hook between chunks so a
waiting Suggest goes first; `from_store()` turns agents' confirmed and corrected contact reasons into
training rows. Training itself is assist/analysis/tagging_train.py; `install()` keeps a better model.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assist.analysis import tagging, tagging_model, tagging_rules
from assist.analysis.tagging import Tag
from assist.analysis.tagging_data import figures
from assist.analysis.tagging_model import ContactReasonModel
from assist.analytics import automation
from assist.base.errors import Cancelled, InputError
from assist.base.vocab import TagKind, TagSource
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.llm.engine import Engine
from assist.store import Store
from assist.store.metrics import Filter
from assist.store.tags import StoredTag
from assist.workspace import tag_reasons

log = logging.getLogger(__name__)

TAGGER_DIR = "tagger"
CHUNK = 250
TOP_CANDIDATES = 3  # "automation candidate": the reason is in the top of the lead view's ranking (its forecast's 3)
RANKING_TTL_S = 30.0


def model_dir(data_dir: Path) -> Path:
    return data_dir / TAGGER_DIR


@dataclass(frozen=True)
class TagPanel:
    """What the app shows for one conversation: its tags, what each kind may be changed to, and the
    playbook's display names of the contact reasons."""

    conversation_id: str
    tags: list[StoredTag]
    choices: dict[str, list[str]]
    reason_labels: dict[str, str]


@dataclass
class Replacement:
    installed: bool
    new: dict[str, Any]
    old: dict[str, Any] | None  # the installed model's figures on the same held-out rows, when there was one


class WorkspaceTagger:
    def __init__(self, store: Store, playbook: Callable[[], Playbook], data_dir: Path) -> None:
        self.store = store
        self.playbook = playbook
        self.folder = model_dir(data_dir)
        self._model: ContactReasonModel | None = None
        self._stamp: int = -1
        self.model_error = ""  # why a saved model could not be used (shown, never raised while tagging)
        self._ranking: tuple[float, set[str]] | None = None  # (when read, the top candidate reasons)

    def model(self) -> ContactReasonModel | None:
        """The saved classifier, re-read when its file changed; a damaged one is reported and not used."""
        meta = self.folder / tagging_model.META_FILE
        stamp = meta.stat().st_mtime_ns if meta.exists() else 0
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._model, self.model_error = tagging_model.load(self.folder), ""
            except InputError as exc:
                self._model, self.model_error = None, str(exc)
                log.warning("tagger model not used: %s", exc)
        return self._model

    def candidate_reasons(self) -> set[str] | None:
        """The contact reasons analytics ranks as the top automation candidates (one computation, there);
        None when the ranking cannot be read, and the rules' own guess stands. Read at most every
        RANKING_TTL_S, so a sync that tags many conversations one by one does not rank for each."""
        now = time.monotonic()
        if self._ranking is not None and now - self._ranking[0] < RANKING_TTL_S:
            return self._ranking[1]
        try:
            ranked = automation.candidates(self.store, Filter())
        except Exception:  # analytics is a reader of the store; its failure must not stop tagging
            log.warning("automation ranking unavailable; the tag falls back to the rules", exc_info=True)
            return None
        top = {str(c["reason"]) for c in ranked[:TOP_CANDIDATES]}
        self._ranking = (now, top)
        return top

    def tag(self, conversation: Conversation, engine: Engine | None = None,
            candidates: set[str] | None = None) -> list[Tag]:
        """`candidates`: candidate_reasons() when the caller already read it (re-tagging reads it once)."""
        playbook = self.playbook()
        tags = tagging.tag(conversation, playbook, self.model())
        candidates = self.candidate_reasons() if candidates is None else candidates
        reason = tags[0]
        if engine is not None and reason.kind == TagKind.CONTACT_REASON and reason.value == tagging.UNKNOWN:
            opening, rest = tagging.customer_text(conversation)
            shortlist = tagging_rules.scores(playbook.taxonomy, opening, rest)
            picked = tag_reasons.choose(conversation, playbook, engine, shortlist)
            if picked.value != tagging.UNKNOWN:
                tags[0] = picked
        if candidates is not None:
            ranked = tags[0].value in candidates
            tags = [Tag(t.kind, tagging.YES if ranked else tagging.NO, 0.7 if candidates else 0.3, TagSource.RULE)
                    if t.kind == TagKind.AUTOMATION_CANDIDATE else t for t in tags]
        return tags

    def tag_and_save(self, conversation: Conversation, engine: Engine | None = None) -> list[Tag]:
        tags = self.tag(conversation, engine)
        self.store.tags.save(conversation.id, [_row(t) for t in tags])
        return tags

    def panel(self, conversation: Conversation) -> TagPanel:
        """The stored tags, tagging the conversation first (rules and classifier, no model) if it never was."""
        if not self.store.tags.get(conversation.id, include_removed=True):
            self.tag_and_save(conversation)
        return self._panel(conversation.id)

    def set_by_agent(self, conversation_id: str, kind: str, value: str) -> TagPanel:
        """An agent accepts, changes ("" removes) one tag; refused when the value is not one the kind allows."""
        if value and value not in tagging.values_for(kind, self.playbook()):
            raise InputError(f"{value!r} is not a value of {kind}", field=kind)
        self.store.tags.set_by_agent(conversation_id, kind, value)
        return self._panel(conversation_id)

    def _panel(self, conversation_id: str) -> TagPanel:
        playbook = self.playbook()
        return TagPanel(conversation_id, self.store.tags.get(conversation_id),
                        {str(k): tagging.values_for(k, playbook) for k in TagKind},
                        {c.id: c.label for c in playbook.taxonomy})

    def retag_all(self, progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] = lambda: False,
                  pause: Callable[[], None] = lambda: None) -> dict[str, Any]:
        """Re-tag every stored conversation without the model; agents' tags are kept. Returns counts and time."""
        started = time.perf_counter()
        ids = self.store.conversations.ids()
        self._ranking = None  # a fresh read for a whole re-tag
        candidates = self.candidate_reasons()
        done = 0
        for start in range(0, len(ids), CHUNK):
            pause()  # returns when a waiting Suggest is done (or on cancel)
            if cancelled():
                raise Cancelled(f"re-tagging stopped after {done} of {len(ids)}")
            batch = []
            for cid in ids[start:start + CHUNK]:
                conversation = self.store.conversations.get(cid)
                if conversation is not None:
                    batch.append((cid, [_row(t) for t in self.tag(conversation, candidates=candidates)]))
            done += self.store.tags.save_many(batch)
            if progress is not None:
                progress(done, len(ids))
        return {"tagged": done, "seconds": round(time.perf_counter() - started, 2)}

    def from_store(self) -> tuple[list[str], list[str]]:
        """(texts, labels): the customer's opening of every conversation whose contact reason an agent set."""
        texts, labels = [], []
        for cid, label in self.store.tags.agent_labels(TagKind.CONTACT_REASON):
            conversation = self.store.conversations.get(cid)
            if conversation is None or label == tagging.UNKNOWN:
                continue
            opening, _rest = tagging.customer_text(conversation)
            if opening.strip():
                texts.append(opening)
                labels.append(label)
        return texts, labels

    def install(self, new: ContactReasonModel, validation: dict[str, Any], held_out: tuple[list[str], list[str]],
                force: bool = False) -> Replacement:
        """Save `new` unless the installed model does better on the same held-out rows (then only with force)."""
        old_model = None
        try:
            old_model = tagging_model.load(self.folder)
        except InputError as exc:
            log.info("replacing an unreadable tagger model: %s", exc)
        old = None
        if old_model is not None and held_out[0]:
            predictions = old_model.predict_many(held_out[0])
            old = {k: v for k, v in figures(held_out[1], [p.label for p in predictions]).items()
                   if k not in ("per_label", "confused")}
            old["full_coverage_accuracy"] = round(
                sum(p.best == g for p, g in zip(predictions, held_out[1], strict=True)) / len(held_out[1]), 4)
        better_old = old is not None and old["full_coverage_accuracy"] > validation["full_coverage_accuracy"]
        if better_old and not force:
            return Replacement(False, validation, old)
        tagging_model.save(new, self.folder)
        self._stamp = -1
        return Replacement(True, validation, old)


def _row(tag: Tag) -> tuple[str, str, float, str]:
    return str(tag.kind), tag.value, tag.confidence, str(tag.source)
