"""The word lists Assist's own rewrites use (reply/rewrite_rules.py): filler, hedges, wordy phrases,
contractions, register words for "more formal" and "friendlier", and the parts of a reply (greeting, body,
closing phrase, the agent's name). Data and small helpers only; none of it can add or change a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assist.base.text import WORD, sentence_spans
from assist.base.values import find_values

_CAP = r"[A-ZÀ-Ý]"
# Sentences that carry no information of their own, per language (whole sentences or closing phrases).
FILLER = re.compile(
    r"thank(?:s| you)(?: so much| very much)? for (?:your patience|getting in touch|reaching out|letting us know|"
    r"flagging(?: this)?|your message|contacting|bearing with|your understanding)|hope (?:this|that) helps|"
    r"let me know if|feel free|don't hesitate|do not hesitate|"
    r"(?:have|enjoy) a (?:great|lovely|nice|good|wonderful) (?:day|week|weekend|evening)|"
    r"sorry for any (?:trouble|inconvenience)|^sorry (?:about (?:that|this)|for the (?:wait|delay))[.!]?$|"
    r"anything else (?:I|we) can (?:help|do for) (?:you )?(?:with )?|"
    r"i(?:'m| am) (?:so |really |very )?sorry(?: about (?:this|that)| to hear that)?[.!]?$|"
    r"that's really disappointing|thanks for shopping|gracias por (?:escribirnos|tu paciencia|contactarnos)|"
    r"merci pour votre (?:patience|message)|vielen dank für ihre (?:nachricht|geduld)",
    re.IGNORECASE)
# Words and phrases that can go from any sentence without changing what it says (shorter).
HEDGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bI(?:'m| am) (?:really |so |very |truly )?sorry(?: that)?\b", re.IGNORECASE), "Sorry"),
    (re.compile(r"\b(?:I can see|I can confirm|I wanted to let you know|I'm happy to (?:say|tell you)|"
                r"please (?:note|be aware)|just to let you know) (?:that )?", re.IGNORECASE), ""),
    (re.compile(r"\bI(?: have|'ve)? (?:just )?checked and (?:that )?", re.IGNORECASE), ""),
    (re.compile(r",? (?:that|this)(?:'s| is) (?:really |just )?not the (?:experience|service) we want "
                r"(?:you to have|for you)", re.IGNORECASE), ""),
    (re.compile(r"\b(?:gone|went) ahead and ", re.IGNORECASE), ""),
    # after the phrases above, which hold some of these words ("just to let you know")
    (re.compile(r"\b(?:really|just|actually|basically|totally|definitely|of course|at all|straight away|"
                r"right now|so much|very much)\b ?", re.IGNORECASE), ""),
    (re.compile(r"\bfree of charge\b", re.IGNORECASE), "free"),
    (re.compile(r" for you\b(?! to\b)(?=[ ,.!?])", re.IGNORECASE), ""),  # "I've cancelled it for you"
    (re.compile(r"\bcurrently ", re.IGNORECASE), ""),
    (re.compile(r"\b(says|said|confirm(?:ed)?|noticed) that\b", re.IGNORECASE), r"\1"),
    (re.compile(r"\bin order to\b", re.IGNORECASE), "to"),
    (re.compile(r"\b(we|I|you|they) do (?!not\b)(?=[a-z]+\b)", re.IGNORECASE), r"\1 "),  # "we do price match"
    (re.compile(r"\bdue to the fact that\b", re.IGNORECASE), "because"),
    (re.compile(r"\b(?:is|are) able to\b", re.IGNORECASE), "can"),
    (re.compile(r"\bwill be able to\b", re.IGNORECASE), "can"),
    (re.compile(r"\bat this (?:time|moment)\b", re.IGNORECASE), "now"),
    (re.compile(r"\bcould you please\b", re.IGNORECASE), "please"),
]
# "Shorter" when cutting filler is not enough: the same statement in fewer words, every value kept.
_AMOUNT = r"(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:€|£|\$|dollars|euros|pounds))"
CONDENSE: list[tuple[re.Pattern[str], str]] = [
    # "the refund of $49.99" -> "the $49.99 refund"
    (re.compile(rf"\b(the|your|a) (refund|charge|balance|difference|fee|credit|discount|payment) of ({_AMOUNT})",
                re.IGNORECASE), r"\1 \3 \2"),
    # "If it doesn't arrive by then, I'll ..." -> "If not, I'll ..."
    (re.compile(r"\bif (?:it|they|that|this) (?:doesn't|does not|don't|do not|isn't|is not|aren't|are not|hasn't|"
                r"has not|won't|will not)(?: (?:arrive|come|turn up|show up|work|there|here|arrived))?"
                r"(?: by then| by that date| by that time| in time)?,", re.IGNORECASE), "if not,"),
    (re.compile(r",? depending on your (?:bank|card issuer|card provider)\b", re.IGNORECASE), ""),
    (re.compile(r"\b(in|within) (?:the )?next (\d[\d-]*) ", re.IGNORECASE), r"\1 \2 "),
    (re.compile(r"\bat the moment\b|\bat present\b", re.IGNORECASE), "now"),
    (re.compile(r"\bit (?:is|was) (?:showing|shown|listed) as\b", re.IGNORECASE), "it shows as"),
    (re.compile(r"\bso that\b", re.IGNORECASE), "so"),
    (re.compile(r"\bthe (?:option|possibility|chance) to\b", re.IGNORECASE), "to"),
]

# Written out for "more formal"; written short for "shorter" and "friendlier".
CONTRACTIONS = {"i'm": "I am", "i've": "I have", "i'll": "I will", "i'd": "I would", "you're": "you are",
                "you'll": "you will", "you've": "you have", "we're": "we are", "we'll": "we will",
                "we've": "we have", "it's": "it is", "that's": "that is", "there's": "there is",
                "can't": "cannot", "won't": "will not", "don't": "do not", "doesn't": "does not",
                "didn't": "did not", "isn't": "is not", "aren't": "are not", "wasn't": "was not",
                "hasn't": "has not", "haven't": "have not", "couldn't": "could not", "shouldn't": "should not",
                "wouldn't": "would not", "it'll": "it will", "they'll": "they will", "let's": "let us",
                "here's": "here is", "what's": "what is"}
CONTRACTION = re.compile(r"\b(" + "|".join(re.escape(c) for c in CONTRACTIONS) + r")\b", re.IGNORECASE)
# The short forms that read naturally (not "let us" -> "let's", which changes who acts).
# "have" only as a helper verb ("I have refunded" -> "I've refunded", not "I've a question").
_SHORT = {long.lower(): short for short, long in CONTRACTIONS.items()
          if short not in ("let's", "here's", "what's", "i'd")}
_PARTICIPLE = r"(?=\s+(?:\w+ed|sent|made|done|been|given|taken|seen|put|set|found|got|issued|opened)\b)"
LONG_FORM = re.compile(r"\b(?:" + "|".join(re.escape(w) + (_PARTICIPLE if w.endswith(" have") else "")
                                          for w in sorted(_SHORT, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def shorten_forms(text: str) -> str:
    """Contractions where the long form is written: "I have refunded" -> "I've refunded", "do not" -> "don't"."""
    return LONG_FORM.sub(lambda m: match_case(m.group(), _SHORT[m.group().lower()]), text)

# "More formal", English: (pattern, replacement), applied in order after the contractions are written out.
FORMAL_EN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\s*)(?:hi|hey|hiya)\b", re.IGNORECASE), r"\1Hello"),
    (re.compile(r"\bno (?:problem(?: at all)?|worries)\b", re.IGNORECASE), "certainly"),
    (re.compile(r"\bjust to let you know(?: that)?,?\s*", re.IGNORECASE), ""),
    (re.compile(r"(^|[.!?]\s+)hope (this|that) helps", re.IGNORECASE), r"\1I hope \2 helps"),
    (re.compile(r"\b(?:yeah|yep)\b", re.IGNORECASE), "yes"),
    (re.compile(r"\b(yes|no)\b(?=\s+(?:you|we|I|it)\b)", re.IGNORECASE), r"\1,"),
    (re.compile(r"\bsorry about (?:that|this)\b", re.IGNORECASE), "please accept my apologies"),
    (re.compile(r"\breally sorry\b", re.IGNORECASE), "very sorry"),
    (re.compile(r"\bshall I go ahead\?", re.IGNORECASE), "would you like me to proceed?"),
    (re.compile(r"\blet me know\b", re.IGNORECASE), "please let me know"),
    (re.compile(r"\bplease please\b", re.IGNORECASE), "please"),
    (re.compile(r"\b(you|we) will get\b", re.IGNORECASE), r"\1 will receive"),
    (re.compile(r"\bjust (?=use|reply|send|click|try|go|pop)", re.IGNORECASE), "please "),
    (re.compile(r"\ba bit\b", re.IGNORECASE), "slightly"),
    (re.compile(r"\basap\b", re.IGNORECASE), "as soon as possible"),
    (re.compile(r"\bthanks\b", re.IGNORECASE), "thank you"),
    (re.compile(r"!+"), "."),
]
# "More formal" in other languages: the greeting and the closing words, where the register lives.
FORMAL_OTHER: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "de": [(re.compile(r"^(\s*)(?:hallo|hi|hey)\b", re.IGNORECASE), r"\1Guten Tag"),
           (re.compile(r"\b(?:viele|liebe|beste) grüße\b|\blg\b", re.IGNORECASE), "Mit freundlichen Grüßen"),
           (re.compile(r"!+"), ".")],
    "es": [(re.compile(r"^(\s*)(?:hola|hi)\b", re.IGNORECASE), r"\1Buenos días"),
           (re.compile(r"\b(?:un )?saludos?\b|\bun abrazo\b", re.IGNORECASE), "Atentamente"),
           (re.compile(r"!+"), ".")],
    "fr": [(re.compile(r"^(\s*)(?:salut|coucou|hi)\b", re.IGNORECASE), r"\1Bonjour"),
           (re.compile(r"\b(?:bonne journée|à bientôt|merci)(?=,?\s*\S+\s*$)", re.IGNORECASE), "Cordialement"),
           (re.compile(r"!+"), ".")],
}
FORMAL_CLOSING = {"en": "Kind regards,", "de": "Mit freundlichen Grüßen,", "es": "Atentamente,",
                  "fr": "Cordialement,"}
# A closing that is only a sign-off word: the formal one takes its place.
_PLAIN_CLOSING = re.compile(r"^(?:best|thanks|thank you|cheers|regards|best wishes|many thanks|thanks again|"
                            r"all the best|kind regards|take care),?$", re.IGNORECASE)

# "Friendlier" and "expand": a warm opener after the greeting and an offer of help before the sign-off.
WARM = {
    "en": ("Thanks so much for reaching out, I'm happy to help.",
           "If anything else comes up, just reply here and I'll gladly help."),
    "es": ("Muchas gracias por escribirnos, encantado de ayudarte.",
           "Si necesitas cualquier otra cosa, responde aquí y te ayudo con gusto."),
    "fr": ("Merci beaucoup pour votre message, je suis ravi de vous aider.",
           "Si vous avez besoin d'autre chose, répondez simplement ici et je vous aiderai avec plaisir."),
    "de": ("Vielen Dank für Ihre Nachricht, ich helfe Ihnen gern.",
           "Wenn Sie noch etwas brauchen, antworten Sie einfach hier, und ich helfe Ihnen gern weiter."),
}
FRIENDLY_EN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\s*)(?:hello|dear)\b", re.IGNORECASE), r"\1Hi"),
    (re.compile(r"\bkind regards\b|\bbest regards\b|\byours sincerely\b", re.IGNORECASE), "Thanks"),
]

GREETING = re.compile(r"^\s*(?:hi|hello|hey|dear|hola|bonjour|hallo|guten tag|buenos días)\b[^,!.\n]{0,40}[,!]?\s*",
                      re.IGNORECASE)
# The agent's name at the very end, after a full stop, comma or line break: "... go ahead? Sam", "Best, Priya".
_NAME = re.compile(rf"(?<=[,.!?\n])\s*({_CAP}[\w'’-]*(?:\s+{_CAP}[\w'’-]*)?)\s*$")
_CLOSING_WORDS = 8
FILLER_WORDS = 10  # a longer sentence with a filler phrase in it also asks or says something ("try again and...")


def is_filler(sentence: str) -> bool:
    """A sentence that says nothing of its own: a filler phrase, no value, and short."""
    return (bool(FILLER.search(sentence)) and not find_values(sentence)
            and len(WORD.findall(sentence)) <= FILLER_WORDS)


@dataclass
class Parts:
    """A reply in its parts, with the line breaks between them, so a rewrite of a reply written in lines
    ("Hi Dana,\n...\nSam") keeps its lines."""

    greeting: str  # "Hi Tom," ("" without one)
    body: list[str]  # the sentences between
    closing: str  # "Thanks for your patience," / "Best," before the name ("" without one)
    name: str  # "Sam" ("" when the text does not end with one)
    head: str = " "  # what follows the greeting: " " or a line break
    seps: list[str] = field(default_factory=list)  # what follows each body sentence
    sign: str = " "  # between the closing phrase and the name

    def __post_init__(self) -> None:
        self.seps = (self.seps + [" "] * len(self.body))[:len(self.body)]

    def keep(self, wanted: Callable[[str], bool]) -> None:
        """Drop the body sentences `wanted` says no to; a dropped sentence's line break passes to the one before."""
        body, seps = [], []
        for sentence, sep in zip(self.body, self.seps, strict=True):
            if wanted(sentence):
                body.append(sentence)
                seps.append(sep)
            elif seps and "\n" in sep:
                seps[-1] = sep
        self.body, self.seps = body, seps

    def map(self, change: Callable[[str], str]) -> None:
        self.body = [change(sentence) for sentence in self.body]

    def insert(self, index: int, sentence: str) -> None:
        """A new sentence at `index` (len(body): after the last one, taking over its break before the sign-off)."""
        if index >= len(self.body) and self.seps:
            self.seps.append(self.seps[-1])
            self.seps[-2] = " " if "\n" not in self.seps[-2] else self.seps[-2]
        else:
            self.seps.insert(index, " ")
        self.body.insert(index, sentence)

    def join(self) -> str:
        pieces = [(self.greeting, self.head), *zip(self.body, self.seps, strict=True), (self.closing, self.sign),
                  (self.name, "")]
        out = "".join(text.strip() + ("\n" * sep.count("\n") if "\n" in sep else " ")
                      for text, sep in pieces if text.strip())
        return re.sub(r"[ \t]+([,.!?;:])", r"\1", out).strip()


