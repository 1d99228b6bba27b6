"""Reply suggestions: retrieve passages and team examples, build the prompt, stream, gate, dedupe, record.

One Suggest press asks for up to `count` suggestions, made one after another from the same prompt (only
the sampling differs, so later ones reuse the KV cache). The gate: a reply with a block finding is
regenerated once with a corrective instruction; still blocked, it is shown flagged (`blocked`).
Near-duplicates are dropped. The app path runs retrieval, prompt assembly and generation on the engine's
worker thread as a chain of jobs (one per generation); results come back through callbacks."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from assist.analysis.language import detect
from assist.base.errors import AssistError
from assist.base.text import TRANSCRIPT_LINE_STOPS
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails
from assist.knowledge.retrieval import Retriever
from assist.llm.engine import Engine, GenerationParams, GenerationResult, Prompt, TokenCallback
from assist.llm.worker import Cancellable, EngineWorker, Job, Task
from assist.reply import examples, smoothing
from assist.reply.chain_cancel import CancelHandle, ChainCancel
from assist.reply.composed_cards import composed_cards, record_card
from assist.reply.prompting import PromptParts, build_reply_prompt
from assist.reply.suggestion import OWN_GREETING, Suggestion, signed_by, tidy_reply
from assist.store import Store, SuggestionRecord

log = logging.getLogger(__name__)

MIN_BM25 = -1.0  # BM25 is negative in FTS5; weaker matches than this are noise in a small help centre
# Small models drift into continuing the transcript or quoting the article list; stop them there.
TRANSCRIPT_STOPS = ("[kb-", *TRANSCRIPT_LINE_STOPS, "«", "\nOur reply:")
REPLY_PARAMS = GenerationParams(max_tokens=180, temperature=0.6, top_p=0.9, repeat_penalty=1.15,
                                stop=TRANSCRIPT_STOPS)
# Later suggestions sample hotter so they differ; the gate's retry samples cooler so it follows the fix.
VARIATION_TEMPERATURES = (0.6, 0.85, 1.0)
RETRY_TEMPERATURE = 0.4
MAX_COUNT = 3
CARD_SPACING_S = 0.08  # between the composed card and the model's first (see Suggester.suggest)

IndexedTokenCallback = Callable[[int, str], None]
def _fan_out(on_token: TokenCallback | None, on_token_indexed: IndexedTokenCallback | None,
             index: int) -> TokenCallback:
    def token(text: str) -> None:
        if on_token is not None:
            on_token(text)
        if on_token_indexed is not None:
            on_token_indexed(index, text)
    return token


def retrieval_query(conversation: Conversation) -> str:
    customer_turns = [m.text for m in conversation.messages if m.role == "customer"][-2:]
    return " ".join([conversation.subject, *customer_turns])


@dataclass(frozen=True)
class _Inputs:
    """What a prompt is built from; read from the store once per Suggest press."""
    passages: list[dict[str, Any]]
    examples: list[examples.Example]


@dataclass
class Suggester:
    store: Store
    playbook: Callable[[], Playbook]  # a getter: the workspace may reload the playbook at any time
    agent_name: str = "Agent"
    params: GenerationParams = field(default_factory=lambda: REPLY_PARAMS)
    seed: int | None = None  # fixed seeds make evaluations repeatable; None samples afresh each press
    use_examples: bool = True
    compose_first: bool = False  # the first card composed from the help centre (the app and CLI turn it on)
    smooth: bool = False  # the model rewords the composed reply (settings.smooth_replies; reply/smoothing.py)
    _pool: examples.PoolCache = field(default_factory=examples.PoolCache, repr=False)
    _retriever: Retriever | None = field(default=None, repr=False)

    def composed(self, conversation: Conversation, *, record: bool = True) -> list[Suggestion]:
        """The cards made without the model (reply/composed_cards.py): the help-centre reply, then the team's
        answer when there is one; checked like any suggestion and recorded. Reads the store: call it off the
        GUI thread."""
        if self._retriever is None:
            self._retriever = Retriever(self.store)
        pool = self._pool.get(self.store, self.playbook()) if self.use_examples else None
        _, cards = composed_cards(conversation, self.store, self.playbook(), self._retriever, pool,
                                  agent_name=self.agent_name, record=record)
        return cards

    def _smoothed(self, conversation: Conversation, engine: Engine, card: Suggestion,
                  cancel: ChainCancel | None, record: bool) -> Suggestion | None:
        """The model's rewrite of the composed card, when it keeps every fact (reply/smoothing.py)."""
        if not self.smooth or smoothing.action_for(card) is None:
            return None
        if cancel is not None:
            cancel.start()  # Stop reaches the generation from here on
        try:
            made = smoothing.smoothed(card, engine, conversation, self.playbook(), sources=card.sources,
                                      cancel=cancel, seed=self.seed)
        except Exception:  # the composed card stands; the model's own cards still come
            log.exception("smoothing the composed reply failed for %s", conversation.id)
            return None
        finally:
            if cancel is not None:
                cancel.finish()
        if made is not None and record:
            record_card(self.store, conversation, made)
        return made

    def inputs_for(self, conversation: Conversation) -> _Inputs:
        hits = self.store.articles.search(retrieval_query(conversation), limit=2)
        chosen: list[examples.Example] = []
        if self.use_examples:
            pool = self._pool.get(self.store, self.playbook())
            chosen = examples.select(pool, examples.query_for(conversation), exclude_conversation=conversation.id)
        return _Inputs([p for p in hits if p["score"] <= MIN_BM25], chosen)

    def build(self, conversation: Conversation, engine: Engine, inputs: _Inputs,
              correction: str = "") -> PromptParts:
        return build_reply_prompt(conversation, self.playbook(), passages=inputs.passages,
                                  agent_name=self.agent_name, n_ctx=engine.n_ctx,
                                  max_reply_tokens=self.params.max_tokens, examples=inputs.examples,
                                  correction=correction)

    def prompt_for(self, conversation: Conversation, engine: Engine) -> PromptParts:
        return self.build(conversation, engine, self.inputs_for(conversation))

    # --- synchronous (CLI, evaluation, benchmarks) --------------------------------------------------

    def suggest_many(self, conversation: Conversation, engine: Engine, count: int = MAX_COUNT,
                     on_token: TokenCallback | None = None, *, record: bool = True,
                     on_token_indexed: IndexedTokenCallback | None = None) -> list[Suggestion]:
        request = _Request(self, conversation, engine, count, record)
        if self.compose_first:
            cards = self.composed(conversation, record=record)
            for card in cards:
                if not request.finished:
                    shown = request.take_composed(card)
                    _fan_out(on_token, on_token_indexed, shown.index)(shown.text)
            if cards and not request.finished:
                made = self._smoothed(conversation, engine, cards[0], None, record)
                if made is not None:
                    _fan_out(on_token, on_token_indexed, request.take_composed(made).index)(made.text)
        while not request.finished:
            token = _fan_out(on_token, on_token_indexed, request.next_index)
            prompt = request.prompt()
            token(request.primer)
            request.take(engine.generate(prompt, request.params(), token))
        return request.shown

    def suggest_now(self, conversation: Conversation, engine: Engine, on_token: TokenCallback | None = None,
                    *, record: bool = True) -> Suggestion:
        return self.suggest_many(conversation, engine, 1, on_token, record=record)[0]

    # --- asynchronous (the app) -------------------------------------------------------------------

    def warm(self, worker: EngineWorker, conversation: Conversation) -> None:
        """Pre-fill system prompt + conversation + knowledge so the next Suggest only evaluates the tail."""
        engine = worker.engine
        if self.compose_first and self._retriever is None:  # the passage index and the language model
            worker.submit_task(Task(lambda: self._warm_composer(conversation)))
        if engine is not None:
            worker.prefill(lambda: self.prompt_for(conversation, engine).prompt)

    def _warm_composer(self, conversation: Conversation) -> None:
        if self._retriever is None:
            self._retriever = Retriever(self.store)
        self._retriever.search(conversation.subject or "warm up", limit=1)
        detect("warming up the language identifier")  # loads its model once (about 0.8 s)

    def suggest(self, worker: EngineWorker, conversation: Conversation, *, on_token: TokenCallback,
                on_done: Callable[[Suggestion], None], on_error: Callable[[Exception], None],
                count: int = 1, on_token_indexed: IndexedTokenCallback | None = None,
                on_suggestion_start: Callable[[int], None] | None = None,
                on_all_done: Callable[[list[Suggestion]], None] | None = None) -> Cancellable:
        """Up to `count` suggestions, streamed one after another; returns the handle to cancel them all.

        Callbacks run on the worker thread. `on_suggestion_start(index)` comes before each generation, and
        again for the same index when the gate regenerates it or a duplicate was dropped: clear what was
        streamed for that index. `on_token(text)` gets every piece; `on_token_indexed(index, text)` says
        which suggestion. `on_done(suggestion)` comes once per suggestion shown; `on_all_done(shown)` ends
        the press, also after Stop (drop any streamed index not in `shown`). After an error only `on_error`.
        """
        engine = worker.engine
        cancel = ChainCancel()
        if engine is None and self.compose_first:
            # The composed cards need no model: they still come, and the press ends there (the engine's state
            # says why the model's cards do not).
            def composed_only() -> None:
                cards = self.composed(conversation)[:max(1, min(count, MAX_COUNT))]
                if not cards:
                    on_error(AssistError(f"suggestions are off: {worker.reason or 'the model is not running'}"))
                    return
                shown: list[Suggestion] = []
                for card in cards:
                    if cancel.requested:
                        break
                    card.index = len(shown)
                    shown.append(card)
                    if on_suggestion_start is not None:
                        on_suggestion_start(card.index)
                    _fan_out(on_token, on_token_indexed, card.index)(card.text)
                    on_done(card)
                if on_all_done is not None:
                    on_all_done(shown)
            worker.submit_task(Task(composed_only, on_error=on_error))
            return CancelHandle(cancel)
        if engine is None:  # the worker reports why (loading failed) through on_error
            return worker.submit(Job(prompt=Prompt(()), params=self.params, on_error=on_error))
        request = _Request(self, conversation, engine, count, record=True)

        def compose_first() -> None:  # on the worker thread, before any generation: it shows at once
            try:
                cards = self.composed(conversation)
            except Exception:  # the model's cards still come; a broken article must not cost them
                log.exception("composing from the help centre failed for %s", conversation.id)
                cards = []
            def show(card: Suggestion) -> None:
                shown = request.take_composed(card)
                if on_suggestion_start is not None:
                    on_suggestion_start(shown.index)
                _fan_out(on_token, on_token_indexed, shown.index)(shown.text)
                on_done(shown)

            for n, card in enumerate(cards):
                if request.finished or cancel.requested:
                    break
                if n:
                    time.sleep(CARD_SPACING_S)  # one new card per frame (see below)
                show(card)
            if cards and not (request.finished or cancel.requested):
                made = self._smoothed(conversation, engine, cards[0], cancel, True)
                if made is not None and not cancel.requested:
                    show(made)
            if request.finished or cancel.requested:
                if on_all_done is not None:
                    on_all_done(request.shown)
            else:
                # Let the window lay out the composed card before the model's card arrives: two new cards
                # in one frame stall the GUI thread past 100 ms (assist bench: gui_max_stall_ms).
                time.sleep(CARD_SPACING_S)
                worker.submit(submit())

        def submit() -> Job:
            index = request.next_index

            def build() -> Prompt:  # on the worker thread: retrieval reads the DB
                cancel.start()  # from here on, Stop also stops this generation
                if on_suggestion_start is not None:
                    on_suggestion_start(index)
                prompt = request.prompt()
                _fan_out(on_token, on_token_indexed, index)(request.primer)  # the reply's first words
                return prompt

            def done(result: GenerationResult) -> None:
                cancel.finish()
                try:
                    shown = request.take(result)
                except Exception as exc:
                    on_error(exc)
                    return
                if shown is not None:
                    on_done(shown)
                if request.finished or cancel.requested:
                    if on_all_done is not None:
                        on_all_done(request.shown)
                else:
                    worker.submit(submit())

            return Job(prompt=build, params=request.params(), on_token=_fan_out(on_token, on_token_indexed, index),
                       on_done=done, on_error=on_error, cancel_token=cancel)

        if self.compose_first:
            worker.submit_task(Task(compose_first, on_error=on_error))
            return CancelHandle(cancel)
        return worker.submit(submit())

    def _params_for(self, slot: int, attempt: int) -> GenerationParams:
        temperatures = (self.params.temperature, *VARIATION_TEMPERATURES[1:])
        temperature = RETRY_TEMPERATURE if attempt else temperatures[min(slot, len(temperatures) - 1)]
        seed = None if self.seed is None else self.seed + 7 * slot + 1000 * attempt
        return replace(self.params, temperature=temperature, seed=seed)


