"""The words of a question, per language: stop words, Snowball stems, and the support vocabulary that joins
how customers say a thing to how the help centre says it (synonyms replaced, phrasings expanded, an es/fr/de
glossary to the English articles). Retrieval (retrieval.py) ranks with these; the composer picks sentences
with them. Tuned on tests/data/usefulness' tune halves and Bitext's even rows only.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

import snowballstemmer

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_STEMMER_NAMES = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "it": "italian",
                  "pt": "portuguese", "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian",
                  "fi": "finnish"}
def fold(word: str) -> str:
    """A word without its accents ("devolución" -> "devolucion"): customers often leave them out, so the
    help centre's words and the question's are compared without them."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


# Function words per language: they say nothing about the topic. Short on purpose.
_STOP = {
    "en": "a an and are as at be been but by can could did do does for from get got had has have how i i'm "
          "if in into is it it's its me my of on or our please so that the their them then there this to "
          "up was we were what when where which who why will with would you your yours hi hello thanks "
          "thank there's can't don't want need like know just also any some one long much many bought buy "
          "purchased ago still yet see seeing check checking help assistance assist support try trying show tell "
          "information info wanna gonna able look looking find inform notify here whats what's going someone "
          "something anything anymore instead latest soon guys yes yeah no ok okay cant can't dont don't "
          "won't wont isnt isn't didnt didn't doesnt doesn't til till until said say says should shouldn't "
          "hasn't haven't has not must might may usually having happen happens happened already",
    "es": "a al algo como con de del el ella en es esta este esto hay la las le lo los me mi mis no o para "
          "pero por que qué se si sin su sus te tengo tiene un una unos y ya yo hola gracias puedo quiero "
          "cuánto cuanto tiempo veo dos mismo misma tienen tienes son está están ser tener hacer puede pueden "
          "cuándo cuando dónde donde mí muy también vale bueno sí ok hace ahora tarda tardan debo debe "
          "hay ha han he has era fue nos les ese esa eso hacerlo hasta otra otro otras otros unas unos",
    "fr": "a au aux avec ce ces cette dans de des du elle en est et il je la le les ma mes mon ne nous on "
          "ou par pas pour qu que qui sa se ses son sur un une vous votre vos y bonjour merci puis peux veux "
          "vois voir même deux trois quand où comment combien est-ce mais très aussi déjà ça c'est oui ok "
          "fait faire maintenant temps faut être fois il-faut dois doit peut pouvez voulez avez ai suis "
          "sont était été leur leurs moi toi lui eux notre nos",
    "de": "auf aus bei bin bis da das dass dem den der des die ein eine einen einer es für hat habe ich "
          "ihr im in ist ja kann mein meine mir mit nicht noch oder sie sind und von was wie wir zu zum "
          "zur hallo danke möchte bitte lange zeit habe sehe zwei innerhalb haben hat sind ist gibt kann können wird "
          "wann warum welche welcher wo meinem meinen meiner meines ihre ihrem ihren ihrer unser unsere vor "
          "nach einem eines auch schon aber wenn nur jetzt okay ok dauert dauern muss müssen soll sollte "
          "damit dann denn war waren wurde werden",
}
# Each stop word with and without its accents ("cuánto", "cuanto"), as customers write either.
STOP_WORDS = {lang: frozenset(words.split()) | frozenset(fold(w) for w in words.split())
              for lang, words in _STOP.items()}
