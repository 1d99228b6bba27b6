"""The words of a question, per language: stop words, Snowball stems, and the support vocabulary (its word
lists are in phrasings.py) applied: synonyms replaced, phrasings expanded, the es/fr/de glossary to the English
articles. Retrieval (retrieval.py) ranks with these; the composer picks sentences with them.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

import snowballstemmer

from assist.knowledge.phrasings import EXPANSIONS, GLOSSARY, ONE_IDEA, SYNONYMS

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_STEMMER_NAMES = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "it": "italian",
                  "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian",
                  "fi": "finnish"}
def fold(word: str) -> str:
    """A word without its accents ("devolución" -> "devolucion"): customers often leave them out, so the
    help centre's words and the question's are compared without them."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


# Function words per language: they say nothing about the topic. Short on purpose.
_STOP = {
    "en": "a an and are as at be been but by can could did do does for from get got had has have how i i'm "
          "if in into is it it's its me my of on or our please so that the their them then there this to "
          "up was we were what when where which who why will with would you your yours hi hello thanks "
          "thank there's can't don't want need like know just also any some one long much many bought buy "
          "purchased ago still yet see seeing check checking help assistance assist support try trying show tell "
          "information info wanna gonna able look looking find inform notify here whats what's going someone "
          "something anything anymore instead latest soon guys yes yeah no ok okay cant can't dont don't "
          "won't wont isnt isn't didnt didn't doesnt doesn't til till until said say says should shouldn't "
          "hasn't haven't has not must might may usually having happen happens happened already "
          "he she him her his hers herself himself myself yourself because wants wanted i'd i've i'll go ahead "
          "really least",
    "es": "a al algo como con de del el ella en es esta este esto hay la las le lo los me mi mis no o para "
          "pero por que qué se si sin su sus te tengo tiene un una unos y ya yo hola gracias puedo quiero "
          "cuánto cuanto tiempo veo dos mismo misma tienen tienes son está están ser tener hacer puede pueden "
          "cuándo cuando dónde donde mí muy también vale bueno sí ok hace ahora tarda tardan debo debe "
          "hay ha han he has era fue nos les ese esa eso hacerlo hasta otra otro otras otros unas unos "
          "alguna algún manera forma",
    "fr": "a au aux avec ce ces cette dans de des du elle en est et il je la le les ma mes mon ne nous on "
          "ou par pas pour qu que qui sa se ses son sur un une vous votre vos y bonjour merci puis peux veux "
          "vois voir même deux trois quand où comment combien est-ce mais très aussi déjà ça c'est oui ok "
          "fait faire maintenant temps faut être fois il-faut dois doit peut pouvez voulez avez ai suis "
          "sont était été leur leurs moi toi lui eux notre nos avant",
    "de": "auf aus bei bin bis da das dass dem den der des die ein eine einen einer es für hat habe ich "
          "ihr im in ist ja kann mein meine mir mit nicht noch oder sie sind und von was wie wir zu zum "
          "zur hallo danke möchte bitte lange zeit habe sehe zwei innerhalb haben hat sind ist gibt kann können wird "
          "wann warum welche welcher wo meinem meinen meiner meines ihre ihrem ihren ihrer unser unsere vor "
          "nach einem eines auch schon aber wenn nur jetzt okay ok dauert dauern muss müssen soll sollte "
          "damit dann denn war waren wurde werden geht gehen irgendwie gerne gern wirklich eigentlich",
}
# Each stop word with and without its accents ("cuánto", "cuanto"), as customers write either.
STOP_WORDS = {lang: frozenset(words.split()) | frozenset(fold(w) for w in words.split())
              for lang, words in _STOP.items()}

# French and Italian elide an article or pronoun into the next word: "l'annuler" is "annuler".
_ELISION = re.compile(r"^(?:[lcdjmnst]|qu)['’](?=\w)")
_ELIDING = frozenset({"fr", "it"})


def normalised(text: str, language: str) -> str:
    lang = language[:2].lower()
    for pattern, word in ONE_IDEA.get(lang, []):
        text = pattern.sub(word, text)
    synonyms = SYNONYMS.get(lang, {})
    if not synonyms:
        return text
    return _WORD.sub(lambda m: synonyms.get(m.group(0).lower(), m.group(0)), text)


