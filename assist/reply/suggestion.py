"""One suggestion as the agent sees it, and tidying what a small model writes into a reply."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assist.base.vocab import Origin
from assist.guardrails import policy as guardrails
from assist.reply.fact_sources import FactSource

# Small models often open with a transcript label ("Customer:", "Agent Sam:"); it is not part of a reply.
_LEADING_LABEL = re.compile(r"^\s*(?:customer|agent|assistant|bot(?:\s*\(ai\))?|reply|our reply)\b[^:\n]{0,40}:\s*",
                            re.IGNORECASE)
# The model greeted on its own although the prompt already ends with the greeting primer (base.text.GREETINGS):
# every primer's word plus common openers. Not handoff's customer-greeting pattern, which also strips
# "@mentions", "there/team" and "to whom it may concern" from a customer's message.
OWN_GREETING = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|buenos|bonjour|"
                       r"salut|hallo|guten|ciao|olá)\b", re.IGNORECASE)


def signed_by(text: str, agent_name: str, other_agents: list[str]) -> str:
    """The reply signed by the person using Assist: a small model copies the sign-off of an earlier agent in
    the chat ("Sam, Northwind Goods", "I'm Sam"); those first names become this agent's."""
    mine = (agent_name.split() or [""])[0]
    for other in {(name.split() or [""])[0] for name in other_agents} - {mine, ""}:
        name = re.escape(other)
        lines = text.split("\n")
        for i in range(max(0, len(lines) - 3), len(lines)):  # the sign-off lines at the end
            lines[i] = re.sub(rf"^(\W*(?:(?:thanks|best|regards|cheers|saludos|merci|grüße)\W+)?){name}\b",
                              rf"\g<1>{mine}", lines[i], flags=re.IGNORECASE)
        text = "\n".join(lines)
        text = re.sub(rf"\b(I'm|I am|this is|soy|je suis|ich bin) {name}\b", rf"\1 {mine}", text)
        text = re.sub(rf"\b{name} here\b", f"{mine} here", text)
    return text


def tidy_reply(text: str) -> str:
    """Trim whitespace and a leading transcript label; a reply that was only a label becomes empty,
    which the gate treats like a failed attempt."""
    text = re.sub(r"[ \t]+\n", "\n", text).strip()
    return _LEADING_LABEL.sub("", text, count=1).strip()


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
    index: int = 0  # position in this Suggest press (0 = first shown)
    findings_before_gate: list[guardrails.Finding] = field(default_factory=list)  # the first attempt's
    regenerated: bool = False  # the first attempt had a block finding and was regenerated
    examples: list[str] = field(default_factory=list)  # ids of the team examples in the prompt
    prompt_inputs: dict[str, Any] = field(default_factory=dict)
    origin: str = Origin.MODEL
    source_locale: str = ""  # the answer's article locale when the help centre has none in the reply's
    source_author: str = ""  # for the team's answer: the agent who wrote the original
    sources: list[str] = field(default_factory=list)  # passage texts a composed card may state facts from
    source_labels: list[str] = field(default_factory=list)  # the article title of each of `sources`
    facts: list[FactSource] = field(default_factory=list)  # each value in `text` with where it comes from

    @property
    def blocked(self) -> bool:
        return guardrails.has_block(self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": self.citations,
                "findings": [f.as_dict() for f in self.findings]}

    def details(self) -> dict[str, Any]:
        """Everything an evaluation needs (as_dict stays the documented CLI shape)."""
        return {**self.as_dict(), "index": self.index, "blocked": self.blocked, "regenerated": self.regenerated,
                "findings_before_gate": [f.as_dict() for f in self.findings_before_gate],
                "examples": self.examples, "model": self.model, "ttft_s": round(self.ttft_s, 4),
                "tokens_per_s": round(self.tokens_per_s, 2), "cancelled": self.cancelled}
