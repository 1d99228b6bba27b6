"""The rule kinds of the guardrails, one family per module, each kind with its check and its fix text.

KINDS below is the one place a rule kind is tied to its check and fix; a new kind goes into its family's
module and gets one line here. Each check gets a Rule and a Reply (the checked text plus views shared by
all rules of one check) and yields (start, end, detail) spans. Regexes are built once per distinct rule
parameters (lru_cache).

| module | kinds |
|---|---|
| wording.py | forbidden_phrase, forbidden_pattern |
| money.py | money_cap |
| embargo.py | embargo |
| facts.py | fact_number |
| personal_data.py | secret_request, pii_echo |
| leaks.py | internal_leak (and the model's instructions it protects) |
| verification.py | requires_verification |
| sources.py | unsupported_fact, placeholder (a value no source gives; template holes, transcript labels) |
"""

from __future__ import annotations

from assist.guardrails.rules import embargo, facts, leaks, money, personal_data, sources, verification, wording
from assist.guardrails.rules.common import Check, Reply, RuleKind, Span

KINDS: dict[str, RuleKind] = {
    "forbidden_phrase": RuleKind(wording.forbidden_phrase, wording.FORBIDDEN_PHRASE_FIX),
    "forbidden_pattern": RuleKind(wording.forbidden_pattern),
    "money_cap": RuleKind(money.money_cap, money.money_cap_fix),
    "embargo": RuleKind(embargo.embargo, embargo.EMBARGO_FIX),
    "fact_number": RuleKind(facts.fact_number, facts.FACT_NUMBER_FIX),
    "secret_request": RuleKind(personal_data.secret_request, personal_data.SECRET_REQUEST_FIX),
    "pii_echo": RuleKind(personal_data.pii_echo, personal_data.PII_ECHO_FIX),
    "internal_leak": RuleKind(leaks.internal_leak, leaks.INTERNAL_LEAK_FIX),
    "requires_verification": RuleKind(verification.requires_verification),
    "unsupported_fact": RuleKind(sources.unsupported_fact, sources.UNSUPPORTED_FACT_FIX),
    "placeholder": RuleKind(sources.placeholder, sources.PLACEHOLDER_FIX),
}
# Kinds that only warn on the agent's own draft (check(own_draft=True)): a human may know what no source says.
DRAFT_WARN_KINDS = frozenset({"unsupported_fact", "placeholder"})

__all__ = ["DRAFT_WARN_KINDS", "KINDS", "Check", "Reply", "RuleKind", "Span"]
