"""Details a customer already gave, found by rules: order and tracking numbers, emails, phones, amounts,
dates, street addresses and product names.

Every value is a verbatim substring of the message it came from (never normalised), so a handoff brief built
on these can never invent a detail. Kinds run in priority order and overlapping spans are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assist.domain.conversation import Conversation


@dataclass(frozen=True)
class Provided:
    kind: str  # order_number | email | phone | product | date | address | amount | tracking_number
    value: str  # verbatim substring of conversation.messages[message_index].text
    message_index: int


# --- entity rules ----------------------------------------------------------------------------------
# Each rule yields (start, end) spans. Rules run in priority order and a span overlapping one already
# taken in the same message is skipped, so "4111 1111 1111 1111" cannot also be a phone number and the
# digits of an email are not an order number.

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_TRACKING = re.compile(
    r"\b1Z[0-9A-Z]{16}\b"  # UPS
    r"|\btracking(?:\s+(?:number|no\.?|code|id))?\s*(?:is\s*)?[:#]?\s*(?P<code>(?=[A-Z]*\d)[A-Z0-9]{8,30})\b",
    re.IGNORECASE,
)
_ORDER_ID = r"#?[A-Z]{1,4}-\d{3,}|#?\d{3,}"
_ORDER = re.compile(
    # "order 4412", "order #NW-20931", "order number 55123", "Order number is #NW-21455", "pedido #NW-1"
    rf"\b(?:orders?|pedido|commande|bestellung|bestellnummer)(?:\s+(?:number|no\.?|nr\.?|n[°º]|n[úu]mero"
    rf"|num[ée]ro|nummer))?\s*(?:is\s+|es\s+|est\s+|ist\s+)?:?\s*(?:#\s+)?(?P<id>{_ORDER_ID})\b"
    # "an order I placed this morning, number 5420"
    rf"|\b(?:order|pedido|commande|bestellung)\b[^.!?\n]{{0,40}}?\bnumber\s*(?:is\s+)?:?\s*(?P<late>{_ORDER_ID})\b"
    # a bare "#NW-20931" or "#48213", or an order id in the shop's own shape ("... my last order, NW-90311.")
    r"|(?<![\w#])(?P<bare>#[A-Z]{1,4}-\d{3,}|#\d{4,}|(?-i:[A-Z]{2,4})-\d{4,})\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"(?<![\w.])[$€£]\s?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?(?!\d|,\d)"
    r"|(?<![\w.,])\d+(?:[.,]\d{2})?\s?(?:€|EUR|USD|GBP|dollars|euros)(?!\w)",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w+-])(?:(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,5}[\s.-])\d{3,4}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?"
    r"|0\d{3,4}\s\d{6,7})"  # UK style "07700 900123"
    r"(?![\w-]|[\s.-]\d)"
)
_STREET_WORDS = (r"(?:(?:Street|Avenue|Road|Lane|Drive|Court|Boulevard|Way|Place|Terrace|Close|Crescent|Square"
                 r"|Parkway|Highway|Row|Mews|Gardens|Hill)\b|(?:St|Ave|Rd|Ln|Dr|Ct|Blvd|Pl|Sq|Pkwy|Hwy)\b\.?)")
# After the street: "Apt 5", ", Portland OR 97209", ", Bath BA1 2QP, United Kingdom" (capitalised or
# numeric words only, so the address stops at "and it was...").
_ADDRESS_TAIL = (r"(?:,?\s+(?:Apt|Unit|Suite|Flat|#)\.?\s*\w+)?"
                 r"(?:,\s*[A-Z0-9][\w'’.-]*(?:\s+[A-Z0-9][\w'’-]*){0,3}){0,3}")
_ADDRESS = re.compile(
    # "12 Baker Street", "218 Alder St Apt 5, Portland OR 97209"
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][\w'’.-]*\s+){{1,3}}{_STREET_WORDS}{_ADDRESS_TAIL}"
    # "Calle Mayor 5", "Calle del Olmo 14", "Avenida de la Paz 3"
    r"|\b(?:Calle|Avenida|Av\.|Paseo|Plaza|Carrer|Via|Viale|Piazza)\s+(?:(?:del|de|la|las|los|di|della)\s+){0,2}"
    rf"[A-ZÁÉÍÓÚÑ][\w'’-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w'’-]*){{0,2}},?\s+\d{{1,4}}[A-Za-z]?{_ADDRESS_TAIL}"
    # "12 rue de Rivoli"
    r"|\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|place|allée|chemin|impasse|quai)\s+"
    rf"(?:(?:de|la|des|du|l['’])\s*){{0,2}}[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*){{0,2}}{_ADDRESS_TAIL}"
    # "Hauptstraße 5"
    rf"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|weg|platz|allee|gasse)\s+\d{{1,4}}[a-z]?{_ADDRESS_TAIL}",
)
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MONTHS_INTL = (r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre"
                r"|diciembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
                r"|décembre|januar|februar|märz|juni|juli|oktober|dezember)")
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DATE = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"  # ISO
    rf"|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"  # "Nov 20", "November 12th"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?(?:{_MONTHS}|{_MONTHS_INTL})(?!\w)"  # "20 November"
    r"|(?<![\w/])(?<!exp )\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\w/])"  # "20/11"; not a card's "exp 09/28"
    rf"|(?<!black )\b(?:(?:next|this|coming|by|before|until|on)\s+)?{_WEEKDAYS}\b"  # "next Monday", "by Friday"
    r"(?:\s+the\s+\d{1,2}(?:st|nd|rd|th))?",
    re.IGNORECASE,
)
_PRODUCT_NOUNS = (
    "blender", "kettle", "jacket", "tent", "headphones", "earbuds", "lamp", "light", "mug", "mugs", "oven",
    "mixer", "grinder", "toaster", "skillet", "pan", "pans", "pot", "rug", "chair", "chairs", "boots",
    "shoes", "purifier", "cover", "blanket", "throw", "towels", "board", "headlamp", "stove", "cookware",
    "containers", "fryer", "vacuum", "pillow", "duvet", "sheets", "table", "sofa", "speaker",
    "charger", "bottle", "backpack", "sweater", "coat", "mattress", "vase", "candle", "plates", "bowls",
    "knife", "knives", "machine", "maker", "set", "sleeping bag", "gift card", "e-gift card", "lights",
)
_PRODUCT_NOUNS_INTL = (
    "lámpara", "freidora", "funda", "fundas", "manta", "sartén", "cafetera", "tienda", "lampe", "couverture",
    "bouilloire", "poêle", "veste", "tente", "Wasserkocher", "Jacke", "Zelt", "Decke",
)
_NOT_MODIFIER = (r"(?:my|the|a|an|our|this|that|these|those|his|her|their|your|on|in|of|for|and|or|with|from"
                 r"|to|at|is|was|are|were|it|i|but|so|came|got|has|have|had)\b")
_PRODUCT = re.compile(
    # "my electric kettle", "the Alpine 2-person tent", "Hearth 5.5 qt enamel Dutch oven" (a name)
    r"(?:\b(?:my|the|a|an|our|this|that|his|her|their)\s+|(?<![\w'’-])(?=(?-i:[A-Z][a-z])))"
    rf"(?P<name>(?:(?!{_NOT_MODIFIER})\w[\w'’.-]*\s+){{0,5}}"
    rf"(?:{'|'.join(sorted(map(re.escape, _PRODUCT_NOUNS), key=len, reverse=True))}))\b"
    # "la lámpara de mesa Lumen", "une couverture en laine"
    rf"|\b(?:la|el|mi|las|los|mis|une?|ma|mon|mes|le|die|der|das|mein|meine)\s+(?P<intl>"
    rf"(?:{'|'.join(map(re.escape, _PRODUCT_NOUNS_INTL))})(?:\s+(?:de|en|à|du)\s+\w+)?(?:\s+[A-Z][\w-]+)?)",
    re.IGNORECASE,
)
# A quoted name counts as a product when it names one ('Fjord throw') or is a Title Case name of two
# words or more; quoted status texts ('Delivered', 'label created') do not.
_QUOTED = re.compile(r"(?<!\w)[\"'‘“«]([^\"’”»\n]{3,60}?)[\"'’”»](?!\w)")  # not the ' in "I'd"
_PRODUCT_HEAD = re.compile(rf"\b(?:{'|'.join(map(re.escape, _PRODUCT_NOUNS + _PRODUCT_NOUNS_INTL))})\b",
                           re.IGNORECASE)
_TITLE_CASE = re.compile(r"^[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){1,4}$")


def _spans(pattern: re.Pattern[str], text: str, *, named: bool = False) -> Iterator[tuple[int, int]]:
    """Match spans; with `named`, the span of the named group that matched (the value without its cue
    word: "4412" in "order 4412"), else the whole match."""
    for m in pattern.finditer(text):
        groups = [g for g in pattern.groupindex if m.group(g) is not None] if named else []
        yield m.span(groups[0]) if groups else m.span()


def _email_spans(text: str) -> Iterator[tuple[int, int]]:
    return _spans(_EMAIL, text)


def _tracking_spans(text: str) -> Iterator[tuple[int, int]]:
    return _spans(_TRACKING, text, named=True)


def _order_spans(text: str) -> Iterator[tuple[int, int]]:
    return _spans(_ORDER, text, named=True)


def _amount_spans(text: str) -> Iterator[tuple[int, int]]:
    return _spans(_AMOUNT, text)


def _phone_spans(text: str) -> Iterator[tuple[int, int]]:
    for start, end in _spans(_PHONE, text):
        digits = sum(c.isdigit() for c in text[start:end])
        # 13-19 digits without a "+" is a card number's length, never echoed as a phone.
        if 9 <= digits <= 15 and (text[start] == "+" or digits < 13):
            yield start, end


def _address_spans(text: str) -> Iterator[tuple[int, int]]:
    for start, end in _spans(_ADDRESS, text):
        while end > start and text[end - 1] in ".,":  # a sentence's full stop is not part of it
            end -= 1
        yield start, end


def _date_spans(text: str) -> Iterator[tuple[int, int]]:
    for start, end in _spans(_DATE, text):
        prefix = text[start:end].split(None, 1)
        if len(prefix) == 2 and prefix[0].lower() == "on":  # "on Monday" -> "Monday"
            start = end - len(prefix[1])
        yield start, end


# Heads too generic to stand alone ("the set", "no light") and counts ("six containers") are not products.
_GENERIC_HEADS = frozenset({"set", "light", "lights", "cover", "board", "machine", "maker", "throw", "table"})
_COUNT = re.compile(r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|some|both|all)\b", re.IGNORECASE)


def _product_spans(text: str) -> Iterator[tuple[int, int]]:
    for start, end in _spans(_PRODUCT, text, named=True):
        value = text[start:end]
        if value.lower() not in _GENERIC_HEADS and not _COUNT.match(value):
            yield start, end
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        if _PRODUCT_HEAD.search(inner) or _TITLE_CASE.match(inner):
            start = m.start(1) + m.group(1).index(inner)
            yield start, start + len(inner)


_RULES = (
    ("email", _email_spans), ("tracking_number", _tracking_spans), ("order_number", _order_spans),
    ("amount", _amount_spans), ("phone", _phone_spans), ("address", _address_spans), ("date", _date_spans),
    ("product", _product_spans),
)


def _message_entities(index: int, text: str) -> list[tuple[int, Provided, int]]:
    """(start, Provided, end) for one message, without overlaps between kinds."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, rule in _RULES:
        for start, end in rule(text):
            if end <= start or any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append((start, Provided(kind, text[start:end], index), end))
    return found


def _dedupe_key(item: Provided) -> tuple[str, str]:
    value = item.value.lower()
    # "#NW-20455" and "NW-20455" are the same order
    return item.kind, value.lstrip("#") if item.kind == "order_number" else value


def _entities_with_spans(conversation: Conversation) -> list[tuple[Provided, tuple[int, int]]]:
    seen: set[tuple[str, str]] = set()
    products: list[str] = []
    out = []
    for index, message in enumerate(conversation.messages):
        if message.role != "customer":
            continue  # only what the customer provided; the bot's and agents' words are not evidence
        for start, item, end in sorted(_message_entities(index, message.text), key=lambda f: f[0]):
            key = _dedupe_key(item)
            if key in seen:
                continue
            if item.kind == "product":
                # "tent" after "the Alpine 2-person tent" adds nothing
                if any(key[1] in earlier for earlier in products):
                    continue
                products.append(key[1])
            seen.add(key)
            out.append((item, (start, end)))
    return out


def entities(conversation: Conversation) -> list[Provided]:
    """Details the customer gave, in order of appearance; every value is verbatim from its message."""
    return [item for item, _ in _entities_with_spans(conversation)]
