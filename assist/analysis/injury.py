"""Someone hurt: found in what the customer wrote (or its stems), and the words that acknowledge it first.

One place for both the composed suggestion (reply/compose.py: "burned my hand", "gave me a small shock", "me
quemé"; not "what a shock") and the handoff's first line (handoff/first_line.py, which tells an injury from a
legal threat by the evidence term of the escalation trigger: "burned", "urgent care"), so the two say it alike.
"""

from __future__ import annotations

import re

# In a customer's own words: a person hurt, not a product damaged ("the lid cut easily") or a surprise.
_HURT = re.compile(r"\b(?:injur\w*|hurt (?:me|my|him|her|them|myself|himself|herself)|"
                   r"(?:got|have|has) a (?:cut|burn|gash) on (?:my|his|her|their) \w+|"
                   r"(?:burn(?:ed|t)|cut) (?:my|his|her|their) \w+|urgent care|electric shock|"
                   r"(?:gave me|got) (?:an? |a small )?shock|"
                   r"herid[oa]s?|lesi[oó]n|me quem\w*|"
                   r"bless[ée]e?s?|br[uû]l[ée]e?|verletzt|verbrannt)\b", re.IGNORECASE)
# In an escalation trigger's evidence (one term of the playbook's legal_safety list): an injury, not a lawyer.
_INJURY_TERM = re.compile(r"injur|hurt|burn|fire|unsafe|urgent care|smoke|shock|herid|lesi[oó]n|quem|bless|"
                          r"br[uû]l|verletz|verbrann", re.IGNORECASE)

# The Snowball stems, per language, of "injured", "safety" and their kin, for matching stemmed text (the ask
# and the help centre's sentences in reply/answer.py). German "Sicherheit" stems to "sich", which is also a
# pronoun: only "verletzt" stands for it.
SAFETY_STEMS = frozenset({"injur", "injuri", "safeti", "unsaf", "segur", "lesion", "securit", "bless", "verletzt"})

# The acknowledgement that comes before anything else (the playbook's `hurt` phrase may word it its own way).
ACKNOWLEDGEMENT = {
    "en": "I'm so sorry you were hurt; your safety comes first.",
    "es": "Siento mucho que te hayas hecho daño; tu seguridad es lo primero.",
    "fr": "Je suis vraiment désolé que vous ayez été blessé ; votre sécurité passe avant tout.",
    "de": "Es tut mir sehr leid, dass Sie sich verletzt haben; Ihre Sicherheit geht vor.",
}


# A product that could hurt someone ("a spark near the plug", "a burning smell"): the help centre sends any
# mention of burns, fire or shock to its safety article, whether or not anyone was hurt.
# Smoke only as something the product gave off: "a smoke alarm", "detector de humo" are products.
_HAZARD = re.compile(r"\b(?:spark(?:s|ed|ing)?|(?:there was|saw|see|full of|gave off|giving off) smoke|smoke (?:came|"
                     r"coming|was coming|poured)|(?:started|is|was|it's) smoking|burning smell|smells? (?:of )?burning|"
                     r"caught fire|on fire|melt(?:ed|ing)|overheat(?:s|ed|ing)?|electric(?:al)? shock|chispas?|"
                     r"(?:sale|salía|echa|echaba|soltó) humo|se (?:quemó|derritió|incendió)|sobrecalent\w*|"
                     r"étincelles?|(?:de la|y a de la) fumée|odeur de brûlé|a pris feu|surchauff\w*|funken|"
                     r"(?:es|er|sie) (?:raucht|qualmt)|verschmort|brandgeruch|überhitz\w*|stromschlag)\b",
                     re.IGNORECASE)


def unsafe(text: str) -> bool:
    """Whether the customer's text says a person was hurt or a product could hurt someone."""
    return someone_hurt(text) or bool(_HAZARD.search(text))


def someone_hurt(text: str) -> bool:
    """Whether the customer's text says a person was hurt."""
    return bool(_HURT.search(text))


def injury_term(evidence: str) -> bool:
    """Whether a legal/safety trigger's evidence term is about an injury."""
    return bool(_INJURY_TERM.search(evidence))