def expanded(text: str, language: str) -> str:
    text = normalised(text, language)
    extra = [words for pattern, words in EXPANSIONS.get(language, []) if pattern.search(text)]
    return " ".join([text, *extra])


def unexplained(text: str, language: str) -> str:
    """The question without the phrasings the expansions recognise ("charged twice" says "double charges";
    its "twice" is not a word the help centre lacks)."""
    text = normalised(text, language)
    for pattern, _ in EXPANSIONS.get(language, []):
        text = pattern.sub(" ", text)
    return text


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
        if lang in _ELIDING:
            words = [_ELISION.sub("", w) for w in words]
        out = []
        for word in words:
            if word in stop or len(word) <= 1:
                continue
            word = fold(word)
            stem = _stem_cache.get((name, word))
            if stem is None:
                if len(_stem_cache) >= STEM_CACHE_SIZE:
                    _stem_cache.clear()
                stem = _stem_cache[(name, word)] = stemmer.stemWord(word)
            out.append(stem)
        return out


_glossary_stems: dict[str, dict[str, str]] = {}


def glossary_word(word: str, language: str) -> str:
    """The English word the glossary gives for this word of a question, in any of its forms ("entregas" for
    "entrega"), with or without its accents."""
    lang = language[:2].lower()
    lower = word.lower()
    if lower in GLOSSARY.get(lang, {}):
        return GLOSSARY[lang][lower]
    by_stem = _glossary_stems.get(lang)
    if by_stem is None:
        by_stem = {}
        for key, value in GLOSSARY.get(lang, {}).items():
            for stem in stems(key, lang)[:1]:
                by_stem.setdefault(stem, value)
        _glossary_stems[lang] = by_stem
    return next((by_stem[s] for s in stems(lower, lang)[:1] if s in by_stem), "")


def _names(text: str) -> list[str]:
    """Capitalised words inside a sentence ("Denver", "Aurora"): names of places and products, spelled the
    same in every language, so an English article that names them is about them."""
    out = []
    for sentence in re.split(r"[.!?¿¡]+", text):
        words = _WORD.findall(sentence)
        # "VIP" and a code ("FREESHIP", "WINTER20"), not "HELP": a shouted word in the customer's language says
        # nothing to the English articles either way (no article uses it), but a code is named in them.
        out += [w for w in words[1:] if w[:1].isupper() and (not w.isupper() or len(w) <= 4 or len(w) >= 6)]
    return out


def english_terms(text: str, language: str) -> list[str]:
    """English stems for the glossary words of a question in another language (and the English expansions
    those words call for), and the names it mentions."""
    words = [w.lower() for w in _WORD.findall(normalised(text, language))]
    english = [glossary_word(w, language) for w in words]
    return stems(expanded(" ".join(w for w in english if w), "en"), "en") + stems(" ".join(_names(text)), "en")


# The word after "how" says what kind of answer is wanted ("how long": a span); a typo there ("how lnog",
# "how mcuh") loses it, and it is too short to be mended against the help centre's words.
_HOW_WORDS = ("long", "much", "many", "soon", "often", "late", "fast")
_HOW = re.compile(r"\b(how)\s+([a-z]{4,5})\b", re.IGNORECASE)


def _swapped_or_wrong(a: str, b: str) -> bool:
    """Same length, one letter wrong or two neighbours swapped."""
    diff = [i for i in range(len(a)) if a[i] != b[i]] if len(a) == len(b) else [0, 0, 0]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                              and a[diff[1]] == b[diff[0]])


def mended_question_words(text: str) -> str:
    """English "how" + a mistyped question word, mended ("how lnog do I have" -> "how long do I have")."""
    def mend(match: re.Match[str]) -> str:
        word = match.group(2).lower()
        fix = next((w for w in _HOW_WORDS if w != word and _swapped_or_wrong(word, w)), "")
        return f"{match.group(1)} {fix}" if fix and word not in _HOW_WORDS else match.group(0)
    return _HOW.sub(mend, text)
