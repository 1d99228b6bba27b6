"""What a rewrite must keep and must not bring, checked before it may replace its input.

Kept: every value of the input (amounts, order numbers, dates, times, durations, links, emails, phones, read
with assist.base.values, the parser the guardrails use, so "$150" kept as "150 dollars" or "30 days" as
"30 días" counts as kept; a code the parser does not read, letters and digits together such as a postcode's
"BS1 4DJ", as written), what it says (no more "not" or "unable" than the input had), its language (or the
customer's, for translate), and the length the action promises ("shorter" at most 0.8 of the input). Not
brought: a fact of its own or a template hole (the guardrails' source rules, with the input as the source),
the prompt's own words, a sentence said twice, a reply cut off mid-sentence.

`problems(...)` lists what is wrong, each with a sentence for the agent; an empty list means the rewrite
may replace its input. Pure: no model, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assist.analysis.language import detect
from assist.base.text import WORD, sentence_spans, word_set
from assist.base.values import Value, find_values
from assist.base.vocab import RewriteAction, RewriteProblem
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.guardrails import policy as guardrails

# Length of the rewrite over its input (characters) that each action promises: (at least, at most).
LENGTH_BOUNDS: dict[str, tuple[float, float]] = {
    RewriteAction.SHORTER: (0.2, 0.8),
    RewriteAction.EXPAND: (1.1, 3.5),
    RewriteAction.GRAMMAR: (0.75, 1.3),
    RewriteAction.FRIENDLIER: (0.6, 2.2),
    RewriteAction.FORMAL: (0.6, 2.2),
    RewriteAction.TRANSLATE: (0.5, 2.0),
}
SOURCE_KINDS = frozenset({"unsupported_fact", "placeholder"})  # the guardrails' "no fact without a source"
_ECHO_WORDS = 5  # this many words in a row from the prompt's instructions is the prompt talking
_REPEAT_MIN_WORDS = 5
_REPEAT_OVERLAP = 0.9  # of the shorter sentence's words also in the other: said twice (with a greeting, too)
_SENTENCE_END = re.compile(r"[.!?…:;)\]\"'»”’]\s*$")
_SIGN_OFF_WORDS = 3  # a last "sentence" this short is a sign-off ("Sam", "Best, Sam Lee")
# A closing of a few words, a comma and a name: "Kind regards, Sam", "Mit freundlichen Grüßen, Sam Lee".
_SIGNED = re.compile(r"^(?:[^\W\d_][\w'’-]*\s+){0,5}[^\W\d_][\w'’-]*,\s*[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)?$")


@dataclass(frozen=True)
class Problem:
    kind: RewriteProblem
    message: str  # for the agent, after "the model's version": "dropped 4412"


def length_ratio(original: str, rewritten: str) -> float:
    return len(rewritten.strip()) / max(1, len(original.strip()))


# --- values ---------------------------------------------------------------------------------------------


def _keys(value: Value) -> set[str]:
    """The forms under which a value counts as kept: its readings, a date also without its year, and an
    order, amount or plain number also as its bare digits ("order 4412" kept as "#4412" or "4412")."""
    keys = set(value.norms)
    for norm in value.norms:
        kind, _, rest = norm.partition(":")
        if kind == "date" and rest.count("-") == 2:
            keys.add(f"date:{rest[5:]}")
        if kind in ("number", "order", "tracking", "amount"):
            keys.add(f"digits:{re.sub(r'[^0-9.]', '', rest.split(':')[0]).rstrip('.')}")
    return keys


def _is_fact(value: Value) -> bool:
    return not (value.kind == "number" and value.spelled)  # "one of our agents" is no fact


def lost_values(original: str, rewritten: str) -> list[Value]:
    """The input's values that the rewrite no longer states (in any wording the value parser reads alike)."""
    kept = set().union(*(_keys(v) for v in find_values(rewritten)))
    lost: list[Value] = []
    for value in find_values(original):
        if _is_fact(value) and not (_keys(value) & kept) and value.raw not in rewritten:
            lost.append(value)
    return lost


# Codes the value parser does not read, letters and digits together: a postcode's "BS1 4DJ", "2-person",
# "1200W", a claim or tracking number in another shape. Kept as written, or the rewrite lost them.
_CODE = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])[\w-]{2,}(?![\w-])")
# Negations: a rewrite that says "not" or "unable" where its input did not has changed what it says
# ("cannot" and "can't", "do not" and "don't" count the same, so writing contractions out changes nothing).
_NEGATION = re.compile(r"\b(?:not|never|unable|cannot|no)\b|n't\b", re.IGNORECASE)


def lost_codes(original: str, rewritten: str) -> list[str]:
    """The input's letter-and-digit codes that the value parser does not cover and the rewrite no longer has."""
    covered = [(v.start, v.end) for v in find_values(original)]
    out = rewritten.lower()
    return [m.group() for m in _CODE.finditer(original)
            if not any(s <= m.start() and m.end() <= e for s, e in covered) and m.group().lower() not in out]


def added_negation(original: str, rewritten: str) -> bool:
    return len(_NEGATION.findall(rewritten)) > len(_NEGATION.findall(original))