def join(parts: list[str]) -> str:
    return re.sub(r"\s+([,.!?;:])", r"\1", " ".join(p.strip() for p in parts if p.strip())).strip()


def _gap(text: str, at: int) -> str:
    """The whitespace in `text` from `at` on."""
    rest = text[at:]
    return rest[:len(rest) - len(rest.lstrip())]


def split(text: str) -> Parts:
    """The reply's greeting, body sentences, closing phrase and name, and the breaks between them."""
    text = text.strip()
    name, closing, sign, tail = "", "", " ", ""
    m = _NAME.search(text)
    if m and not find_values(m.group(1)) and len(m.group(1)) < len(text):
        name, tail, text = m.group(1), text[m.start():m.start(1)], text[:m.start()].rstrip()
        if text.endswith(","):  # "..., Thanks for your patience," / "Best,": the closing phrase before the name
            start = max(text.rfind(c, 0, len(text) - 1) for c in ".!?\n") + 1
            phrase = text[start:].strip()
            if len(WORD.findall(phrase)) <= _CLOSING_WORDS and not find_values(phrase) and start > 0:
                before = text[:start]  # the break before the closing: what ends `before` and opens the phrase
                closing, sign, tail = phrase, tail or " ", before[len(before.rstrip()):] + _gap(text, start)
                text = text[:start].rstrip()
    g = GREETING.match(text)
    greeting = text[:g.end()].strip() if g else ""
    head = _gap(text, len(text[:g.end()].rstrip())) if g else " "
    rest = text[g.end():] if g else text
    spans = sentence_spans(rest)
    body = [rest[s:e].strip() for s, e in spans]
    seps = [rest[e:spans[i + 1][0]] if i + 1 < len(spans) else tail or " " for i, (_s, e) in enumerate(spans)]
    return Parts(greeting, body, closing, name, head or " ", seps, sign)


