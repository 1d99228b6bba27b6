"""money_cap: an amount above the cap offered as a refund, credit, discount or compensation without saying
that approval is still needed. Amounts are read by assist.base.values, in US and European notation
("$1,250.00", "1.250,00 €", "150 dollars", "$2k")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assist.base.text import words_regex
from assist.base.values import Value, find_values
from assist.domain.playbook import Rule
from assist.guardrails.rules.common import Reply, Span, str_tuple


def money_cap_fix(rule: Rule) -> str:
    cap = rule.params.get("cap")
    shown = f"${cap:g}" if isinstance(cap, int | float) else "the cap"
    return f"Do not offer or promise more than {shown}; say a team lead needs to approve it first."


# Saying approval is still needed makes a big amount fine: "pending approval", "my lead needs to approve".
_APPROVAL = re.compile(
    r"\b(?:need|needs|needed|require|requires|required|pending|await|awaiting|waiting|subject\s+to|once|"
    r"after|if|until|ask|asking|asked|check\s+with|checking\s+with|get|getting|seek|seeking|request|"
    r"requesting|submit\w*|escalat\w*)\b[^.!?]{0,60}?\b(?:approv\w*|sign[- ]?off)"
    r"|\b(?:approv\w*|sign[- ]?off)\s+(?:is\s+|are\s+)?(?:still\s+)?(?:pending|needed|required)"
    # "my team lead will sign it off", "a lead has to approve it": someone above the agent decides.
    r"|\b(?:lead|manager|supervisor)s?\b[^.!?]{0,30}?\b(?:approv\w*|sign\w*(?:\s+\w+)?\s+off)",
    re.IGNORECASE,
)


# Restating, before the amount, what the customer asks or waits for is no offer: "you're seeking a refund of $1,200",
# "regarding your reimbursement of $350", "the delay in your $299 refund".
_CUSTOMER_CLAIM = re.compile(
    r"\byou\b[^.!?]{0,30}?\b(?:seek\w*|request\w*|asking|ask\s+for|want\w*|would\s+like|wish\w*|"
    r"expect\w*|wait\w*|await\w*|anticipat\w*|claim\w*|looking\s+for|hop\w*|hav\w+\s+not|"
    r"haven['’]t)\b"
    r"|\byour\s+(?:\w+\s+){0,2}?(?:request|expectation|concern|anticipation|inquiry|question|claim)"
    r"|\b(?:regarding|concerning|obtain\w*|inquir\w*|wait\w*\s+for|await\w*|delay\w*|related\s+to|pertaining\s+to|involving|"
    r"relevant\s+to)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _money_words(words: tuple[str, ...]) -> re.Pattern[str]:
    base = words_regex(words, inflect=True).pattern
    # "credit card" is a payment method, not a credit.
    return re.compile(rf"(?:{base})(?!\s+cards?\b)", re.IGNORECASE)


def amount_value(amount: Value) -> float:
    """The number of an amount value ("amount:1250:USD" -> 1250)."""
    return float(amount.norm.split(":")[1])


def money_cap(rule: Rule, reply: Reply) -> Iterator[Span]:
    cap = rule.params.get("cap")
    if not isinstance(cap, int | float):
        return
    words = str_tuple(rule.params.get("applies_to")) or ("refund", "credit", "discount", "reimburse",
                                                            "compensation")
    money_words = _money_words(words)
    for amount in find_values(reply.text):
        if amount.kind != "amount" or amount_value(amount) <= cap:
            continue
        s_start, s_end = reply.sentence_at(amount.start)
        sentence = reply.text[s_start:s_end]
        # The approval caveat may come in the same sentence or the next one.
        next_end = reply.sentence_at(s_end)[1] if s_end < len(reply.text) else s_end
        if (money_words.search(sentence) and not _APPROVAL.search(reply.text, s_start, next_end)
                and not _CUSTOMER_CLAIM.search(reply.text, s_start, amount.start)):
            yield amount.start, amount.end, f"above {cap:g} without approval"


