"""Rewrites without the model, for when the model's tries are refused: text operations that cannot lose a value
because they only cut filler and hedges, shorten or write out contractions, swap register words, fix case and
punctuation, or add a warm sentence (the word lists are in reply/rewrite_words.py).

- shorter: filler sentences and a filler closing go ("Thanks for your patience,"), then hedges and filler words
  ("I can see that", "really", "I'm really sorry" -> "Sorry"), wordy phrases ("in order to" -> "to") and
  contractions ("I have" -> "I've"), then, if that is not short enough, the same statements in fewer words
  ("the refund of $49.99" -> "the $49.99 refund", "If it doesn't arrive by then," -> "If not,"); never a
  sentence that says something (a value, an instruction, a promise), the greeting or the agent's name: when
  that is not enough, there is no rule rewrite;
- formal: contractions written out, register words ("sorry about that" -> "please accept my apologies",
  "Shall I go ahead?" -> "Would you like me to proceed?"), "!" calmed, a formal closing before the name
  ("Kind regards,"); in de, es and fr the greeting and closing words ("Hallo" -> "Guten Tag");
- grammar: sentence starts and "i" capitalised, the customer's name capitalised, missing apostrophes ("dont",
  "im", "your fine"), common misspellings, spaces before punctuation removed;
- friendlier: contractions, "Hello" -> "Hi", a warm opener after the greeting and an offer of help before the
  closing, in the text's language (en, es, fr, de), promising nothing new; expand: the opener and the offer.

Translate has no rule-based form. Each returns "" when it has nothing to offer (grammar returns the text as
it is when it finds nothing to fix); the caller checks the result like any rewrite (reply/rewrite_checks.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assist.base.vocab import RewriteAction
from assist.reply import rewrite_words as words
from assist.reply.rewrite_words import CONTRACTION, CONTRACTIONS, Parts, capital, match_case, split

SHORTER_GOAL = 0.8  # the promise the checks hold it to (reply/rewrite_checks.py), measured on the same text
_THANKS = re.compile(r"\b(?:thank|thanks|gracias|merci|danke|dank)\b", re.IGNORECASE)
_PROPER = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
                     r"june|july|august|september|october|november|december)\b")
_MISSING_APOSTROPHE = {"theres": "there's", "whats": "what's", "dont": "don't", "doesnt": "doesn't",
                       "didnt": "didn't", "cant": "can't", "wont": "won't",
                       "im": "I'm", "ive": "I've", "youre": "you're", "isnt": "isn't", "thats": "that's",
                       "theyre": "they're", "wasnt": "wasn't", "havent": "haven't", "couldnt": "couldn't",
                       "shouldnt": "shouldn't", "wouldnt": "wouldn't", "arent": "aren't", "hasnt": "hasn't"}
_MISSING = re.compile(r"\b(" + "|".join(_MISSING_APOSTROPHE) + r")\b", re.IGNORECASE)
_MISSPELLED = {"recieve": "receive", "recieved": "received", "definately": "definitely", "seperate": "separate",
               "seperately": "separately", "untill": "until", "wich": "which", "thier": "their", "alot": "a lot",
               "teh": "the", "adress": "address", "occured": "occurred", "accomodate": "accommodate",
               "refundd": "refund", "tommorow": "tomorrow", "tomorow": "tomorrow", "begining": "beginning"}
_MISSPELLING = re.compile(r"\b(" + "|".join(_MISSPELLED) + r")\b", re.IGNORECASE)
_YOURE = re.compile(r"\byour (?=(?:fine|welcome|right|correct|all set|covered|eligible|good to go)\b)",
                    re.IGNORECASE)
_DOUBLED = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)


def _body_flow(parts: Parts, language: str) -> Parts:
    """Capitalise the sentences, then let the first go on after "Hi Tom," in lower case."""
    parts.keep(lambda s: bool(s.strip()))
    parts.map(capital)
    if parts.body and parts.greeting and "\n" not in parts.head:  # a greeting on its own line ends there
        parts.body[0] = words.after_greeting(parts.greeting, parts.body[0], language)
    return parts


def _replacer(replacement: str) -> Callable[[re.Match[str]], str]:
    """The replacement in the case of what it replaces ("I'm sorry" -> "Sorry", "i'm sorry" -> "sorry")."""
    return lambda m: match_case(m.group(), m.expand(replacement)) if replacement else ""


def _shorten_words(sentence: str) -> str:
    out = sentence
    for pattern, replacement in words.HEDGES:
        out = pattern.sub(_replacer(replacement), out)
    out = words.shorten_forms(out)
    out = re.sub(r"\s{2,}", " ", re.sub(r"\s+([,.!?;:])", r"\1", out)).strip()
    out = re.sub(r"^[,;:]\s*", "", out)
    out = re.sub(r"\bSorry,\s*(?=[a-z])", "Sorry, ", out)
    return out


def shorter(text: str, language: str = "en") -> str:
    """Cut what carries no information (filler sentences, a filler closing, hedges, wordy phrases, long forms);
    "" when that does not bring the text under SHORTER_GOAL of its length: a sentence that says something
    (a value, an instruction, a promise) is never dropped to make the length."""
    parts = split(text)
    if not parts.body:
        return ""
    goal = SHORTER_GOAL * len(text.strip())
    # Filler first: sentences without a value that say nothing of their own; a filler closing phrase.
    if not all(words.is_filler(s) for s in parts.body):
        parts.keep(lambda s: not words.is_filler(s))
    if parts.closing and words.is_filler(parts.closing):  # "Thanks for your patience," (never "Best," or "Sam,")
        parts.closing = ""
    parts.map(_shorten_words)
    parts.keep(lambda s: bool(re.search(r"\w", s)))
    out = _body_flow(parts, language).join()
    if len(out) > goal and parts.closing:
        parts.closing = ""
        out = parts.join()
    if len(out) > goal and language in ("", "en"):  # then the same statements in fewer words
        parts.map(_condensed)
        out = _body_flow(parts, language).join()
    return out if len(out) <= goal else ""


def _condensed(sentence: str) -> str:
    out = sentence
    for pattern, replacement in words.CONDENSE:
        out = pattern.sub(_replacer(replacement), out)
    return re.sub(r"\s{2,}", " ", re.sub(r"\s+([,.!?;:])", r"\1", out)).strip()


def formal(text: str, language: str = "en") -> str:
    if language not in ("", "en"):
        return _formal_other(text, language)
    out = grammar(text)  # first: it writes "your fine" as "you're fine", which is then written out
    out = CONTRACTION.sub(lambda m: match_case(m.group(), CONTRACTIONS[m.group().lower()]), out)
    for pattern, replacement in words.FORMAL_EN:
        out = pattern.sub(replacement, out)
    out = grammar(_formal_closing(out, "en"))
    return out if out != text else ""


def _formal_closing(text: str, language: str) -> str:
    """The name signed with a formal closing ("Kind regards, Sam"), in place of a plain one ("Thanks,")."""
    parts = split(text)
    if not parts.name:
        return text
    if not parts.closing and parts.seps and "\n" in parts.seps[-1]:
        parts.sign = "\n"  # the name had a line of its own: "Kind regards,\nSam"
    if not parts.closing or words.plain_closing(parts.closing):
        parts.closing = words.FORMAL_CLOSING[language]
    return parts.join()


def _formal_other(text: str, language: str) -> str:
    rules = words.FORMAL_OTHER.get(language)
    if rules is None:
        return ""
    out = text
    for pattern, replacement in rules:
        out = pattern.sub(replacement, out)
    parts = split(out)
    if parts.name and not parts.closing:
        out = _formal_closing(out, language)
    return out if out != text else ""


def grammar(text: str, name: str = "") -> str:
    out = re.sub(r"[ \t]+([,.!?;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text))
    out = re.sub(r",(?=[A-Za-z])", ", ", out)
    out = _MISSING.sub(lambda m: _MISSING_APOSTROPHE[m.group().lower()], out)
    out = _MISSPELLING.sub(lambda m: match_case(m.group(), _MISSPELLED[m.group().lower()]), out)
    out = _YOURE.sub(lambda m: match_case(m.group(), "you're "), out)
    out = _DOUBLED.sub(lambda m: m.group(1) if not m.group(1).isdigit() else m.group(), out)
    out = re.sub(r"(^|[.!?]\s+)(yes|no)\s+(?=(?:you|we|I|it|that)\b)", r"\1\2, ", out, flags=re.IGNORECASE)
    out = re.sub(r"\bi\b", "I", out)
    out = _PROPER.sub(lambda m: m.group().capitalize(), out)
    for first in {name.split()[0]} if name.strip() else set():
        # Not inside an email or a link: "maya@example.com" stays as it is.
        out = re.sub(rf"(?<![@./\w-]){re.escape(first.lower())}\b(?![\w.-]*@|\.\w)", first[:1].upper() + first[1:],
                     out)
    # The name after a greeting: "hi chris," -> "Hi Chris,".
    out = re.sub(r"^(\s*\w+\s+)([a-zà-ÿ])(?=[\w'-]*,)", lambda m: m.group(1) + m.group(2).upper(), out)
    # Capitalise each sentence's first letter (and the line's).
    out = re.sub(r"(^|[.!?]\s+|\n\s*)([a-zà-ÿ])", lambda m: m.group(1) + m.group(2).upper(), out)
    return out


def warmer(text: str, language: str, *, casual: bool = True) -> str:
    """A warm opener after the greeting (unless the text already thanks), and an offer of help before the
    closing, in the text's language; `casual` (friendlier, English): contractions and "Hi" too."""
    opener, closer = words.WARM.get(language, words.WARM["en"])
    english = language in ("", "en")
    if casual and english:
        text = words.shorten_forms(text)
        for pattern, replacement in words.FRIENDLY_EN:
            text = pattern.sub(replacement, text)
    parts = split(text)
    if not parts.body:
        return ""
    if _THANKS.search(text):
        opener = ""
    if words.OFFER.search(text):
        closer = ""  # it already offers more help: not twice
    if not opener and not closer:
        return ""
    if opener and parts.greeting.endswith(",") and "\n" not in parts.head:
        opener = opener[:1].lower() + opener[1:]
    if opener:
        parts.body[0] = capital(parts.body[0])  # it now follows the opener's full stop
        parts.insert(0, opener)
    if closer:
        parts.insert(len(parts.body), closer)
    out = parts.join()
    return grammar(out) if english else out  # "hi dana," -> "Hi Dana,"


def rule_rewrite(text: str, action: str, language: str, name: str = "") -> str:
    """The rule-based rewrite of `text` for `action` ("" when there is none: translate, or nothing to do).
    Grammar is English only; formal works in en, de, es and fr; the other actions in en, es, fr and de."""
    english = language in ("", "en")
    if action == RewriteAction.SHORTER:
        return shorter(text, language or "en")
    if action == RewriteAction.FORMAL:
        return formal(text, language or "en")
    if action == RewriteAction.GRAMMAR:
        return grammar(text, name) if english else ""
    if action == RewriteAction.FRIENDLIER:
        return warmer(text, language or "en")
    if action == RewriteAction.EXPAND:
        return warmer(text, language or "en", casual=False)
    return ""
