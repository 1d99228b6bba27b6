"""Rule checks on what a side said: comprehension, solution offered, accuracy.

- comprehension: asked again for a detail the customer already gave (analysis.entities finds what they
  gave), repeated its own answer (a loop), or left the customer asking the same thing again;
- solution: some reply says what was done, what will happen or what the customer can do;
- accuracy: the guardrails on every reply of the side (hard rules: caps, embargo, facts, personal data,
  leaks), and with a help centre, durations and amounts that neither the help centre's passages for the
  customer's question, the conversation nor the playbook's facts give. Banned phrases and identity checks
  are left to the voice and procedure criteria, so one flaw marks down one criterion.
"""

from __future__ import annotations

import re

from assist.base.text import jaccard, sentence_spans, word_set
from assist.base.values import find_values
from assist.base.vocab import Role
from assist.coaching import lexicon
from assist.coaching.help_centre import FACT_KINDS as _FACT_KINDS
from assist.coaching.help_centre import unit
from assist.coaching.report import Evidence
from assist.coaching.side import Side, quote
from assist.coaching.verdict import FAIL, PARTLY, PASS, Verdict
from assist.domain.conversation import Conversation
from assist.domain.rubric import Criterion
from assist.guardrails import policy

LOOP_JACCARD = 0.7  # two replies of one side this alike say the same thing twice
REPEAT_JACCARD = 0.6  # a customer message this like their previous one asks the same thing again
_MIN_WORDS = 5
_ASKING = re.compile(r"\?|\b(?:could you|can you|please (?:send|share|provide|give)|send me|provide|share|"
                     r"what is|what's|podr[íi]as|puede|pourriez|pouvez|k[öo]nnten sie|kannst du)\b", re.IGNORECASE)
_CONFIRMING = re.compile(r"\b(?:confirm|verify|verif|on file|on the account|confirmar|vérifier|bestätigen)\w*",
                         re.IGNORECASE)
_QUESTION_END = re.compile(r"\?\s*$")
# Rule kinds other criteria own: voice (banned phrases) and procedure (identity before account changes).
_OTHER_CRITERIA_KINDS = frozenset({"forbidden_phrase", "requires_verification", "unsupported_fact", "placeholder"})


def comprehension(side: Side, criterion: Criterion) -> Verdict:
    problems: list[tuple[str, Evidence, int]] = []
    for given in side.provided:
        asks = lexicon.ASKS.get(given.kind)
        if not asks:
            continue
        for i in side.own:
            if i <= given.message_index:
                continue
            text = side.text(i)
            for start, end in sentence_spans(text):
                sentence = text[start:end]
                if lexicon.find(asks, sentence) and _ASKING.search(sentence) and not _CONFIRMING.search(sentence):
                    problems.append((f"asked again for the {given.kind.replace('_', ' ')} the customer gave "
                                     f"in message {given.message_index}", Evidence(i, quote(text, start, end)), i))
                    break
    seen: list[tuple[int, frozenset[str]]] = []
    for i in side.own:
        words = word_set(side.text(i))
        if len(words) >= _MIN_WORDS and any(jaccard(words, w) >= LOOP_JACCARD for _, w in seen):
            problems.append(("repeated its own earlier answer", Evidence(i, quote(side.text(i))), i))
            break
        seen.append((i, words))
    previous: frozenset[str] = frozenset()
    replied = False
    for i in side.indexes:
        role = side.messages[i].role
        if role == side.scored_as:
            replied = True
        elif role == Role.CUSTOMER:
            words = word_set(side.text(i))
            if replied and len(words) >= _MIN_WORDS and jaccard(words, previous) >= REPEAT_JACCARD:
                problems.append(("the customer had to ask the same thing again", Evidence(i, quote(side.text(i))),
                                 next((j for j in side.own if j < i), side.own[0])))
                break
            previous, replied = words, False
    if not problems:
        return Verdict(PASS, "uses what the customer gave and answers what they asked")
    level = PARTLY if len(problems) == 1 and not problems[0][0].startswith("repeated") else FAIL
    return Verdict(level, "; ".join(p[0] for p in problems), [p[1] for p in problems], target=problems[0][2],
                   detail=problems[0][0])


