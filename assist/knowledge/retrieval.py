"""Finding the passage that answers a customer's question, in any of the playbook's languages.

Passages (articles split at their headings) are ranked with BM25 over Snowball stems, so "returning",
"returns" and "return" meet, and "devoluciones" meets "devolver". A passage's title counts three times and
its heading one and a half times, and each question word in the title earns a bonus beyond BM25 (a
newcomer's question usually names the topic the title names); query words that appear side by side in the
passage earn a phrase bonus. Articles in the customer's locale are
preferred; other locales stay as a fallback, so an English-only answer is still found for a Spanish question.
For a question in another language, topics are ranked on both sides at once (the translated article against
the translations, the English one through the glossary against the English ones), since the two kinds of
score are not on one scale.

The whole help centre is indexed in memory (a few thousand passages rank in milliseconds) and rebuilt only
when the store's articles change. Callers run it off the GUI thread: it reads the store.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from assist.knowledge.hits import Hit
from assist.knowledge.locales import GLOSSARY_LOCALE, OTHER_LOCALE, fused, one_locale_per_topic, rank_of
from assist.knowledge.passages import Passage, split
from assist.knowledge.query_words import (
    _WORD,
    STOP_WORDS,
    english_terms,
    expanded,
    fold,
    glossary_word,
    stems,
    unexplained,
)

# Sections written for agents, not customers ("## For agents"): never quoted in a reply to a customer.
INTERNAL_HEADING = re.compile(r"\b(?:for agents|agent notes?|internal|para agentes|pour les agents|für agenten|"
                              r"für mitarbeiter)\b", re.IGNORECASE)
TITLE_WEIGHT = 3.0
LEAD_RATIO = 1.35  # its score against the runner-up's
UNKNOWN_WORD_WEIGHT = 1.0  # an ordinary question word no article uses, against coverage (as the rarest word)
HEADING_WEIGHT = 1.5
PHRASE_BONUS = 0.6  # per pair of query words found side by side
# Per idf of each question word in the article's title, beyond BM25 (whose saturation lets a long article
# that uses a word often outrank the one titled with it): "gift card" finds "Gift cards", not "Refunds".
TITLE_BONUS = 0.6
GENERIC_SHARE = 0.5  # a word in this share of a locale's articles or more is in common with any question
TOPIC_WEIGHT = 2.0  # a question word the article names in its title or heading: what it is about
REPAIRED_WEIGHT = 0.5  # a word mended to one the help centre uses: a guess, worth less
CONTEXT_WEIGHT = 0.9  # words of what the question is about ("I cancelled my order"), against the question's own
MIN_REPAIR_LENGTH = 5  # shorter words have too many neighbours one typo away
K1, B = 1.2, 0.75


@dataclass
class _Doc:
    passage: Passage
    weights: dict[str, float]
    sequence: list[str]
    length: float
    title: frozenset[str] = frozenset()  # the article title's stems
    title_pairs: frozenset[tuple[str, str]] = frozenset()  # ... side by side


class Retriever:
    """BM25 over the store's article passages; `search()` is thread-safe and cheap after the first call."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._signature: Any = None
        self._docs: list[_Doc] = []
        self._df: Counter[str] = Counter()
        self._generic: dict[str, set[str]] = {}
        self._by_prefix: dict[str, dict[str, list[str]]] = {}
        self._avg = 1.0
        self._article_words: dict[str, set[str]] = {}
        self._typo_fixes: dict[str, str] = {}
        self._topic_df: Counter[str] = Counter()

    def _articles(self) -> list[dict[str, Any]]:
        articles: list[dict[str, Any]] = self._store.articles.all()
        return articles

    def _refresh(self) -> None:
        signature = self._store.articles.signature()
        if signature == self._signature:
            return
        docs = []
        for article in self._articles():
            locale = (article.get("locale") or "")[:2].lower()
            for passage in split(article["id"], article["title"], article["body"], locale):
                if INTERNAL_HEADING.search(passage.heading):
                    continue
                lang = locale or "en"
                weights: defaultdict[str, float] = defaultdict(float)  # title and heading words weigh more
                for stem in stems(passage.title, lang):
                    weights[stem] += TITLE_WEIGHT
                for stem in stems(passage.heading, lang):
                    weights[stem] += HEADING_WEIGHT
                body = stems(passage.text, lang)
                for stem in body:
                    weights[stem] += 1.0
                title = stems(passage.title, lang)
                docs.append(_Doc(passage, weights, body, sum(weights.values()), frozenset(title),
                                 frozenset(itertools.pairwise(title))))
        self._docs = docs
        self._df = Counter(stem for doc in docs for stem in doc.weights)
        # Stems by their first five letters ("" holds them all), so a question word's forms are a lookup.
        self._by_prefix = {}
        for stem in self._df:
            self._by_prefix.setdefault(stem[:5], {}).setdefault("", []).append(stem)
        self._avg = sum(d.length for d in docs) / len(docs) if docs else 1.0
        self._article_words = {}
        for doc in docs:
            self._article_words.setdefault(doc.passage.article_id, set()).update(doc.weights)
        # Words in at least GENERIC_SHARE of a locale's articles ("order", "Bestellung"): in common with
        # nearly every question, they tell no article apart.
        self._generic = {}
        for locale in {d.passage.locale or "en" for d in docs}:
            ids = {d.passage.article_id for d in docs if (d.passage.locale or "en") == locale}
            counts = Counter(w for a in ids for w in self._article_words[a])
            self._generic[locale] = {w for w, n in counts.items() if n >= GENERIC_SHARE * len(ids)}
        self._typo_fixes = {}
        # A typo is mended only to a word some title or heading uses ("retrun" -> "return"): mended to any
        # word of any article, a real word the help centre lacks becomes another ("lawyer" -> "layer").
        topics = {t for d in docs for t in (*stems(d.passage.title, d.passage.locale or "en"),
                                             *stems(d.passage.heading, d.passage.locale or "en"))}
        self._topic_df = Counter({t: n for t, n in self._df.items() if t in topics})
        self._signature = signature

    def idf(self, stem: str) -> float:
        n = len(self._docs)
        df = self._df.get(stem, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, query: str, *, language: str = "", limit: int = 3, context: str = "") -> list[Hit]:
        """The best passage of each of the `limit` best articles for this question, best first.

        Each passage is matched against the question in its own language: an article in the customer's
        locale against the question's stems, an English article (when the customer writes another
        language) against the English words the glossary gives; articles in a third language are skipped.
        `context` (what the question is about: the customer's story, an earlier turn) counts at
        CONTEXT_WEIGHT."""
        with self._lock:
            self._refresh()
            lang = (language or "en")[:2].lower()
            native_words = self._words(query, context, lang, lang)
            english_words = native_words if lang == "en" else self._words(query, context, lang, "en")
            native, english = self._flat(native_words), self._flat(english_words)
            # Native words the customer's-language articles never use but the English ones do (through the
            # glossary): an answer in the customer's language that misses them misses the point.
            missing = 0 if lang == "en" else sum(
                1 for w in _WORD.findall(query.lower()) if (g := glossary_word(w, lang))
                and not set(self._expand(stems(w, lang))) & self._df.keys() and set(stems(g, "en")) & self._df.keys())
            best: dict[str, Hit] = {}
            for doc in self._docs:
                locale = doc.passage.locale or "en"
                terms = native if locale == lang else english if locale == "en" else {}
                score = self._bm25(doc, terms) if terms else 0.0
                if score <= 0:
                    continue
                score += TITLE_BONUS * sum(w * self.idf(t) for t, w in terms.items() if t in doc.title)
                pairs = set(itertools.pairwise(terms))
                score += PHRASE_BONUS * sum(1 for pair in itertools.pairwise(doc.sequence) if pair in pairs)
                score += PHRASE_BONUS * len(doc.title_pairs & pairs)  # "email address" in the article's title
                if locale != lang:
                    # Through the glossary: a guess, trusted less the less of the question it carried.
                    score *= OTHER_LOCALE if len(english) < 2 else GLOSSARY_LOCALE
                held = best.get(doc.passage.article_id)
                if held is None or score > held.score:
                    best[doc.passage.article_id] = Hit(doc.passage, round(score, 4))
            # Each question word with the forms that meet it, weighed once per search, not once per hit.
            native_groups, english_groups = self._groups(native_words), self._groups(english_words)
            unknown = self._unknown(query, lang)
            ranked = [self._judged(h, native_groups, missing + unknown)
                      if (h.passage.locale or "en") == lang
                      else self._judged(h, english_groups, unknown) for h in best.values()]
        if lang != "en":
            ranked = fused(ranked, lang, len(native_groups), len(english_groups))
        # An answer beats a word in common; then the score decides.
        ranked.sort(key=lambda h: (not h.answers, -rank_of(h), -h.score))
        ranked = one_locale_per_topic(ranked, lang)
        by_score = sorted(ranked, key=lambda h: -rank_of(h))
        if by_score and (len(by_score) == 1 or rank_of(by_score[0]) >= LEAD_RATIO * rank_of(by_score[1])):
            ranked[ranked.index(by_score[0])] = dataclasses.replace(by_score[0], lead=True)
            ranked.sort(key=lambda h: (not h.answers, -rank_of(h), -h.score))
        return ranked[:limit]

    def terms(self, text: str, language: str, locale: str) -> set[str]:
        """The stems of `text` as the passages of `locale` know them: typos mended, the
        glossary's English words when the text is in another language than the passages."""
        with self._lock:
            self._refresh()
            lang = (language or "en")[:2].lower()
            return set(self._weighted(text, "", lang, (locale or "en")[:2].lower(), forms=False))

    def _weighted(self, query: str, context: str, language: str, locale: str,
                  forms: bool = True) -> dict[str, float]:
        """The question's words (1.0) and its context's (CONTEXT_WEIGHT), in order, as stems of the
        passages' language (the question's own, or English through the glossary), with their forms."""
        return self._flat(self._words(query, context, language, locale), forms)

    @staticmethod
    def _flat(words: list[tuple[str, list[str], float]], forms: bool = True) -> dict[str, float]:
        out: dict[str, float] = {}
        for _, group, weight in words:
            for term in group if forms else group[:1]:
                out[term] = max(out.get(term, 0.0), weight)
        return out

    def _words(self, query: str, context: str, language: str,
               locale: str) -> list[tuple[str, list[str], float]]:
        """Each word of the question and of its context once: its stem as written, the stems it stands for
        (mended, split, with their forms: the first is the word itself) and its weight. A mended word is a
        guess and weighs REPAIRED_WEIGHT of a word the help centre knows as written."""
        def words(text: str) -> list[str]:
            if not text:
                return []
            if locale == language:
                return stems(expanded(text, language), language)
            return english_terms(text, language) if locale == "en" else []
        out: list[tuple[str, list[str], float]] = []
        for text, weight in ((query, 1.0), (context, CONTEXT_WEIGHT)):
            for written in words(text):
                repaired = self._repaired(written)
                guess = REPAIRED_WEIGHT if repaired != written else 1.0
                for part in repaired.split():
                    out.append((written, self._expand([part]), weight * guess))
        return out

    def _repaired(self, term: str) -> str:
        """A stem the help centre never uses, mended: one typo away from one it does ("retrun" ->
        "return")."""
        if term in self._df or len(term) < MIN_REPAIR_LENGTH:
            return term
        known = self._typo_fixes.get(term)
        if known is None:
            known = self._typo_fixes[term] = _mended(term, self._topic_df)
        return known

    def passages_of(self, article_id: str) -> list[Passage]:
        with self._lock:
            self._refresh()
            return [d.passage for d in self._docs if d.passage.article_id == article_id]

    def _expand(self, terms: list[str]) -> list[str]:
        """Each stem and the help centre's stems that share its first five letters ("devolv" meets "devolu",
        "zuruckzugeb" meets "zuruckgeb"): Snowball does not join a verb and its noun in every language."""
        out: list[str] = []
        for term in (part for t in terms for part in t.split()):
            out.append(term)
            if len(term) >= 5:
                out += self._by_prefix.get(term[:5], {}).get(term, []) or self._forms(term)
        return list(dict.fromkeys(out))

    def _forms(self, term: str) -> list[str]:
        """The index's stems that share the term's first five letters; looked up once per term and index."""
        forms = [v for v in self._by_prefix.setdefault(term[:5], {}).get("", [])
                 if v != term and abs(len(v) - len(term)) <= 3]
        self._by_prefix[term[:5]][term] = forms
        return forms

    def _groups(self, words: list[tuple[str, list[str], float]]) -> dict[str, tuple[set[str], float, bool]]:
        """Each question word the help centre knows, once (not once per form: "bezahl" and "bezahlt" are one
        word): the forms that meet it, its weight (best idf, times the word's own weight) and whether it is
        the question's own word as written (not its context's, not a mended guess)."""
        out: dict[str, tuple[set[str], float, bool]] = {}
        for written, forms, weight in words:
            group = set(forms) & self._df.keys()
            key = f"{written}:{forms[0]}"
            rarity = max((self.idf(v) for v in group), default=0.0)
            if group and weight * rarity > out.get(key, (set(), 0.0, False))[1]:
                out[key] = (group, weight * rarity, weight == 1.0)
        return out

    def _unknown(self, query: str, language: str) -> float:
        """Ordinary words of the question that no article uses at all, each counted as a word missed: "gift
        wrapping" is a topic the help centre does not cover. Capitalised words (a product's or a place's name)
        and short ones say nothing either way."""
        stop = STOP_WORDS.get(language, STOP_WORDS["en"])
        # German capitalises every noun, so only a word that is not one of the sentence's first says "name".
        words = {w for w in _WORD.findall(unexplained(query, language))
                 if (w.islower() or (language == "de" and not _is_first(w, query))) and len(w) >= 5
                 and fold(w.lower()) not in stop and not glossary_word(w, language)}
        unknown = [w for w in words
                   if not set(self._expand([self._repaired(t) for t in stems(w, language)])) & self._df.keys()]
        return UNKNOWN_WORD_WEIGHT * len(unknown)

    def _judged(self, hit: Hit, known: dict[str, tuple[set[str], float, bool]], missing: float = 0) -> Hit:
        """Coverage: the idf-weighted share of the question's words found in this hit's article. Words the
        help centre knows count by their rarity in the article's locale, a word in the article's title or the
        passage's heading (what the article is about) TOPIC_WEIGHT times; ordinary words no article uses
        (`missing`, in words) count against it at the rarity of a word the locale never uses."""
        words = self._article_words.get(hit.article_id, set())
        lang = hit.passage.locale or "en"
        topic = set(stems(f"{hit.passage.title} {hit.passage.heading}", lang))
        weight = {t: w * (TOPIC_WEIGHT if group & topic else 1.0) for t, (group, w, _) in known.items()}
        found = [t for t, (group, _, _) in known.items() if group & words]
        total = sum(weight.values()) + missing * self.idf("")
        coverage = round(sum(weight[t] for t in found) / total, 3) if total else 0.0
        generic = self._generic.get(lang, set())
        # A question of stop words only ("What do you need from me?") is about its story: count the story's.
        own = any(flag for _, _, flag in known.values())
        distinct = sum(1 for t in found if (known[t][2] or not own) and not known[t][0] & generic)
        return Hit(hit.passage, hit.score, coverage, distinct, any(group & topic for group, _, _ in known.values()))

    def _bm25(self, doc: _Doc, terms: dict[str, float]) -> float:
        score = 0.0
        for term, weight in terms.items():
            tf = doc.weights.get(term, 0.0)
            if tf:
                score += weight * self.idf(term) * tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc.length / self._avg))
        return score


def _is_first(word: str, text: str) -> bool:
    """Whether `word` opens a sentence of `text` (where any language capitalises)."""
    return bool(re.search(rf"(?:^|[.!?¿¡]\s*){re.escape(word)}\b", text.strip()))


def _mended(term: str, known: Counter[str]) -> str:
    """The known stem one edit away (a letter wrong, missing, extra, or two swapped; Damerau's distance 1),
    the most used when several are; else the term."""
    # A stem that is the other's start is another form of the word ("notifi", "notif"), not a typo.
    near = [k for k in known if abs(len(k) - len(term)) <= 1 and k[0] == term[0] and _one_edit(term, k)
            and not (k.startswith(term) or term.startswith(k))]
    # Splitting German compounds into two known stems was tried and dropped: it helped only the set it was
    # tuned on (tune3), none of the others nor Bitext.
    return max(near, key=lambda k: (known[k], k)) if near else term


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
