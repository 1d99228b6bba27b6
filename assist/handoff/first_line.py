"""The first line a person taking over from the bot sends: a statement that asks nothing (so it cannot ask
for what the customer already gave), in the customer's language, greeting them by name, acknowledging first
what they feel most (being hurt, a legal threat, then anger: the escalation triggers say which), then what the
bot already tried, and the order or product it is about.
"""

from __future__ import annotations

import re

from assist.analysis.entities import Provided
from assist.analysis.escalation import Trigger
from assist.analysis.injury import ACKNOWLEDGEMENT, injury_term
from assist.analysis.language import conversation_language
from assist.base.vocab import TriggerId
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook

# Before anything else, the first line answers what the customer feels most: being hurt, a legal threat,
# then anger (the escalation triggers say which; analysis/injury tells an injury from a legal matter by the
# evidence term).
_CARE = {
    "en": {"injury": ACKNOWLEDGEMENT["en"],
           "legal": "I understand you're considering legal steps, and I'm treating this with priority.",
           "anger": "I'm really sorry this has been so frustrating."},
    "es": {"injury": ACKNOWLEDGEMENT["es"],
           "legal": "Entiendo que estás valorando acciones legales y lo trato con prioridad.",
           "anger": "Siento mucho lo frustrante que ha sido todo esto."},
    "fr": {"injury": ACKNOWLEDGEMENT["fr"],
           "legal": "Je comprends que vous envisagez une démarche juridique, et je traite votre demande en priorité.",
           "anger": "Je suis vraiment désolé que tout cela ait été si frustrant."},
    "de": {"injury": ACKNOWLEDGEMENT["de"],
           "legal": "Ich verstehe, dass Sie rechtliche Schritte erwägen, und behandle das mit Vorrang.",
           "anger": "Es tut mir wirklich leid, dass das alles so frustrierend war."},
}


def _care(found: list[Trigger], lang: str) -> str:
    """The acknowledgement that comes right after the greeting ("" when nothing calls for one)."""
    legal = [t for t in found if t.id == TriggerId.LEGAL_SAFETY]
    if any(injury_term(t.evidence) for t in legal):
        return _CARE[lang]["injury"]
    if legal:
        return _CARE[lang]["legal"]
    if any(t.id in (TriggerId.NEGATIVE_SENTIMENT, TriggerId.SENTIMENT_DROP) for t in found):
        return _CARE[lang]["anger"]
    return ""


# What the bot did, recognised in its text, phrased for "I can see NorthBot already ...".
_ACKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"https?://\S*track|tracking link|track it here|follow it here", re.I), "sent you the tracking link"),
    (re.compile(r"https?://\S*(?:help|article)|\bguide\b", re.I), "pointed you to our help guide"),
    (re.compile(r"\b(?:photo|photos|picture|pictures)\b", re.I), "asked you for photos"),
    (re.compile(r"\bspam\b|\breset\b", re.I), "suggested the password reset steps"),
    (re.compile(r"\bcarrier claim|neighbou?rs?|mailroom", re.I), "suggested checking with neighbours and the carrier"),
    (re.compile(r"\bnot able to|can['’]t|cannot\b", re.I), "explained what it couldn't do from the chat"),
)
_TEMPLATES = {
    "en": ("Hi {name}, I'm from the {company} team and I'm taking over from {bot}. I've read the whole chat, so "
           "there's no need to repeat anything. {ack}I'm looking into {ref} for you right now{urgency}."),
    "es": ("Hola {name}, soy del equipo de {company} y continúo donde lo dejó {bot}. Ya he leído toda la "
           "conversación, así que no hace falta repetir nada. Estoy revisando {ref} ahora mismo{urgency}."),
    "fr": ("Bonjour {name}, je fais partie de l'équipe {company} et je prends le relais de {bot}. J'ai lu toute "
           "la conversation, inutile de répéter quoi que ce soit. Je m'occupe de {ref} tout de suite{urgency}."),
    "de": ("Hallo {name}, ich bin vom Team von {company} und übernehme von {bot}. Ich habe den ganzen Chat "
           "gelesen, Sie müssen nichts wiederholen. Ich kümmere mich jetzt sofort um {ref}{urgency}."),
}
_NO_BOT = {
    "en": ("Hi {name}, thanks for your message. I'm from the {company} team and I'm looking into {ref} right "
           "now{urgency}."),
    "es": ("Hola {name}, gracias por tu mensaje. Soy del equipo de {company} y estoy revisando {ref} ahora "
           "mismo{urgency}."),
    "fr": ("Bonjour {name}, merci pour votre message. Je fais partie de l'équipe {company} et je m'occupe de {ref} "
           "tout de suite{urgency}."),
    "de": ("Hallo {name}, danke für Ihre Nachricht. Ich bin vom Team von {company} und kümmere mich jetzt sofort um "
           "{ref}{urgency}."),
}
_WORDS = {
    "en": {"there": "there", "order": "order {v}", "product": "your {v}", "default": "this",
           "urgency": ", and I'll keep your timing in mind"},
    "es": {"there": "", "order": "tu pedido {v}", "product": "tu {v}", "default": "tu consulta",
           "urgency": ", teniendo en cuenta tu fecha"},
    "fr": {"there": "", "order": "votre commande {v}", "product": "votre {v}", "default": "votre demande",
           "urgency": ", en tenant compte de votre délai"},
    "de": {"there": "", "order": "Ihre Bestellung {v}", "product": "Ihr {v}", "default": "Ihr Anliegen",
           "urgency": " und behalte Ihren Termin im Blick"},
}


