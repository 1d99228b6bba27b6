"""Rewrite actions on a suggestion or the agent's own draft: shorter, friendlier, more formal, fix grammar,
expand, translate into the customer's language.

The prompt starts with the same [system][header][messages] parts as a reply prompt, so the KV cache
of the open conversation is reused and only the draft and the action are evaluated; the conversation also
gives "expand" and "friendlier" their context. The draft is untrusted text (the agent may have pasted
the customer's words): it is defused like any message. Guardrails check the output: rewording must not
sneak in a $150 refund.

A rewrite must do what it says (reply/rewrite_checks.py): keep every value of its input, stay in its
language, keep the action's length promise, add no fact, and not echo the prompt, repeat itself or stop
mid-sentence. A model reply that fails is tried once more with what was wrong; when that fails too,
Assist's own rules (reply/rewrite_rules.py: cut filler, write contractions out, fix case, a warm sentence)
make the rewrite if they can and it passes the same checks (`by_rules`); else the rewrite is refused
(`accepted` False): the input comes back unchanged with a note saying why, never a broken text dressed
as a success.

Translate is offered only where the engine can translate (`translate_unavailable`: the company's model server
or a recommended larger local model); with the small built-in model it is refused without a try
(`unavailable`), and the app greys it out with the reason (`unavailable_reason`).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from assist.analysis.language import conversation_language, detect
from assist.base.errors import InputError
from assist.base.text import GREETINGS, TRANSCRIPT_LINE_STOPS, WORD, defuse, estimate_tokens
from assist.base.vocab import RewriteAction
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails
from assist.llm import catalog
from assist.llm.engine import CancelToken, Engine, GenerationParams, GenerationResult, Prompt, TokenCallback
from assist.llm.worker import Cancellable, EngineWorker, Job, Task
from assist.reply import rewrite_checks
from assist.reply.prompting import conversation_parts
from assist.reply.rewrite_checks import Problem
from assist.reply.rewrite_rules import rule_rewrite
from assist.reply.suggestion import OWN_GREETING, Suggestion, tidy_reply

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
REWRITE_STOPS = (END, *TRANSCRIPT_LINE_STOPS, "\nDraft:", "\nRewrite")
SHORTER_WORDS = 0.65  # "shorter" asks for this share of the input's words, so the result lands under 0.8
ATTEMPTS = 2  # the model's first try, then one more told what was wrong
RETRY_TEMPERATURE = 0.2


@dataclass
class Rewrite(Suggestion):
    """A Suggestion (same findings, blocked, stats) plus what was asked and a note for the agent."""

    action: str = ""
    original: str = ""
    note: str = ""  # e.g. "already in the customer's language", or why the rewrite was refused
    accepted: bool = True  # False: the checks refused every try; `text` is then the input, unchanged
    problems: list[Problem] = field(default_factory=list)  # what was wrong with the last refused try
    attempts: int = 0  # model generations made
    model_text: str = ""  # the model's last reply as cleaned, also when refused (for evaluations)
    by_rules: bool = False  # the model's tries were refused and Assist's own rules made this one
    unavailable: bool = False  # not offered with this engine (translate on a model that cannot): never tried


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


NO_TRANSLATION = ("Translation needs the company's model server or a larger local model (Settings → Model): "
                  "the built-in model cannot translate reliably.")


def translate_unavailable(model_id: str) -> str:
    """Why this engine is not offered for translation ("" when it is). The company's model server is, and so is
    a recommended larger local model (a catalogue entry with a RAM tier: multilingual 1B+ instruct models);
    the small built-in model and models added without a tier are not: Assist's rules cannot translate, and
    a translation that drops or garbles what the agent wrote is worse than none."""
    return "" if model_id.startswith("server:") or _catalog_tier(model_id) else NO_TRANSLATION


@functools.lru_cache(maxsize=16)
def _catalog_tier(model_id: str) -> str | None:
    """The catalogue's RAM tier for this model ("" without one), None when the catalogue does not know it.
    Cached: the Rewrite menus ask for every action each time they open, on the GUI thread, and an id's tier
    does not change while Assist runs."""
    try:
        return catalog.find(model_id).tier or ""
    except InputError:
        return None


def unavailable_reason(action: str, conversation: Conversation, model_id: str) -> str:
    """Why the app greys this action out for this conversation and engine ("" when it is offered)."""
    reason = no_op_reason(action, conversation)
    if not reason and action == RewriteAction.TRANSLATE:
        reason = translate_unavailable(model_id)
    return reason


def _not_offered(text: str, action: str, conversation: Conversation, playbook: Playbook, engine: Engine,
                 own_draft: bool, sources: Sequence[str]) -> Rewrite | None:
    """The refusal, without trying, of an action this engine is not offered for; None when it is."""
    if action != RewriteAction.TRANSLATE or no_op_reason(action, conversation) or not text.strip():
        return None
    reason = translate_unavailable(engine.model_id)
    if not reason:
        return None
    made = finish(text, action, conversation, playbook, None, engine.name, f"Not translated: {reason}",
                  own_draft=own_draft, sources=sources)
    made.accepted, made.unavailable = False, True
    return made


def instruction_for(action: str, text: str, conversation: Conversation) -> str:
    instruction = ACTIONS[action].format(language=language_name(conversation_language(conversation)))
    if action == RewriteAction.SHORTER:  # a small model needs a number to aim at, not just "shorter"
        instruction += f" Use at most {max(5, int(len(WORD.findall(text)) * SHORTER_WORDS))} words."
    return instruction


# The draft's own greeting ("Hi Ravi,"): the rewrite starts with it, so a small model writes the reply
# instead of a transcript line ("Customer Dana Ruiz: ...").
_DRAFT_GREETING = re.compile(r"^\s*((?:hi|hello|hey|dear|hola|bonjour|hallo|guten tag)\b[^,!.\n]{0,40}[,!])",
                             re.IGNORECASE)


def _capitalised(greeting: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in greeting.split())


def reply_start(text: str, action: str, conversation: Conversation) -> str:
    """The rewrite's first words: the draft's greeting, capitalised ("Hello" for formal, in the customer's
    language for translate); "" when the draft has none."""
    m = _DRAFT_GREETING.match(text)
    if not m:
        return ""
    greeting = m.group(1).strip()
    if action == RewriteAction.TRANSLATE:
        name = greeting.split(None, 1)[1].rstrip(",!").strip() if " " in greeting else ""
        template = GREETINGS.get(conversation_language(conversation), GREETINGS["en"])
        return _capitalised(template.format(name=name).replace(" ,", ","))
    if action == RewriteAction.FORMAL:
        greeting = re.sub(r"^(?:hi|hey)\b", "Hello", greeting, flags=re.IGNORECASE)
    return _capitalised(greeting)


def build_rewrite_prompt(text: str, action: str, conversation: Conversation, playbook: Playbook,
                         engine: Engine, correction: str = "") -> tuple[Prompt, GenerationParams]:
    instruction = instruction_for(action, text, conversation)
    fix = f" Your last attempt {correction}: do better this time." if correction else ""
    tail = (f"\nDraft:\n{defuse(text.strip())}\n{END}\n\nRewrite the draft above as the agent's reply. "
            f"{instruction}{fix} Write only the rewritten reply.")
    draft_tokens = estimate_tokens(text)
    # Room to grow where the action needs it; never so much that a small model rambles on.
    grow = {"expand": 2.0, "translate": 1.8}.get(action, 1.2)
    max_tokens = min(400, int(draft_tokens * grow) + 40)
    budget = engine.n_ctx - max_tokens - estimate_tokens(tail) - 16
    system, user, _ = conversation_parts(conversation, playbook, budget)
    temperature = RETRY_TEMPERATURE if correction or action in ("grammar", "translate") else 0.5
    params = GenerationParams(max_tokens=max_tokens, temperature=temperature, top_p=0.9, repeat_penalty=1.1,
                              stop=REWRITE_STOPS)
    return Prompt.chat(("system", system), ("user", (*user, tail)), prefix_parts=1 + len(user),
                       reply_start=reply_start(text, action, conversation)), params


def target_language(action: str, text: str, conversation: Conversation) -> str:
    """The language the rewrite must be in: the customer's for translate, else the input's own."""
    if action == RewriteAction.TRANSLATE:
        return conversation_language(conversation)
    return detect(text) or ""


def _findings(out: str, original: str, playbook: Playbook, conversation: Conversation, sources: Sequence[str],
              own_draft: bool) -> list[guardrails.Finding]:
    # The input is a source of the rewrite: a value it states may stay (the input was checked on its own).
    return guardrails.check(out, playbook, conversation, sources=[original, *sources], own_draft=own_draft)


def finish(text: str, action: str, conversation: Conversation, playbook: Playbook, result: GenerationResult | None,
           model: str, note: str = "", *, own_draft: bool = False, sources: Sequence[str] = (),
           prompt_texts: Sequence[str] = (), start: str = "") -> Rewrite:
    """The Rewrite for one model reply (or none: a no-op), checked; refused when the checks find a problem.
    `start` is the reply's first words the prompt gave (the model's text continues it)."""
    made = Rewrite(text=text, citations=[], findings=[], model=model, action=action, original=text, note=note,
                   ttft_s=result.ttft_s if result else 0.0, tokens_per_s=result.tokens_per_s if result else 0.0,
                   evaluated_tokens=result.evaluated_tokens if result else 0,
                   prompt_tokens=result.prompt_tokens if result else 0, attempts=int(result is not None))
    if result is not None and result.cancelled:
        made.cancelled, made.accepted, made.note = True, False, note or "Stopped."
    elif result is not None:
        out = made.model_text = _clean(result.text, start)
        found = rewrite_checks.problems(text, out, action, playbook, conversation,
                                        language=target_language(action, text, conversation),
                                        finish=result.finish, prompt_texts=prompt_texts, sources=sources)
        if found:
            why = "the model returned nothing" if not out else f"the model's version {rewrite_checks.summary(found)}"
            made.accepted, made.problems = False, found
            made.note = f"Not rewritten: {why}; the text is unchanged."
        else:
            made.text = out
    made.findings = _findings(made.text, text, playbook, conversation, sources, own_draft)
    return made


# Labels and wrappers a small model puts around its answer ("Draft:", "Rewritten reply:", quotes).
_LEAD_LABEL = re.compile(r"^\s*(?:draft|rewritten(?: (?:reply|draft|version))?|reply|translation|"
                         r"shorter(?: version)?|revised(?: (?:reply|draft))?)\s*:\s*", re.IGNORECASE)
_REPEAT_MARKER = re.compile(r"\n\s*(?:draft|rewritten(?: reply)?|reply)\s*:", re.IGNORECASE)


def _clean(text: str, start: str = "") -> str:
    """The reply itself: `start` (the greeting the prompt began it with) and what the model wrote after it,
    a transcript or other label and quotes dropped, a second greeting too, cut where the model starts over
    ("Draft:" again, the end marker), whitespace tidied."""
    text = tidy_reply(re.sub(r"[ \t]+\n", "\n", text.replace(END, "\n")))
    text = _LEAD_LABEL.sub("", text, count=1).strip()
    if start and text:
        if OWN_GREETING.match(text):  # it greeted again: keep its own greeting, not both
            start = ""
        text = f"{start}{'' if text[0] in ',.!?' else ' '}{text}".strip()
    again = _REPEAT_MARKER.search(text)
    if again:
        text = text[:again.start()].rstrip()
    if len(text) > 1 and text[0] in "«\"“" and text[-1] in "»\"”":
        text = text[1:-1].strip()
    return text


def rewrite(engine: Engine, text: str, action: str, conversation: Conversation, playbook: Playbook,
            on_token: TokenCallback | None = None, *, own_draft: bool = False, sources: Sequence[str] = (),
            cancel: CancelToken | None = None, seed: int | None = None,
            on_restart: Callable[[], None] | None = None, model_first: bool = False) -> Rewrite:
    """Synchronous (CLI, evaluations, and the worker thread for the app). A no-op action returns the text
    unchanged with a note. `own_draft`: the agent's own text (findings warn, as for any draft); `sources`:
    what the input cited. Only the first try streams through `on_token`; `on_restart` comes before a retry
    (its text replaces what was streamed). `model_first`: ask the model first even where the rules would go
    first (rules_first), e.g. to measure the model itself."""
    reason = no_op_reason(action, conversation)
    if reason or not text.strip():
        return finish(text, action, conversation, playbook, None, engine.name, reason or "Nothing to rewrite.",
                      own_draft=own_draft, sources=sources)
    refused = _not_offered(text, action, conversation, playbook, engine, own_draft, sources)
    if refused is not None:
        return refused
    if not model_first and rules_first(engine.model_id):
        base = finish(text, action, conversation, playbook, None, engine.name, own_draft=own_draft, sources=sources)
        quick = _by_rules(base, conversation, playbook, sources, own_draft, note="Rewritten by Assist's own rules "
                          "(the built-in model is tried only when they find nothing to change).")
        if quick is not None and quick.text != text:
            return quick
    correction, made = "", None
    for attempt in range(ATTEMPTS):
        prompt, params = build_rewrite_prompt(text, action, conversation, playbook, engine, correction)
        if seed is not None:
            params = replace(params, seed=seed + attempt)
        if attempt and on_restart is not None:
            on_restart()
        if attempt == 0 and on_token is not None and prompt.reply_start:
            on_token(prompt.reply_start + " ")  # the reply's first words, as a suggestion streams its greeting
        result = engine.generate(prompt, params, on_token if attempt == 0 else None, cancel)
        instructions = [ACTIONS[action], instruction_for(action, text, conversation), "Write only the rewritten reply",
                        "Rewrite the draft above as the agent's reply", "do better this time"]
        made = finish(text, action, conversation, playbook, result, engine.name, own_draft=own_draft,
                      sources=sources, prompt_texts=instructions, start=prompt.reply_start)
        made.attempts = attempt + 1
        if made.accepted or made.cancelled:
            return made
        correction = rewrite_checks.summary(made.problems)
    assert made is not None
    by_rules = _by_rules(made, conversation, playbook, sources, own_draft)
    if by_rules is None and action in RULE_LIMITS:
        made.note = made.note.replace("; the text is unchanged.", f"; {RULE_LIMITS[action]} The text is unchanged.")
    return by_rules or made


# Why Assist's own rules could not stand in either, for the agent's note (translate has no rules at all).
RULE_LIMITS: dict[str, str] = {
    RewriteAction.SHORTER: "there is no filler to cut without losing a detail.",
    RewriteAction.FRIENDLIER: "it already thanks the customer and offers more help.",
    RewriteAction.EXPAND: "it already thanks the customer and offers more help.",
    RewriteAction.FORMAL: "Assist's rules (English, German, Spanish, French) found nothing informal to change.",
    RewriteAction.GRAMMAR: "Assist's grammar rules are for English.",
}


def rules_first(model_id: str) -> bool:
    """A catalogue model without a RAM tier (the small built-in one): its rewrites passed the checks about one
    time in eight (`assist eval rewrite`) after 20-50 s each, so Assist's rules go first and the model only when
    they find nothing to change. The company's server, the larger recommended models and any other engine are
    asked first."""
    return not model_id.startswith("server:") and _catalog_tier(model_id) == ""


def _by_rules(refused: Rewrite, conversation: Conversation, playbook: Playbook, sources: Sequence[str],
              own_draft: bool, note: str = "") -> Rewrite | None:
    """The rule-based rewrite (reply/rewrite_rules.py) in place of the refused model's (or before the model is
    asked: `note` then says so), when it passes the same checks; None when there is none."""
    text, action = refused.original, refused.action
    language = target_language(action, text, conversation)
    out = rule_rewrite(text, action, language, conversation.customer.name)
    if not out or rewrite_checks.problems(text, out, action, playbook, conversation, language=language,
                                          sources=sources):
        return None
    done = "no spelling or grammar problems found" if out == text else "rewritten by Assist's own rules"
    return replace(refused, text=out, accepted=True, by_rules=True, problems=[],
                   note=note or f"The model's version {rewrite_checks.summary(refused.problems)}: {done}.",
                   findings=_findings(out, text, playbook, conversation, sources, own_draft))


class _Stop:
    """What rewrite_async returns: Stop cancels the generation under way and any retry after it."""

    def __init__(self) -> None:
        self.token = CancelToken()

    def cancel(self) -> None:
        self.token.cancel()


def rewrite_async(worker: EngineWorker, text: str, action: str, conversation: Conversation,
                  playbook: Callable[[], Playbook], *, on_token: TokenCallback,
                  on_done: Callable[[Rewrite], None], on_error: Callable[[Exception], None],
                  own_draft: bool = False, sources: Sequence[str] = (),
                  on_restart: Callable[[], None] | None = None) -> Cancellable:
    """Like Suggester.suggest: on the worker thread, callbacks from there; returns the handle to cancel.

    A no-op (translate for an English-speaking customer, an empty draft) still answers through on_done,
    from a short-lived thread, so callbacks never run on the caller's own stack. The tries and their
    checks run as one task in the worker's queue, so nothing else reaches the model in between.
    """
    engine = worker.engine
    reason = no_op_reason(action, conversation)
    refused = _not_offered(text, action, conversation, playbook(), engine, own_draft, sources) if engine else None
    if reason or refused is not None or not text.strip() or engine is None:
        job = Job(prompt=Prompt(()), params=GenerationParams(max_tokens=1), on_error=on_error)
        if engine is None:
            return worker.submit(job)  # the worker reports why the model is off
        same = refused or finish(text, action, conversation, playbook(), None, engine.name,
                                 reason or "Nothing to rewrite.", own_draft=own_draft, sources=sources)
        threading.Thread(target=on_done, args=(same,), name="assist-rewrite-noop", daemon=True).start()
        return job
    stop = _Stop()

    def run() -> None:
        made = rewrite(engine, text, action, conversation, playbook(), on_token, own_draft=own_draft,
                       sources=sources, cancel=stop.token, on_restart=on_restart)
        on_done(made)

    worker.submit_task(Task(run, on_error=on_error))
    return stop