# Words of es/fr/de questions mapped to the English help centre's words, for topics that have no article in
# the customer's language yet. Small and about support only; stems are compared, so one form is enough.
GLOSSARY: dict[str, dict[str, str]] = {
    "es": {"devolver": "return", "devolución": "return", "reembolso": "refund", "cargo": "charge",
           "cargos": "charges", "cobro": "charge", "cobrado": "charged", "contraseña": "password",
           "pedido": "order", "envío": "shipping", "entrega": "delivery", "cancelar": "cancel",
           "cuenta": "account", "garantía": "warranty", "tarjeta": "card", "regalo": "gift", "código": "code",
           "descuento": "discount", "dirección": "address", "cambiar": "change", "roto": "damaged",
           "dañado": "damaged", "retraso": "delay", "seguimiento": "tracking", "día": "day", "mismo": "same",
           "correo": "email", "cerrar": "close", "eliminar": "delete", "chaqueta": "jacket", "doble": "double",
           "tienda": "store", "exprés": "express", "express": "express", "cambio": "exchange", "talla": "size",
           "tarjetas": "cards", "gratis": "free", "gratuito": "free", "bloqueada": "locked",
           "bloqueado": "locked", "regalos": "gift", "electrónicos": "electronics", "hora": "time",
           "estándar": "standard", "internacional": "international", "países": "countries", "país": "country",
           "hoy": "today",
           "cuesta": "cost", "cuestan": "cost", "costo": "cost", "coste": "cost", "precio": "price",
           "borrar": "delete", "datos": "data", "personales": "personal", "gastar": "spend",
           "dinero": "money", "saldo": "balance", "banco": "bank", "aparecer": "appear", "factura": "invoice",
           "reclamación": "claim", "reparar": "repair", "seguridad": "safety", "producto": "product",
           "limpiar": "clean", "llegar": "arrive", "llega": "arrive", "recibir": "receive", "enviar": "send",
           "etiqueta": "label", "paquete": "parcel", "transportista": "carrier", "aduana": "customs",
           "semanas": "weeks", "días": "days", "olvidé": "forgot", "defectuoso": "defective",
           "requisitos": "qualify", "beneficios": "benefits"},
    "fr": {"retourner": "return", "retour": "return", "remboursement": "refund", "rembourser": "refund",
           "débit": "charge", "débits": "charges", "prélèvement": "charge", "mot": "password", "passe": "password",
           "commande": "order", "livraison": "delivery", "expédition": "shipping", "annuler": "cancel",
           "compte": "account", "garantie": "warranty", "carte": "card", "cadeau": "gift", "code": "code",
           "adresse": "address", "modifier": "change", "cassé": "damaged", "endommagé": "damaged",
           "retard": "delay", "suivi": "tracking", "jour": "day", "même": "same", "fermer": "close",
           "supprimer": "delete", "veste": "jacket", "deux": "double", "échanger": "exchange",
           "échange": "exchange", "taille": "size", "heure": "time", "prélèvements": "charges", "cartes": "cards",
           "cadeaux": "gift", "magasin": "store", "boutique": "store", "express": "express",
           "électroniques": "electronics", "standard": "standard", "pays": "countries", "livrer": "deliver",
           "aujourd'hui": "today",
           "coûte": "cost", "coût": "cost", "coûtent": "cost", "prix": "price", "dépenser": "spend",
           "argent": "money", "solde": "balance", "données": "data",
           "personnelles": "personal", "banque": "bank", "apparaître": "appear", "facture": "invoice",
           "réclamation": "claim", "réparer": "repair", "sécurité": "safety", "rappel": "recall",
           "produit": "product", "nettoyer": "clean", "entretien": "care", "arriver": "arrive",
           "recevoir": "receive", "envoyer": "send", "étiquette": "label", "colis": "parcel",
           "transporteur": "carrier", "douane": "customs", "semaines": "weeks", "jours": "days",
           "oublié": "forgot", "défectueux": "defective", "avantages": "benefits"},
    "de": {"zurückgeben": "return", "zurückzugeben": "return", "zurücksenden": "return", "rücksendung": "return",
           "zurückschicken": "return", "zurückzuschicken": "return", "kostenlos": "free", "gesperrt": "locked",
           "rückgabe": "return", "erstattung": "refund",
           "rückerstattung": "refund", "abbuchung": "charge", "abbuchungen": "charges", "belastung": "charge",
           "passwort": "password", "bestellung": "order", "lieferung": "delivery", "versand": "shipping",
           "stornieren": "cancel", "konto": "account", "garantie": "warranty", "karte": "card",
           "geschenk": "gift", "gutschein": "code", "adresse": "address", "ändern": "change",
           "beschädigt": "damaged", "kaputt": "damaged", "verspätung": "delay", "sendungsverfolgung": "tracking",
           "tag": "day", "gleichen": "same", "schließen": "close", "löschen": "delete", "jacke": "jacket",
           "doppelt": "double", "zweimal": "double", "umtauschen": "exchange", "umtausch": "exchange",
           "größe": "size", "uhrzeit": "time", "uhr": "time", "geschäft": "store", "laden": "store",
           "expressversand": "express shipping", "standardversand": "standard shipping", "elektrogeräte": "electronics",
           "geschenkkarten": "gift cards", "länder": "countries", "gebühr": "fee", "heute": "today",
           "kostet": "cost", "kosten": "cost", "preis": "price", "selben": "same", "ausgeben": "spend",
           "geld": "money", "guthaben": "balance", "daten": "data",
           "persönlichen": "personal", "bank": "bank", "rechnung": "invoice", "reklamation": "claim",
           "reparatur": "repair", "sicherheit": "safety", "rückruf": "recall", "produkt": "product",
           "reinigen": "clean", "pflege": "care", "ankommen": "arrive", "erhalten": "receive",
           "etikett": "label", "paket": "parcel", "zusteller": "carrier", "zoll": "customs",
           "wochen": "weeks", "tage": "days", "vergessen": "forgot", "defekt": "defective",
           "vorteile": "benefits"},
}
# How customers say a thing that the articles name differently: the words added to the question, per language.
EXPANSIONS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "en": [(re.compile(r"never (?:arrived|came|showed up)|(?:hasn't|has not|didn't|did not|not yet) (?:arrived|come|"
                       r"turned up)|where(?:'s| is) my (?:order|parcel|package)|still waiting|not received|"
                       r"past (?:the )?(?:estimated|expected|delivery) (?:date|time|day)|(?:hasn't|has not|didn't|"
                       r"did not|doesn't|isn't) (?:moved|updated|changed|moving|updating)|"
                       r"no (?:new )?(?:scan|update)s?",
                       re.IGNORECASE), "delayed lost parcel tracking delivery late"),
           (re.compile(r"charged (?:me )?twice|double[- ]charged|two (?:charges|payments)|paid twice|charged two times",
                       re.IGNORECASE),
            "double charges"),
           (re.compile(r"can(?:'|’|no)?t (?:log|sign) ?in|locked out", re.IGNORECASE), "password reset sign in"),
           (re.compile(r"what(?:'|’)?s left|(?:amount|money|credit) (?:is )?(?:still )?left|"
                       r"how much (?:money |credit )?(?:is |do i have )?(?:still |left )?(?:left|on|remaining)\b|"
                       r"remaining (?:amount|value)",
                       re.IGNORECASE), "balance"),
           # Everyday words for what the articles name otherwise (tuned on the even rows of Bitext only).
           (re.compile(r"\b(?:in )?(?:what|which) (?:cases|situations)\b|\bpolicy\b|\beligib\w*|\bguarantee",
                       re.IGNORECASE), "return policy"),
           (re.compile(r"\b(?:remov\w*|delet\w*|cancel\w*|terminat\w*|clos\w*|get rid of)\b(?: \w+){0,3} "
                       r"(?:account|profile)|\b(?:account|profile) (?:remov|delet|cancel|terminat|clos)\w*",
                       re.IGNORECASE), "close account"),
           (re.compile(r"\b(?:updat\w*|correct\w*|edit\w*|modif\w*|chang\w*|fix\w*)\b(?: \w+){0,3} "
                       r"(?:address)|\baddress (?:update|change|correction)|wrong address", re.IGNORECASE),
            "change shipping address"),
           # ... unless what takes long is another process ("how long does the review take?").
           (re.compile(r"how long (?:it|does|will|do|would)\b(?!.*\b(?:review\w*|inspect\w*|refund\w*|reimburs\w*|"
                       r"claim|repair\w*|process\w*|exchang\w*|return\w*|reset)\b).*\b(?:take|arrive|ship\w*|"
                       r"deliver\w*)|"
                       r"when (?:will|is|would|does) (?:my|the|it|this)\b.*\b(?:arrive|come|get here|be delivered)|"
                       r"\beta\b|delivery (?:time|period|date)s?|how soon\b.*\bexpect", re.IGNORECASE),
            "delivery times business days"),
           # "when my package is gonna arrive", "how long the shipping takes" (but not a refund's arrival).
           (re.compile(r"\bwhen\b(?!.*\b(?:refund|reimburs|money|credit)\w*)(?:\s+\S+){0,6}?\s+"
                       r"(?:arrive|get here|be delivered)\b|"
                       r"\bhow long (?:the |my )?(?:shipping|delivery|shipment)\b|\bshipping periods?\b",
                       re.IGNORECASE), "delivery times business days"),
           (re.compile(r"\b(?:ship\w*|deliver\w*) (?:to|in) (?!(?:my|the|a|an|your|our|this|that|me|us|you|him|her|"
                       r"them|it|home|work|door|person|time)\b)[a-z]{3}|(?:shipping|delivery) (?:options|methods)|"
                       r"(?:options|methods) (?:for|of) (?:shipping|delivery)", re.IGNORECASE),
            "where we ship countries"),
           # "can I order from Toronto?": whether we ship there (a place is capitalised, "from you" is not).
           (re.compile(r"\b(?:[Oo]rder|[Bb]uy|[Pp]urchase|[Ss]hop)\w* from "
                       r"(?!You\b|The\b|Your\b|Northwind\b)[A-Z][a-z]"),
            "where we ship countries"),
           (re.compile(r"\bpay(?:ment)?s? (?:error|issue|problem|trouble|fail)\w*|(?:error|issue|problem|trouble)s? "
                       r"(?:with|of|in) (?:\w+ )?payments?|can(?:'|no)?t (?:make )?pay", re.IGNORECASE),
            "payment failed"),
           (re.compile(r"\b(?:lost|forgot(?:ten)?) (?:my |the )?password", re.IGNORECASE), "forgot password reset"),
           (re.compile(r"\b(?:send|deliver|ship|forward)\w* (?:(?:it|them|this|the (?:parcel|package|order)) )?"
                       r"(?:to )?(?:somewhere|someplace) else|\bredirect\w*|\b(?:send|deliver|ship|forward)\w* "
                       r"(?:it |them )?to (?:a different|another|a new|my new) (?:address|place|flat|house|home)",
                       re.IGNORECASE),
            "change shipping address redirect"),
           (re.compile(r"\bstatus of (?:my |the )?(?:order|purchase)|(?:order|purchase) status|\blocat\w* "
                       r"(?:my |the )?(?:order|purchase|package|parcel)", re.IGNORECASE), "tracking order"),
           (re.compile(r"(?:says|shows|marked(?: as)?|showing) delivered|delivered but\b", re.IGNORECASE),
            "marked as delivered but not there missing"),
           # How long a link or code works: the articles say "valid for".
           (re.compile(r"how long (?:\w+ ){0,4}(?:last|good for|valid|work)s?\b|\blink\b.*\bexpir\w*|"
                       r"\bexpir\w*\b.*\blink\b", re.IGNORECASE), "valid"),
           (re.compile(r"\bleaves? (?:your|the) warehouse|\bsent out\b", re.IGNORECASE), "ship"),
           (re.compile(r"\bhear back\b|\bhear from (?:you|them)\b|\bget an? (?:answer|reply|response)\b|"
                       r"\b(?:get|come) back to (?:me|us)\b|\bcontact me\b",
                       re.IGNORECASE), "answer"),
           # Which section applies: "After it ships" / "Before it ships".
           (re.compile(r"\balready (?:shipped|sent|dispatched|on (?:its|the) way)|\b(?:has|have|was) (?:been )?"
                       r"(?:shipped|dispatched)", re.IGNORECASE), "after ships"),
           (re.compile(r"\b(?:hasn't|has not|not) (?:been )?(?:shipped|dispatched|sent)(?: yet)?|\bnot yet "
                       r"(?:shipped|sent)", re.IGNORECASE), "before ships"),
           (re.compile(r"within the (?:us|u\.s\.|usa|united states|country)|\bin the (?:us|usa|states)\b|"
                       r"\bdomestic", re.IGNORECASE), "domestic delivery times")],
    "es": [(re.compile(r"\bya (?:salió|se envió|fue enviado|ha salido|está en camino)\b", re.IGNORECASE),
            "después de que se envíe"),
           (re.compile(r"no (?:ha )?lleg(?:ado|ó)|dónde está mi (?:pedido|paquete)|no se (?:mueve|actualiza)|"
                       r"tenía que llegar|debería haber llegado|no cambia|"
                       r"no avanza", re.IGNORECASE),
            "retraso entrega paquete perdido"),
           (re.compile(r"cuánto (?:tiempo )?dura|\bcaduc\w*|\bexpir\w*", re.IGNORECASE), "válido"),
           (re.compile(r"dentro del país|\ben (?:el país|españa|ee\.? ?uu\.?|estados unidos)\b|\bnacional",
                       re.IGNORECASE), "nacional plazos de entrega")],
    "fr": [(re.compile(r"\bdéjà (?:expédiée?|partie?|envoyée?)|\best déjà en route\b", re.IGNORECASE),
            "après l'expédition"),
           (re.compile(r"(?:pas|jamais) (?:encore )?(?:arrivé|reçu)|où est ma commande|ne bouge (?:plus|pas)|"
                       r"n'avance (?:plus|pas)|(?:devait|aurait dû) arriver", re.IGNORECASE),
            "retard livraison colis perdu"),
           (re.compile(r"combien de temps (?:\w+ ){0,3}(?:dure|marche|fonctionne)|\bexpir\w*", re.IGNORECASE),
            "valable"),
           (re.compile(r"\ben france\b|dans le pays|à l'intérieur du pays|\bnational", re.IGNORECASE),
            "national délais de livraison")],
    "de": [(re.compile(r"\b(?:schon|bereits) (?:versandt|verschickt|unterwegs)\b", re.IGNORECASE), "nach dem Versand"),
           (re.compile(r"(?:nicht|nie) (?:angekommen|erhalten|geliefert)|wo ist meine bestellung|"
                       r"bewegt sich nicht|(?:sollte|hätte) .{0,30}(?:ankommen|kommen)", re.IGNORECASE),
            "verspätung lieferung paket verloren"),
           (re.compile(r"wie lange (?:\w+ ){0,3}(?:hält|funktioniert)|\bläuft\b.*\bab\b|\babl(?:auf|äuft)\w*",
                       re.IGNORECASE), "gültig"),
           (re.compile(r"innerhalb (?:der usa|deutschlands|des landes)|\bim inland\b|\binland", re.IGNORECASE),
            "inland lieferzeiten"),
           (re.compile(r"zurück(?:zu)?(?:schicken|senden)", re.IGNORECASE), "zurückgeben rücksendung")],
}