def _language(conversation: Conversation) -> str:
    code = conversation_language(conversation)
    return code if code in _TEMPLATES else "en"


def _first_name(conversation: Conversation) -> str:
    name = conversation.customer.name.strip() or next(
        (m.author.strip() for m in conversation.messages if m.role == "customer" and m.author.strip()), "")
    return name.split()[0] if name else ""


def _acknowledgement(conversation: Conversation, handoff_index: int | None, bot: str) -> str:
    if handoff_index is None:
        return ""
    bot_texts = [m.text for m in conversation.messages[: handoff_index + 1] if m.role == "bot"]
    acks: list[str] = []
    for text in bot_texts:
        for pattern, ack in _ACKS:
            if pattern.search(text) and ack not in acks:
                acks.append(ack)
                break
    if not acks:
        return f"I can see what {bot} already tried. " if bot_texts else ""
    return f"I can see {bot} already {' and '.join(acks[:2])}. "


def _reference(provided: list[Provided], words: dict[str, str]) -> str:
    """What the line is about: the order the customer named, else the product, else the request."""
    order = next((p.value for p in provided if p.kind == "order_number"), "")
    if order:
        return words["order"].format(v=order)
    product = next((p.value for p in provided if p.kind == "product"), "")
    return words["product"].format(v=product) if product else words["default"]


def first_line(conversation: Conversation, playbook: Playbook, provided: list[Provided],
               handoff_index: int | None, time_sensitive: bool, found: list[Trigger] | None = None) -> str:
    """A statement, never a question: it asks nothing, so it cannot ask for what was already given. An
    injury, a legal threat or anger (`found`, the escalation triggers) is acknowledged right after the
    greeting, before anything else."""
    lang = _language(conversation)
    words = _WORDS[lang]
    bot = playbook.bot_name or "the bot"
    name = _first_name(conversation) or words["there"]
    template = _TEMPLATES[lang] if handoff_index is not None else _NO_BOT[lang]
    line = template.format(
        name=name, company=playbook.company, bot=bot, ref=_reference(provided, words),
        urgency=words["urgency"] if time_sensitive else "",
        ack=_acknowledgement(conversation, handoff_index, bot) if lang == "en" else "",
    )
    care = _care(found or [], lang)
    if care:
        greeting, _, rest = line.partition(", ")
        # After the greeting's comma: lower case, but for English "I"; what follows starts a sentence.
        care = care if re.match(r"I\b", care) else care[0].lower() + care[1:]
        line = f"{greeting}, {care} {rest[:1].upper()}{rest[1:]}"
    return re.sub(r"\s+([,.])", r"\1", " ".join(line.split()))  # a missing name leaves "Hola ," behind
