"""The company's playbook: one TOML file with voice, facts, hard rules, escalation, taxonomy and rubric.

Validated on load. An error names the file, the line and the field, so whoever edits the playbook (a
lead, IT) can fix it; the app keeps using the last good playbook meanwhile (see Workspace).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.base.textfiles import is_stdin, read_text_file
from assist.domain.rubric import Criterion, Rubric, parse_rubric
from assist.domain.toml_checks import Checker as _Checker

MAX_PLAYBOOK_BYTES = 5 * 1024 * 1024

RULE_KINDS = ("forbidden_phrase", "forbidden_pattern", "money_cap", "embargo", "fact_number",
              "secret_request", "pii_echo", "internal_leak", "requires_verification", "unsupported_fact",
              "placeholder")
SEVERITIES = ("block", "warn")
# What each rule kind needs besides id/kind/severity/message.
_RULE_NEEDS: dict[str, tuple[str, ...]] = {
    "forbidden_phrase": ("phrases",),
    "forbidden_pattern": ("pattern",),
    "money_cap": ("cap",),
    "embargo": ("destinations",),
    "fact_number": ("fact", "keywords"),
    "requires_verification": ("topics",),
}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Voice:
    tone: list[str] = field(default_factory=list)
    use: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    sign_off: str = ""
    banned_phrases: list[str] = field(default_factory=list)
    language_rule: str = "Reply in the customer's language."
    # The composed reply's frame per language ([voice.phrases.es] thanks = "..."), over the built-in words.
    phrases: dict[str, dict[str, str]] = field(default_factory=dict)


# The frame's parts a playbook may word per language, with the placeholder each must keep (reply/compose.py).
PHRASE_NAMES: dict[str, str] = {"thanks": "", "sorry": "", "hurt": "", "source": "{title}", "foreign": "{language}",
                                "steps": "", "more": "", "no_answer": "", "closing": "", "closing_waiting": "",
                                "closing_sorry": ""}


@dataclass(frozen=True)
class Escalation:
    negative_threshold: float = -0.5
    sharp_drop: float = 0.6
    bot_failures: int = 2
    request_phrases: list[str] = field(default_factory=list)
    time_sensitive: list[str] = field(default_factory=list)
    legal_safety: list[str] = field(default_factory=list)
    failure_phrases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    keywords: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)  # customer messages of this reason, for day-one tagging
    tier: int = 2  # the usual support tier of this reason: 1 simple and repetitive, 2 procedure, 3 needs a human


@dataclass(frozen=True)
class Playbook:
    company: str
    bot_name: str
    voice: Voice
    facts: dict[str, Any]
    rules: list[Rule]
    escalation: Escalation
    taxonomy: list[Category]
    rubric: list[Criterion]
    source: str = ""
    # Why the rules could not be loaded ("" when they were): the guardrails then mark nothing as clean.
    unavailable: str = ""
    coaching: Rubric = field(default_factory=Rubric)  # the rubric with its procedures and version (coaching)

    @property
    def vip_threshold(self) -> float:
        return float(self.facts.get("vip_lifetime_value", 5000))


def parse(text: str, source: str = "playbook") -> Playbook:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML ({exc})", source=source) from None
    c = _Checker(text, source)
    company = c.get(data, "company", dict, "playbook", {})
    voice_raw = c.get(data, "voice", dict, "playbook", {})
    voice = Voice(
        tone=c.words(voice_raw, "tone", "voice"),
        use=c.words(voice_raw, "use", "voice"),
        avoid=c.words(voice_raw, "avoid", "voice"),
        sign_off=c.get(voice_raw, "sign_off", str, "voice", ""),
        banned_phrases=c.words(voice_raw, "banned_phrases", "voice"),
        language_rule=c.get(voice_raw, "language_rule", str, "voice", "Reply in the customer's language."),
        phrases=_phrases(c, voice_raw),
    )
    facts = c.get(data, "facts", dict, "playbook", {})
    rules = [_rule(c, raw, i, facts) for i, raw in enumerate(c.get(data, "rules", list, "playbook", []))]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise c.fail(f"rules.{rule.id}", "duplicate rule id", "id", f'"{rule.id}"')
        seen.add(rule.id)
    esc = c.get(data, "escalation", dict, "playbook", {})
    escalation = Escalation(
        negative_threshold=float(c.get(esc, "negative_threshold", (int, float), "escalation", -0.5)),
        sharp_drop=float(c.get(esc, "sharp_drop", (int, float), "escalation", 0.6)),
        bot_failures=int(c.get(esc, "bot_failures", int, "escalation", 2)),
        request_phrases=c.words(esc, "request_phrases", "escalation"),
        time_sensitive=c.words(esc, "time_sensitive", "escalation"),
        legal_safety=c.words(esc, "legal_safety", "escalation"),
        failure_phrases=c.words(esc, "failure_phrases", "escalation"),
    )
    taxonomy = []
    for raw in c.get(data, "taxonomy", list, "playbook", []):
        cid = c.get(raw, "id", str, "taxonomy")
        taxonomy.append(Category(cid, c.get(raw, "label", str, f"taxonomy.{cid}", near=f'"{cid}"'),
                                 c.words(raw, "keywords", f"taxonomy.{cid}", near=f'"{cid}"'),
                                 c.words(raw, "examples", f"taxonomy.{cid}", near=f'"{cid}"'),
                                 _tier(c, raw, cid)))
    coaching = parse_rubric(c, data)
    return Playbook(company=c.get(company, "name", str, "company", "Your company"),
                    bot_name=c.get(company, "bot_name", str, "company", "Bot"), voice=voice, facts=facts,
                    rules=rules, escalation=escalation, taxonomy=taxonomy, rubric=coaching.criteria, source=source,
                    coaching=coaching)


def _tier(c: _Checker, raw: dict[str, Any], cid: str) -> int:
    tier = c.get(raw, "tier", int, f"taxonomy.{cid}", 2, near=f'"{cid}"')
    if tier not in (1, 2, 3):
        raise c.fail(f"taxonomy.{cid}.tier", f"should be 1, 2 or 3, not {tier}", "tier", near=f'"{cid}"')
    return int(tier)


def _rule(c: _Checker, raw: Any, index: int, facts: dict[str, Any]) -> Rule:
    if not isinstance(raw, dict):
        raise c.fail(f"rules[{index}]", "should be a table")
    rid = c.get(raw, "id", str, f"rules[{index}]")
    path, near = f"rules.{rid}", f'"{rid}"'
    kind = c.get(raw, "kind", str, path, near=near)
    if kind not in RULE_KINDS:
        raise c.fail(f"{path}.kind", f"unknown kind {kind!r}; one of {', '.join(RULE_KINDS)}", "kind", near)
    severity = c.get(raw, "severity", str, path, near=near)
    if severity not in SEVERITIES:
        raise c.fail(f"{path}.severity", "should be block or warn", "severity", near)
    message = c.get(raw, "message", str, path, near=near)
    for need in _RULE_NEEDS.get(kind, ()):
        if need not in raw:
            raise c.fail(f"{path}.{need}", f"is required for a {kind} rule", "kind", near)
    if kind == "forbidden_pattern":
        try:
            re.compile(raw["pattern"])
        except re.error as exc:
            raise c.fail(f"{path}.pattern", f"not a valid regular expression ({exc})", "pattern", near) from None
    if kind == "money_cap" and not isinstance(raw["cap"], int | float):
        raise c.fail(f"{path}.cap", "should be a number", "cap", near)
    if kind == "fact_number" and raw["fact"] not in facts:
        raise c.fail(f"{path}.fact", f"names a fact that [facts] does not define: {raw['fact']!r}", "fact", near)
    # A rule's own words per language (terms = {es = ["reembolso"], de = ["Erstattung"]}): the guardrails add
    # them to their built-in cue words in the four languages.
    terms = raw.get("terms", {})
    if not isinstance(terms, dict) or not all(
            isinstance(words, list) and all(isinstance(w, str) for w in words) for words in terms.values()):
        raise c.fail(f"{path}.terms", "should be a table of languages to lists of words, "
                     'like terms = {es = ["reembolso"]}', "terms", near)
    params = {k: v for k, v in raw.items() if k not in {"id", "kind", "severity", "message"}}
    return Rule(rid, kind, severity, message, params)


def _phrases(c: _Checker, voice_raw: dict[str, Any]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for language, table in c.get(voice_raw, "phrases", dict, "voice", {}).items():
        path = f"voice.phrases.{language}"
        if not isinstance(table, dict):
            raise c.fail(path, "should be a table of phrases", language)
        for name, text in table.items():
            if name not in PHRASE_NAMES:
                raise c.fail(f"{path}.{name}", f"unknown phrase (one of {', '.join(PHRASE_NAMES)})", name)
            if not isinstance(text, str) or not text.strip():
                raise c.fail(f"{path}.{name}", "should be a non-empty string", name)
            if PHRASE_NAMES[name] and PHRASE_NAMES[name] not in text:
                raise c.fail(f"{path}.{name}", f"should contain {PHRASE_NAMES[name]}", name)
        out[language.lower()] = dict(table)
    return out


def unavailable(reason: str, source: str = "playbook") -> Playbook:
    """A playbook with no rules that says why: what stands in when neither the playbook nor a last good copy
    can be read, so that every check fails closed (see guardrails.policy.check)."""
    return Playbook(company="Your company", bot_name="Bot", voice=Voice(), facts={}, rules=[],
                    escalation=Escalation(), taxonomy=[], rubric=[], source=source, unavailable=reason)


def load(path: Path) -> Playbook:
    """A playbook file (or `-`, standard input)."""
    return parse(read_text_file(path, MAX_PLAYBOOK_BYTES), "stdin" if is_stdin(path) else str(path))