# Words that mean what one of the articles' words means, replaced before stemming so that the question keeps
# one word for one idea ("purchase" is "order"; appended instead, coverage would count it as a word missed).
SYNONYMS: dict[str, dict[str, str]] = {
    "en": {"purchase": "order", "purchases": "order", "purchased": "ordered", "reimbursement": "refund",
           "reimburse": "refund", "reimbursed": "refunded", "reimbursements": "refunds", "compensation": "refund",
           "pwd": "password", "pin": "password", "passcode": "password", "pass": "password", "eta": "tracking",
           "shipment": "shipping", "shipments": "shipping", "deliveries": "delivery", "parcel": "package",
           "refunded": "refund", "profile": "account", "mail": "email", "e-mail": "email", "rebate": "refund",
           "rebates": "refund", "rebating": "refund", "restitution": "refund", "restitutions": "refund",
           "key": "password", "retrieve": "reset", "restore": "reset", "restoring": "reset", "recover": "reset",
           "cracked": "damaged", "chipped": "damaged", "chip": "damaged", "smashed": "damaged", "shattered": "damaged",
           "dented": "damaged", "burned": "safety", "burnt": "safety", "burn": "safety", "injured": "safety",
           "injury": "safety", "hurt": "safety", "shock": "safety", "sparked": "safety", "sparks": "safety",
           "electrocuted": "safety", "dispatch": "ship", "dispatched": "shipped", "swap": "exchange",
           "swapped": "exchanged", "swapping": "exchanging", "knife": "knives",
           "customs": "duties", "tariffs": "duties", "tariff": "duties",
           "vat": "taxes"},
}


