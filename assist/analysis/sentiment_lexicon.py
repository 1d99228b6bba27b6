"""The sentiment lexicon: word and phrase valences, emoticons, negators, intensifiers, frustration markers
and profanity. Data only; sentiment_features.py turns a message into features with it.

Valences are on VADER's -4..+4 scale, written for customer-support text. Tweets rarely say "third time" or
"on hold", so the model could never learn those from its training data; routing them through the lexicon
lets them borrow the weight the model learns for the lexicon as a whole.
"""

from __future__ import annotations

import re

WORDS: dict[str, float] = {
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
PHRASES: dict[tuple[str, ...], float] = {
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
MAX_PHRASE = max(len(p) for p in PHRASES)

EMOTICONS: dict[str, float] = {
    ":)": 2.0, ":-)": 2.0, ":d": 2.4, ":-d": 2.4, ";)": 1.6, ";-)": 1.6, "=)": 2.0, ":p": 1.4,
    "xd": 2.0, "<3": 2.8, ":(": -2.2, ":-(": -2.2, ":'(": -2.4, ":/": -1.4, ":-/": -1.4, ":|": -0.8,
    "=(": -2.2, ":@": -2.6, "😀": 2.4, "😃": 2.4, "😄": 2.4, "😁": 2.4, "😊": 2.4, "🙂": 1.6, "😍": 3.0,
    "❤": 2.8, "❤️": 2.8, "👍": 2.0, "🙏": 1.4, "🎉": 2.6, "😂": 1.4, "🤣": 1.4, "😘": 2.4, "💯": 1.8,
    "😡": -3.0, "😠": -2.8, "🤬": -3.2, "😤": -2.2, "😢": -2.4, "😭": -2.2, "😞": -2.2, "😒": -2.0,
    "🙄": -1.8, "👎": -2.2, "💩": -2.2, "😩": -2.0, "😫": -2.0,
}

NEGATORS = frozenset({
    "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "cannot", "without", "dont",
    "cant", "wont", "isnt", "arent", "wasnt", "werent", "didnt", "doesnt", "couldnt", "shouldnt",
    "wouldnt", "havent", "hasnt", "hadnt", "aint",
})
INTENSIFIERS = frozenset({
    "so", "very", "really", "extremely", "totally", "absolutely", "too", "super", "incredibly",
    "completely", "utterly", "seriously", "truly", "most", "such",
})
CLAUSE_BREAKS = frozenset({".", ",", "!", "?", ";", ":", "but"})
NEGATION_SCOPE = 3  # words; VADER looks back three words too

# Frustration markers that are phrases; each maps a token sequence to the marker it raises.
MARKER_PHRASES: dict[tuple[str, ...], str] = {
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
PROFANITY = re.compile(
    r"\b(?:(?:mother)?fuck\w*|f\*+ck\w*|(?:bull)?shit\w*|sh\*t\w*|bitch\w*|bastards?|assholes?|ass|asses"
    r"|dickheads?|cunts?|twats?|pissed|piss|crap|crappy|(?:god)?damn\w*|wtf|stfu|ffs)\b",
    re.IGNORECASE,
)
