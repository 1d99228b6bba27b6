"""Rewrites without the model, for when the model's tries are refused: text operations that cannot lose a value
because they only cut filler, fix case and punctuation, expand contractions or add a warm sentence.

- shorter: drops filler sentences (thanks for your patience, hope this helps, let me know...), then filler
  words ("really", "just"), never a sentence that states a value, nor the greeting or the sign-off;
- formal: "Hi" -> "Hello", contractions written out, "!" calmed, "Thanks," -> "Kind regards,";
- grammar: sentence starts and "i" capitalised, the customer's name capitalised, common missing
  apostrophes ("dont", "im") restored, spaces before punctuation removed;
- friendlier / expand: a warm opener after the greeting, and a closing offer of help before the sign-off, in
  the text's language (en, es, fr, de), promising nothing new.

Translate has no rule-based form. Each returns "" when it has nothing to offer (grammar returns the text as
it is when it finds nothing to fix); the caller checks the result like any rewrite (reply/rewrite_checks.py).
"""

from __future__ import annotations

import re

from assist.base.text import WORD, sentence_spans
from assist.base.values import find_values
from assist.base.vocab import RewriteAction

SHORTER_GOAL = 0.78  # a little under the 0.8 promise
# Sentences that carry no information of their own, per language.
_FILLER = re.compile(
    r"thank(?:s| you)(?: so much)? for (?:your patience|getting in touch|reaching out|letting us know|flagging|"
    r"your message|contacting)|hope (?:this|that) helps|let me know if|feel free|don't hesitate|"
    r"(?:have|enjoy) a (?:great|lovely|nice|good) (?:day|week|evening)|sorry for any (?:trouble|inconvenience)|"
    r"i(?:'m| am) (?:so |really |very )?sorry(?: about (?:this|that)| to hear that)?[.!]?$|"
    r"that's really disappointing|thanks for shopping|gracias por (?:escribirnos|tu paciencia)|"
    r"merci pour votre (?:patience|message)|vielen dank für ihre (?:nachricht|geduld)",
    re.IGNORECASE)
_FILLER_WORDS = re.compile(r"\b(?:really|just|actually|basically|totally|of course|at all|straight away|"
                           r"right now|I can see (?:that )?|I(?: have|'ve) checked and (?:that )?)\b ?",
                           re.IGNORECASE)
_THANKS = re.compile(r"\b(?:thank|thanks|gracias|merci|danke|dank)\b", re.IGNORECASE)
_PROPER = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
                     r"june|july|august|september|october|november|december)\b")
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|dear|hola|bonjour|hallo|guten tag)\b[^,!.\n]{0,40}[,!]?\s*",
                       re.IGNORECASE)
_SIGN_OFF_WORDS = 4

_CONTRACTIONS = {"i'm": "I am", "i've": "I have", "i'll": "I will", "i'd": "I would", "you're": "you are",
                 "you'll": "you will", "you've": "you have", "we're": "we are", "we'll": "we will",
                 "we've": "we have", "it's": "it is", "that's": "that is", "there's": "there is",
                 "can't": "cannot", "won't": "will not", "don't": "do not", "doesn't": "does not",
                 "didn't": "did not", "isn't": "is not", "aren't": "are not", "wasn't": "was not",
                 "hasn't": "has not", "haven't": "have not", "couldn't": "could not", "shouldn't": "should not",
                 "wouldn't": "would not", "let's": "let us", "here's": "here is", "what's": "what is"}
_CONTRACTION = re.compile(r"\b(" + "|".join(re.escape(c) for c in _CONTRACTIONS) + r")\b", re.IGNORECASE)
_INFORMAL = [(re.compile(r"^(\s*)(?:hi|hey|hiya)\b", re.IGNORECASE), r"\1Hello"),
             (re.compile(r"\bno problem(?: at all)?\b", re.IGNORECASE), "certainly"),
             (re.compile(r"\b(?:yeah|yep)\b", re.IGNORECASE), "yes"),
             (re.compile(r"\bthanks\b(?=[,!.]?\s*\n?\s*\w+\W*$)", re.IGNORECASE), "Kind regards"),
             (re.compile(r"\bthanks\b", re.IGNORECASE), "thank you"),
             (re.compile(r"!+"), ".")]
_MISSING_APOSTROPHE = {"dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't", "wont": "won't",
                       "im": "I'm", "ive": "I've", "youre": "you're", "isnt": "isn't", "thats": "that's",
                       "theyre": "they're", "wasnt": "wasn't", "havent": "haven't", "couldnt": "couldn't"}
_MISSING = re.compile(r"\b(" + "|".join(_MISSING_APOSTROPHE) + r")\b", re.IGNORECASE)
_WARM = {
    "en": ("Thanks so much for reaching out, I'm happy to help.",
           "If anything else comes up, just reply here and I'll gladly help."),
    "es": ("Muchas gracias por escribirnos, encantado de ayudarte.",
           "Si necesitas cualquier otra cosa, responde aquí y te ayudo con gusto."),
    "fr": ("Merci beaucoup pour votre message, je suis ravi de vous aider.",
           "Si vous avez besoin d'autre chose, répondez simplement ici et je vous aiderai avec plaisir."),
    "de": ("Vielen Dank für Ihre Nachricht, ich helfe Ihnen gern.",
           "Wenn Sie noch etwas brauchen, antworten Sie einfach hier, und ich helfe Ihnen gern weiter."),
}