def solution(side: Side, criterion: Criterion) -> Verdict:
    for i in side.own:
        text = side.text(i)
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if _QUESTION_END.search(sentence):
                continue
            if m := lexicon.find(lexicon.SOLUTION, sentence):
                return Verdict(PASS, "offers a solution or the next step",
                               [Evidence(i, quote(text, start, end) or m.group(0))])
    if side.handed_off:
        return Verdict(PARTLY, "handed over without offering anything first", [Evidence(side.own[-1], quote(
            side.text(side.own[-1])))], target=side.own[-1])
    last = side.own[-1]
    return Verdict(FAIL, "no solution or next step offered", [Evidence(last, quote(side.text(last)))], target=last)


class _Upto:
    """The conversation as it stood when each reply was sent (a rule may look back, never ahead)."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    def at(self, index: int) -> Conversation:
        c = self.conversation
        return Conversation(c.id, c.channel, c.messages[:index], c.subject, c.status, c.customer, c.extra)


class _HelpCentre:
    """The help centre's passages for the question a reply answers: the customer's latest message before it,
    searched once per question."""

    QUESTION_CHARS = 400  # a search costs in proportion to the words it is given (~30 ms for 100 words)

    def __init__(self, side: Side) -> None:
        self.side = side
        self._found: dict[str, list[str]] = {}

    def passages(self, reply_index: int) -> list[str]:
        if self.side.help_centre is None:
            return []
        asked = [i for i in self.side.customer if i < reply_index]
        if not asked:
            return []
        question = self.side.text(asked[-1])[: self.QUESTION_CHARS]
        if question not in self._found:
            try:
                found = self.side.help_centre.passages(question, self.side.language)
            except Exception:  # the help centre is extra evidence; a failure must not stop a report
                found = []
            self._found[question] = found
        return self._found[question]


def accuracy(side: Side, criterion: Criterion) -> Verdict:
    upto = _Upto(side.conversation)
    help_centre = _HelpCentre(side)
    warned: Verdict | None = None
    for i in side.own:
        text = side.text(i)
        findings = policy.check(text, side.playbook, upto.at(i))
        for f in findings:
            if f.rule in _other_rule_ids(side):
                continue
            verdict = Verdict(FAIL if f.severity == "block" else PARTLY, f.message, [Evidence(i, f.text)], target=i,
                              detail=f.message)
            if f.severity == "block":
                return verdict
            warned = warned or verdict
        if side.help_centre is not None and warned is None and _unsourced_facts(side, text, upto.at(i)):
            warned = _contradiction(side, i, upto.at(i), help_centre.passages(i))
    return warned or Verdict(PASS, "no hard rule broken and no fact the help centre contradicts")


def _unsourced_facts(side: Side, text: str, before: Conversation) -> bool:
    """A duration or amount that neither the conversation nor the company facts give: only then is the help
    centre searched (a search costs tens of milliseconds; most values echo the chat or the facts)."""
    if not any(v.kind in _FACT_KINDS for v in find_values(text)):
        return False
    rules, stated = _source_rule_ids(side), side.help_centre.units() if side.help_centre else frozenset()
    return any(f.rule in rules and any(v.kind in _FACT_KINDS and unit(v.norm) in stated for v in find_values(f.text))
               for f in policy.check(text, side.playbook, before, sources=()))


def _contradiction(side: Side, index: int, before: Conversation, passages: list[str]) -> Verdict | None:
    """A duration or amount no source gives, where the help centre's passages for the customer's question
    give another of the same kind ("within 60 days" where the article says 30 days). A value the help
    centre says nothing about is not judged: a sent reply may rest on systems Assist cannot see."""
    text = side.text(index)
    given = {unit(v.norm) for p in passages for v in find_values(p) if v.kind in _FACT_KINDS}
    if not given:
        return None
    for f in policy.check(text, side.playbook, before, sources=passages):
        if f.rule not in _source_rule_ids(side):
            continue
        for value in find_values(f.text):
            if value.kind in _FACT_KINDS and unit(value.norm) in given:
                return Verdict(PARTLY, f"{f.text}: the help centre says otherwise", [Evidence(index, f.text)],
                               target=index, detail=f"the help centre gives another {value.kind} than {f.text}")
    return None


def _other_rule_ids(side: Side) -> set[str]:
    return {r.id for r in side.playbook.rules if r.kind in _OTHER_CRITERIA_KINDS}


def _source_rule_ids(side: Side) -> set[str]:
    return {r.id for r in side.playbook.rules if r.kind == "unsupported_fact"}
