"""Reply suggestions: retrieve passages, build the prompt, stream from the engine, check, record.

`Suggester` is what the app and the CLI use. It never blocks its caller on the model: the prompt is
built and the tokens produced on the engine's worker thread; results come back through callbacks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assist import guardrails
from assist.conversation import Conversation
from assist.llm.engine import Engine, GenerationParams, GenerationResult, TokenCallback
from assist.llm.worker import EngineWorker, Job
from assist.playbook import Playbook
from assist.prompting import PromptParts, build_reply_prompt
from assist.store import Store, SuggestionRecord

log = logging.getLogger(__name__)

MIN_BM25 = -1.0  # BM25 is negative in FTS5; weaker matches than this are noise in a small help centre
# Small models drift into continuing the transcript or quoting the article list; stop them there.
TRANSCRIPT_STOPS = ("\n[kb-", "\nCustomer", "\nAgent ", "\nBot (AI)", "\nEvent:", "«")
REPLY_PARAMS = GenerationParams(max_tokens=180, temperature=0.6, top_p=0.9, repeat_penalty=1.15,
                                stop=TRANSCRIPT_STOPS)


@dataclass
class Suggestion:
    text: str
    citations: list[str]
    findings: list[guardrails.Finding]
    model: str
    ttft_s: float
    tokens_per_s: float
    evaluated_tokens: int = 0
    prompt_tokens: int = 0
    cancelled: bool = False
    id: int | None = None  # row in the store once recorded

    @property
    def blocked(self) -> bool:
        return guardrails.has_block(self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": self.citations,
                "findings": [f.as_dict() for f in self.findings]}


def retrieval_query(conversation: Conversation) -> str:
    customer_turns = [m.text for m in conversation.messages if m.role == "customer"][-2:]
    return " ".join([conversation.subject, *customer_turns])


@dataclass
class Suggester:
    store: Store
    playbook: Callable[[], Playbook]  # a getter: the workspace may reload the playbook at any time
    agent_name: str = "Agent"
    params: GenerationParams = field(default_factory=lambda: REPLY_PARAMS)

    def prompt_for(self, conversation: Conversation, engine: Engine) -> PromptParts:
        hits = self.store.search_articles(retrieval_query(conversation), limit=2)
        passages = [p for p in hits if p["score"] <= MIN_BM25]
        return build_reply_prompt(conversation, self.playbook(), engine.format, passages=passages,
                                  agent_name=self.agent_name, n_ctx=engine.n_ctx,
                                  max_reply_tokens=self.params.max_tokens)

    def finish(self, conversation: Conversation, parts: PromptParts, result: GenerationResult,
               model: str, *, record: bool = True) -> Suggestion:
        text = result.text.strip()
        suggestion = Suggestion(
            text=text, citations=parts.citations,
            findings=guardrails.check(text, self.playbook(), conversation),
            model=model, ttft_s=result.ttft_s, tokens_per_s=result.tokens_per_s,
            evaluated_tokens=result.evaluated_tokens, prompt_tokens=result.prompt_tokens,
            cancelled=result.cancelled,
        )
        if record and text:
            suggestion.id = self.store.record_suggestion(SuggestionRecord(
                conversation_id=conversation.id, text=text, model=model, citations=parts.citations,
                findings=[f.as_dict() for f in suggestion.findings], ttft_s=result.ttft_s,
                tokens_per_s=result.tokens_per_s, latency_s=result.total_s,
            ))
        return suggestion

    # --- synchronous (CLI, benchmarks) ------------------------------------------------------------

    def suggest_now(self, conversation: Conversation, engine: Engine, on_token: TokenCallback | None = None,
                    *, record: bool = True) -> Suggestion:
        parts = self.prompt_for(conversation, engine)
        result = engine.generate(parts.prompt, self.params, on_token)
        return self.finish(conversation, parts, result, engine.name, record=record)

    # --- asynchronous (the app) -------------------------------------------------------------------

    def warm(self, worker: EngineWorker, conversation: Conversation) -> None:
        """Pre-fill system prompt + conversation so the next Suggest only evaluates the tail."""
        engine = worker.engine
        if engine is not None:
            worker.prefill(lambda: self.prompt_for(conversation, engine).prompt)

    def suggest(self, worker: EngineWorker, conversation: Conversation, *, on_token: TokenCallback,
                on_done: Callable[[Suggestion], None], on_error: Callable[[Exception], None]) -> Job:
        engine = worker.engine
        started = time.perf_counter()
        holder: dict[str, PromptParts] = {}

        def build() -> Any:
            assert engine is not None
            holder["parts"] = self.prompt_for(conversation, engine)
            return holder["parts"].prompt

        def done(result: GenerationResult) -> None:
            try:
                suggestion = self.finish(conversation, holder["parts"], result, engine.name if engine else "")
            except Exception as exc:
                on_error(exc)
                return
            log.info("suggestion for %s in %.2fs", conversation.id, time.perf_counter() - started)
            on_done(suggestion)

        return worker.submit(Job(prompt=build, params=self.params, on_token=on_token, on_done=done,
                                 on_error=on_error))