def added_facts(original: str, rewritten: str, playbook: Playbook, conversation: Conversation | None,
                sources: Sequence[str] = ()) -> list[guardrails.Finding]:
    """The guardrails' source findings on the rewrite when its input (and what the input cited) is the
    source: a value neither the input, the conversation nor the playbook's facts give, or a template hole."""
    kinds = {rule.id: rule.kind for rule in playbook.rules}
    findings = guardrails.check(rewritten, playbook, conversation, sources=[original, *sources])
    return [f for f in findings if kinds.get(f.rule) in SOURCE_KINDS]


# --- wording ----------------------------------------------------------------------------------------------


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def echoes_prompt(original: str, rewritten: str, prompt_texts: Iterable[str]) -> bool:
    """Whether the rewrite repeats the prompt's instructions (words the input itself did not have)."""
    prompt = set().union(*(_ngrams(t, _ECHO_WORDS) for t in prompt_texts))
    return bool((_ngrams(rewritten, _ECHO_WORDS) & prompt) - _ngrams(original, _ECHO_WORDS))


def _repeats(text: str) -> bool:
    sentences = [word_set(text[s:e]) for s, e in sentence_spans(text)]
    sentences = [s for s in sentences if len(s) >= _REPEAT_MIN_WORDS]
    return any(len(a & b) >= _REPEAT_OVERLAP * min(len(a), len(b))
               for i, a in enumerate(sentences) for b in sentences[i + 1:])


def repeats_itself(original: str, rewritten: str) -> bool:
    return _repeats(rewritten) and not _repeats(original)


def cut_off(text: str) -> bool:
    """Whether the last sentence ends without its full stop (a short sign-off such as "Sam" is fine)."""
    spans = sentence_spans(text)
    if not spans:
        return True
    last = _SIGNED.sub("", text[spans[-1][0]:spans[-1][1]].strip())  # "Mit freundlichen Grüßen, Sam" is a sign-off
    return len(WORD.findall(last)) > _SIGN_OFF_WORDS and not _SENTENCE_END.search(last)


# --- all of it --------------------------------------------------------------------------------------------


def problems(original: str, rewritten: str, action: str, playbook: Playbook, conversation: Conversation | None,
             *, language: str = "", finish: str = "stop", prompt_texts: Iterable[str] = (),
             sources: Sequence[str] = ()) -> list[Problem]:
    """Everything wrong with `rewritten` as the `action` rewrite of `original` ([] = it may be shown).
    `language` is the language the rewrite must be in (the input's when empty); `prompt_texts` the
    instructions the model was given; `sources` what the input itself cited."""
    out = rewritten.strip()
    if not out:
        return [Problem(RewriteProblem.EMPTY, "came back empty")]
    found: list[Problem] = []
    lost = [v.raw for v in lost_values(original, out)]
    lost += [code for code in lost_codes(original, out) if code not in lost]
    if lost:
        found.append(Problem(RewriteProblem.LOST_VALUE, "dropped " + ", ".join(lost)))
    added = added_facts(original, out, playbook, conversation, sources)
    if added:
        found.append(Problem(RewriteProblem.ADDED_FACT,
                             "added " + ", ".join(dict.fromkeys(f.text for f in added)) + ", which nothing says"))
    low, high = LENGTH_BOUNDS.get(action, (0.0, float("inf")))
    ratio = length_ratio(original, out)
    if ratio > high and action == RewriteAction.SHORTER:
        found.append(Problem(RewriteProblem.LENGTH, f"is not shorter ({ratio:.0%} of the length)"))
    elif ratio < low and action == RewriteAction.EXPAND:
        found.append(Problem(RewriteProblem.LENGTH, f"is not longer ({ratio:.0%} of the length)"))
    elif not low <= ratio <= high:
        found.append(Problem(RewriteProblem.LENGTH, f"changed length too much ({ratio:.0%})"))
    wanted = language or detect(original)
    got = detect(out)
    if wanted and got and got != wanted.split("-")[0]:
        found.append(Problem(RewriteProblem.LANGUAGE, f"is in another language ({got})"))
    if action != RewriteAction.TRANSLATE and (wanted or "en").startswith("en") and added_negation(original, out):
        found.append(Problem(RewriteProblem.ADDED_FACT, "says \"not\" where the text did not"))
    if echoes_prompt(original, out, prompt_texts):
        found.append(Problem(RewriteProblem.PROMPT_ECHO, "repeats Assist's instructions"))
    if repeats_itself(original, out):
        found.append(Problem(RewriteProblem.REPEATED, "says the same thing twice"))
    if finish == "length" or (cut_off(out) and not cut_off(original)):  # as the input ends is the agent's style
        found.append(Problem(RewriteProblem.CUT_OFF, "stops mid-sentence"))
    return found


def summary(found: Sequence[Problem]) -> str:
    """What was wrong in one phrase: "dropped 4412 and stops mid-sentence"."""
    messages = [p.message for p in found]
    return messages[0] if len(messages) == 1 else ", ".join(messages[:-1]) + " and " + messages[-1]
