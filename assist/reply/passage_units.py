"""A help-centre passage as the sentences an answer is made of (reply/answer.py picks among them).

A list keeps the line that introduces it, options chained with "or" stay one sentence, and a list item gets
its subject back from its heading ("What we can't take back" + "Gift cards" -> "We can't take back gift
cards"), so every unit reads as a whole statement when it is quoted to a customer.
"""

from __future__ import annotations

import re

from assist.base.text import sentence_spans
from assist.knowledge.passages import Passage

_STEP = re.compile(r"^\s*\d+[.)]\s+")
_LIST_GOES_ON = re.compile(r"(?:[,;]|\b(?:or|and|o|y|ou|et|oder|und))$", re.IGNORECASE)
_DEFINITION = re.compile(r"^[^:.!?]{2,40}\s?:\s+\S.*\d")  # "Express (domestic): 1-2 business days"


def passage_units(passage: Passage) -> list[str]:
    """The passage's sentences, verbatim. A line that ends with ":" keeps its list with it, so a list's values
    stay with their sentence: a short list joined ("... in these cities: Seattle, Portland, Chicago."), a list
    of long items one unit per item ("... warranty ...: 2 years from delivery for electronics."). A list line
    that names its own subject ("Express (domestic): 1-2 business days") is a whole statement."""
    lines = passage.text.splitlines()
    units: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith(":"):
            items = []
            while i + 1 < len(lines) and not re.search(r"[.!?]$", lines[i + 1].strip()):
                items.append(lines[i + 1].strip())
                i += 1
            # "refuse the delivery, ..., or" + "return it within 30 days of delivery.": the list goes on
            if items and _LIST_GOES_ON.search(items[-1]) and i + 1 < len(lines):
                items.append(lines[i + 1].strip().rstrip("."))
                i += 1
            if items:
                spans = sentence_spans(line)
                units += [line[a:b] for a, b in spans[:-1]]  # "Need it today?" stands apart
                intro = (line[spans[-1][0]:spans[-1][1]] if spans else line).rstrip()
                chained = len(items) > 1 and all(_LIST_GOES_ON.search(item) for item in items[:-1])
                if chained:  # "you can: refuse the delivery, ..., or" + "return it ...": one sentence, its options
                    units.append(f"{intro} {' '.join(items).rstrip('.')}.")
                elif max(len(item) for item in items) < 40:
                    units.append(f"{intro} {', '.join(items)}.")
                else:  # "refuse the delivery, ..., or" stands as "... refuse the delivery, ...."
                    units += [f"{intro} {_LIST_GOES_ON.sub('', item).rstrip(' ,;')}." for item in items]
                i += 1
                continue
        if line.rstrip().endswith(":"):  # its list is numbered steps (shown apart when asked how): a sentence
            said = line.rstrip()[:-1].rstrip() + "."
            units += [said[a:b] for a, b in sentence_spans(said)]
        elif _DEFINITION.match(line) and not re.search(r"[.!?]$", line.strip()):
            units.append(f"{line.strip()}.")
        else:
            units += [line[a:b] for a, b in sentence_spans(line)] if not _STEP.match(line) else [line]
        i += 1
    return [_with_subject(u, passage.heading) for u in units if u.strip()]


# A list under "What closing your account does" or "What we can do" leaves its subject in the heading:
# "Deletes your order history ..." is said to the customer as "Closing your account deletes ...".
_HEADING_DOES = re.compile(r"^what (.+?) does$", re.IGNORECASE)
_HEADING_WE_CAN = re.compile(r"^what we (?:can|will) do\b", re.IGNORECASE)
# "What we can't take back" + "Gift cards and e-gift cards"; "What isn't covered" + "Normal wear and tear".
_HEADING_WE_CANT = re.compile(r"^what we (can't|cannot|can not|don't|do not|won't) ([a-z]+(?: [a-z]+)?)$",
                              re.IGNORECASE)
# "We will never ask for" + "Your password": a heading that opens the sentence its items finish.
_HEADING_OPENS = re.compile(r"^(?:we|you) (?:will |can |may |do |don't |never |always |also )*(?:never )?[a-z]+ "
                            r"(?:for|to|about|with|from|on)$", re.IGNORECASE)
_HEADING_ISNT = re.compile(r"^what (?:isn't|is not|aren't|are not) ([a-z]+)$", re.IGNORECASE)
# The same headings in the translations: "Lo que no podemos aceptar", "Ce que nous ne pouvons pas reprendre".
_HEADING_EXCEPTIONS = re.compile(r"^(?:lo que no|qué no|ce que nous ne|ce qui n'est pas|was wir nicht|was nicht)\b",
                                 re.IGNORECASE)
_NOT_A_VERB = frozenset({"we", "you", "i", "if", "the", "a", "an", "our", "your", "it", "this", "these", "those",
                         "all", "most", "some", "when", "once", "after", "before", "for", "in", "on", "at", "by",
                         "with", "to", "from", "there", "here", "please"})


def _with_subject(unit: str, heading: str) -> str:
    first = unit.split(" ", 1)[0].lower()
    if unit and not re.search(r"[.!?]$", unit.strip()) and _HEADING_OPENS.match(heading.strip()):  # a list item
        return f"{heading.strip()} {unit[0].lower()}{unit[1:]}"
    if not unit or first in _NOT_A_VERB:
        return unit
    rest = unit[0].lower() + unit[1:]
    if match := _HEADING_DOES.match(heading.strip()):
        subject = match.group(1)
        return f"{subject[0].upper()}{subject[1:]} {rest}"
    if _HEADING_WE_CAN.match(heading.strip()):
        return f"We can {rest}"
    if match := _HEADING_WE_CANT.match(heading.strip()):
        return f"We {match.group(1).lower()} {match.group(2).lower()} {rest}"
    if match := _HEADING_ISNT.match(heading.strip()):
        return f"Not {match.group(1).lower()}: {rest}"
    if _HEADING_EXCEPTIONS.match(heading.strip()) and not re.search(r"[.!?]$", unit.strip()):
        # "Was wir nicht zurücknehmen können: Benutzte Küchenmesser": German keeps its nouns' capitals.
        return f"{heading.strip()}: {unit if heading.lower().startswith('was') else rest}"
    return unit


def lists_exceptions(heading: str) -> bool:
    """Whether a heading introduces what a rule does not cover ("What we can't take back", "What isn't
    covered", "Lo que no podemos aceptar")."""
    return any(h.match(heading.strip()) for h in (_HEADING_WE_CANT, _HEADING_ISNT, _HEADING_EXCEPTIONS))
