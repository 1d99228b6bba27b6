"""Rewrite actions on a suggestion or the agent's own draft: shorter, friendlier, more formal, fix grammar,
expand, translate into the customer's language.

The prompt starts with the same [system][header][messages] parts as a reply prompt, so the KV cache
of the open conversation is reused and only the draft and the action are evaluated; the conversation also
gives "expand" and "friendlier" their context. The draft is untrusted text (the agent may have pasted
the customer's words): it is defused like any message. Guardrails check the output: rewording must not
sneak in a $150 refund.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from assist.analysis.language import conversation_language
from assist.base.text import TRANSCRIPT_LINE_STOPS, defuse, estimate_tokens
from assist.base.vocab import RewriteAction
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails
from assist.llm.engine import Engine, GenerationParams, GenerationResult, Prompt, TokenCallback
from assist.llm.worker import EngineWorker, Job
from assist.reply.prompting import conversation_parts
from assist.reply.suggest import Suggestion

KEEP = "Keep every fact, amount, order number, date and link exactly as written."
ACTIONS: dict[str, str] = {
    RewriteAction.SHORTER: f"Make it shorter: cut filler and repetition, keep the greeting and sign-off. {KEEP}",
    RewriteAction.FRIENDLIER: f"Make it warmer and friendlier, in our voice, without stock apologies. {KEEP}",
    RewriteAction.FORMAL: f"Make it more formal and polite, without robotic phrases. {KEEP}",
    RewriteAction.GRAMMAR: "Fix spelling, grammar and punctuation only. Change nothing else.",
    RewriteAction.EXPAND: ("Expand it: say clearly what happens next and when, using only what the conversation "
                           "and the draft already say. Do not invent amounts, dates or policy."),
    RewriteAction.TRANSLATE: f"Translate it into {{language}}. Keep names and links as they are. {KEEP}",
}
LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
             "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish",
             "no": "Norwegian", "fi": "Finnish", "tr": "Turkish", "ja": "Japanese", "zh": "Chinese",
             "ko": "Korean", "ar": "Arabic", "ru": "Russian", "uk": "Ukrainian", "cs": "Czech"}
END = "[end of draft]"
REWRITE_STOPS = (END, *TRANSCRIPT_LINE_STOPS, "\nDraft:")


@dataclass
class Rewrite(Suggestion):
    """A Suggestion (same findings, blocked, stats) plus what was asked and a note for the agent."""

    action: str = ""
    original: str = ""
    note: str = ""  # e.g. "already in the customer's language"


def language_name(code: str) -> str:
    return LANGUAGES.get(code.lower().split("-")[0], code)


def no_op_reason(action: str, conversation: Conversation) -> str:
    """Why this action would not change anything ("" when it would)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown rewrite action {action!r} (one of {', '.join(ACTIONS)})")
    language = conversation_language(conversation)
    if action == "translate" and language.split("-")[0] == "en":
        return "The customer writes in English: nothing to translate."
    return ""


def build_rewrite_prompt(text: str, action: str, conversation: Conversation, playbook: Playbook,
                         engine: Engine) -> tuple[Prompt, GenerationParams]:
    instruction = ACTIONS[action].format(language=language_name(conversation_language(conversation)))
    tail = (f"\nDraft:\n{defuse(text.strip())}\n{END}\n\nRewrite the draft above as the agent's reply. "
            f"{instruction} Write only the rewritten reply.")
    draft_tokens = estimate_tokens(text)
    # Room to grow where the action needs it; never so much that a small model rambles on.
    grow = {"expand": 2.0, "translate": 1.8}.get(action, 1.2)
    max_tokens = min(400, int(draft_tokens * grow) + 40)
    budget = engine.n_ctx - max_tokens - estimate_tokens(tail) - 16
    system, user, _ = conversation_parts(conversation, playbook, budget)
    temperature = 0.2 if action in ("grammar", "translate") else 0.5
    params = GenerationParams(max_tokens=max_tokens, temperature=temperature, top_p=0.9, repeat_penalty=1.1,
                              stop=REWRITE_STOPS)
    return Prompt.chat(("system", system), ("user", (*user, tail)), prefix_parts=1 + len(user)), params


def finish(text: str, action: str, conversation: Conversation, playbook: Playbook, result: GenerationResult | None,
           model: str, note: str = "") -> Rewrite:
    out = _clean(result.text) if result is not None else text
    if result is not None and not out and not result.cancelled:
        out, note = text, "The model returned nothing; the text is unchanged."
    return Rewrite(
        text=out, citations=[], findings=guardrails.check(out, playbook, conversation), model=model,
        ttft_s=result.ttft_s if result else 0.0, tokens_per_s=result.tokens_per_s if result else 0.0,
        evaluated_tokens=result.evaluated_tokens if result else 0,
        prompt_tokens=result.prompt_tokens if result else 0, cancelled=bool(result and result.cancelled),
        action=action, original=text, note=note,
    )


def _clean(text: str) -> str:
    text = re.sub(r"[ \t]+\n", "\n", text).strip()
    # Small models like to wrap their answer in quotes or label it.
    text = re.sub(r"^(?:rewritten(?: reply)?|reply|translation)\s*:\s*", "", text, flags=re.IGNORECASE)
    if len(text) > 1 and text[0] in "«\"“" and text[-1] in "»\"”":
        text = text[1:-1].strip()
    return text


def rewrite(engine: Engine, text: str, action: str, conversation: Conversation, playbook: Playbook,
            on_token: TokenCallback | None = None) -> Rewrite:
    """Synchronous (CLI, tests). A no-op action returns the text unchanged with a note."""
    reason = no_op_reason(action, conversation)
    if reason or not text.strip():
        return finish(text, action, conversation, playbook, None, engine.name, reason or "Nothing to rewrite.")
    prompt, params = build_rewrite_prompt(text, action, conversation, playbook, engine)
    result = engine.generate(prompt, params, on_token)
    return finish(text, action, conversation, playbook, result, engine.name)


def rewrite_async(worker: EngineWorker, text: str, action: str, conversation: Conversation,
                  playbook: Callable[[], Playbook], *, on_token: TokenCallback,
                  on_done: Callable[[Rewrite], None], on_error: Callable[[Exception], None]) -> Job:
    """Like Suggester.suggest: on the worker thread, callbacks from there; returns the job to cancel.

    A no-op (translate for an English-speaking customer, an empty draft) still answers through on_done,
    from a short-lived thread, so callbacks never run on the caller's own stack.
    """
    engine = worker.engine
    reason = no_op_reason(action, conversation)
    if reason or not text.strip() or engine is None:
        job = Job(prompt=Prompt(()), params=GenerationParams(max_tokens=1), on_error=on_error)
        if engine is None:
            return worker.submit(job)  # the worker reports why the model is off
        same = finish(text, action, conversation, playbook(), None, engine.name, reason or "Nothing to rewrite.")
        threading.Thread(target=on_done, args=(same,), name="assist-rewrite-noop", daemon=True).start()
        return job
    prompt, params = build_rewrite_prompt(text, action, conversation, playbook(), engine)

    def done(result: GenerationResult) -> None:
        try:
            on_done(finish(text, action, conversation, playbook(), result, engine.name))
        except Exception as exc:
            on_error(exc)

    return worker.submit(Job(prompt=prompt, params=params, on_token=on_token, on_done=done, on_error=on_error))
