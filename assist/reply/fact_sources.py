"""Where each fact of a suggestion comes from, so the agent can see it on hover before sending.

A fact is a value the parser of the guardrails finds (assist/base/values.py: amounts, durations, times,
dates, numbers, links, emails, order numbers). Its source is the first place that states the same value,
read alike across wording ("30 days" = "thirty days"): a help-centre passage (named by its article title),
this conversation, or the playbook's facts. A value with no source gets no mark; the guardrails' "no fact
without a source" rule flags it on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assist.base.values import find_values
from assist.domain.conversation import Conversation

THIS_CONVERSATION = "this conversation"


@dataclass(frozen=True)
class FactSource:
    start: int
    end: int
    text: str  # the value as written in the suggestion
    source: str  # an article's title, "this conversation", or "the playbook"

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "source": self.source}


def _keys(text: str) -> set[str]:
    return {norm for value in find_values(text) for norm in value.norms}


def locate(text: str, sources: Sequence[tuple[str, str]], conversation: Conversation | None = None,
           playbook_facts: Sequence[str] = ()) -> list[FactSource]:
    """Each value of `text` with the first source that states it. `sources` are (label, text) pairs, best
    first (the answer's passage before the rest of its article)."""
    places = [(label, _keys(body)) for label, body in sources]
    if conversation is not None:
        places.append((THIS_CONVERSATION, _keys("\n".join(m.text for m in conversation.messages
                                                          if m.role != "note"))))
    if playbook_facts:
        places.append(("the playbook", _keys("\n".join(playbook_facts))))
    out = []
    for value in find_values(text):
        norms = set(value.norms)
        label = next((label for label, keys in places if keys & norms), None)
        if label is not None:
            out.append(FactSource(value.start, value.end, value.raw, label))
    return out