# French and Italian elide an article or pronoun into the next word: "l'annuler" is "annuler".
_ELISION = re.compile(r"^(?:[lcdjmnst]|qu)['’](?=\w)")
_ELIDING = frozenset({"fr", "it"})


# Phrasings that are one idea the articles name in one word, replaced (not added to): "when do I get my money
# back?" is a question about a refund, and "money" and "back" must not count again as words of their own.
ONE_IDEA: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "en": [(re.compile(r"\bmoney(?:'s|’s| \w+){0,2} back\b", re.IGNORECASE), "refund"),
           # "didn't come" is "didn't arrive" (but "came off" is not "arrived off").
           (re.compile(r"\b(didn't|did not|doesn't|does not|hasn't|has not|never) (?:come|came)\b", re.IGNORECASE),
            r"\1 arrive"),
           # "issues with online payments" is a failed payment: "issue" must not meet "Reporting a safety issue".
           (re.compile(r"\b(?:issues?|problems?|troubles?|errors?) (?:with|of|in) (?:my |the |an? )?(?:online )?"
                       r"payments?\b", re.IGNORECASE), "payment failed"),
           # "came 3 days late" is "arrived 3 days late" (the articles: "if an express order arrives late").
           (re.compile(r"\b(?:came|got here|turned up|showed up)\b(?=(?: \w+){0,3} late\b)", re.IGNORECASE), "arrived"),
           # "send it back" is "return it" (not "send me a new one back").
           (re.compile(r"\bsend(?:ing)? (?:(?:it|them|this|these|those|the \w+|\w+ \w+) )?back\b", re.IGNORECASE),
            "return"),
           # "I got it as a present": a gift (the articles' word); "gift wrap" is one thing, which no article offers.
           (re.compile(r"\b(?:as an?|an?) (?:birthday |christmas )?present\b", re.IGNORECASE), "a gift"),
           (re.compile(r"\bgift[- ]?wrap\w*", re.IGNORECASE), "giftwrapping"),
           # "Am I too late to send them back?" asks whether the time limit has passed, not about a late delivery.
           (re.compile(r"\b(?:am i|is it|are we|are you) too late to\b", re.IGNORECASE), "can I still"),
           # "cancel just the mug and keep the rest": part of an order.
           (re.compile(r"\bjust (?:the|one|a|some) \w+|\bone of the (?:items|things)\b|\bkeep the rest\b|"
                       r"\bpart of (?:my|the) order\b", re.IGNORECASE), "part of an order items"),
           # "the reset email never came" is an e-mail we sent that cannot be found.
           (re.compile(r"\b(?:e-?mail|link) (?:never|didn't|did not|hasn't|has not) (?:came|come|arrived?|shown up)|"
                       r"\b(?:didn't|did not|never|haven't|have not) (?:get|got|receive|received) (?:the|an|any|your) "
                       r"(?:e-?mail|link)", re.IGNORECASE), "can't find the email"),
           # "my son cut his finger on it": an injury, which the product-safety team handles.
           (re.compile(r"\b(?:cut|burnt|burned|hurt|injured) (?:my|his|her|their|our) (?:\w+ )?(?:finger|hand|arm|"
                       r"leg|foot|face|skin)\w*", re.IGNORECASE), "injured safety"),
           # "use two codes" asks whether codes combine.
           (re.compile(r"\b(?:two|2|several|multiple|more than one) (?:\w+ )?(?:codes|discounts|vouchers|coupons)\b",
                       re.IGNORECASE), "combined codes")],
    "es": [(re.compile(r"\b(?:el |mi )?dinero\b", re.IGNORECASE), "reembolso")],
    "fr": [(re.compile(r"\b(?:l'|l’|mon )?argent\b", re.IGNORECASE), "remboursement")],
    "de": [(re.compile(r"\b(?:das |mein )?geld(?: zurück)?\b", re.IGNORECASE), "Erstattung")],
}


