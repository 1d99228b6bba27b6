"""The words the coaching rules look for, in the four languages Assist supports (en, es, fr, de).

One table per signal; every language's phrases are searched at once (a chat may switch language, and an
agent greeting a Spanish customer in English still greeted). Matching goes through base.text.words_regex,
so whitespace and either apostrophe are tolerated and phrases match at word edges.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assist.base.text import words_regex

GREETING = (
    "hi", "hello", "hey", "good morning", "good afternoon", "good evening", "welcome", "thanks for reaching out",
    "thanks for contacting", "thank you for contacting", "thanks for getting in touch",
    "hola", "buenos días", "buenas tardes", "buenas noches", "bienvenido", "bienvenida",
    "bonjour", "bonsoir", "salut", "bienvenue",
    "hallo", "guten tag", "guten morgen", "guten abend", "servus", "moin", "willkommen",
)

# Plain-words acknowledgement of the problem or the feeling. Stock apologies ("I apologize for the
# inconvenience") are the voice rule's business and do not count here.
EMPATHY = (
    "sorry", "i understand", "i can see", "i can imagine", "that's frustrating", "that is frustrating",
    "how frustrating", "that must be", "i know how", "i hear you", "thanks for letting us know", "that's on us",
    "not the experience", "what a pain", "i'd be upset", "i'm so sorry", "i completely understand",
    "lo siento", "lamento", "entiendo", "comprendo", "qué pena", "qué fastidio", "disculpa", "disculpe",
    "je suis désolé", "je suis désolée", "désolé", "désolée", "je comprends", "navré", "navrée",
    "c'est frustrant", "tut mir leid", "es tut mir", "ich verstehe", "das ist ärgerlich", "entschuldigen",
    "verständlich", "kann ich verstehen",
)

CLOSING = (
    "anything else", "have a great", "have a good", "have a lovely", "have a nice", "take care", "goodbye",
    "bye", "glad i could help", "happy to help", "feel free to", "don't hesitate", "let me know if",
    "thanks for your patience", "thank you for your patience", "thanks for reaching out", "thanks again",
    "algo más", "que tengas", "que tenga", "buen día", "hasta luego", "saludos", "gracias por",
    "autre chose", "bonne journée", "bonne soirée", "au revoir", "merci pour", "n'hésitez pas",
    "sonst noch", "schönen tag", "einen schönen", "auf wiedersehen", "tschüss", "danke für", "gern geschehen",
)

# Offering a solution: what was done, what will happen, what the customer can do.
SOLUTION = (
    "i've", "i have", "i'll", "i will", "we'll", "we will", "i've sent", "here's", "here is", "you can",
    "you'll", "you will", "i've issued", "i've processed", "i've arranged", "i've opened", "i've created",
    "i've refunded", "i've updated", "i've reset", "i've shipped", "i've booked", "i've added",
    "is on its way", "has been", "will arrive", "is scheduled to", "will ship", "ships on", "ships today", "click",
    "go to", "follow these", "try", "the link",
    "he enviado", "he procesado", "he actualizado", "te he", "le he", "puedes", "podrás", "recibirás",
    "hemos", "vamos a", "te enviaré", "he revisado", "llegará", "está en camino", "está en reparto",
    "j'ai", "nous avons", "vous pouvez", "vous recevrez", "je vais", "je vous", "arrivera", "est en route",
    "ich habe", "wir haben", "sie können", "du kannst", "sie erhalten", "ich werde", "wird", "wurde",
    "kommt morgen", "ist unterwegs",
)

# Blaming, condescending or curt wording: the tone rule's evidence.
RUDE = (
    "calm down", "as i said", "as i already said", "like i said", "i already told you", "you should have",
    "you should've", "obviously", "not my problem", "not our problem", "that's your problem",
    "you need to read", "did you even", "whatever", "no idea why you", "it's your fault", "your fault",
    "stop asking", "i can't help you", "deal with it", "as clearly stated",
    "cálmese", "cálmate", "como ya le dije", "como ya te dije", "no es mi problema", "es su culpa",
    "calmez-vous", "comme je l'ai dit", "ce n'est pas mon problème", "c'est votre faute",
    "beruhigen sie sich", "wie gesagt", "nicht mein problem", "ihre schuld", "selbst schuld",
)

# Asking the customer for a detail, per kind of detail (the comprehension rule compares with what they gave).
ASKS: dict[str, tuple[str, ...]] = {
    "order_number": ("order number", "order id", "order #", "número de pedido", "numéro de commande",
                     "bestellnummer"),
    "email": ("email address", "e-mail address", "your email", "correo", "adresse e-mail", "adresse mail",
              "e-mail-adresse"),
    "phone": ("phone number", "your number", "teléfono", "numéro de téléphone", "telefonnummer"),
    "address": ("shipping address", "your address", "delivery address", "dirección", "adresse de livraison",
                "lieferadresse", "anschrift"),
    "tracking_number": ("tracking number", "número de seguimiento", "numéro de suivi", "sendungsnummer"),
}


@lru_cache(maxsize=256)
def regex(phrases: tuple[str, ...], inflect: bool = False) -> re.Pattern[str]:
    """words_regex over the phrases, each straight apostrophe given as the typographic one first: the
    base.text.phrase_pattern of this tree replaces "'" and then "’" in turn, so a straight one comes out
    as a broken class; a typographic one comes out as ['’] (either apostrophe), as intended."""
    return words_regex(tuple(p.replace("'", "’") for p in phrases), inflect=inflect)


def find(phrases: tuple[str, ...] | list[str], text: str) -> re.Match[str] | None:
    return regex(tuple(phrases)).search(text)