def _sentences(text: str) -> list[str]:
    return [text[s:e].strip() for s, e in sentence_spans(text)]


def _is_sign_off(sentence: str) -> bool:
    return len(WORD.findall(sentence)) <= _SIGN_OFF_WORDS and not find_values(sentence)


def _join(parts: list[str]) -> str:
    return re.sub(r"\s+([,.!?;:])", r"\1", " ".join(p for p in parts if p)).strip()


def _split_greeting(sentence: str) -> tuple[str, str]:
    """("Hi Tom,", "thanks for getting in touch.") from the first sentence; ("", sentence) without one."""
    m = _GREETING.match(sentence)
    return (sentence[:m.end()].strip(), sentence[m.end():].strip()) if m else ("", sentence)


def shorter(text: str) -> str:
    """Drop sentences without a value (filler first, then the longest), never the greeting nor the sign-off;
    then filler words, until the text is under SHORTER_GOAL of its length."""
    parts = _sentences(text)
    if not parts:
        return ""
    greeting, parts[0] = _split_greeting(parts[0])
    sign_off = parts.pop() if len(parts) > 1 and _is_sign_off(parts[-1]) else ""
    goal = SHORTER_GOAL * len(text.strip())
    droppable = sorted((i for i, p in enumerate(parts) if p and not find_values(p)),
                       key=lambda i: (not _FILLER.search(parts[i]), -len(parts[i])))
    for index in droppable:
        if len(_join([greeting, *parts, sign_off])) <= goal:
            break
        if sum(1 for p in parts if p) > 1:
            parts[index] = ""
    if len(_join([greeting, *parts, sign_off])) > goal:
        parts = [_FILLER_WORDS.sub("", p) for p in parts]
    body = [p[:1].upper() + p[1:] for p in parts if p.strip()]
    if greeting.endswith(",") and body and not re.match(r"I\b", body[0]):
        body[0] = body[0][:1].lower() + body[0][1:]  # "Hi Tom, the refund..." goes on after the comma
    out = _join([greeting, *body, sign_off])
    return out if len(out) <= goal else ""


def formal(text: str) -> str:
    out = _CONTRACTION.sub(lambda m: _match_case(m.group(), _CONTRACTIONS[m.group().lower()]), text)
    for pattern, replacement in _INFORMAL:
        out = pattern.sub(replacement, out)
    out = grammar(out) or out
    return out if out != text else ""


def grammar(text: str, name: str = "") -> str:
    out = re.sub(r"[ \t]+([,.!?;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text))
    out = _MISSING.sub(lambda m: _MISSING_APOSTROPHE[m.group().lower()], out)
    out = re.sub(r"\bi\b", "I", out)
    out = _PROPER.sub(lambda m: m.group().capitalize(), out)
    for first in {name.split()[0]} if name.strip() else set():
        out = re.sub(rf"\b{re.escape(first.lower())}\b", first[:1].upper() + first[1:], out)
    # The name after a greeting: "hi chris," -> "Hi Chris,".
    out = re.sub(r"^(\s*\w+\s+)([a-zà-ÿ])(?=[\w'-]*,)", lambda m: m.group(1) + m.group(2).upper(), out)
    # Capitalise each sentence's first letter (and the line's).
    out = re.sub(r"(^|[.!?]\s+|\n\s*)([a-zà-ÿ])", lambda m: m.group(1) + m.group(2).upper(), out)
    return out


def warmer(text: str, language: str) -> str:
    """A warm opener after the greeting (unless the text already thanks), and an offer of help before the
    sign-off, in the text's language."""
    opener, closer = _WARM.get(language, _WARM["en"])
    parts = _sentences(text)
    if not parts:
        return ""
    greeting, parts[0] = _split_greeting(parts[0])
    sign_off = parts.pop() if len(parts) > 1 and _is_sign_off(parts[-1]) else ""
    if _THANKS.search(text):
        opener = ""
    if greeting.endswith(",") and opener:
        opener = opener[:1].lower() + opener[1:]
    body = [p[:1].upper() + p[1:] for p in parts if p]
    if greeting.endswith(",") and not opener and body and not re.match(r"I\b", body[0]):
        body[0] = body[0][:1].lower() + body[0][1:]
    out = _join([greeting, opener, *body, closer, sign_off])
    return grammar(out) if language == "en" else out  # "hi dana," -> "Hi Dana,"


def _match_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def rule_rewrite(text: str, action: str, language: str, name: str = "") -> str:
    """The rule-based rewrite of `text` for `action` ("" when there is none: translate, or nothing to do).
    Formal and grammar are English rules; the other actions work in en, es, fr and de."""
    english = language in ("", "en")
    if action == RewriteAction.SHORTER:
        return shorter(text)
    if action == RewriteAction.FORMAL:
        return formal(text) if english else ""
    if action == RewriteAction.GRAMMAR:
        return grammar(text, name) if english else ""
    if action in (RewriteAction.FRIENDLIER, RewriteAction.EXPAND):
        return warmer(text, language or "en")
    return ""
