"""Per-message customer sentiment: who is about to lose patience.

A small multinomial logistic regression over word unigrams/bigrams (with negation scope) plus a few dense
features: a hand lexicon with support-desk phrases ("still waiting", "third time"), negation, "but"
clauses, intensifiers and emphasis (capitals, "!!!", elongation), and profanity. The weights are trained
by tools/train_sentiment.py on TweetEval and shipped as sentiment_weights.json next to this module; the
featurizer below is shared by training and inference, so the two cannot drift apart.

Pure Python (no numpy at run time): a message costs a regex pass and a few hundred dict lookups, far
under a millisecond, so it can run on every incoming message.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assist.domain.conversation import Conversation

LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
WEIGHTS_PATH = Path(__file__).with_name("sentiment_weights.json")


@dataclass(frozen=True)
class Sentiment:
    score: float  # -1 (very negative) .. +1 (very positive): P(positive) - P(negative)
    label: str  # "negative" | "neutral" | "positive"
    markers: tuple[str, ...]  # frustration markers found, e.g. "capitals", "repeated_punctuation"


@dataclass(frozen=True)
class Journey:
    start: float
    lowest: float
    end: float
    per_message: list[dict[str, Any]] = field(default_factory=list)


# --- lexicon -----------------------------------------------------------------------------------------
# Valences on VADER's -4..+4 scale, written for customer-support text. Tweets rarely say "third time" or
# "on hold", so the model could never learn those from its training data; routing them through the
# lexicon lets them borrow the weight the model learns for the lexicon as a whole.

_WORDS: dict[str, float] = {
    # negative
    "awful": -3.0, "terrible": -3.0, "horrible": -3.0, "worst": -3.2, "hate": -2.8, "hated": -2.6,
    "hates": -2.6, "disgusting": -3.0, "pathetic": -2.8, "useless": -2.6, "ridiculous": -2.4,
    "unacceptable": -2.8, "incompetent": -2.8, "scam": -2.8, "fraud": -2.8, "rip": -1.0, "ripoff": -2.8,
    "broken": -2.0, "broke": -1.6, "fail": -2.0, "failed": -2.0, "fails": -2.0, "failure": -2.2,
    "bad": -2.3, "worse": -2.4, "poor": -2.0, "poorly": -2.0, "sucks": -2.6, "suck": -2.4, "sucked": -2.4,
    "annoying": -2.2, "annoyed": -2.2, "angry": -2.6, "mad": -2.0, "furious": -3.0, "livid": -3.0,
    "frustrated": -2.4, "frustrating": -2.4, "frustration": -2.2, "disappointed": -2.4,
    "disappointing": -2.4, "disappointment": -2.4, "upset": -2.2, "sad": -2.1, "unhappy": -2.2,
    "sick": -1.8, "tired": -1.4, "fed": -0.5, "sorry": -0.8, "sucky": -2.4, "crap": -2.4, "crappy": -2.6,
    "garbage": -2.6, "trash": -2.2, "joke": -0.8, "lie": -2.0, "lied": -2.2, "lies": -2.0, "liar": -2.8,
    "liars": -2.8, "wrong": -1.8, "error": -1.6, "errors": -1.6, "problem": -1.6, "problems": -1.6,
    "issue": -1.0, "issues": -1.2, "bug": -1.2, "bugs": -1.2, "crash": -2.0, "crashes": -2.0,
    "crashed": -2.0, "crashing": -2.0, "slow": -1.4, "delay": -1.4, "delayed": -1.6, "late": -1.2,
    "missing": -1.4, "lost": -1.6, "damaged": -2.0, "refund": -1.2, "cancel": -1.2, "cancelled": -1.4,
    "canceled": -1.4, "complaint": -1.8, "complain": -1.6, "rude": -2.6, "ignored": -2.2, "ignoring": -2.2,
    "waiting": -0.8, "waited": -1.2, "hours": -0.3, "never": -0.8, "nobody": -0.8, "nothing": -0.6,
    "stupid": -2.4, "idiot": -2.8, "idiots": -2.8, "dumb": -2.2, "ugh": -2.0, "wtf": -2.6, "smh": -1.8,
    "fuck": -2.8, "fucking": -2.4, "shit": -2.6, "shitty": -2.8, "damn": -1.6, "bullshit": -2.8,
    "hell": -1.4, "pissed": -2.8, "bitch": -2.6, "ass": -1.8, "fear": -2.0, "scared": -2.0,
    "afraid": -1.8, "worried": -1.6, "worry": -1.4, "cry": -1.8, "crying": -2.0, "died": -1.6,
    "dead": -1.8, "death": -2.2, "kill": -2.4, "killed": -2.6, "killing": -2.4, "war": -2.4,
    "attack": -2.2, "attacks": -2.2, "racist": -2.8, "evil": -2.8, "boring": -1.8, "bored": -1.6,
    "shame": -2.0, "shameful": -2.4, "embarrassing": -2.0, "miss": -1.0, "missed": -1.2, "hurt": -2.0,
    "pain": -2.0, "painful": -2.2, "nightmare": -2.6, "disaster": -2.8, "mess": -1.8, "messed": -2.0,
    "overcharged": -2.6, "charged": -0.8, "stuck": -1.6, "unable": -1.2, "impossible": -1.6,
    "worthless": -2.8, "sadly": -1.8, "unfortunately": -1.6, "unfortunate": -1.6, "hopeless": -2.4,
    "ruined": -2.6, "ruin": -2.2, "blame": -1.8, "threat": -2.0, "poorest": -2.4, "lousy": -2.4,
    "outrageous": -2.6, "outraged": -2.8, "insane": -1.4, "worrying": -1.8, "losing": -1.4,
    "lose": -1.4, "fault": -1.6, "weak": -1.4, "ban": -1.4, "hypocrite": -2.4, "corrupt": -2.6,
    "outage": -1.8, "unusable": -2.6, "glitch": -1.4, "unreliable": -2.2, "unprofessional": -2.6,
    "unresponsive": -2.0, "hassle": -1.8, "nonsense": -2.0, "excuse": -1.2, "excuses": -1.6,
    # positive
    "good": 1.9, "great": 3.1, "excellent": 3.2, "amazing": 3.0, "awesome": 3.1, "fantastic": 3.2,
    "wonderful": 3.1, "perfect": 3.0, "love": 3.2, "loved": 2.9, "loves": 2.7, "lovely": 2.8, "like": 0.6,
    "best": 3.2, "better": 1.9, "nice": 1.8, "happy": 2.7, "glad": 2.0, "pleased": 2.2, "thanks": 1.9,
    "thank": 1.9, "thx": 1.6, "ty": 1.2, "appreciate": 2.2, "appreciated": 2.2, "grateful": 2.4,
    "helpful": 2.2, "help": 0.6, "helped": 1.6, "fixed": 1.6, "resolved": 1.8, "solved": 1.8,
    "quick": 1.0, "quickly": 1.0, "fast": 1.0, "easy": 1.8, "smooth": 1.6, "brilliant": 3.0,
    "superb": 3.0, "outstanding": 3.0, "impressed": 2.4, "impressive": 2.4, "enjoy": 2.2, "enjoyed": 2.2,
    "fun": 2.3, "cool": 1.3, "beautiful": 2.9, "cute": 2.0, "excited": 2.2, "exciting": 2.2,
    "yay": 2.4, "wow": 2.0, "congrats": 2.4, "congratulations": 2.8, "win": 2.4, "won": 2.2,
    "winner": 2.6, "proud": 2.2, "lucky": 2.0, "hope": 1.6, "hopefully": 1.4, "fine": 0.8, "ok": 0.6,
    "okay": 0.6, "kind": 1.6, "friendly": 2.2, "polite": 1.6, "recommend": 1.6, "favorite": 2.0,
    "favourite": 2.0, "glorious": 2.8, "incredible": 2.8, "fabulous": 3.0, "delighted": 2.8,
    "satisfied": 2.0, "legend": 2.0, "hero": 2.4, "lol": 1.4, "haha": 1.6, "hahaha": 1.8, "smile": 2.0,
    "laugh": 2.0, "funny": 1.8, "ready": 1.0, "enjoying": 2.2, "celebrate": 2.4, "beautifully": 2.8,
    "blessed": 2.6, "sweet": 2.0, "cheers": 1.8, "welcome": 1.6, "pleasure": 2.4, "wins": 2.2,
    "exceptional": 3.0, "stellar": 2.8, "thrilled": 2.8, "loving": 2.8, "gorgeous": 3.0,
}

# Phrases are matched on the lower-cased token sequence and are not negated (they carry their own "not").
_PHRASES: dict[tuple[str, ...], float] = {
    ("still", "waiting"): -2.2, ("been", "waiting"): -1.8, ("still", "no"): -1.8,
    ("still", "not"): -1.8, ("still", "broken"): -2.4, ("still", "haven't"): -2.0,
    ("still", "havent"): -2.0, ("no", "response"): -2.0, ("no", "reply"): -2.0, ("no", "answer"): -1.8,
    ("on", "hold"): -1.4, ("third", "time"): -2.0, ("second", "time"): -1.2, ("fourth", "time"): -2.4,
    ("how", "many", "times"): -2.4, ("yet", "again"): -2.0, ("once", "again"): -1.2,
    ("every", "time"): -0.8, ("over", "and", "over"): -1.8, ("already", "told"): -1.8,
    ("not", "working"): -2.0, ("doesn't", "work"): -2.0, ("doesnt", "work"): -2.0,
    ("does", "not", "work"): -2.0, ("stopped", "working"): -2.2, ("never", "received"): -2.2,
    ("never", "arrived"): -2.2, ("waste", "of", "time"): -2.8, ("waste", "of", "money"): -2.8,
    ("fed", "up"): -2.6, ("sick", "of"): -2.4, ("tired", "of"): -2.2, ("had", "enough"): -2.4,
    ("speak", "to", "a", "manager"): -2.0, ("want", "a", "refund"): -1.8, ("cancel", "my"): -1.6,
    ("customer", "service"): -0.4, ("fix", "this"): -1.2, ("what", "the", "hell"): -2.4,
    ("thank", "you"): 2.2, ("thanks", "so", "much"): 2.6, ("thank", "you", "so", "much"): 2.8,
    ("thanks", "a", "lot"): 1.8, ("much", "appreciated"): 2.4, ("you", "guys", "rock"): 3.0,
    ("you're", "the", "best"): 3.0, ("works", "now"): 2.0, ("working", "now"): 2.0,
    ("problem", "solved"): 2.4, ("all", "good"): 2.0, ("no", "problem"): 1.2, ("no", "worries"): 1.6,
    ("can't", "wait"): 2.2, ("cant", "wait"): 2.2, ("looking", "forward"): 2.0,
}
_MAX_PHRASE = max(len(p) for p in _PHRASES)

_EMOTICONS: dict[str, float] = {
    ":)": 2.0, ":-)": 2.0, ":d": 2.4, ":-d": 2.4, ";)": 1.6, ";-)": 1.6, "=)": 2.0, ":p": 1.4,
    "xd": 2.0, "<3": 2.8, ":(": -2.2, ":-(": -2.2, ":'(": -2.4, ":/": -1.4, ":-/": -1.4, ":|": -0.8,
    "=(": -2.2, ":@": -2.6, "😀": 2.4, "😃": 2.4, "😄": 2.4, "😁": 2.4, "😊": 2.4, "🙂": 1.6, "😍": 3.0,
    "❤": 2.8, "❤️": 2.8, "👍": 2.0, "🙏": 1.4, "🎉": 2.6, "😂": 1.4, "🤣": 1.4, "😘": 2.4, "💯": 1.8,
    "😡": -3.0, "😠": -2.8, "🤬": -3.2, "😤": -2.2, "😢": -2.4, "😭": -2.2, "😞": -2.2, "😒": -2.0,
    "🙄": -1.8, "👎": -2.2, "💩": -2.2, "😩": -2.0, "😫": -2.0,
}

_NEGATORS = frozenset({
    "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "cannot", "without", "dont",
    "cant", "wont", "isnt", "arent", "wasnt", "werent", "didnt", "doesnt", "couldnt", "shouldnt",
    "wouldnt", "havent", "hasnt", "hadnt", "aint",
})
_INTENSIFIERS = frozenset({
    "so", "very", "really", "extremely", "totally", "absolutely", "too", "super", "incredibly",
    "completely", "utterly", "seriously", "truly", "most", "such",
})
_CLAUSE_BREAKS = frozenset({".", ",", "!", "?", ";", ":", "but"})
_NEGATION_SCOPE = 3  # words; VADER looks back three words too

# Frustration markers that are phrases; each maps a token sequence to the marker it raises.
_MARKER_PHRASES: dict[tuple[str, ...], str] = {
    **{p: "waiting" for p in [("still", "waiting"), ("been", "waiting"), ("on", "hold"), ("no", "response"),
                             ("no", "reply"), ("still", "no"), ("still", "haven't"), ("still", "havent"),
                             ("never", "received"), ("never", "arrived"), ("haven't", "heard")]},
    **{p: "repeat_contact" for p in [("third", "time"), ("second", "time"), ("fourth", "time"),
                                    ("how", "many", "times"), ("yet", "again"), ("once", "again"),
                                    ("already", "told"), ("over", "and", "over"), ("keep", "asking"),
                                    ("asked", "again"), ("again", "and", "again")]},
    **{p: "escalation" for p in [("manager",), ("supervisor",), ("lawyer",), ("chargeback",),
                                ("cancel", "my"), ("want", "a", "refund"), ("file", "a", "complaint"),
                                ("report", "you"), ("switching", "to"), ("bbb",), ("attorney",)]},
}

# Profanity: stems matched as whole words (with endings), so "assess" and "Scunthorpe" stay clean. Bare
# "dick" is left out: it is a name far more often than an insult in customer mail.
_PROFANITY = re.compile(
    r"\b(?:(?:mother)?fuck\w*|f\*+ck\w*|(?:bull)?shit\w*|sh\*t\w*|bitch\w*|bastards?|assholes?|ass|asses"
    r"|dickheads?|cunts?|twats?|pissed|piss|crap|crappy|(?:god)?damn\w*|wtf|stfu|ffs)\b",
    re.IGNORECASE,
)

# --- tokenizing ----------------------------------------------------------------------------------------

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+")
_EMOTICON = r"(?:[:;=][-']?[)(dDpP/|@]|[xX][dD]\b|<3)"
_TOKEN = re.compile(_EMOTICON + r"|\w+(?:['’]\w+)*|[!?.,;:]|[^\w\s\x00-\x7f]\ufe0f?")
_ELONGATED = re.compile(r"(\w)\1{2,}")
_REPEATED_PUNCT = re.compile(r"[!?]{2,}")


@dataclass(frozen=True)
class _Token:
    raw: str  # as written, for capitals
    norm: str  # lower-cased, elongation collapsed ("sooo" -> "soo"), numbers as "<num>"


def _tokenize(text: str) -> list[_Token]:
    text = _USER.sub(" @user ", _URL.sub(" http ", text))
    tokens = []
    for raw in _TOKEN.findall(text):
        norm = raw.lower().replace("’", "'")
        norm = "<num>" if norm.isdigit() else _ELONGATED.sub(r"\1\1", norm)
        tokens.append(_Token(raw, norm))
    return tokens


def _is_negator(word: str) -> bool:
    return word in _NEGATORS or word.endswith("n't")


def _negated(tokens: Sequence[_Token]) -> list[bool]:
    """Which tokens sit in a negation's scope: up to three words after it, stopped by punctuation/"but"."""
    flags, left = [], 0
    for tok in tokens:
        if tok.norm in _CLAUSE_BREAKS:
            left = 0
            flags.append(False)
        elif _is_negator(tok.norm):
            left = _NEGATION_SCOPE
            flags.append(False)
        else:
            flags.append(left > 0)
            left = max(left - 1, 0)
    return flags


