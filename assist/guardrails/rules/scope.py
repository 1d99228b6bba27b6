"""Negation with a scope: does a "not" negate the act a rule is about, or something else in the sentence?

"We can't ship to Iran" declines; "Shipping to Iran is not a problem" and "Don't worry, we'll ship it to
Syria" offer. So a negator counts only when it governs the act word: it stands before the act with nothing
but auxiliaries, modals and adverbs between ("we are not able to ship", "nous ne livrons pas", "no
podemos enviar"), within the same comma-bounded clause, after idioms that only sound negative ("no
problem", "don't worry", "kein Problem", "ne vous inquiétez pas") are set aside. English, Spanish, French
and German, the playbook's languages.
"""

from __future__ import annotations

import re

from assist.base.text import APOSTROPHE

NEGATOR = re.compile(
    rf"^(?:not|no|never|cannot|unable|impossible|nobody|neither|nor|without|\w+n{APOSTROPHE}t|"
    r"nunca|jamás|jamas|tampoco|imposible|sin|ni|"
    rf"ne|n{APOSTROPHE}|pas|jamais|aucun\w*|sans|"
    r"nicht|kein\w*|nie|niemals|unmöglich|ohne)$",
    re.IGNORECASE,
)
# Words that may stand between a negator and the act it negates.
_FILLER_WORDS = """
    we i you they it he she be is are was were been being am will would can could may might shall should must
    do does did have has had to able currently yet ever any longer really always presently possibly also still
    at all unfortunately sadly offer provide accept get going need needs require requires allowed permitted
    possible there way the a an this that your our these those for with them us me him her just
    podemos puedo puede pueden podrá podría se lo la los las le les te nos me hacemos realizamos ofrecemos
    ofrece es son está están ser estar permitido posible actualmente todavía aún lamentablemente desgraciadamente
    por momento el al del de un una hay
    pouvons peux peut peuvent pourrons pourrions le la les l' vous nous y en effectuons proposons propose est sont
    être actuellement encore malheureusement hélas possible de d' plus pas il
    wir ich sie es können kann könnten dürfen darf werden wird würden ist sind leider derzeit momentan aktuell
    noch möglich erlaubt ihnen ihr ihre das den die der dorthin dahin
"""
_FILLER = frozenset(_FILLER_WORDS.split())
# Idioms that sound negative but negate nothing the rules care about: set aside before looking.
_IDIOM = re.compile(
    rf"\b(?:(?:it\s+)?(?:is\s*n{APOSTROPHE}t|is\s+not|not|no|never)\s+(?:a|an|any)?\s*(?:big\s+)?"
    r"(?:problem|issue|trouble|hassle|worries|worry|bother)s?"
    rf"|(?:do\s+not|don{APOSTROPHE}t)\s+(?:worry|hesitate|fret)|not\s+to\s+worry|no\s+need\s+to\s+(?:worry|wait)"
    r"|no\s+doubt|no\s+matter|not\s+only|never\s+mind|no\s+wonder"
    r"|no\s+(?:te|se|os)\s+preocup\w+|no\s+(?:es|hay|habrá|será)\s+(?:ningún\s+)?problema|sin\s+problemas?"
    r"|ningún\s+problema|no\s+dud\w+"
    rf"|ne\s+(?:vous|t{APOSTROPHE}|te)\s*(?:inquiétez|inquiète|en\s+faites)\s+pas|pas\s+de\s+(?:problème|souci)"
    rf"|pas\s+d{APOSTROPHE}inquiétude|aucun\s+(?:problème|souci)|sans\s+(?:problème|souci)"
    rf"|(?:ne|n{APOSTROPHE})\s*(?:pose|posera)\s+aucun\s+problème|n{APOSTROPHE}hésitez\s+pas"
    r"|kein(?:e|en)?\s+(?:problem|sorgen?|thema)|nicht\s+schlimm|keine\s+ursache)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(rf"\w+(?:{APOSTROPHE}\w+)*{APOSTROPHE}?")
_CLAUSE_EDGE = re.compile(r"[,;:\n]|[.!?](?:\s|$)|\s[-–—]\s|\bbut\b|\bpero\b|\bmais\b|\baber\b|\bsondern\b",
                          re.IGNORECASE)
_REACH = 6  # tokens to look back from the act


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the comma-bounded clause holding `pos` starts (not before `floor`)."""
    start = floor
    for m in _CLAUSE_EDGE.finditer(text, floor, pos):
        start = m.end()
    return start


def clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_EDGE.search(text, pos)
    return m.start() if m else len(text)


def without_idioms(segment: str) -> str:
    return _IDIOM.sub(lambda m: " " * len(m.group()), segment)


def has_negator(segment: str) -> bool:
    return any(NEGATOR.match(t) for t in _TOKEN.findall(without_idioms(segment)))


def negates(text: str, act_start: int, floor: int = 0) -> bool:
    """True when a negator governs the act starting at `act_start` (see the module's docstring)."""
    segment = without_idioms(text[clause_start(text, act_start, floor):act_start])
    tokens = _TOKEN.findall(segment)
    for token in reversed(tokens[-_REACH:]):
        if NEGATOR.match(token):
            return True
        if token.lower() not in _FILLER:
            return False
    return False
