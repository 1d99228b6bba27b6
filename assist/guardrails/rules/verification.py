"""requires_verification: changing an account detail (a playbook topic such as "account email") without
verifying the customer's identity, in this reply or earlier in the conversation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assist.base.text import APOSTROPHE
from assist.domain.playbook import Rule
from assist.guardrails.rules.common import Reply, Span, str_tuple

_CHANGE_VERBS = (r"reset|changed?|updated?|switched|switch|replaced?|removed?|modif(?:y|ied)|edited|edit|"
                 r"swapped|swap|added|add|unlocked?|deleted?")
# "I've reset", "I'll update", "we have changed", "let me switch", "has been updated": the agent acts.
_CHANGE = re.compile(
    rf"\b(?:(?:i|we)(?:{APOSTROPHE}(?:ve|ll|m|re|d))?|let\s+me|let\s+us)"
    rf"(?:\s+(?:have|has|will|can|just|now|also|already|gone|go|went|ahead|and|am|are|going|to|could|"
    rf"successfully|quickly|manually))*\s+(?P<v>{_CHANGE_VERBS})\b"
    rf"|\b(?:has|have|is|are)\s+(?:now\s+|just\s+|also\s+)*(?:been\s+)(?P<p>{_CHANGE_VERBS})\b",
    re.IGNORECASE,
)
_VERIFY = re.compile(
    r"\bverif\w*|\bidentity\b|\bon\s+file\b|\blast\s+(?:4|four)\b|\bfor\s+your\s+(?:security|protection)\b"
    rf"|\bsecurity\s+(?:question|check|reasons)\b|\bit{APOSTROPHE}?s\s+(?:really\s+)?you\b|\bit\s+is\s+you\b"
    r"|\bconfirm\w*\b[^.!?]{0,40}\b(?:e-?mail|address|phone|name|date\s+of\s+birth|zip|post\s*code)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _topic_regexes(topics: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], ...], ...]:
    # A topic matches when all its words appear (any order, inflected): "account email" also
    # matches "the email on your account".
    return tuple(tuple(re.compile(rf"\b{re.escape(w)}\w*", re.IGNORECASE) for w in t.split())
                 for t in topics if t.split())


def requires_verification(rule: Rule, reply: Reply) -> Iterator[Span]:
    topics = _topic_regexes(str_tuple(rule.params.get("topics")))
    if not topics or _VERIFY.search(reply.text):
        return
    conversation = reply.conversation
    if conversation and any(m.role in ("agent", "bot") and _VERIFY.search(m.text)
                            for m in conversation.messages):
        return  # verification was already asked for earlier in this conversation
    text = reply.text
    for m in _CHANGE.finditer(text):
        s_start, s_end = reply.sentence_at(m.start())
        # The verb itself doesn't count as the topic: "I've reset the delivery date" is no account change.
        rest = text[s_start:m.start()] + " " + text[m.end():s_end]
        if any(all(w.search(rest) for w in topic) for topic in topics):
            yield m.start(), m.end(), ""


