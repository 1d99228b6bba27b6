"""The team's own answer: what an agent wrote to the most similar solved question, adapted to this chat.

A past reply that worked (reply/examples.py: solved, the customer left neutral or happier, no hard rule
broken) is often the best wording the team has. It is never pasted as it was:
- the other customer's name is replaced by this customer's, the old greeting and sign-off by this chat's;
- each sentence is checked against what this reply may state (the help-centre passages the composer found,
  this conversation, the playbook's facts): a sentence with a fact that none of them supports (another
  customer's order number, email, amount or date, a promise of that day) is dropped, not reworded;
- a card is offered only when the question really is alike (most of this ask's words are in it) and in the
  same language, and something substantial is left after the checks.
No model is involved: the card is ready as soon as the help-centre card is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assist.analysis.language import detect
from assist.base.text import content_words, sentence_spans
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails
from assist.reply import examples
from assist.reply.prompting import greeting

MIN_SHARED = 0.5  # share of the ask's content words the past question must contain
MIN_SHARED_WORDS = 2
MIN_KEPT_CHARS = 40  # what is left after the checks must still say something
_GREETING_LINE = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|buenos días|"
                            r"bonjour|salut|hallo|guten tag)\b[^\n.!?]{0,40}[,!]?\s*$", re.IGNORECASE)
_SIGN_OFF_LINE = re.compile(r"^\s*(?:(?:thanks|thank you|best|regards|kind regards|cheers|gracias|un saludo|"
                            r"saludos|atentamente|merci|cordialement|bien à vous|danke|viele grüße|beste grüße|"
                            r"mit freundlichen grüßen|grüße)\b[^\n]{0,40}|\[agent\][^\n]{0,40})$", re.IGNORECASE)


_INLINE_SIGN_OFF = re.compile(r"(?<=[.!?])\s+(?:(?:thanks|best|regards|cheers|un saludo|saludos|merci|"
                              r"cordialement|danke|grüße)\s*,?\s*)?\[agent\][^.!?]{0,40}$", re.IGNORECASE)


@dataclass(frozen=True)
class TeamAnswer:
    text: str
    author: str  # first name of the agent who wrote the original ("" for an edited suggestion)
    example_id: str
    conversation_id: str  # the solved conversation it came from
    dropped: int  # sentences left out because a fact in them had no source here


def _shared(ask: str, question: str) -> tuple[float, int]:
    wanted = set(content_words(ask))
    found = wanted & set(content_words(question))
    return (len(found) / len(wanted) if wanted else 0.0), len(found)


def _body_lines(reply: str) -> list[str]:
    lines = [ln.strip() for ln in reply.splitlines() if ln.strip()]
    if lines and _GREETING_LINE.match(lines[0]):
        lines = lines[1:]
    elif lines:  # "Hi [customer], thanks for ..." on one line: drop only the greeting words
        lines[0] = re.sub(r"^\s*(?:hi|hello|hey|dear|hola|bonjour|hallo)\s+\[customer\]\s*[,!]\s*", "", lines[0],
                          flags=re.IGNORECASE)
    while len(lines) > 1 and len(lines[-1]) < 60 and (_SIGN_OFF_LINE.match(lines[-1]) or "[agent]" in lines[-1]):
        lines = lines[:-1]
    if lines:  # a sign-off at the end of the last line: "... an exchange. [agent], Northwind Goods"
        lines[-1] = _INLINE_SIGN_OFF.sub("", lines[-1]).rstrip()
    return [ln[:1].upper() + ln[1:] for ln in lines if ln]


def adapt(reply: str, conversation: Conversation, playbook: Playbook, *, sources: list[str],
          sign_off: str, agent_name: str = "") -> tuple[str, int]:
    """The past reply's body in this chat's frame, keeping only sentences whose facts have a source here."""
    first = (conversation.customer.name or "").split()
    name = first[0] if first else ""
    agent = agent_name.split()[0] if agent_name.split() else ""
    kept: list[str] = []
    dropped = 0
    for line in _body_lines(reply):
        line = line.replace("[customer]", name).replace("[agent]", agent).strip()
        sentences = [line[a:b] for a, b in sentence_spans(line)] or [line]
        good = []
        for sentence in sentences:
            findings = guardrails.check(sentence, playbook, conversation, sources=sources)
            if guardrails.has_block(findings) or "[" in sentence or re.search(r"\s[,.]", sentence):
                dropped += 1
            else:
                good.append(sentence)
        if good:
            kept.append(" ".join(good))
    body = "\n".join(kept).strip()
    if len(body) < MIN_KEPT_CHARS:
        return "", dropped
    return "\n".join([greeting(conversation), body, sign_off]), dropped


def team_answer(conversation: Conversation, pool: list[examples.Example], playbook: Playbook, *, ask: str,
                language: str, sources: list[str], sign_off: str, agent_name: str = "") -> TeamAnswer | None:
    """The most similar past answer, adapted, or None when no past question is alike enough."""
    for example in examples.select(pool, ask, exclude_conversation=conversation.id, k=3, token_budget=10_000):
        share, count = _shared(ask, example.customer)
        if share < MIN_SHARED or count < MIN_SHARED_WORDS:
            continue
        reply = example.full_reply or example.reply
        if (detect(reply) or language) != language:
            continue
        text, dropped = adapt(reply, conversation, playbook, sources=sources, sign_off=sign_off,
                              agent_name=agent_name)
        if text:
            return TeamAnswer(text, example.author.split()[0] if example.author.split() else "", example.id,
                              example.conversation_id, dropped)
    return None