def normalised(text: str, language: str) -> str:
    lang = language[:2].lower()
    for pattern, word in ONE_IDEA.get(lang, []):
        text = pattern.sub(word, text)
    synonyms = SYNONYMS.get(lang, {})
    if not synonyms:
        return text
    return _WORD.sub(lambda m: synonyms.get(m.group(0).lower(), m.group(0)), text)


def expanded(text: str, language: str) -> str:
    text = normalised(text, language)
    extra = [words for pattern, words in EXPANSIONS.get(language, []) if pattern.search(text)]
    return " ".join([text, *extra])


def unexplained(text: str, language: str) -> str:
    """The question without the phrasings the expansions recognise ("charged twice" says "double charges";
    its "twice" is not a word the help centre lacks)."""
    text = normalised(text, language)
    for pattern, _ in EXPANSIONS.get(language, []):
        text = pattern.sub(" ", text)
    return text


_stemmers: dict[str, Any] = {}
_stem_lock = threading.Lock()
# Snowball in pure Python costs ~0.1-1 ms a word, and the same few thousand words (the help centre's, the
# questions') come back on every search: each word is stemmed once per language. Bounded: cleared when full.
_stem_cache: dict[tuple[str, str], str] = {}
STEM_CACHE_SIZE = 200_000


def stems(text: str, language: str = "en") -> list[str]:
    """Lower-cased stems of the content words, in order (stop words out)."""
    lang = (language or "en")[:2].lower()
    name = _STEMMER_NAMES.get(lang, "english")
    with _stem_lock:  # a Snowball stemmer object is not thread-safe
        stemmer = _stemmers.get(name)
        if stemmer is None:
            stemmer = _stemmers[name] = snowballstemmer.stemmer(name)
        stop = STOP_WORDS.get(lang, STOP_WORDS["en"])
        words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
        if lang in _ELIDING:
            words = [_ELISION.sub("", w) for w in words]
        out = []
        for word in words:
            if word in stop or len(word) <= 1:
                continue
            word = fold(word)
            stem = _stem_cache.get((name, word))
            if stem is None:
                if len(_stem_cache) >= STEM_CACHE_SIZE:
                    _stem_cache.clear()
                stem = _stem_cache[(name, word)] = stemmer.stemWord(word)
            out.append(stem)
        return out


