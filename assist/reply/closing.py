"""A customer's last word that closes the chat ("it arrived! thanks again Mei", "Parfait, merci beaucoup !"):
the reply is a short warm close, not a help-centre answer to the chat's first question.

Closing means thanks or an all-clear, short, with no question and no request in it; "thanks, but it still
doesn't work" or "thanks. and when is the refund?" are not. A close while the customer waits for us ("Thank
you, I'll wait for your confirmation") is answered with a promise to follow up, not "glad it's sorted".
"""

from __future__ import annotations

import re

DONE, WAITING = "closing", "closing_waiting"  # the frame phrases (reply/frame_phrases.py) of each kind
MAX_WORDS = 25  # a longer last turn says more than thanks

_THANKS = re.compile(
    r"\b(?:thanks?|thank you|thx|ty|appreciate(?:d)?|cheers|perfect|great|awesome|brilliant|all sorted|"
    r"sorted|it worked|works now|got (?:it|them)|received|arrived|(?:it|they) (?:finally )?came|found it|"
    r"fair enough|gracias|perfecto|genial|"
    r"ha llegado|ya (?:me )?apareci[óo]|merci|parfait|super|génial|danke|vielen dank|perfekt|alles klar)\b",
    re.IGNORECASE)
# What keeps the chat open: a question or a request, or a problem still there.
_OPEN = re.compile(
    r"\?|n't\b|\b(?:but|still|not|never|nothing|no|can you|could you|please|how|when|where|why|what|also|another|"
    r"problem|issue|wrong|broken|pero|todavía|aún|mais|toujours|encore|aber|noch|nicht|immer noch|"
    # a complaint about how it came: "it arrived 3 days late", "llegó roto"
    r"late|damaged|cracked|smashed|missing|delayed|lost|defective|faulty|refund|useless|terrible|awful|"
    r"disappoint\w*|tarde|roto|rota|dañad[oa]|retard|cassée?|abîmée?|endommagée?|spät|verspätet|kaputt|"
    r"beschädigt)\b", re.IGNORECASE)
_WAITING = re.compile(
    r"\b(?:i'll wait|i will wait|waiting|heads up|your (?:update|confirmation)|hear (?:back|from you)|"
    r"espero|esperaré|j'attends|attendrai|warte)\b", re.IGNORECASE)

_ACCEPTED = re.compile(r"\bbut (?:ok(?:ay)?|fine|that's (?:fine|ok)|i understand|understood|no worries)\b|"
                       r"\boh no\b|\bno (?:worries|problem)\b", re.IGNORECASE)
# A close that says it took too long ("it arrived today. took long enough", "ok, thanks I guess"): the
# sentiment model reads it as neutral, but it wants an apology, not "glad that's sorted".
_GRUDGING = re.compile(r"\btook (?:long enough|forever|ages)\b|\babout time\b|\bfinally\b|\bat last\b|"
                       r"\bi guess\b|\bpor fin\b|\benfin\b|\bendlich\b", re.IGNORECASE)


def grudging(latest_turn: str) -> bool:
    return bool(_GRUDGING.search(latest_turn))


def closing_kind(latest_turn: str) -> str:
    """DONE or WAITING when the customer's latest turn only closes the chat, else ""."""
    text = latest_turn.strip()
    if not text or len(text.split()) > MAX_WORDS or not _THANKS.search(text):
        return ""
    # "Thank you, I'll wait." is a close: its waiting words are not a request; nor is "pity, but ok" or
    # "Oh no, my typo!" a problem still open.
    if _OPEN.search(_ACCEPTED.sub(" ", _WAITING.sub(" ", text))):
        return ""
    return WAITING if _WAITING.search(text) else DONE
