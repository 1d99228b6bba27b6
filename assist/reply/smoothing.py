"""The model's one job on an answered question: reword the composed help-centre reply, never write the facts.

The composed reply (reply/compose.py) states the article's sentences verbatim, which can read stiffly, and
when the help centre has the answer only in English its answer sentences stay English inside a frame in the
customer's language. The model is asked for a rewrite of that reply: "friendlier" for flow, or "translate"
into the customer's language. The rewrite is kept only if it passes the rewrite checks (reply/rewrite.py and
rewrite_checks.py: every value of the composed reply kept, no fact of its own, the right language, no echo of
the prompt, not cut off) and the guardrails with the composed reply's passages as sources; otherwise no card is
shown and the composed reply stands.
"""

from __future__ import annotations

import logging

from assist.base.vocab import Origin, RewriteAction
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.llm.engine import CancelToken, Engine
from assist.reply import rewrite
from assist.reply.composed_cards import facts_of
from assist.reply.suggestion import Suggestion

log = logging.getLogger(__name__)


def action_for(card: Suggestion) -> str | None:
    """What the model may do with this composed card: translate an answer from another locale, smooth an
    answer in the customer's language, or nothing (an honest "not in the help centre" stays as written)."""
    if card.origin != Origin.HELP_CENTRE or card.blocked:
        return None
    return RewriteAction.TRANSLATE if card.source_locale else RewriteAction.FRIENDLIER


MAX_GROWTH = 1.5  # a rewording for flow is about as long as what it rewords; more is the model rambling


def _frame_problem(composed: str, reworded: str) -> str:
    """What a small model gets wrong that the value checks cannot see: greeting someone else (the agent,
    "Customer Ava Chen:"), or adding paragraphs of its own (offers, promises)."""
    first = composed.strip().splitlines()[0].strip()
    if reworded.strip().splitlines()[0].strip() != first:
        return f"does not open with {first!r}"
    if len(reworded) > MAX_GROWTH * len(composed):
        return "much longer than the reply it rewords"
    return ""


def smoothed(card: Suggestion, engine: Engine, conversation: Conversation, playbook: Playbook, *,
             sources: list[str], cancel: CancelToken | None = None, seed: int | None = None) -> Suggestion | None:
    """The model's rewrite of the composed card as a card of its own, or None when it was refused, stopped or
    blocked. Runs the model: call it on the engine's thread."""
    action = action_for(card)
    if action is None:
        return None
    made = rewrite.rewrite(engine, card.text, action, conversation, playbook, sources=sources, cancel=cancel,
                           seed=seed)
    frame = _frame_problem(card.text, made.text)
    if made.cancelled or not made.accepted or made.blocked or frame or made.text.strip() == card.text.strip():
        log.info("smoothing %s for %s not shown: %s", action, conversation.id,
                 "stopped" if made.cancelled else frame or made.note or "blocked")
        return None
    return Suggestion(text=made.text, citations=list(card.citations), findings=made.findings, model=engine.name,
                      ttft_s=made.ttft_s, tokens_per_s=made.tokens_per_s, evaluated_tokens=made.evaluated_tokens,
                      prompt_tokens=made.prompt_tokens, findings_before_gate=made.findings, origin=Origin.SMOOTHED,
                      source_locale=card.source_locale, sources=card.sources, source_labels=card.source_labels,
                      facts=facts_of(made.text, card.source_labels, card.sources, conversation, playbook),
                      prompt_inputs={"conversation_id": conversation.id, "origin": Origin.SMOOTHED,
                                     "action": action, "of_suggestion": card.id, "passages": list(card.citations),
                                     "attempts": made.attempts, "model": engine.model_id})
