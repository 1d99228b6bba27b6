"""The customer's locale against the help centre's others: a topic is an article and its translations
("kb-returns-es" is "kb-returns"), one hit per topic in the customer's locale where it exists, and for a
question in another language than English each topic ranked on both its sides (retrieval.py searches; this
decides how the locales compare).
"""

from __future__ import annotations

import dataclasses
import re

from assist.knowledge.hits import Hit

OTHER_LOCALE = 0.7  # a passage in another locale than the customer's still counts, a little less
GLOSSARY_LOCALE = 0.9  # ... when the glossary carried two words or more
UNMATCHED_SHARE = 0.7  # of its side's share: an English article none of the question's own telling words met


def rank_of(hit: Hit) -> float:
    return hit.score if hit.rank is None else hit.rank


def fused(hits: list[Hit], language: str, native_words: int, english_words: int) -> list[Hit]:
    """For a question in another language than English, each topic ranked by both of its sides: the native
    article's score against the best native one and the English article's against the best English one,
    weighed by how many of the question's words each side carried (the glossary carries fewer). A native
    score and one through the glossary are not on one scale: a translated article sharing one phrase with the
    question ("Lieferung am selben Tag" in "Cancelling an order") outranked the English article titled with it
    ("Same-day delivery"). A topic with no translation is taken to score as its English side, a little less
    (as much less as the English scores themselves count). When the glossary carried one word, an English
    article that no telling word of the question met is the best of a weak side: its share counts
    UNMATCHED_SHARE."""
    native = [h for h in hits if (h.passage.locale or "en") == language]
    english = [h for h in hits if (h.passage.locale or "en") == "en"]
    if not native or not english or not native_words or not english_words:
        return hits
    shares: list[dict[str, float]] = []
    for side in (native, english):
        top = max(h.score for h in side) or 1.0
        best: dict[str, float] = {}
        for h in side:
            topic = topic_of(h.article_id)
            # An English article met by no telling word of the question, on a side the glossary carried one
            # word to (only "order"), is the best of a weak side, not a best answer.
            weak = side is english and english_words < 2 and not h.matched
            share = h.score / top * (UNMATCHED_SHARE if weak else 1.0)
            best[topic] = max(best.get(topic, 0.0), share)
        shares.append(best)
    translated = {topic_of(h.article_id) for h in native}
    untranslated = OTHER_LOCALE if english_words < 2 else GLOSSARY_LOCALE  # as the scores themselves are trusted

    def topic_rank(topic: str) -> float:
        english_share = shares[1].get(topic, 0.0)
        native_share = shares[0].get(topic, 0.0) if topic in translated else untranslated * english_share
        return (native_words * native_share + english_words * english_share) / (native_words + english_words)
    return [dataclasses.replace(h, rank=topic_rank(topic_of(h.article_id))) for h in hits]


def topic_of(article_id: str) -> str:
    """"kb-returns-es" -> "kb-returns": translations of one article are one topic."""
    return re.sub(r"-(?:en|es|fr|de|it|pt|nl)$", "", article_id)


def one_locale_per_topic(hits: list[Hit], language: str) -> list[Hit]:
    """One hit per topic, at the rank of its best locale, in the customer's locale when that exists."""
    chosen: dict[str, Hit] = {}
    for hit in hits:
        topic = topic_of(hit.article_id)
        held = chosen.get(topic)
        if held is None:
            chosen[topic] = hit
        elif (held.passage.locale or "en") != language and hit.passage.locale == language:
            chosen[topic] = dataclasses.replace(held, passage=hit.passage)
    return list(chosen.values())