def _is_shouted(raw: str) -> bool:
    letters = [c for c in raw if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _shouting(tokens: Sequence[_Token]) -> bool:
    """Capitals as a frustration marker: three shouted words ("STILL ... THIRD TIME"), or a third of the
    message in capitals. One or two, in a longer message, are more likely acronyms (UPS, USA)."""
    words = [t for t in tokens if t.raw[0].isalpha()]
    shouted = sum(_is_shouted(t.raw) for t in words)
    return shouted >= 3 or (shouted >= 1 and shouted * 3 >= len(words))


# --- lexicon scoring ---------------------------------------------------------------------------------


def _phrase_hits(norms: Sequence[str], table: dict[tuple[str, ...], Any]) -> list[tuple[int, Any]]:
    """(start index, value) of every phrase of `table` found in the token sequence."""
    hits = []
    for i in range(len(norms)):
        for n in range(1, _MAX_PHRASE + 1):
            key = tuple(norms[i:i + n])
            if len(key) == n and key in table:
                hits.append((i, table[key]))
    return hits


def _lexicon(tokens: Sequence[_Token], negated: Sequence[bool], shouting: bool) -> tuple[float, float]:
    """(positive, negative) valence sums, VADER-style: negation flips, "but" shifts weight to what follows,
    intensifiers and capitals amplify."""
    norms = [t.norm for t in tokens]
    but = norms.index("but") if "but" in norms else -1
    pos = neg = 0.0
    for i, tok in enumerate(tokens):
        v = _WORDS.get(tok.norm) or _EMOTICONS.get(tok.norm) or 0.0
        if not v:
            continue
        if negated[i]:
            v *= -0.74  # "not good" is mildly bad, not as bad as "bad"
        if i > 0 and norms[i - 1] in _INTENSIFIERS:
            v *= 1.3
        if not shouting and _is_shouted(tok.raw):
            v *= 1.3  # one word in capitals is emphasis; a shouted message is handled as a whole
        if but >= 0:
            v *= 1.5 if i > but else 0.5
        pos, neg = (pos + v, neg) if v > 0 else (pos, neg - v)
    for _, v in _phrase_hits(norms, _PHRASES):
        pos, neg = (pos + v, neg) if v > 0 else (pos, neg - v)
    return pos, neg


def _squash(x: float, cap: float) -> float:
    """Scale a count or sum into 0..1 with diminishing returns, so no dense feature dominates."""
    return math.log1p(max(x, 0.0)) / math.log1p(cap)


# --- features ------------------------------------------------------------------------------------------


def _markers(text: str, tokens: Sequence[_Token], shouting: bool) -> tuple[str, ...]:
    found = []
    if shouting:
        found.append("capitals")
    if _REPEATED_PUNCT.search(text):
        found.append("repeated_punctuation")
    if _PROFANITY.search(text):
        found.append("profanity")
    for _, marker in _phrase_hits([t.norm for t in tokens], _MARKER_PHRASES):
        if marker not in found:
            found.append(marker)
    return tuple(found)


def features(text: str) -> tuple[dict[str, float], tuple[str, ...]]:
    """The model's input for one message (feature -> value) and the frustration markers found.

    Shared with tools/train_sentiment.py. Word features are binary; "n:" marks a word in a negation's
    scope, so "not good" does not count as "good".
    """
    tokens = _tokenize(text)
    negated = _negated(tokens)
    shouting = _shouting(tokens)
    feats: dict[str, float] = {}
    norms = [t.norm for t in tokens]
    for i, word in enumerate(norms):
        feats[("n:" if negated[i] else "w:") + word] = 1.0
        if i:
            feats["b:" + norms[i - 1] + " " + word] = 1.0
    markers = _markers(text, tokens, shouting)
    _add_dense(feats, text, tokens, negated, shouting, markers)
    return feats, markers


def _add_dense(feats: dict[str, float], text: str, tokens: Sequence[_Token], negated: Sequence[bool],
               shouting: bool, markers: tuple[str, ...]) -> None:
    pos, neg = _lexicon(tokens, negated, shouting)
    feats["d:lex_pos"] = _squash(pos, 10.0)
    feats["d:lex_neg"] = _squash(neg, 10.0)
    # Emphasis amplifies whichever way the message already leans ("GREAT!!!" vs "USELESS!!!"), so it
    # is split by the lexicon's lean rather than given one sign.
    emphasis = _squash(text.count("!") + 2 * shouting + 2 * ("repeated_punctuation" in markers), 6.0)
    lean = "pos" if pos > neg else "neg" if neg > pos else "none"
    feats["d:emph_" + lean] = emphasis
    feats["d:question"] = _squash(text.count("?"), 4.0)
    feats["d:profanity"] = float("profanity" in markers)
    feats["d:frustration"] = _squash(sum(m in markers for m in ("waiting", "repeat_contact", "escalation")),
                                     3.0)
    feats["d:elongated"] = float(any(_ELONGATED.search(t.raw) for t in tokens if t.raw[0].isalpha()))


# --- model ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _weights() -> tuple[dict[str, list[float]], list[float]]:
    """Feature -> per-class weights and the per-class bias, read once from the shipped JSON."""
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    if list(data["classes"]) != list(LABELS):
        raise ValueError(f"{WEIGHTS_PATH.name}: classes {data['classes']} != {list(LABELS)}")
    return data["weights"], data["bias"]


def _probabilities(feats: dict[str, float]) -> list[float]:
    weights, bias = _weights()
    logits = list(bias)
    for name, value in feats.items():
        w = weights.get(name)
        if w is not None:
            for k in range(3):
                logits[k] += w[k] * value
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


def analyze(text: str) -> Sentiment:
    feats, markers = features(text)
    p = _probabilities(feats)
    label = LABELS[max(range(3), key=p.__getitem__)]
    return Sentiment(score=round(p[2] - p[0], 4), label=label, markers=markers)


def mask_profanity(text: str) -> str:
    """Keep the first letter, star the rest ("fucking" -> "f******"), so a screen-shared panel stays clean."""
    return _PROFANITY.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), text)