_glossary_stems: dict[str, dict[str, str]] = {}


def glossary_word(word: str, language: str) -> str:
    """The English word the glossary gives for this word of a question, in any of its forms ("entregas" for
    "entrega"), with or without its accents."""
    lang = language[:2].lower()
    lower = word.lower()
    if lower in GLOSSARY.get(lang, {}):
        return GLOSSARY[lang][lower]
    by_stem = _glossary_stems.get(lang)
    if by_stem is None:
        by_stem = {}
        for key, value in GLOSSARY.get(lang, {}).items():
            for stem in stems(key, lang)[:1]:
                by_stem.setdefault(stem, value)
        _glossary_stems[lang] = by_stem
    return next((by_stem[s] for s in stems(lower, lang)[:1] if s in by_stem), "")


def _names(text: str) -> list[str]:
    """Capitalised words inside a sentence ("Denver", "Aurora"): names of places and products, spelled the
    same in every language, so an English article that names them is about them."""
    out = []
    for sentence in re.split(r"[.!?¿¡]+", text):
        words = _WORD.findall(sentence)
        out += [w for w in words[1:] if w[:1].isupper() and (not w.isupper() or len(w) <= 4)]  # "VIP", not "HELP"
    return out


def english_terms(text: str, language: str) -> list[str]:
    """English stems for the glossary words of a question in another language (and the English expansions
    those words call for), and the names it mentions."""
    words = [w.lower() for w in _WORD.findall(normalised(text, language))]
    english = [glossary_word(w, language) for w in words]
    return stems(expanded(" ".join(w for w in english if w), "en"), "en") + stems(" ".join(_names(text)), "en")


# The word after "how" says what kind of answer is wanted ("how long": a span); a typo there ("how lnog",
# "how mcuh") loses it, and it is too short to be mended against the help centre's words.
_HOW_WORDS = ("long", "much", "many", "soon", "often", "late", "fast")
_HOW = re.compile(r"\b(how)\s+([a-z]{4,5})\b", re.IGNORECASE)


def _swapped_or_wrong(a: str, b: str) -> bool:
    """Same length, one letter wrong or two neighbours swapped."""
    diff = [i for i in range(len(a)) if a[i] != b[i]] if len(a) == len(b) else [0, 0, 0]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                              and a[diff[1]] == b[diff[0]])


def mended_question_words(text: str) -> str:
    """English "how" + a mistyped question word, mended ("how lnog do I have" -> "how long do I have")."""
    def mend(match: re.Match[str]) -> str:
        word = match.group(2).lower()
        fix = next((w for w in _HOW_WORDS if w != word and _swapped_or_wrong(word, w)), "")
        return f"{match.group(1)} {fix}" if fix and word not in _HOW_WORDS else match.group(0)
    return _HOW.sub(mend, text)
