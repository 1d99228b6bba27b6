"""Finding the passage that answers a customer's question, in any of the playbook's languages.

Passages (articles split at their headings) are ranked with BM25 over Snowball stems, so "returning",
"returns" and "return" meet, and "devoluciones" meets "devolver". A passage's title counts twice and its
heading one and a half times (a newcomer's question usually names the topic the title names), and query
words that appear side by side in the passage earn a phrase bonus. Articles in the customer's locale are
preferred; other locales stay as a fallback, so an English-only answer is still found for a Spanish question.

The whole help centre is indexed in memory (a few thousand passages rank in milliseconds) and rebuilt only
when the store's articles change. Callers run it off the GUI thread: it reads the store.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import snowballstemmer

from assist.knowledge.passages import Passage, split

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_STEMMER_NAMES = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "it": "italian",
                  "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian",
                  "fi": "finnish"}
# Function words per language: they say nothing about the topic. Short on purpose.
_STOP = {
    "en": "a an and are as at be been but by can could did do does for from get got had has have how i i'm "
          "if in into is it it's its me my of on or our please so that the their them then there this to "
          "up was we were what when where which who why will with would you your yours hi hello thanks "
          "thank there's can't don't want need like know just also any some one long much many bought buy "
          "purchased ago still yet see seeing check checking help assistance assist support try trying show tell "
          "information info wanna gonna able look looking find inform notify",
    "es": "a al algo como con de del el ella en es esta este esto hay la las le lo los me mi mis no o para "
          "pero por que qué se si sin su sus te tengo tiene un una unos y ya yo hola gracias puedo quiero "
          "cuánto cuanto tiempo veo dos mismo misma tienen tienes son está están ser tener hacer puede pueden",
    "fr": "a au aux avec ce ces cette dans de des du elle en est et il je la le les ma mes mon ne nous on "
          "ou par pas pour qu que qui sa se ses son sur un une vous votre vos y bonjour merci puis peux veux "
          "vois voir même deux trois",
    "de": "auf aus bei bin bis da das dass dem den der des die ein eine einen einer es für hat habe ich "
          "ihr im in ist ja kann mein meine mir mit nicht noch oder sie sind und von was wie wir zu zum "
          "zur hallo danke möchte bitte lange zeit habe sehe zwei innerhalb haben hat sind ist gibt kann können wird",
}
STOP_WORDS = {lang: frozenset(words.split()) for lang, words in _STOP.items()}
# Words of es/fr/de questions mapped to the English help centre's words, for topics that have no article in
# the customer's language yet. Small and about support only; stems are compared, so one form is enough.
GLOSSARY: dict[str, dict[str, str]] = {
    "es": {"devolver": "return", "devolución": "return", "reembolso": "refund", "cargo": "charge",
           "cargos": "charges", "cobro": "charge", "cobrado": "charged", "contraseña": "password",
           "pedido": "order", "envío": "shipping", "entrega": "delivery", "cancelar": "cancel",
           "cuenta": "account", "garantía": "warranty", "tarjeta": "card", "regalo": "gift", "código": "code",
           "descuento": "discount", "dirección": "address", "cambiar": "change", "roto": "damaged",
           "dañado": "damaged", "retraso": "delay", "seguimiento": "tracking", "día": "day", "mismo": "same",
           "correo": "email", "cerrar": "close", "eliminar": "delete", "chaqueta": "jacket", "doble": "double",
           "tienda": "store", "exprés": "express", "express": "express", "cambio": "exchange", "talla": "size",
           "tarjetas": "cards", "gratis": "free", "gratuito": "free", "bloqueada": "locked",
           "bloqueado": "locked", "regalos": "gift", "electrónicos": "electronics", "hora": "time",
           "estándar": "standard", "internacional": "international", "países": "countries", "país": "country"},
    "fr": {"retourner": "return", "retour": "return", "remboursement": "refund", "rembourser": "refund",
           "débit": "charge", "débits": "charges", "prélèvement": "charge", "mot": "password", "passe": "password",
           "commande": "order", "livraison": "delivery", "expédition": "shipping", "annuler": "cancel",
           "compte": "account", "garantie": "warranty", "carte": "card", "cadeau": "gift", "code": "code",
           "adresse": "address", "modifier": "change", "cassé": "damaged", "endommagé": "damaged",
           "retard": "delay", "suivi": "tracking", "jour": "day", "même": "same", "fermer": "close",
           "supprimer": "delete", "veste": "jacket", "deux": "double", "échanger": "exchange",
           "échange": "exchange", "taille": "size", "heure": "time", "prélèvements": "charges", "cartes": "cards",
           "cadeaux": "gift", "magasin": "store", "boutique": "store", "express": "express",
           "électroniques": "electronics", "standard": "standard", "pays": "countries", "livrer": "deliver"},
    "de": {"zurückgeben": "return", "zurückzugeben": "return", "zurücksenden": "return", "rücksendung": "return",
           "zurückschicken": "return", "zurückzuschicken": "return", "kostenlos": "free", "gesperrt": "locked",
           "rückgabe": "return", "erstattung": "refund",
           "rückerstattung": "refund", "abbuchung": "charge", "abbuchungen": "charges", "belastung": "charge",
           "passwort": "password", "bestellung": "order", "lieferung": "delivery", "versand": "shipping",
           "stornieren": "cancel", "konto": "account", "garantie": "warranty", "karte": "card",
           "geschenk": "gift", "gutschein": "code", "adresse": "address", "ändern": "change",
           "beschädigt": "damaged", "kaputt": "damaged", "verspätung": "delay", "sendungsverfolgung": "tracking",
           "tag": "day", "gleichen": "same", "schließen": "close", "löschen": "delete", "jacke": "jacket",
           "doppelt": "double", "zweimal": "double", "umtauschen": "exchange", "umtausch": "exchange",
           "größe": "size", "uhrzeit": "time", "uhr": "time", "geschäft": "store", "laden": "store",
           "expressversand": "express shipping", "standardversand": "standard shipping", "elektrogeräte": "electronics",
           "geschenkkarten": "gift cards", "länder": "countries", "gebühr": "fee"},
}
# How customers say a thing that the articles name differently: the words added to the question, per language.
EXPANSIONS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "en": [(re.compile(r"never (?:arrived|came|showed up)|(?:hasn't|has not|didn't|did not|not yet) (?:arrived|come|"
                       r"turned up)|where(?:'s| is) my (?:order|parcel|package)|still waiting|not received",
                       re.IGNORECASE), "delayed lost parcel tracking delivery late"),
           (re.compile(r"charged (?:me )?twice|double[- ]charged|two charges|charged two times", re.IGNORECASE),
            "double charges"),
           (re.compile(r"can(?:'|no)t (?:log|sign) in|locked out", re.IGNORECASE), "password reset sign in"),
           (re.compile(r"money back", re.IGNORECASE), "refund"),
           # Everyday words for what the articles name otherwise (tuned on the even rows of Bitext only).
           (re.compile(r"\b(?:in )?(?:what|which) (?:cases|situations)\b|\bpolicy\b|\beligib\w*|\bguarantee",
                       re.IGNORECASE), "return policy"),
           (re.compile(r"\b(?:remov\w*|delet\w*|cancel\w*|terminat\w*|clos\w*|get rid of)\b(?: \w+){0,3} "
                       r"(?:account|profile)|\b(?:account|profile) (?:remov|delet|cancel|terminat|clos)\w*",
                       re.IGNORECASE), "close account"),
           (re.compile(r"\b(?:updat\w*|correct\w*|edit\w*|modif\w*|chang\w*|fix\w*)\b(?: \w+){0,3} "
                       r"(?:address)|\baddress (?:update|change|correction)|wrong address", re.IGNORECASE),
            "change shipping address"),
           (re.compile(r"how long (?:it|does|will|do|would)\b.*\b(?:take|arrive|ship\w*|deliver\w*)|"
                       r"when (?:will|is|would|does) (?:my|the|it|this)\b.*\b(?:arrive|come|get here|be delivered)|"
                       r"\beta\b|delivery (?:time|period|date)s?|how soon\b.*\bexpect", re.IGNORECASE),
            "delivery times business days"),
           (re.compile(r"\b(?:ship\w*|deliver\w*) (?:to|in) (?-i:[A-Z])|shipping (?:options|methods)|"
                       r"(?:options|methods) (?:for|of) (?:shipping|delivery)", re.IGNORECASE),
            "where we ship countries"),
           (re.compile(r"\bpay(?:ment)?s? (?:error|issue|problem|trouble|fail)\w*|(?:error|issue|problem|trouble)s? "
                       r"(?:with|of|in) (?:\w+ )?payments?|can(?:'|no)?t (?:make )?pay", re.IGNORECASE),
            "payment failed"),
           (re.compile(r"\b(?:lost|forgot(?:ten)?) (?:my |the )?password", re.IGNORECASE), "forgot password reset"),
           (re.compile(r"\bstatus of (?:my |the )?(?:order|purchase)|(?:order|purchase) status|\blocat\w* "
                       r"(?:my |the )?(?:order|purchase|package|parcel)", re.IGNORECASE), "tracking order"),
           (re.compile(r"(?:says|shows|marked(?: as)?|showing) delivered|delivered but\b", re.IGNORECASE),
            "marked as delivered but not there"),
           (re.compile(r"within the (?:us|u\.s\.|usa|united states|country)|\bin the (?:us|usa|states)\b|"
                       r"\bdomestic", re.IGNORECASE), "domestic delivery times")],
    "es": [(re.compile(r"no (?:ha )?lleg(?:ado|ó)|dónde está mi (?:pedido|paquete)", re.IGNORECASE),
            "retraso entrega paquete perdido"),
           (re.compile(r"dentro del país|\ben (?:el país|españa|ee\.? ?uu\.?|estados unidos)\b|\bnacional",
                       re.IGNORECASE), "nacional plazos de entrega")],
    "fr": [(re.compile(r"(?:pas|jamais) (?:encore )?(?:arrivé|reçu)|où est ma commande", re.IGNORECASE),
            "retard livraison colis perdu"),
           (re.compile(r"\ben france\b|dans le pays|à l'intérieur du pays|\bnational", re.IGNORECASE),
            "national délais de livraison")],
    "de": [(re.compile(r"(?:nicht|nie) (?:angekommen|erhalten|geliefert)|wo ist meine bestellung", re.IGNORECASE),
            "verspätung lieferung paket verloren"),
           (re.compile(r"innerhalb (?:der usa|deutschlands|des landes)|\bim inland\b|\binland", re.IGNORECASE),
            "inland lieferzeiten"),
           (re.compile(r"zurück(?:zu)?(?:schicken|senden)", re.IGNORECASE), "zurückgeben rücksendung")],
}


# Words that mean what one of the articles' words means, replaced before stemming so that the question keeps
# one word for one idea ("purchase" is "order"; appended instead, coverage would count it as a word missed).
SYNONYMS: dict[str, dict[str, str]] = {
    "en": {"purchase": "order", "purchases": "order", "purchased": "ordered", "reimbursement": "refund",
           "reimburse": "refund", "reimbursed": "refunded", "reimbursements": "refunds", "compensation": "refund",
           "pwd": "password", "pin": "password", "passcode": "password", "pass": "password", "eta": "tracking",
           "shipment": "shipping", "shipments": "shipping", "deliveries": "delivery", "parcel": "package",
           "refunded": "refund", "profile": "account", "mail": "email", "e-mail": "email", "rebate": "refund",
           "rebates": "refund", "rebating": "refund", "restitution": "refund", "restitutions": "refund",
           "key": "password", "retrieve": "reset", "restore": "reset", "restoring": "reset", "recover": "reset",
           "cracked": "damaged", "chipped": "damaged", "chip": "damaged", "smashed": "damaged", "shattered": "damaged",
           "dented": "damaged", "burned": "safety", "burnt": "safety", "burn": "safety", "injured": "safety",
           "injury": "safety", "hurt": "safety"},
}


def normalised(text: str, language: str) -> str:
    synonyms = SYNONYMS.get(language[:2].lower(), {})
    if not synonyms:
        return text
    return _WORD.sub(lambda m: synonyms.get(m.group(0).lower(), m.group(0)), text)


def expanded(text: str, language: str) -> str:
    text = normalised(text, language)
    extra = [words for pattern, words in EXPANSIONS.get(language, []) if pattern.search(text)]
    return " ".join([text, *extra])


# Sections written for agents, not customers ("## For agents"): never quoted in a reply to a customer.
INTERNAL_HEADING = re.compile(r"\b(?:for agents|agent notes?|internal|para agentes|pour les agents|für agenten|"
                              r"für mitarbeiter)\b", re.IGNORECASE)
TITLE_WEIGHT = 3.0
MIN_COVERAGE = 0.5
UNKNOWN_WORD_WEIGHT = 0.5  # a question word no article uses, against coverage (in rare-word weights)
HEADING_WEIGHT = 1.5
PHRASE_BONUS = 0.6  # per pair of query words found side by side
OTHER_LOCALE = 0.7  # a passage in another locale than the customer's still counts, a little less
K1, B = 1.2, 0.75


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    coverage: float = 0.0  # share of the question's known words (idf-weighted) found in this passage's article
    matched: int = 0  # distinct question words found in the article
    in_title: bool = False  # a question word is in the article's title or the passage's heading

    @property
    def answers(self) -> bool:
        """Whether this looks like an answer rather than a word in common: most of what the question says
        that the help centre knows is in the article, and more than one word of it, or the one is the topic."""
        return self.coverage >= MIN_COVERAGE and (self.matched >= 2 or self.in_title)

    @property
    def article_id(self) -> str:
        return self.passage.article_id


_stemmers: dict[str, Any] = {}
_stem_lock = threading.Lock()
# Snowball in pure Python costs ~0.1-1 ms a word, and the same few thousand words (the help centre's, the
# questions') come back on every search: each word is stemmed once per language. Bounded: cleared when full.
_stem_cache: dict[tuple[str, str], str] = {}
STEM_CACHE_SIZE = 200_000


def stems(text: str, language: str = "en") -> list[str]:
    """Lower-cased stems of the content words, in order (stop words out)."""
    lang = (language or "en")[:2].lower()
    name = _STEMMER_NAMES.get(lang, "english")
    with _stem_lock:  # a Snowball stemmer object is not thread-safe
        stemmer = _stemmers.get(name)
        if stemmer is None:
            stemmer = _stemmers[name] = snowballstemmer.stemmer(name)
        stop = STOP_WORDS.get(lang, STOP_WORDS["en"])
        words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
        out = []
        for word in words:
            if word in stop or len(word) <= 1:
                continue
            stem = _stem_cache.get((name, word))
            if stem is None:
                if len(_stem_cache) >= STEM_CACHE_SIZE:
                    _stem_cache.clear()
                stem = _stem_cache[(name, word)] = stemmer.stemWord(word)
            out.append(stem)
        return out


def english_terms(text: str, language: str) -> list[str]:
    """English stems for the glossary words of a question in another language (and the English expansions
    those words call for)."""
    glossary = GLOSSARY.get(language[:2].lower(), {})
    words = [w.lower() for w in _WORD.findall(text)]
    return stems(expanded(" ".join(glossary[w] for w in words if w in glossary), "en"), "en")


@dataclass
class _Doc:
    passage: Passage
    weights: dict[str, float]
    sequence: list[str]
    length: float


class Retriever:
    """BM25 over the store's article passages; `search()` is thread-safe and cheap after the first call."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._signature: Any = None
        self._docs: list[_Doc] = []
        self._df: Counter[str] = Counter()
        self._by_prefix: dict[str, dict[str, list[str]]] = {}
        self._avg = 1.0
        self._article_words: dict[str, set[str]] = {}

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
                docs.append(_Doc(passage, weights, body, sum(weights.values())))
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
        self._signature = signature

    def idf(self, stem: str) -> float:
        n = len(self._docs)
        df = self._df.get(stem, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, query: str, *, language: str = "", limit: int = 3) -> list[Hit]:
        """The best passage of each of the `limit` best articles for this question, best first.

        Each passage is matched against the question in its own language: an article in the customer's
        locale against the question's stems, an English article (when the customer writes another
        language) against the English words the glossary gives; articles in a third language are skipped."""
        with self._lock:
            self._refresh()
            lang = (language or "en")[:2].lower()
            native_words = stems(expanded(query, lang), lang)
            english_words = native_words if lang == "en" else english_terms(query, lang)
            native, english = self._expand(native_words), self._expand(english_words)
            # Native words the customer's-language articles never use but the English ones do (through the
            # glossary): an answer in the customer's language that misses them misses the point.
            missing = 0 if lang == "en" else sum(
                1 for w in _WORD.findall(query.lower()) if w in GLOSSARY.get(lang, {})
                and not set(stems(w, lang)) & self._df.keys() and set(stems(GLOSSARY[lang][w], "en")) & self._df.keys())
            best: dict[str, Hit] = {}
            for doc in self._docs:
                locale = doc.passage.locale or "en"
                terms = native if locale == lang else english if locale == "en" else []
                score = self._bm25(doc, terms) if terms else 0.0
                if score <= 0:
                    continue
                pairs = set(itertools.pairwise(terms))
                score += PHRASE_BONUS * sum(1 for pair in itertools.pairwise(doc.sequence) if pair in pairs)
                if locale != lang and len(set(english)) < 2:
                    score *= OTHER_LOCALE  # the glossary carried little of the question: trust it less
                held = best.get(doc.passage.article_id)
                if held is None or score > held.score:
                    best[doc.passage.article_id] = Hit(doc.passage, round(score, 4))
            # Each question word with the forms that meet it, weighed once per search, not once per hit.
            native_groups, english_groups = self._groups(native_words), self._groups(english_words)
            unknown = self._unknown(query, lang)
            ranked = [self._judged(h, native_words, native_groups, missing + unknown)
                      if (h.passage.locale or "en") == lang
                      else self._judged(h, english_words, english_groups, unknown) for h in best.values()]
        # An answer beats a word in common; then the score decides.
        ranked.sort(key=lambda h: (not h.answers, -h.score))
        return _one_locale_per_topic(ranked, lang)[:limit]

    def passages_of(self, article_id: str) -> list[Passage]:
        with self._lock:
            self._refresh()
            return [d.passage for d in self._docs if d.passage.article_id == article_id]

    def _expand(self, terms: list[str]) -> list[str]:
        """Each stem and the help centre's stems that share its first five letters ("devolv" meets "devolu",
        "zuruckzugeb" meets "zuruckgeb"): Snowball does not join a verb and its noun in every language."""
        out: list[str] = []
        for term in terms:
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

    def _groups(self, terms: list[str]) -> dict[str, tuple[set[str], float]]:
        """Each question word the help centre knows: the forms that meet it, and its weight (best idf)."""
        out = {}
        for term in dict.fromkeys(terms):
            group = set(self._expand([term])) & self._df.keys()
            if group:
                out[term] = (group, max(self.idf(v) for v in group))
        return out

    def _unknown(self, query: str, language: str) -> float:
        """Ordinary words of the question that no article uses at all, counted at half a word each: "gift
        wrapping" is a topic the help centre does not cover. Capitalised words (a product's or a place's name)
        and short ones say nothing either way."""
        stop = STOP_WORDS.get(language, STOP_WORDS["en"])
        words = {w for w in _WORD.findall(normalised(query, language)) if w.islower() and len(w) >= 5
                 and w not in stop and w not in GLOSSARY.get(language, {})}
        unknown = [w for w in words if not set(self._expand(stems(w, language))) & self._df.keys()]
        return UNKNOWN_WORD_WEIGHT * len(unknown)

    def _judged(self, hit: Hit, terms: list[str], known: dict[str, tuple[set[str], float]],
                missing: float = 0) -> Hit:
        """Coverage: the idf-weighted share of the question's words that the help centre knows at all (words
        it never uses, like a product's name, say nothing either way) found in this hit's article."""
        words = self._article_words.get(hit.article_id, set())
        found = [t for t, (group, _) in known.items() if group & words]
        weight = {t: w for t, (_, w) in known.items()}
        total = sum(weight.values()) + missing * self.idf("")
        coverage = round(sum(weight[t] for t in found) / total, 3) if total else 0.0
        lang = hit.passage.locale or "en"
        topic = set(stems(f"{hit.passage.title} {hit.passage.heading}", lang))
        return Hit(hit.passage, hit.score, coverage, len(found), bool(topic & set(terms)))

    def _bm25(self, doc: _Doc, terms: list[str]) -> float:
        score = 0.0
        for term in dict.fromkeys(terms):
            tf = doc.weights.get(term, 0.0)
            if tf:
                score += self.idf(term) * tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc.length / self._avg))
        return score


def topic_of(article_id: str) -> str:
    """"kb-returns-es" -> "kb-returns": translations of one article are one topic."""
    return re.sub(r"-(?:en|es|fr|de|it|pt|nl)$", "", article_id)


def _one_locale_per_topic(hits: list[Hit], language: str) -> list[Hit]:
    """One hit per topic, at the rank of its best locale, in the customer's locale when that exists."""
    chosen: dict[str, Hit] = {}
    for hit in hits:
        topic = topic_of(hit.article_id)
        held = chosen.get(topic)
        if held is None:
            chosen[topic] = hit
        elif (held.passage.locale or "en") != language and hit.passage.locale == language:
            chosen[topic] = Hit(hit.passage, held.score, held.coverage, held.matched, held.in_title)
    return list(chosen.values())
