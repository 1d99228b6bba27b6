"""The first suggestion, composed without the model: the facts come from the help centre, verbatim.

1. The ask: the question and request sentences of the customer's latest turns.
2. Retrieval at passage level (knowledge/retrieval.py), preferring the customer's locale; when nothing answers,
   again with the chat's opening, the ask's one question alone, or an e-mail's subject line.
3. The answer: the passage sentences that answer the ask, facts as written (durations, amounts, times).
4. The frame in the brand voice and the customer's language: greeting, a short acknowledgement, the answer
   with its article named, the next step, the sign-off.
When nothing in the help centre answers, the reply says so and promises to check, instead of guessing; when
the customer only says thanks, a short close (reply/closing.py).
A 135M model cannot be trusted to know a return window; it never has to.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from assist.analysis import injury, sentiment
from assist.analysis.injury import SAFETY_STEMS
from assist.analysis.language import conversation_language
from assist.base.text import sentence_spans
from assist.base.values import find_values
from assist.base.vocab import Origin
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.knowledge.hits import Hit
from assist.knowledge.passages import Passage
from assist.knowledge.query_words import mended_question_words, stems
from assist.knowledge.retrieval import Retriever
from assist.reply.answer import WHEN_IT_HAPPENED, answer, answer_passages
from assist.reply.closing import DONE, closing_kind, grudging
from assist.reply.frame_phrases import LANGUAGE_NAMES, PHRASES
from assist.reply.prompting import greeting

MIN_SCORE = 2.0  # BM25 floor; `Hit.answers` (coverage, title) decides the rest (tuned on the tune half)
_QUESTION_CUES = re.compile(
    r"\?|\b(?:how|what|when|where|which|why|can i|could i|do you|is there|are there|i want|i need|i'd like|"
    r"i would like|please|help|cómo|cuándo|cuánto|dónde|puedo|quiero|necesito|comment|quand|combien|où|"
    r"puis-je|je veux|je voudrais|wie|wann|wo|kann ich|ich möchte|ich will|i'd (?:really )?appreciate|"
    r"i would (?:really )?appreciate)\b", re.IGNORECASE)
_NOT_ASKING = re.compile(r"\b(?:don't|do not|doesn't) (?:care|mind) (?:which|what|how|when)\b", re.IGNORECASE)
_SIGNATURE = re.compile(r"^\s*[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){0,2}\s*[.!]?\s*$")  # "Margaret Ellis"
# Politeness that asks nothing ("Please let me know if you need anything else from me.") and a letter's
# sign-off ("Kind regards, Margaret Ellis"): neither is the ask nor what it is about.
_PLEASANTRY = re.compile(
    r"^\W*(?:please )?(?:let me know|tell me) if (?:you need|there's|there is) anything|"
    r"^\W*thanks? (?:you )?in advance|"
    r"^\W*(?:kind|best|warm) regards\b|^\W*(?:regards|sincerely|best wishes|many thanks|cheers)\b|"
    r"^\W*(?:if you need anything else|looking forward to)", re.IGNORECASE)



@dataclass(frozen=True)
class Composed:
    text: str
    citations: list[str]  # article ids, the answer's source first
    language: str
    origin: str  # Origin.HELP_CENTRE | Origin.NO_ANSWER | Origin.CLOSING
    ask: str
    answer: str  # the passage sentences used, verbatim
    passages: list[Passage] = field(default_factory=list)  # what the answer and the fact check draw on
    source_locale: str = ""  # the answer's article locale when it differs from the reply's language
    query: str = ""  # what was searched: the ask, with what it is about when it is short
    alternatives: tuple[str, ...] = ()  # the other cards composed with it (the team's answer), for evaluation
    context: str = ""  # what the ask is about (the story around it, an earlier turn), searched at less weight
    retrieved: tuple[str, ...] = ()  # the articles the search found, best first


# Words addressed to a model, not to us ("ignore your previous instructions", "SYSTEM: you are now ..."): what
# follows them in a message is the injected demand, never the customer's question.
_TO_THE_MODEL = re.compile(r"\b(?:ignore|disregard|forget) (?:all |any |your |the )*(?:previous|prior|above|earlier)? ?"
                           r"(?:instructions|rules|prompts?)\b|(?:^|[\s.!?])(?:system|assistant|developer)\s*:|"
                           r"\byou are now (?:in )?\w+ mode\b|\b(?:admin|developer|god) mode\b", re.IGNORECASE)


# "Guten Tag, ich würde ...": the salutation says nothing of what it is about ("Tag" would meet "Tage").
_SALUTATION = re.compile(r"^\W*(?:hi|hello|hey|good (?:morning|afternoon|evening)|hola|buen[oa]s(?: días| tardes| "
                         r"noches)?|bonjour|bonsoir|salut|guten (?:tag|morgen|abend)|hallo|servus|moin)\b[\s,!.:;-]*",
                         re.IGNORECASE)


def _own_words(text: str) -> str:
    """A message up to where it starts talking to a model."""
    match = _TO_THE_MODEL.search(text)
    return (text[:match.start()] if match else text).strip()


def _latest_turns(conversation: Conversation) -> str:
    """The customer's own words since the last agent or bot reply (else the last customer turn); turns that
    are only an injected demand are passed over for the ones before them."""
    latest: list[str] = []
    for message in reversed(conversation.messages):
        if message.role == "customer" and (words := _own_words(message.text)):
            latest.insert(0, words)
        elif message.role in ("agent", "bot") and latest:
            break
    return " ".join(latest)


def the_ask(conversation: Conversation) -> str:
    """What the customer wants now: the question and request sentences of the latest turns, else those turns,
    else the subject."""
    text = _latest_turns(conversation)
    if not text:
        return conversation.subject
    sentences = [text[s:e] for s, e in sentence_spans(text) if not _PLEASANTRY.search(text[s:e])]
    asks = [s for s in sentences if _QUESTION_CUES.search(s)]
    # "Seriously??" vents, "I don't care which is which" asks nothing: the asks that say something stay.
    asks = [s for s in asks if len(s.split()) > 1 and not _NOT_ASKING.search(s)] or asks
    return " ".join(asks or sentences or [text])


def _replies_without_asking(conversation: Conversation) -> bool:
    """The latest turns ask nothing (no question or request) and follow our reply to an earlier customer turn."""
    latest = _latest_turns(conversation)
    return bool(latest) and not _QUESTION_CUES.search(latest) and _follows_our_reply(conversation)


SHOUTED_SHARE = 0.6  # of a statement's letters in capitals
SHORT_ASK = 3  # stems: an ask this short ("is that still covered?") also searches with the chat's subject


def _context(conversation: Conversation, ask: str, language: str) -> str:
    """What the ask is about: the statements just before it ("I cancelled my order yesterday." + "when do I
    get the money back?"; two at most, so a long story does not drown the question), and the customer's turn
    before the latest reply, since a follow-up leans on it ("I need to cancel order 5521" ... "ok thanks. and
    how long til the money's back?"); with a short ask, the subject too."""
    text = _latest_turns(conversation)
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    # In a letter the story comes before the ask, not after it: the address and the name at the end say
    # nothing of what it is about.
    first_ask = next((i for i, sentence in enumerate(sentences) if sentence in ask), len(sentences))
    statements = [s for i, s in enumerate(sentences) if s not in ask and not _PLEASANTRY.search(s)
                  and not _SIGNATURE.match(s) and (i < first_ask or first_ask == 0)]
    latest = set(text.split())
    earlier = [w for m in conversation.messages if m.role == "customer" and (w := _own_words(m.text))
               and not set(w.split()) <= latest]
    # A statement in capitals ("THIS IS THE SECOND ONE THAT ARRIVED CRACKED!!!") is what the customer most
    # wants heard, wherever it sits in the turn.
    shouted = [st for st in statements[:-2] if len(st) > 10
               and sum(c.isupper() for c in st) > SHOUTED_SHARE * sum(c.isalpha() for c in st)]
    context = [_SALUTATION.sub("", c) for c in (*earlier[-1:], *shouted, *statements[-2:])]
    if len(stems(ask, language)) < SHORT_ASK:
        context.append(conversation.subject)
        # "what does that even mean?" after the bot's "It shows Label created.": the reply it asks about.
        if _POINTS_BACK.search(ask):
            context.append(_last_reply(conversation))
    return _without_values(" ".join(c for c in context if c))


# A short ask that points back at what was just said to the customer.
_POINTS_BACK = re.compile(r"\b(?:that|this|it)\b.*\bmean\b|\bwhat(?:'s| is| does) (?:that|this)\b|"
                          r"\bqué significa\b|\bça veut dire\b|\bqu'est-ce que (?:ça|cela) veut dire\b|"
                          r"\bwas (?:heißt|bedeutet) (?:das|dies)\b", re.IGNORECASE)


def _follows_our_reply(conversation: Conversation) -> bool:
    """The latest customer turns answer an agent's or bot's reply to an earlier customer turn."""
    roles = [m.role for m in conversation.messages if m.role in ("customer", "agent", "bot")]
    while roles and roles[-1] == "customer":
        roles.pop()
    return "customer" in roles  # what is left ends with our reply


def _own_question(ask: str) -> str:
    """The one question sentence of an ask that says more ("... I would like to cancel it. How can I cancel
    it?"), or ""."""
    sentences = [ask[a:b] for a, b in sentence_spans(ask)]
    questions = [s for s in sentences if s.rstrip().endswith("?")]
    return questions[0] if len(sentences) > 1 and len(questions) == 1 else ""


def _last_reply(conversation: Conversation) -> str:
    """The bot's or agent's turn just before the customer's latest turns."""
    seen_customer = False
    for message in reversed(conversation.messages):
        if message.role == "customer":
            seen_customer = True
        elif message.role in ("agent", "bot") and seen_customer:
            return message.text
    return ""


def _without_values(text: str) -> str:
    """The story's own values ("an hour ago", "after 14 months") say when it happened, not what it is about."""
    # A count written as a word stays: "two payments" says what happened, not when.
    for value in sorted(find_values(text), key=lambda v: -v.start):
        if value.kind == "number" and value.spelled:
            continue
        text = f"{text[:value.start]} {text[value.end:]}"
    return re.sub(r"\s+", " ", WHEN_IT_HAPPENED.sub(" ", text)).strip()


def compose(conversation: Conversation, store: Any, playbook: Playbook, *, agent_name: str = "",
            retriever: Retriever | None = None) -> Composed:
    retriever = retriever or Retriever(store)
    language = conversation_language(conversation)
    phrases = {**PHRASES.get(language, PHRASES["en"]), **playbook.voice.phrases.get(language, {})}
    if kind := closing_kind(_latest_turns(conversation)):
        latest = _latest_turns(conversation)
        if kind == DONE and (grudging(latest) or sentiment.analyze(latest).label == "negative"):
            kind = "closing_sorry"  # "it arrived today. took long enough"
        text = "\n".join([greeting(conversation), phrases[kind], sign_off(playbook, agent_name)])
        return Composed(text, [], language, Origin.CLOSING, _latest_turns(conversation), "")
    ask = the_ask(conversation)
    ask = mended_question_words(ask) if language == "en" else ask
    requested = ask
    context = _context(conversation, ask, language)
    # The chat's topic is in its subject and first customer message ("Where is my order?", "order 4412 never
    # arrived"): what the ask is about when its own turn does not say, or the ask itself when the latest turn
    # is only "can I talk to a real person?".
    # ... the first that says something: "hi" before the bot's greeting is not the topic.
    first = next((m.text for m in conversation.messages if m.role == "customer" and len(stems(m.text, language)) >= 2),
                 "")
    topic = f"{conversation.subject} {first}".strip()
    topic = mended_question_words(topic) if language == "en" else topic
    if _replies_without_asking(conversation) and first:
        # "payment link is fine. delivered nov 19 btw": an answer to our question, not a new one; what is
        # being worked on is the chat's opening, and this turn says which case.
        ask, context = (mended_question_words(first) if language == "en" else first,
                        f"{_without_values(ask)} {context}".strip())
    # "You can swap it from Orders > Exchange." + "do I have to wait?": our reply to an earlier turn says what
    # the follow-up is about (for finding the article; which sentence answers is the ask's and story's to say).
    ours = _without_values(_last_reply(conversation)) if _follows_our_reply(conversation) else ""
    hits = retriever.search(ask, language=language, limit=3, context=f"{context} {ours}".strip())
    # A question of its own ("do you price match ...?") is answered or honestly not; a turn that says little
    # ("this is useless.") or asks nothing ("absolutely ridiculous, I want this sorted NOW") takes its question
    # from the chat's opening; a question the help centre does not answer as asked is searched again with
    # the opening as what it is about.
    vague = len(stems(ask, language)) <= SHORT_ASK or "?" not in ask
    if not (hits and hits[0].answers) and topic and topic != ask and vague:
        ask, context = topic, ""
        hits = retriever.search(topic, language=language, limit=3)
    elif not (hits and hits[0].answers) and topic and topic not in context:
        context = f"{context} {topic}".strip()
        hits = retriever.search(ask, language=language, limit=3, context=context)
    if not (hits and hits[0].answers) and (question := _own_question(ask)):
        # "I ordered a blender for my mother ... and would like to cancel it. How can I cancel it?": the
        # question alone (the story's words would count as words missed), the rest what the answer is about.
        rest = _without_values(ask.replace(question, " "))
        retried = retriever.search(question, language=language, limit=3)
        # Among the articles that answer the question, the story says which ("four gift cards" + "Can I use all
        # 4 on one order?" is Gift cards, not the promo codes' "one per order"); it brings none of its own ("a
        # blender as a gift" does not make "How can I cancel it?" a gift-card question).
        answering = {h.article_id for h in retried if h.answers}
        told = [h for h in retriever.search(question, language=language, limit=3, context=rest) if h.answers]
        if told and told[0].article_id in answering:
            retried = told
        if retried and retried[0].answers:
            ask, context, hits = question, rest, retried
    subject = conversation.subject.strip()
    if not (hits and hits[0].answers) and subject and subject != ask:
        # A long e-mail whose story drowns what it asks: its subject line finds the article ("Chipped pendant
        # light, missing screw"), and its request still picks the answer ("I'd appreciate a quick replacement").
        retried = retriever.search(subject, language=language, limit=3)
        if retried and retried[0].answers:
            ask, context, hits = requested, subject, retried
    if injury.unsafe(_latest_turns(conversation)) and not (hits and _about_safety(hits[0])):
        # Sparks, smoke, a burn: the safety article answers first, whatever product the story names; in the
        # customer's language when it has one, else the English one (the card then says so).
        found_safety = retriever.search("safety", language=language, limit=3)
        safety = next((h for h in found_safety if _about_safety(h)), None) or next(
            (h for h in retriever.search("safety", language="en", limit=3) if _about_safety(h)), None)
        # ... from its opening, which says what to do first ("stop using it straight away").
        opening = retriever.passages_of(safety.article_id)[:1] if safety else []
        safety = dataclasses.replace(safety, passage=opening[0]) if safety and opening else safety
        hits = [safety, *(h for h in hits if h.article_id != safety.article_id)] if safety else hits
    query = f"{ask} {context}".strip()
    found = tuple(h.article_id for h in hits)
    head = [greeting(conversation), _acknowledgement(conversation, phrases)]
    tail = [phrases["more"], sign_off(playbook, agent_name)]
    if not hits or hits[0].score < MIN_SCORE or not hits[0].answers:
        return Composed("\n".join([head[0], " ".join([head[1], phrases["no_answer"]]), *tail]), [], language,
                        Origin.NO_ANSWER, ask, "", query=query, context=context, retrieved=found)
    top = hits[0]
    passages = answer_passages(retriever, top)
    locale = top.passage.locale or "en"
    answer_text, steps = answer(passages, top, ask, locale, language, retriever.idf,
                                lambda text: retriever.terms(text, language, locale), context)
    body = [" ".join([head[1], answer_text])]
    if steps:
        body.append(phrases["steps"] + "\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)))
    body.append(phrases["source"].format(title=top.passage.title))
    foreign = top.passage.locale not in ("", language) or (not top.passage.locale and language != "en")
    if foreign:
        names = LANGUAGE_NAMES.get(top.passage.locale or "en", {})
        body.append(phrases["foreign"].format(language=names.get(language, top.passage.locale or "en")))
    text = "\n".join([head[0], *body, *tail])
    # The answer's article, and a runner-up only when it answers nearly as well (so the agent can open it).
    cited = [top.article_id] + [h.article_id for h in hits[1:2] if h.answers and h.score >= 0.8 * top.score]
    return Composed(text, cited, language, Origin.HELP_CENTRE, ask, answer_text, passages,
                    locale if foreign else "", query, context=context, retrieved=found)


def _about_safety(hit: Hit) -> bool:
    return bool(SAFETY_STEMS & set(stems(hit.passage.title, hit.passage.locale or "en")))


def _acknowledgement(conversation: Conversation, phrases: dict[str, str]) -> str:
    own = " ".join(m.text for m in conversation.messages if m.role == "customer")
    if injury.someone_hurt(own):
        return phrases["hurt"]
    last = next((m for m in reversed(conversation.messages) if m.role == "customer"), None)
    upset = last is not None and sentiment.analyze(last.text).label == "negative"
    return phrases["sorry" if upset else "thanks"]


def sign_off(playbook: Playbook, agent_name: str) -> str:
    first = agent_name.split()[0] if agent_name.strip() else ""
    template = playbook.voice.sign_off or "{agent_first_name}"
    return template.replace("{agent_first_name}", first).strip(" ,") or playbook.company
