"""The cards made without the model, shown the moment the agent presses Suggest: the help-centre reply
(reply/compose.py) and, when the team once answered a question like this one, that answer adapted
(reply/team_answer.py). Each is checked by the guardrails against the passages it may draw on, and recorded.
"""

from __future__ import annotations

import time
from dataclasses import replace

from assist.base.vocab import Origin
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails
from assist.knowledge.retrieval import Retriever
from assist.reply import examples
from assist.reply.compose import Composed, compose, sign_off
from assist.reply.fact_sources import FactSource, locate
from assist.reply.suggestion import Suggestion
from assist.reply.team_answer import team_answer
from assist.store.records import SuggestionRecord
from assist.store.store import Store

COMPOSED_MODEL_LABEL = "From the help centre"  # what a composed card shows where a model card shows its model
TEAM_MODEL_LABEL = "From the team's answers"


def facts_of(text: str, labels: list[str], sources: list[str], conversation: Conversation,
             playbook: Playbook) -> list[FactSource]:
    return locate(text, list(zip(labels, sources, strict=True)), conversation,
                  [f"{key}: {value}" for key, value in playbook.facts.items()])


def _card(conversation: Conversation, playbook: Playbook, text: str, citations: list[str],
          labelled: list[tuple[str, str]], origin: str, label: str, seconds: float,
          inputs: dict[str, object]) -> Suggestion:
    labels, sources = [t for t, _ in labelled], [b for _, b in labelled]
    findings = guardrails.check(text, playbook, conversation, sources=sources)
    return Suggestion(text=text, citations=citations, findings=findings, model=label, ttft_s=seconds,
                      tokens_per_s=0.0, findings_before_gate=findings, origin=origin, sources=sources,
                      source_labels=labels, facts=facts_of(text, labels, sources, conversation, playbook),
                      prompt_inputs={"conversation_id": conversation.id, "origin": origin,
                                     "message_count": len(conversation.messages), **inputs})


def record_card(store: Store, conversation: Conversation, card: Suggestion) -> None:
    card.id = store.suggestions.record(SuggestionRecord(
        conversation_id=conversation.id, text=card.text, model=card.model, citations=card.citations,
        findings=[f.as_dict() for f in card.findings], ttft_s=card.ttft_s, latency_s=card.ttft_s,
        prompt_inputs=card.prompt_inputs))


def composed_cards(conversation: Conversation, store: Store, playbook: Playbook, retriever: Retriever,
                   pool: list[examples.Example] | None, *, agent_name: str,
                   record: bool = True) -> tuple[Composed, list[Suggestion]]:
    """The help-centre card first, then the team's answer when there is one. Reads the store: call it off
    the GUI thread."""
    started = time.perf_counter()
    made = compose(conversation, store, playbook, agent_name=agent_name, retriever=retriever)
    labelled = [(p.title, p.text) for p in made.passages]
    sources = [text for _, text in labelled]
    first = _card(conversation, playbook, made.text, made.citations, labelled, made.origin, COMPOSED_MODEL_LABEL,
                  time.perf_counter() - started, {"passages": made.citations, "ask": made.ask, "index": 0})
    first.source_locale = made.source_locale
    cards = [first]
    if pool:
        started = time.perf_counter()
        found = team_answer(conversation, pool, playbook, ask=made.query or made.ask, language=made.language,
                            sources=sources, sign_off=sign_off(playbook, agent_name), agent_name=agent_name)
        if found is not None:
            card = _card(conversation, playbook, found.text, made.citations, labelled, Origin.TEAM_ANSWER,
                         TEAM_MODEL_LABEL, time.perf_counter() - started,
                         {"examples": [found.example_id], "from_conversation": found.conversation_id,
                          "dropped_sentences": found.dropped, "index": 1})
            card.source_author = found.author
            card.examples = [found.example_id]
            if not card.blocked:  # a past answer that breaks a rule here is not offered at all
                cards.append(card)
    if record:
        for card in cards:
            record_card(store, conversation, card)
    return made, cards


_EVAL_POOL = examples.PoolCache()  # rebuilt only when the store's solved chats or the playbook change


def compose_all(conversation: Conversation, store: Store, playbook: Playbook, *, agent_name: str = "",
                retriever: Retriever | None = None) -> Composed:
    """compose() with the other composed cards' texts in `alternatives` (`assist eval usefulness`)."""
    pool = _EVAL_POOL.get(store, playbook)
    made, cards = composed_cards(conversation, store, playbook, retriever or Retriever(store), pool,
                                 agent_name=agent_name, record=False)
    return replace(made, alternatives=tuple(card.text for card in cards[1:]))
