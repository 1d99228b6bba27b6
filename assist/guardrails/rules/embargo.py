"""embargo: offering to ship to a destination the company cannot ship to (declining is fine).

A destination is found by its name in the playbook, by the other names it goes by (its name in Spanish,
French and German, official names and abbreviations: "DPRK", "Corée du Nord") and by its cities (capitals
and large cities: "Tehran", "Havana"), from ALIASES below or the rule's own `terms`. The reply offers to ship
there when a shipping word stands in the clause naming the place (else in its sentence) and no negation
governs it (rules/scope.py): "we can't ship to Iran" declines, "Shipping to Iran is not a problem" offers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assist.base.text import words_regex
from assist.domain.playbook import Rule
from assist.guardrails.rules import cues, scope
from assist.guardrails.rules.common import Reply, Span, str_tuple

EMBARGO_FIX = "Do not offer to ship there; say plainly that we cannot ship to that destination."

# Other names of places often under embargo, keyed by the English name a playbook uses.
ALIASES: dict[str, tuple[str, ...]] = {
    "north korea": ("DPRK", "D.P.R.K.", "N. Korea", "Democratic People's Republic of Korea", "Corea del Norte",
                    "Corée du Nord", "Nordkorea", "Pyongyang", "Pjöngjang"),
    "iran": ("Irán", "Islamic Republic of Iran", "Persia", "Tehran", "Teherán", "Téhéran", "Teheran", "Isfahan",
             "Mashhad", "Tabriz", "Shiraz"),
    "syria": ("Siria", "Syrie", "Syrien", "Syrian Arab Republic", "Damascus", "Damasco", "Damas", "Damaskus",
              "Aleppo", "Alep", "Homs"),
    "cuba": ("Kuba", "Havana", "La Habana", "Habana", "La Havane", "Havanna", "Santiago de Cuba"),
    "crimea": ("Crimée", "Krim", "Krym", "Crimean Peninsula", "Sevastopol", "Sébastopol", "Sewastopol",
               "Simferopol", "Yalta", "Jalta"),
    "russia": ("Rusia", "Russie", "Russland", "Russian Federation", "Moscow", "Moscú", "Moscou", "Moskau"),
    "belarus": ("Bielorrusia", "Biélorussie", "Weißrussland", "Minsk"),
    "venezuela": ("Caracas",),
}
_SHIPPING = re.compile(rf"\b(?:{cues.SHIPPING})\b", re.IGNORECASE)
_REFUSED_AFTER = re.compile(rf"\b(?:{cues.REFUSED_AFTER})", re.IGNORECASE)
_EXCEPT_BEFORE = re.compile(cues.EXCEPT_BEFORE, re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
# Between two acts, a join that carries a negation over (not "but", which turns it round).
_JOINED = re.compile(r"^(?:(?!\b(?:but|however|pero|sin embargo|mais|cependant|aber|jedoch)\b)[^.;!?])*?"
                     r"\b(?:or|nor|o|ni|ou|oder|noch)\b(?:(?!\b(?:but|however|pero|mais|aber)\b)[^.;!?])*$",
                     re.IGNORECASE)


@lru_cache(maxsize=64)
def _destinations_regex(destinations: tuple[str, ...]) -> re.Pattern[str]:
    names = [n for d in destinations for n in (d, *ALIASES.get(d.strip().lower(), ()))]
    return words_regex(names)


def _declined(text: str, lo: int, hi: int, place: re.Match[str]) -> bool:
    """The reply declines the place: the shipping act nearest before it is negated, a negation stands between
    that act and the place ("wir liefern nicht nach Kuba"), or the clause refuses it after naming it."""
    before = text[scope.clause_start(text, place.start(), lo):place.start()]
    if _EXCEPT_BEFORE.search(before):
        return True
    acts = list(_SHIPPING.finditer(text, lo, hi))
    act = next((m for m in reversed(acts) if m.start() < place.start()), acts[0] if acts else None)
    if act is not None and act.start() < place.start():
        if scope.negates(text, act.start(), lo) or scope.has_negator(text[act.end():place.start()]):
            return True
        # "we cannot ship to, or accept orders for delivery in: Iran": one negation over acts joined by "or".
        earlier = [m for m in acts if m.start() < act.start() and scope.negates(text, m.start(), lo)]
        if earlier and _JOINED.match(text[earlier[-1].end():act.start()]):
            return True
    elif act is not None and scope.negates(text, act.start(), lo):
        return True
    after_end = _SENTENCE_END.search(text, place.end())
    after = text[place.end():after_end.start() if after_end else len(text)]
    return bool(_REFUSED_AFTER.search(after))


def embargo(rule: Rule, reply: Reply) -> Iterator[Span]:
    destinations = str_tuple(rule.params.get("destinations")) + cues.extra_terms(rule.params)
    if not destinations:
        return
    text = reply.text
    for m in _destinations_regex(destinations).finditer(text):
        c_lo, c_hi = reply.clause_at(m.start())
        s_lo, s_hi = reply.sentence_at(m.start())
        # The clause naming the place decides if it talks about shipping; else the whole sentence does.
        lo, hi = (c_lo, c_hi) if _SHIPPING.search(text, c_lo, c_hi) else (s_lo, s_hi)
        if _SHIPPING.search(text, lo, hi) and not _declined(text, lo, hi, m):
            yield m.start(), m.end(), ""
