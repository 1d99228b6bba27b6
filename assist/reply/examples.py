"""Few-shot examples from the team itself: replies that worked, shown to the model as the house style.

Candidates are (customer message, agent reply) pairs from two places:
- agent replies in solved conversations whose customer ended neutral or better (sentiment journey end);
- agents' own edits of suggestions (outcome "edited"): the text they actually sent.
Replies that break a hard rule are never candidates: an example teaches more strongly than a rule.

For a request, the two candidates whose customer message is most like the current customer turn win
(BM25 over words, no extra dependency), from other conversations only, within a token budget.
Names are masked so the model does not greet today's customer with yesterday's name.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from assist.analysis import sentiment
from assist.base.text import content_words, estimate_tokens, jaccard, word_set
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails
from assist.store.store import ExampleSource, Store

GOOD_ENDING = -0.05  # journey end at or above this: the customer left neutral or happier
CUSTOMER_CHARS = 240
REPLY_CHARS = 520
MIN_REPLY_CHARS = 40  # "Thanks, that matches." teaches nothing
TOKEN_BUDGET = 300


@dataclass(frozen=True)
class Example:
    id: str  # "reply:<conversation>:<message index>" or "edit:<suggestion id>"
    conversation_id: str
    customer: str
    reply: str
    author: str = ""  # who wrote the reply ("" for an edited suggestion)
    full_reply: str = ""  # the masked reply with its lines, unclipped (the team's-answer card shows it)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _mask(text: str, names: Iterable[str], placeholder: str) -> str:
    for name in {n.split()[0] for n in names if n and n.split()}:
        if len(name) > 1:
            text = re.sub(rf"\b{re.escape(name)}\b", placeholder, text)
    return text


def candidates(source: ExampleSource, playbook: Playbook) -> list[Example]:
    out: list[Example] = []
    for conv in source.solved:
        if not any(m.role == "agent" for m in conv.messages):
            continue
        if sentiment.journey(conv).end < GOOD_ENDING:
            continue
        last_customer = ""
        for i, message in enumerate(conv.messages):
            if message.role == "customer":
                last_customer = message.text
            elif message.role == "agent" and last_customer and len(message.text) >= MIN_REPLY_CHARS:
                out.append(_example(f"reply:{conv.id}:{i}", conv.id, last_customer, message.text,
                                    [conv.customer.name], [message.author], playbook, conv))
    for edit in source.edits:
        out.append(_example(f"edit:{edit['id']}", edit["conversation_id"], edit["customer_text"],
                            edit["final_text"], [edit.get("customer_name") or ""], [], playbook, None))
    return [e for e in out if e.reply]


def _example(example_id: str, conversation_id: str, customer: str, reply: str, customers: list[str],
             agents: list[str], playbook: Playbook, conversation: Conversation | None) -> Example:
    if guardrails.has_block(guardrails.check(reply, playbook, conversation)):
        reply = ""  # dropped by the caller
    reply = _mask(_mask(reply, customers, "[customer]"), agents, "[agent]")
    customer = _mask(customer, customers, "[customer]")
    return Example(example_id, conversation_id, _clip(customer, CUSTOMER_CHARS), _clip(reply, REPLY_CHARS),
                   agents[0] if agents else "", reply)


class PoolCache:
    """Candidates cost ~0.1 s per 25 solved conversations (sentiment and guardrails over every reply) and a
    prompt is built on every warm-up and Suggest, so they are rebuilt only when the store's example
    signature or the playbook changed."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._pool: list[Example] = []
        self._lock = threading.Lock()  # the worker thread and a CLI caller may share a Suggester

    def get(self, store: Store, playbook: Playbook) -> list[Example]:
        key = (id(playbook), *store.suggestions.examples_signature())
        with self._lock:
            if key != self._key:
                self._pool, self._key = candidates(store.suggestions.examples_source(), playbook), key
            return self._pool


def select(pool: list[Example], query: str, *, exclude_conversation: str, k: int = 2,
           token_budget: int = TOKEN_BUDGET) -> list[Example]:
    """The k examples most like `query` (BM25 over the examples' customer messages), within the budget."""
    docs = [(e, Counter(content_words(e.customer))) for e in pool if e.conversation_id != exclude_conversation]
    terms = set(content_words(query))
    if not docs or not terms:
        return []
    n = len(docs)
    avg_len = sum(sum(c.values()) for _, c in docs) / n or 1.0
    df = Counter(t for _, counts in docs for t in counts if t in terms)
    k1, b = 1.2, 0.75
    scored = []
    for example, counts in docs:
        length = sum(counts.values())
        score = 0.0
        for term in terms & counts.keys():
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            tf = counts[term]
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg_len))
        if score > 0:
            scored.append((score, example.id, example))
    # Ties broken by id so the same conversation always gets the same examples (a stable KV-cache prefix).
    scored.sort(key=lambda s: (-s[0], s[1]))
    chosen: list[Example] = []
    used = 0
    for _, _, example in scored:
        cost = estimate_tokens(example.customer + example.reply) + 8
        if used + cost > token_budget:
            continue
        chosen.append(example)
        used += cost
        if len(chosen) == k:
            break
    return chosen


def near_duplicate(a: str, b: str, threshold: float = 0.8) -> bool:
    """The same reply in other words: word-set Jaccard >= threshold, or one is a prefix of the other."""
    na, nb = " ".join(a.lower().split()), " ".join(b.lower().split())
    if not na or not nb or na.startswith(nb) or nb.startswith(na):
        return True
    wa, wb = word_set(na), word_set(nb)
    return jaccard(wa, wb) >= threshold if wa | wb else na == nb


def query_for(conversation: Conversation) -> str:
    """The current customer turn; with the subject too when the turn is short ("yes please")."""
    turns = [m.text for m in conversation.messages if m.role == "customer"]
    turn = turns[-1] if turns else ""
    return turn if len(content_words(turn)) >= 3 else f"{conversation.subject} {turn}"