def journey(conversation: Conversation) -> Journey:
    """Sentiment over the customer's messages; index is the message's position in conversation.messages."""
    indexed = [(i, analyze(m.text)) for i, m in enumerate(conversation.messages) if m.role == "customer"]
    if not indexed:
        return Journey(start=0.0, lowest=0.0, end=0.0, per_message=[])
    per_message = [
        {"index": i, "score": s.score, "label": s.label, "markers": list(s.markers)} for i, s in indexed
    ]
    scores = [s.score for _, s in indexed]
    return Journey(start=scores[0], lowest=min(scores), end=scores[-1], per_message=per_message)


# --- evaluation ----------------------------------------------------------------------------------------


def _label_name(label: str) -> str:
    """Accept "negative"/"neutral"/"positive" or TweetEval's "0"/"1"/"2"."""
    label = label.strip().lower()
    return LABELS[int(label)] if label.isdigit() else label


def _f1(gold: Sequence[str], predicted: Sequence[str], cls: str) -> float:
    tp = sum(g == cls and p == cls for g, p in zip(gold, predicted, strict=True))
    n_pred = sum(p == cls for p in predicted)
    n_gold = sum(g == cls for g in gold)
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0


def evaluate(texts: list[str], labels: list[str]) -> dict[str, float]:
    """Accuracy, macro F1, negative-vs-rest F1 and milliseconds per message (analysis only)."""
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    gold = [_label_name(label) for label in labels]
    _weights()  # load before timing
    started = time.perf_counter()
    predicted = [analyze(t).label for t in texts]
    elapsed = time.perf_counter() - started
    n = len(texts)
    return {
        "accuracy": sum(g == p for g, p in zip(gold, predicted, strict=True)) / n if n else 0.0,
        "macro_f1": sum(_f1(gold, predicted, c) for c in LABELS) / 3,
        "negative_f1": _f1(gold, predicted, "negative"),
        "ms_per_message": 1000 * elapsed / n if n else 0.0,
        "n": n,
    }
