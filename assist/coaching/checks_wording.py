"""Rule checks on how a side wrote: greeting, empathy, voice, tone, readability, closing.

Each check reads a Side and a Criterion and returns a Verdict with verbatim evidence (message index and
quote). They look only at the side's own messages (and the customer's, for what needed acknowledging), so
the bot and the agent are measured with the same ruler.
"""

from __future__ import annotations

import re

from assist.base.text import WORD, sentence_spans
from assist.coaching import lexicon
from assist.coaching.report import Evidence
from assist.coaching.side import Side, quote
from assist.coaching.verdict import FAIL, PARTLY, PASS, Verdict
from assist.domain.rubric import Criterion

GREETING_WINDOW = 80  # characters: a greeting is how a message opens
NEGATIVE_SCORE = -0.25  # customer sentiment below this asks for acknowledgement
_SHOUT = re.compile(r"\b[A-Z]{3,}(?:\s+[A-Z]{2,}){2,}\b|[!?]{3,}")
_PROBLEM = re.compile(r"\b(?:never arrived|not arrived|hasn't arrived|broken|damaged|cracked|wrong|missing|late|"
                      r"delayed|charged twice|locked out|can't|cannot|doesn't work|not working|stopped|still waiting|"
                      r"roto|rota|no ha llegado|no llegó|cassé|pas reçu|jamais reçu|kaputt|beschädigt|nicht angekommen|"
                      r"funktioniert nicht)\b", re.IGNORECASE)


def greeting(side: Side, criterion: Criterion) -> Verdict:
    first = side.own[0]
    text = side.text(first)
    if lexicon.find(lexicon.GREETING, text[:GREETING_WINDOW]):
        return Verdict(PASS, "opens with a greeting", [Evidence(first, quote(text, 0, GREETING_WINDOW))])
    for i in side.own[1:3]:
        if m := lexicon.find(lexicon.GREETING, side.text(i)[:GREETING_WINDOW]):
            return Verdict(PARTLY, "greets only after the first reply",
                           [Evidence(i, quote(side.text(i), m.start(), m.end()))], target=first)
    return Verdict(FAIL, "no greeting", [Evidence(first, quote(text))], target=first)


def _needs_acknowledging(side: Side) -> list[int]:
    return [i for i, s in side.customer_sentiment.items()
            if s.score < NEGATIVE_SCORE or s.markers or _PROBLEM.search(side.text(i))]


def empathy(side: Side, criterion: Criterion) -> Verdict:
    needs = _needs_acknowledging(side)
    if not needs:
        return Verdict(PASS, "the customer raised no problem or feeling to acknowledge")
    for i in side.own:
        if i > needs[0] and (m := lexicon.find(lexicon.EMPATHY, side.text(i))):
            return Verdict(PASS, "acknowledges the customer's situation",
                           [Evidence(i, quote(side.text(i), m.start(), m.end()))])
    reply = next((i for i in side.own if i > needs[0]), side.own[0])
    return Verdict(FAIL, "the customer's problem is never acknowledged",
                   [Evidence(needs[0], quote(side.text(needs[0]))), Evidence(reply, quote(side.text(reply)))],
                   target=reply)


def _banned(side: Side) -> tuple[str, ...]:
    phrases = list(side.playbook.voice.banned_phrases)
    for rule in side.playbook.rules:
        if rule.kind == "forbidden_phrase":
            value = rule.params.get("phrases", [])
            phrases += [value] if isinstance(value, str) else [str(p) for p in value]
    return tuple(dict.fromkeys(phrases))


def voice(side: Side, criterion: Criterion) -> Verdict:
    banned = lexicon.regex(_banned(side))
    avoid = lexicon.regex(tuple(side.playbook.voice.avoid))
    for i in side.own:
        if m := banned.search(side.text(i)):
            return Verdict(FAIL, "a banned or robotic phrase", [Evidence(i, m.group(0))], target=i, detail=m.group(0))
    for i in side.own:
        if side.playbook.voice.avoid and (m := avoid.search(side.text(i))):
            return Verdict(PARTLY, "a word the playbook asks to avoid", [Evidence(i, m.group(0))], target=i,
                           detail=m.group(0))
    return Verdict(PASS, "in the brand's voice")


def tone(side: Side, criterion: Criterion) -> Verdict:
    for i in side.own:
        if m := lexicon.find(lexicon.RUDE, side.text(i)):
            return Verdict(FAIL, "blaming or condescending wording",
                           [Evidence(i, quote(side.text(i), *_sentence_around(side.text(i), m.start())))],
                           target=i, detail=m.group(0))
    for i in side.own:
        if m := _SHOUT.search(side.text(i)):
            return Verdict(PARTLY, "shouting (capitals or repeated marks)", [Evidence(i, m.group(0))], target=i)
    return Verdict(PASS, "polite and calm")


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    for start, end in sentence_spans(text):
        if start <= pos < end:
            return start, end
    return 0, len(text)


def readability(side: Side, criterion: Criterion) -> Verdict:
    max_sentence = int(criterion.params.get("max_sentence_words", 35))
    max_message = int(criterion.params.get("max_message_words", 140))
    worst: tuple[int, int, int, int] | None = None  # words, index, start, end
    long_messages = []
    for i in side.own:
        text = side.text(i)
        if len(WORD.findall(text)) > max_message:
            long_messages.append(i)
        for start, end in sentence_spans(text):
            words = len(WORD.findall(text[start:end]))
            if words > max_sentence and (worst is None or words > worst[0]):
                worst = (words, i, start, end)
    if worst is None and not long_messages:
        return Verdict(PASS, "short sentences and messages")
    evidence = [Evidence(worst[1], quote(side.text(worst[1]), worst[2], worst[3]))] if worst else []
    evidence += [Evidence(i, quote(side.text(i))) for i in long_messages[:1]]
    target = worst[1] if worst else long_messages[0]
    if worst is not None and long_messages:
        return Verdict(FAIL, f"a {worst[0]}-word sentence and a message over {max_message} words", evidence, target)
    if worst is not None:
        return Verdict(PARTLY, f"a {worst[0]}-word sentence (over {max_sentence})", evidence, target)
    return Verdict(PARTLY, f"a message over {max_message} words", evidence, target)


def closing(side: Side, criterion: Criterion) -> Verdict:
    if side.handed_off:
        return Verdict(PASS, "handed over to a person: the agent closes the chat")
    for i in side.own[-2:]:
        text = side.text(i)
        if m := lexicon.find(lexicon.CLOSING, text[-200:]):
            at = len(text) - len(text[-200:]) + m.start()
            return Verdict(PASS, "closes the chat", [Evidence(i, quote(text, at, at + len(m.group(0))))])
    last = side.own[-1]
    if (sign_off := _sign_off(side)) and sign_off.lower() in side.text(last)[-120:].lower():
        return Verdict(PARTLY, "signs off, but offers no more help and says no goodbye",
                       [Evidence(last, quote(side.text(last)))], target=last)
    return Verdict(FAIL, "no closing: no offer of more help, thanks or goodbye",
                   [Evidence(last, quote(side.text(last)))], target=last)


def _sign_off(side: Side) -> str:
    """The playbook's sign-off for this side's author ("Mei, Northwind Goods"), or ""."""
    template = side.playbook.voice.sign_off
    first = side.author.split()[0] if side.author.strip() else ""
    if not template or not first:
        return ""
    return template.replace("{agent_first_name}", first).replace("{agent_name}", side.author).strip()
