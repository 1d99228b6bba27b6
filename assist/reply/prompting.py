"""Prompt assembly for replies: voice and facts first, the conversation in order, then the request.

A role-tagged Prompt (llm/engine.py): a system message, then one user message whose parts are
[conversation header][one part per message][knowledge][instruction], and the reply's first words. No chat
template here: the engine renders it. Order matters for speed:
Everything up to the last message only grows as the chat goes on, so it stays in the KV cache. The knowledge
segment (help-centre passages and the team's example replies) depends only on the conversation, so it is
part of the prefix the app pre-fills when a message arrives;
only the short instruction is evaluated when the agent presses Suggest. Customer text is untrusted: it is quoted as
data and chat-control tokens inside it are defused, so "ignore your instructions" is just text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from assist.analysis.language import conversation_language
from assist.base.redaction import when_enabled
from assist.base.text import GREETINGS, ROLE_LABELS, defuse, estimate_tokens
from assist.domain.conversation import Conversation, Message
from assist.domain.playbook import Playbook
from assist.guardrails.rules.leaks import MODEL_INSTRUCTIONS
from assist.llm.engine import Prompt

if TYPE_CHECKING:
    from assist.reply.examples import Example

PASSAGE_CHARS = 700


@dataclass(frozen=True)
class PromptParts:
    prompt: Prompt
    citations: list[str]
    dropped_messages: int
    primer: str = ""  # the reply's first words, already in the prompt: the model continues from them


def instruction_lines(playbook: Playbook) -> list[str]:
    """The lines that tell the model what it is and how to behave: never to be quoted back to a customer.
    They are defined with the guardrail that catches a reply quoting them (guardrails/rules/leaks.py)."""
    return list(MODEL_INSTRUCTIONS)


def system_text(playbook: Playbook) -> str:
    v = playbook.voice
    task, data_warning, secrecy, _ = instruction_lines(playbook)
    facts = "; ".join(f"{key.replace('_', ' ')}: {_fact(value)}" for key, value in playbook.facts.items())
    lines = [
        f"You are a customer support agent at {playbook.company}. {task}",
        f"Voice: {', '.join(v.tone)}." if v.tone else "",
        f"Prefer words like: {', '.join(v.use)}." if v.use else "",
        f"Avoid: {', '.join(v.avoid)}." if v.avoid else "",
        f"Never write these phrases: {'; '.join(v.banned_phrases)}." if v.banned_phrases else "",
        v.language_rule,
        f"Company facts: {facts}." if facts else "",
        "Rules: " + " ".join(r.message for r in playbook.rules if r.severity == "block"),
        data_warning,
        secrecy,
    ]
    return "\n".join(line for line in lines if line)


def _fact(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def message_line(message: Message) -> str:
    label = ROLE_LABELS.get(message.role, message.role)
    who = f" {message.author}" if message.author else ""
    text = " ".join(defuse(message.text).split())
    return f"{label}{who}: «{text}»\n"


# Room for the chat template's tags (system, user and assistant turns) in token budgets: the prompt holds
# none of them, the engine adds them.
TEMPLATE_TOKENS = 16


def conversation_parts(conversation: Conversation, playbook: Playbook, budget: int) -> tuple[str, list[str], int]:
    """The system text, and the user parts [header][one per message] with the oldest turns dropped to fit
    `budget` tokens; and how many were dropped."""
    system = system_text(playbook)
    header = f"Conversation on {conversation.channel}, subject «{defuse(when_enabled(conversation.subject))}»:\n"
    # Internal notes stay out of the prompt: the model cannot leak what it never saw. IT's redaction policy
    # masks card numbers, emails and phones here too (a conversation given on the command line is not stored).
    lines = [message_line(replace(m, text=when_enabled(m.text))) for m in conversation.messages if m.role != "note"]
    budget -= estimate_tokens(system + header) + TEMPLATE_TOKENS
    dropped = 0
    # Too long: drop the oldest turns but keep the first customer message (it usually states the goal).
    while lines and sum(estimate_tokens(line) for line in lines) > budget:
        del lines[1 if len(lines) > 1 else 0]
        dropped += 1
    if dropped:
        lines.insert(1 if lines else 0, f"[{dropped} earlier messages left out]\n")
    return system, [header, *lines], dropped


def build_reply_prompt(conversation: Conversation, playbook: Playbook, *,
                       passages: list[dict[str, Any]], agent_name: str, n_ctx: int,
                       max_reply_tokens: int, examples: Sequence[Example] = (),
                       correction: str = "") -> PromptParts:
    """`correction` (the gate's second try) goes into the instruction only, so the prefix stays cached."""
    knowledge = _knowledge(passages) + _examples(examples)
    tail = _instruction(conversation, playbook, agent_name, correction)
    budget = n_ctx - max_reply_tokens - estimate_tokens(knowledge + tail) - 16
    system, user, dropped = conversation_parts(conversation, playbook, budget)
    primer = greeting(conversation)
    prompt = Prompt.chat(("system", system), ("user", (*user, knowledge, tail)),
                         prefix_parts=1 + len(user) + 1, reply_start=primer)
    return PromptParts(prompt, [p["id"] for p in passages], dropped, primer)


def greeting(conversation: Conversation) -> str:
    """The reply's opening words in the customer's language. Starting the answer for the model keeps a
    small one writing a reply to this customer instead of continuing the transcript or the article list."""
    first = (conversation.customer.name or "").split()
    language = conversation_language(conversation)
    name = defuse(first[0]) if first else ("there" if language == "en" else "")
    template = GREETINGS.get(language, GREETINGS["en"])
    return template.format(name=name).replace(" ,", ",")


def _knowledge(passages: list[dict[str, Any]]) -> str:
    if not passages:
        return ("\nNo help-centre article matches. Do not invent policy: ask a clarifying question or say "
                "you will check with the team.\n")
    refs = "\n".join(f"[{p['id']}] {p['title']}: {' '.join(p['body'].split())[:PASSAGE_CHARS]}" for p in passages)
    return f"\nHelp-centre articles you may use:\n{refs}\n"


def _examples(examples: Sequence[Example]) -> str:
    if not examples:
        return ""
    # Quoted like the conversation: past customers' words are data too.
    shown = "\n".join(f"Customer: «{defuse(e.customer)}»\nOur reply: «{defuse(e.reply)}»" for e in examples)
    return ("\nExamples of replies our team sent (match their tone and care, not their facts; names are "
            f"masked):\n{shown}\n")


def _instruction(conversation: Conversation, playbook: Playbook, agent_name: str, correction: str = "") -> str:
    first = agent_name.split()[0] if agent_name.strip() else "the agent"
    sign_off = playbook.voice.sign_off.replace("{agent_first_name}", first) if playbook.voice.sign_off else first
    language = conversation_language(conversation)
    fix = f"\nImportant: {correction}" if correction else ""
    return (f"\nWrite the agent's next reply to the customer, in language '{language}'. Be brief "
            f"and specific. Sign off as: {sign_off}{fix}")
