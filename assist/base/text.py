"""Text helpers shared by the core, one of each: words, stop words, sentences, phrase patterns, similarity,
token estimates, defusing chat-control tokens, greetings and the role labels of a prompt transcript.

Where two callers split text differently on purpose, both splitters live here under names that say how
they differ (WORD vs CONTRACTED_WORD vs LATIN_WORD; sentence_spans vs sentence_partition), so a newcomer
sees the choice instead of a second copy. Pure functions and constants; imports nothing from assist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

APOSTROPHE = "['’]"  # a regex class: the straight and the typographic apostrophe

# --- words -----------------------------------------------------------------------------------------------

# Runs of word characters: "don't" is two words. For bag-of-words comparisons (repeats, near-duplicates).
WORD = re.compile(r"\w+")
# Words with their contractions kept whole ("don't", "it’s"): for quoting checks, where a split would
# make six-word windows line up differently.
CONTRACTED_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Latin letters and digits with one straight-apostrophe suffix, on lower-cased text: the words of
# few-shot example matching (no underscores, no other scripts).
LATIN_WORD = re.compile(r"[a-zà-ÿ0-9]+(?:'[a-z]+)?")

# Words that say nothing about what a short customer turn is about (few-shot example matching).
# knowledge/importers.py keeps its own, longer list for help-centre search (3+ letter words only).
_STOP_WORDS = """a an the and or but if so to of in on at by for with from as is are was were be been am i
me my we our us you your it its this that these those there here have has had do does did not no can could
would should will just please hi hello hey thanks thank ok okay get got im i'm it's what when how why"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def word_set(text: str) -> frozenset[str]:
    """The distinct WORDs of `text`, lower-cased."""
    return frozenset(w.lower() for w in WORD.findall(text))


def content_words(text: str) -> list[str]:
    """LATIN_WORDs of `text` (lower-cased, typographic apostrophe straightened), stop words and
    one-letter words dropped, in order and with repeats (for BM25 term counts)."""
    return [w for w in LATIN_WORD.findall(text.lower().replace("’", "'")) if w not in STOP_WORDS and len(w) > 1]


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0.0 for two empty sets."""
    return len(a & b) / len(a | b) if a or b else 0.0


# --- sentences -------------------------------------------------------------------------------------------

# A sentence ends at . ! ? followed by a space or the end, or at a line break: the dots inside
# "northwind.example", "$64.99" or "grace.kim@example.com" do not end one.
# Nor does the dot of an abbreviation that goes on ("Can I pay in instalments, e.g. with Klarna?").
_NOT_AN_END = (r"(?<!\be\.g)(?<!\bi\.e)(?<!\bE\.g)(?<!\bz\.B)(?<!\bz\. B)(?<!\bz)(?<!\bp\.ej)(?<!\bp\. ej)(?<!\bp\.ex)"
               r"(?<!\bp\. ex)(?<!\bp)(?<!\bvs)(?<!\bbzw)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bapprox)")
_SENTENCE = re.compile(rf"\S[^\n]*?(?:{_NOT_AN_END}[.!?]+(?=\s|$)|$)", re.MULTILINE)
# The same ends, but closing quotes and brackets after the mark stay with the sentence ("…it." Then).
_SENTENCE_END = re.compile(rf"{_NOT_AN_END}[.!?]+[\"')\]]*(?=\s|$)|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, empty ones left out; a line break also ends one."""
    spans = []
    for m in _SENTENCE.finditer(text):
        raw = m.group(0)
        start = m.start() + (len(raw) - len(raw.lstrip()))
        end = m.end() - (len(raw) - len(raw.rstrip()))
        if end > start:
            spans.append((start, end))
    return spans


def sentence_partition(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence such that the spans cover `text` end to end (whitespace included,
    the last one possibly empty), so every position falls in exactly one sentence. Unlike sentence_spans,
    a closing quote or bracket after the mark ends the sentence too."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


# --- phrases ---------------------------------------------------------------------------------------------

def phrase_pattern(phrase: str) -> str:
    """A phrase as a regex: any whitespace run between words, either apostrophe, word edges kept
    (only where the phrase starts or ends with a letter or digit)."""
    # One pass: replacing ' and then ’ would rewrite the class the first replacement wrote.
    words = [re.sub(r"['’]", lambda _: APOSTROPHE, re.escape(w)) for w in phrase.split()]
    body = r"\s+".join(words)
    head = r"\b" if phrase[:1].isalnum() else ""
    tail = r"\b" if phrase[-1:].isalnum() else ""
    return head + body + tail


def words_regex(words: Iterable[str], inflect: bool = False) -> re.Pattern[str]:
    """Case-insensitive alternation of phrases, longest first; with inflect, 'refund' also matches
    refunded/refunding. Matches nothing for no phrases."""
    parts = []
    for word in sorted({w for w in words if w.strip()}, key=len, reverse=True):
        pattern = phrase_pattern(word)
        if inflect:
            # Drop a final e (reimburse -> reimbursing) or -ation (compensation -> compensated).
            stem = re.sub(r"(ation|e)$", "", word.strip())
            pattern = phrase_pattern(stem).removesuffix(r"\b") + r"\w*"
        parts.append(pattern)
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


# --- text headed for a model -------------------------------------------------------------------------------

CHARS_PER_TOKEN = 3.2  # conservative for English BPE; the engine re-checks the exact count
_CONTROL = re.compile(r"<\|[^|>]{0,40}\|>|<(start|end)_of_turn>|\[/?INST\]", re.IGNORECASE)


def estimate_tokens(text: str) -> int:
    return int(len(text) / CHARS_PER_TOKEN) + 1


def defuse(text: str) -> str:
    """Neutralise chat-template control tokens in untrusted text (they would be parsed as special)."""
    return _CONTROL.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)


# How a prompt transcript labels each role ("Customer Dana: «…»"); notes never enter a prompt.
ROLE_LABELS: dict[str, str] = {"customer": "Customer", "bot": "Bot (AI)", "agent": "Agent", "system": "Event"}
# Where a model that starts writing the next transcript line is stopped: each label at a line start. Kept
# exactly as the reply and rewrite stops have always been: "Agent " with its space (so "Agents" goes on),
# "Event:" with its colon, "Customer" and "Bot (AI)" bare.
TRANSCRIPT_LINE_STOPS: tuple[str, ...] = (
    f"\n{ROLE_LABELS['customer']}", f"\n{ROLE_LABELS['agent']} ", f"\n{ROLE_LABELS['bot']}",
    f"\n{ROLE_LABELS['system']}:",
)

# A reply's first words per language ("Hi Dana,"); {name} may be empty.
GREETINGS: dict[str, str] = {"en": "Hi {name},", "es": "Hola {name},", "fr": "Bonjour {name},",
                             "de": "Hallo {name},", "it": "Ciao {name},", "pt": "Olá {name},", "nl": "Hallo {name},"}


def only_greeting(text: str) -> bool:
    """True when `text` holds no reply beyond a greeting ("Hi Tyler," or empty): what a reply stopped before its
    first words leaves behind, which must never be inserted as if it were an answer."""
    body = text.strip()
    if not body:
        return True
    for template in GREETINGS.values():
        opener = template.split("{name}")[0].strip()
        if body.lower().startswith(opener.lower()) and "\n" not in body and len(body.split()) <= 4 \
                and body.endswith((",", "!", ".")) and body.count(",") + body.count("!") <= 1:
            return True
    return False