class _Request:
    """One Suggest press as a small state machine over generation results (no threads, no engine calls):
    the sync path loops over it, the async path chains worker jobs through it."""

    def __init__(self, owner: Suggester, conversation: Conversation, engine: Engine, count: int,
                 record: bool) -> None:
        self.owner, self.conversation, self.engine = owner, conversation, engine
        self.count = max(1, min(count, MAX_COUNT))
        self.record = record
        self.inputs: _Inputs | None = None
        self.parts: PromptParts | None = None
        self.slot = 0  # generations asked for so far (a dropped duplicate still used its slot)
        self.first: Suggestion | None = None  # the current suggestion's blocked first attempt
        self.shown: list[Suggestion] = []
        self.composed = 0  # cards composed without the model (they use no generation slot)
        self.finished = False

    def take_composed(self, suggestion: Suggestion) -> Suggestion:
        suggestion.index = len(self.shown)
        self.shown.append(suggestion)
        self.composed += 1
        self.finished = len(self.shown) >= self.count
        return suggestion

    @property
    def next_index(self) -> int:
        """The index the suggestion being generated will have if shown (duplicates leave no gap)."""
        return len(self.shown)

    def prompt(self) -> Prompt:
        if self.inputs is None:
            self.inputs = self.owner.inputs_for(self.conversation)
        correction = guardrails.correction_text(self.first.findings, self.owner.playbook()) if self.first else ""
        self.parts = self.owner.build(self.conversation, self.engine, self.inputs, correction)
        return self.parts.prompt

    def params(self) -> GenerationParams:
        return self.owner._params_for(self.slot, 1 if self.first else 0)

    @property
    def primer(self) -> str:
        return self.parts.primer if self.parts is not None else ""

    def take(self, result: GenerationResult) -> Suggestion | None:
        """Absorb one generation; return the suggestion to show now (None: regenerating or a duplicate)."""
        assert self.inputs is not None and self.parts is not None
        # The model continues from the greeting primer; if it greeted again anyway, keep only its own.
        body = result.text
        text = self._unmask(tidy_reply(body if OWN_GREETING.match(body) else self.parts.primer + body))
        text = signed_by(text, self.owner.agent_name,
                         [m.author for m in self.conversation.messages if m.role == "agent" and m.author])
        findings = guardrails.check(text, self.owner.playbook(), self.conversation,
                                    sources=[f"{p['title']} {p['body']}" for p in self.inputs.passages])
        suggestion = Suggestion(
            text=text, citations=self.parts.citations, findings=findings, model=self.engine.name,
            ttft_s=result.ttft_s, tokens_per_s=result.tokens_per_s, evaluated_tokens=result.evaluated_tokens,
            prompt_tokens=result.prompt_tokens, cancelled=result.cancelled, index=len(self.shown),
            findings_before_gate=self.first.findings if self.first else findings,
            regenerated=self.first is not None, examples=[e.id for e in self.inputs.examples],
        )
        if not result.cancelled and self.first is None and (suggestion.blocked or not text):
            log.info("gate: regenerating a suggestion for %s (%s)", self.conversation.id,
                     ", ".join(sorted({f.rule for f in findings if f.severity == "block"})) or "empty")
            self.first = suggestion  # the gate: one more try, with the broken rules named
            return None
        if self.first is not None and not text:
            suggestion = replace(self.first, regenerated=True)  # an empty retry: keep the (flagged) first
            text = suggestion.text
        self.first = None
        self.slot += 1
        self.finished = result.cancelled or self.slot + self.composed >= self.count
        # Only the first suggestion is kept when stopped part-way; later ones must be whole and distinct.
        if self.shown and (result.cancelled or any(examples.near_duplicate(text, s.text) for s in self.shown)):
            return None
        suggestion.prompt_inputs = self._prompt_inputs(suggestion)
        if self.record and suggestion.text:
            suggestion.id = self.owner.store.suggestions.record(SuggestionRecord(
                conversation_id=self.conversation.id, text=suggestion.text, model=suggestion.model,
                citations=suggestion.citations, findings=[f.as_dict() for f in suggestion.findings],
                ttft_s=result.ttft_s, tokens_per_s=result.tokens_per_s, latency_s=result.total_s,
                prompt_inputs=suggestion.prompt_inputs,
            ))
        self.shown.append(suggestion)
        return suggestion

    def _unmask(self, text: str) -> str:
        """Small models copy the examples' name masks; put today's names back."""
        customer = (self.conversation.customer.name.split() or ["there"])[0]
        agent = (self.owner.agent_name.split() or ["the team"])[0]
        return text.replace("[customer]", customer).replace("[agent]", agent)

    def _prompt_inputs(self, suggestion: Suggestion) -> dict[str, Any]:
        p = self.owner._params_for(self.slot - 1, 1 if suggestion.regenerated else 0)
        return {"conversation_id": self.conversation.id, "message_count": len(self.conversation.messages),
                "passages": suggestion.citations, "examples": suggestion.examples, "model": self.engine.model_id,
                "params": {"temperature": p.temperature, "top_p": p.top_p, "max_tokens": p.max_tokens,
                           "repeat_penalty": p.repeat_penalty, "seed": p.seed},
                "index": suggestion.index, "regenerated": suggestion.regenerated,
                "rules_before_gate": sorted({f.rule for f in suggestion.findings_before_gate
                                             if f.severity == "block"})}