def plain_closing(closing: str) -> bool:
    return bool(_PLAIN_CLOSING.match(closing.strip()))


def match_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


# Words that already offer more help: "friendlier" adds no second offer.
OFFER = re.compile(r"let me know|anything else|reply here|get in touch|feel free|hesitate|happy to help|"
                   r"otra cosa|algo más|autre chose|noch etwas", re.IGNORECASE)


def after_greeting(greeting: str, sentence: str, language: str = "en") -> str:
    """A sentence that goes on after "Hi Tom," starts in lower case when its first word is one that is not
    capitalised mid-sentence in that language ("the", "votre"; never German "Ihre" or a name)."""
    first = WORD.findall(sentence[:30])
    starts = _LOWER_STARTS.get(language.split("-")[0] if language else "en", frozenset())
    if greeting.endswith(",") and first and first[0].lower() in starts and not re.match(r"I\b|I'", sentence):
        return sentence[:1].lower() + sentence[1:]
    return sentence


def capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


# Per language, sentence-initial words written in lower case after "Hi Tom," (English "I" never).
_STARTS = {"en": "the your our we you it this that there a an yes no thanks thank sorry order refunds refund please "
                 "if when as so and but",
           "fr": "votre vos nous je il elle le la les un une merci oui non si",
           "es": "su sus tu tus el la los las gracias sí no puedes nosotros hemos he",
           "de": "ich wir es das die der dies vielen danke ja nein"}
_LOWER_STARTS = {language: frozenset(listed.split()) for language, listed in _STARTS.items()}
