"""The values in a text (numbers, amounts, durations, times, dates, URLs, emails, phone numbers, order and
tracking numbers), each with its span and a normalised form that compares equal across wording and
language: "30 days" == "30 días" == "thirty days" (duration:30:day), "$150" == "150 dollars" ==
"US$150.00" (amount:150:USD), "11:00" == "11 am" (time:11:00).

`card_numbers(text)` finds full payment card numbers and `mask_card_numbers(text)` hides all but their last 4
digits: the one finder and mask for the guardrails, redaction and display.

`find_values(text)` reads them left to right without overlaps; where two readings compete, the more
specific kind wins (a URL over the numbers in it, an amount over its number). One small reader per kind,
one table of words per language. Pure text: imports nothing from assist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

KINDS = ("email", "url", "tracking", "phone", "order", "date", "time", "amount", "duration", "number")


@dataclass(frozen=True)
class Value:
    kind: str  # one of KINDS
    start: int
    end: int
    raw: str  # text[start:end]
    norm: str  # "duration:30:day", "amount:150:USD", "time:11:00", "date:11-20", "number:1299", ...
    alts: tuple[str, ...] = ()  # other equally valid readings ("05/06": May 6 or June 5)
    spelled: bool = False  # a number written as a word ("thirty days", "one")

    @property
    def norms(self) -> tuple[str, ...]:
        return (self.norm, *self.alts)


# --- words, one table per language ---------------------------------------------------------------------

EN = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
      "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
      "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
      "dozen": 12, "a dozen": 12, "fortnight": 14}
ES = {"cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
      "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
      "dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21,
      "veintidós": 22, "veintitrés": 23, "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26,
      "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30, "una docena": 12}
FR = {"zéro": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
      "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
      "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20, "vingt et un": 21, "vingt-deux": 22,
      "vingt-trois": 23, "vingt-quatre": 24, "vingt-cinq": 25, "vingt-six": 26, "vingt-sept": 27,
      "vingt-huit": 28, "vingt-neuf": 29, "trente": 30, "une douzaine": 12, "quinzaine": 15}
DE = {"null": 0, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
      "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
      "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "einundzwanzig": 21,
      "zweiundzwanzig": 22, "dreiundzwanzig": 23, "vierundzwanzig": 24, "fünfundzwanzig": 25,
      "sechsundzwanzig": 26, "siebenundzwanzig": 27, "achtundzwanzig": 28, "neunundzwanzig": 29,
      "dreißig": 30, "ein dutzend": 12}
# Tens and hundreds, for amounts spelled out in full ("one hundred fifty dollars", "ciento cincuenta euros",
# "cent cinquante euros", "hundertfünfzig Euro"): read by _spelled_value, not looked up whole.
TENS = {"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100,
        "a thousand": 1000,
        "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100,
        "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500,
        "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
        "quarante": 40, "cinquante": 50, "soixante": 60, "soixante-dix": 70, "quatre-vingt": 80,
        "quatre-vingts": 80, "quatre-vingt-dix": 90,
        "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90, "einhundert": 100,
        "eintausend": 1000}
# Multipliers: "two hundred", "deux cents", "zweihundert", "dos mil".
SCALES = {"hundred": 100, "hundreds": 100, "cent": 100, "hundert": 100, "thousand": 1000,
          "mil": 1000, "mille": 1000, "tausend": 1000}
# "deux cents" .. "neuf cents" whole: a lone "cents" is the coin.
TENS.update({f"{w} cents": n * 100 for w, n in FR.items() if 2 <= n <= 9})
# English 21-29 are spelled from the table ("twenty-one", "twenty one").
EN.update({f"twenty{sep}{w}": 20 + n for w, n in EN.items() if 1 <= n <= 9 and w != "a dozen"
           for sep in ("-", " ")})
# "a", "un", "ein": one, but only in front of a unit ("a week", "une semaine", "eine Woche").
ARTICLES = {"a": 1, "an": 1, "un": 1, "une": 1, "una": 1, "uno": 1, "ein": 1, "eine": 1, "einen": 1,
            "einem": 1, "einer": 1, "one": 1}
NUMBER_WORDS: dict[str, int] = {**EN, **ES, **FR, **DE}
_ATOMS: dict[str, int] = {**NUMBER_WORDS, **TENS, **SCALES}

# Units of time: every spelling -> (canonical unit, days per unit or 0 to keep the unit as it is).
_UNIT_WORDS = {
    "second": "seconds? secs? segundos? secondes? sekunden?",
    "minute": "minutes? mins? minutos? minuten?",
    "hour": "hours? hrs? horas? heures? stunden?",
    "business_day": "business[\\s-]+days? working[\\s-]+days? días\\s+hábiles días\\s+laborables "
                    "dias\\s+habiles jours\\s+ouvrés jours\\s+ouvrables werktagen? werktage arbeitstagen? "
                    "arbeitstage",
    "day": "calendar[\\s-]+days? días\\s+naturales jours\\s+calendaires kalendertagen? kalendertage "
           "days? días? dias? jours? tagen? tage tag",
    "fortnight": "fortnights?",
    "week": "weeks? semanas? semaines? wochen?",
    "month": "months? mes(?:es)? mois monate? monaten",
    "year": "years? yrs? años? ans? années? jahren? jahre",
}
_WEEK_DAYS = 7  # a week is counted in days: "a week" == "7 days", "two weeks" == "14 días"

MONTHS: dict[str, int] = {}
for _month, _names in enumerate((
        "january jan enero ene janvier janv januar", "february feb febrero février févr februar",
        "march mar marzo mars märz", "april apr abril avril avr", "may mayo mai",
        "june jun junio juin juni", "july jul julio juillet juil juli", "august aug agosto août",
        "september sept sep septiembre septembre", "october oct octubre octobre oktober okt",
        "november nov noviembre novembre", "december dec diciembre dic décembre déc dezember dez"), 1):
    MONTHS.update(dict.fromkeys(_names.split(), _month))

# Currencies: symbol, code or word -> ISO code.
CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "bucks": "USD",
              "dólares": "USD", "dolares": "USD", "dólar": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR",
              "euros": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "chf": "CHF",
              "francs": "CHF", "franken": "CHF", "c$": "CAD", "cad": "CAD", "a$": "AUD", "aud": "AUD"}

# --- patterns ------------------------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_ATOM = _alternation(_ATOMS)
# A spelled number: words of the tables joined by a space, a hyphen or nothing ("hundertfünfzig"); "and"
# only after a hundred or thousand ("one hundred and fifty"), Spanish "y" only after a ten ("treinta y cinco").
_WORD = (rf"(?:{_ATOM})(?:(?:[\s-]+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|(?<=nta)\s+y\s+)?"
         rf"(?:{_ATOM}))*")
_ATOM_RE = re.compile(_ATOM, re.IGNORECASE)
_COUNT = rf"{_NUM}|(?:{_WORD}|{_alternation(ARTICLES)})(?!\w)"
_UNIT = "|".join(f"(?P<{unit}>{'|'.join(spellings.split())})" for unit, spellings in _UNIT_WORDS.items())
_RANGE = r"\s*(?:-|–|—|to|a|à|bis|or|o|ou|oder)\s*"
_SYMBOL = r"US\$|C\$|A\$|[$€£]"
_CODE = r"USD|EUR|GBP|CHF|CAD|AUD"
_CURRENCY_WORD = r"dollars?|bucks|d[óo]lar(?:es)?|euros?|pounds?|francs|franken"
_MONTH = _alternation(MONTHS)
_ORDER_WORD = r"order|orders|pedido|commande|bestellung|bestellnummer|auftrag"

_I = re.IGNORECASE
_URL = (r"\b(?:https?://|www\.)[^\s<>\"')\]]+"
        r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co|example|help|shop|store)\b(?:/[^\s<>\"')\]]*)?")
_TRACKING = (r"\b1Z[0-9A-Z]{16}\b|\b9[234]\d{18,24}\b"  # UPS, USPS
             r"|\btracking\s+(?:number|no\.?|#)?:?\s*(?P<v>(?=[A-Z]*\d)[A-Z0-9]{10,30})\b")
_PHONE = (r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{1,4}[\s.-])(?:\d{2,4}[\s.-]){1,3}\d{2,8}(?![\w-])"
          r"|\+\d{8,14}\b")
_ORDER = (r"(?-i:\b[A-Z]{2,4}-\d{3,})\b|(?<![\w&])#\d{3,}\b"  # NW-20931, #4412
          rf"|\b(?:{_ORDER_WORD})\s+(?:(?:number|no\.?|n[º°]|nr\.?)\s*)?(?P<v>#?\d{{3,}})\b")  # order 4412
_SP = r"[^\S\n]+"  # spaces, not a line break
_DATE = (r"\b(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})\b"  # 2026-11-20
         rf"|\b(?P<m1>{_MONTH})\.?{_SP}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?{_SP}(?P<y1>\d{{4}})\b)?"  # Nov 20
         rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th|er|\.)?{_SP}(?:de{_SP})?(?P<m2>{_MONTH})\b"  # 20 (de) noviembre
         rf"(?:{_SP}(?:de{_SP})?(?P<y2>\d{{4}})\b)?"
         r"|(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?:(?P=sep)(?P<y3>\d{2,4}))?(?![\d/]|\.\d)")  # 20/11
_HALF = r"(?:\.\s?m\.|\s?m\b)"  # the "m" of am/pm: "a.m." or "am"
_TIME = (rf"\b(?P<h>[01]?\d|2[0-3])(?::|h(?=\d))(?P<m>[0-5]\d)(?:\s*(?P<ap>[ap]){_HALF})?(?:\s*Uhr\b)?"  # 11:00
         rf"|\b(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap]){_HALF}"  # 11 am
         r"|\b(?P<h3>[01]?\d|2[0-3])\s?(?:h\b|Uhr\b)")  # 14h, 14 Uhr
_AMOUNT = (rf"(?<![\w.,])(?P<s>{_SYMBOL}|(?:{_CODE})\s?)\s?(?P<a>{_NUM})(?P<k>k\b)?(?![\d%]|[.,]\d)"  # $150, €79,99
           rf"|(?<![\w.,$€£])(?P<b>{_NUM}|{_WORD})\s?(?P<c>[$€£]|(?:{_CODE}|{_CURRENCY_WORD})\b)")  # 150 dollars
# "a full year", "zwei volle Wochen": the adjective belongs to the duration.
_FULL = r"(?:(?:full|whole|entire|complete|entero|enteros|entiers?|entières?|volle[n]?|ganze[n]?)\s+)?"
_DURATION = rf"(?<![\w.,-])(?P<n>{_COUNT})(?:{_RANGE}(?P<m>{_COUNT}))?[\s-]*{_FULL}(?:{_UNIT})(?!\w)"
_NUMBER = rf"(?<![\w.,/])(?<![A-Za-z]-)(?P<n>{_NUM})(?P<pct>\s?%)?(?![\w/]|[.,]\d)|\b(?P<w>{_WORD})(?!\w)"

PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "url": re.compile(_URL, _I),
    "tracking": re.compile(_TRACKING, _I),
    "phone": re.compile(_PHONE),
    "order": re.compile(_ORDER, _I),
    "date": re.compile(_DATE, _I),
    "time": re.compile(_TIME, _I),
    "amount": re.compile(_AMOUNT, _I),
    "duration": re.compile(_DURATION, _I),
    "number": re.compile(_NUMBER, _I),
}

# --- one reader per kind -------------------------------------------------------------------------------


def number_value(token: str) -> float | None:
    """A number as written: "1,299.00" and "1.299,00" -> 1299, "79,99" -> 79.99, "thirty" -> 30."""
    token = re.sub(r"\s+", " ", token.strip().lower())
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    if token in ARTICLES:
        return float(ARTICLES[token])
    if not token[:1].isdigit():
        return _spelled_value(token)
    if "," in token and "." in token:  # the later separator is the decimal one
        thousands = "," if token.rfind(",") < token.rfind(".") else "."
        token = token.replace(thousands, "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token):  # "1,299", "1.299": thousands
        token = re.sub(r"[.,]", "", token)
    else:
        token = token.replace(",", ".")
    try:
        return float(token)
    except ValueError:
        return None


def _spelled_value(token: str) -> float | None:
    """A number spelled in words: "one hundred fifty" -> 150, "deux cents" -> 200, "hundertfünfzig" -> 150."""
    atoms = _ATOM_RE.findall(token)
    if not atoms or _ATOM_RE.sub("", token).replace("and", "").replace(" y ", "").strip(" -"):
        return None  # something besides number words and their joiners
    total = current = 0
    for atom in (re.sub(r"\s+", " ", a) for a in atoms):
        if atom in SCALES and SCALES[atom] == 100:
            current = (current or 1) * 100
        elif atom in SCALES:
            total += (current or 1) * SCALES[atom]
            current = 0
        else:
            current += _ATOMS[atom]
    return float(total + current)


def fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.4f}".rstrip("0")


def _url(m: re.Match[str]) -> tuple[str, tuple[str, ...]]:
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", m.group().lower()).rstrip(".,;:!?/")
    return f"url:{url}", ()


def _email(m: re.Match[str]) -> tuple[str, tuple[str, ...]]:
    return f"email:{m.group().lower()}", ()


def _tracking(m: re.Match[str]) -> tuple[str, tuple[str, ...]]:
    return f"tracking:{(m.group('v') or m.group()).upper()}", ()


def _phone(m: re.Match[str]) -> tuple[str, tuple[str, ...]] | None:
    digits = re.sub(r"\D", "", m.group())
    if not 7 <= len(digits) <= 15 or re.fullmatch(r"(?:\d{1,2}[.\-/]){2}\d{2,4}|\d{4}-\d{2}-\d{2}", m.group()):
        return None  # too short for a phone, or a date such as 20-11-2026
    return f"phone:{digits[-10:]}", ()


def _order(m: re.Match[str]) -> tuple[str, tuple[str, ...]]:
    ident = (m.group("v") or m.group()).lstrip("#")
    return f"order:{ident.upper()}", ()


def _date(m: re.Match[str]) -> tuple[str, tuple[str, ...]] | None:
    g = m.groupdict()
    if g["iy"]:
        year, month, day = g["iy"], int(g["im"]), int(g["id"])
        readings = [(month, day)]
    elif g["m1"] or g["m2"]:
        year = g["y1"] or g["y2"]
        month, day = MONTHS[re.sub(r"\s+", " ", (g["m1"] or g["m2"]).lower())], int(g["d1"] or g["d2"])
        readings = [(month, day)]
    else:
        if m.group() == "24/7" or (g["sep"] == "." and not g["y3"]):
            return None  # "24/7" is always; "1.5" is a number
        year, a, b = g["y3"], int(g["a"]), int(g["b"])
        readings = [(b, a), (a, b)]  # day/month first (most of the world), then US month/day
    if year and len(year) == 2:
        year = "20" + year
    valid = [f"{month:02d}-{day:02d}" for month, day in dict.fromkeys(readings) if 1 <= month <= 12 and 1 <= day <= 31]
    if not valid:
        return None
    norms = [f"date:{year}-{md}" if year else f"date:{md}" for md in valid]
    return norms[0], tuple(norms[1:])


def _time(m: re.Match[str]) -> tuple[str, tuple[str, ...]] | None:
    g = m.groupdict()
    hour = int(g["h"] or g["h2"] or g["h3"])
    minute = int(g["m"] or 0)
    half = (g["ap"] or g["ap2"] or "").lower()
    if half and not 1 <= hour <= 12:
        return None
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return f"time:{hour:02d}:{minute:02d}", ()


def _amount(m: re.Match[str]) -> tuple[str, tuple[str, ...]] | None:
    g = m.groupdict()
    number = number_value(g["a"] or g["b"])
    if number is None:
        return None
    if g["k"]:
        number *= 1000
    currency = CURRENCIES.get(re.sub(r"\s+", "", (g["s"] or g["c"]).lower()), "USD")
    return f"amount:{fmt(number)}:{currency}", ()


def _duration(m: re.Match[str]) -> tuple[str, tuple[str, ...]] | None:
    first, last = number_value(m.group("n")), number_value(m.group("m") or m.group("n"))
    unit = next(u for u in _UNIT_WORDS if m.group(u))
    if first is None or last is None:
        return None
    if unit in ("week", "fortnight"):
        days = _WEEK_DAYS if unit == "week" else 2 * _WEEK_DAYS
        first, last, unit = first * days, last * days, "day"
    amount = fmt(first) if first == last else f"{fmt(first)}-{fmt(last)}"
    return f"duration:{amount}:{unit}", ()


def _number(m: re.Match[str]) -> tuple[str, tuple[str, ...]] | None:
    number = number_value(m.group("n") or m.group("w"))
    if number is None:
        return None
    return (f"percent:{fmt(number)}" if m.group("pct") else f"number:{fmt(number)}"), ()


_READERS: dict[str, Callable[[re.Match[str]], tuple[str, tuple[str, ...]] | None]] = {
    "url": _url, "email": _email, "tracking": _tracking, "phone": _phone, "order": _order, "date": _date,
    "time": _time, "amount": _amount, "duration": _duration, "number": _number,
}


def _candidates(text: str) -> Iterator[Value]:
    for kind in KINDS:  # most specific first
        for m in PATTERNS[kind].finditer(text):
            read = _READERS[kind](m)
            if read is None:
                continue
            start, end = m.span("v") if "v" in m.re.groupindex and m.group("v") else m.span()
            raw = text[start:end]
            if kind == "url":
                end = start + len(raw.rstrip(".,;:!?"))
            spelled = not any(c.isdigit() for c in raw)
            yield Value(kind, start, end, text[start:end], read[0], read[1], spelled)


@lru_cache(maxsize=4096)
def find_values(text: str) -> tuple[Value, ...]:
    """Every value in `text`, left to right, no two overlapping (the more specific kind wins)."""
    taken: list[Value] = []
    for value in _candidates(text):
        if all(value.end <= t.start or value.start >= t.end for t in taken):
            taken.append(value)
    return tuple(sorted(taken, key=lambda v: v.start))


# --- card numbers: one finder and one mask for the guardrails, redaction and display ----------------------

# 13-19 digits, each pair apart by nothing, a space or two, a line break, or a dash, dot or slash (with spaces
# around it): "4111 1111 1111 1111", "4111.1111.1111.1111", "4111 - 1111 - 1111 - 1111", "4111 1111\n1111 1111".
_CARD = re.compile(r"(?<![\w-])(?<!\d[ .-])\d(?:(?:[ \t]*[-./][ \t]*|[ \t]{1,2}|\n)?\d){12,18}(?!\w)"
                   r"(?![ .-]?\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_numbers(text: str) -> list[tuple[int, int]]:
    """The spans of full payment card numbers: 13-19 digits passing the Luhn check, starting 2-6 (Mastercard,
    Visa, Amex, Discover, JCB, UnionPay; long order numbers starting otherwise are not cards even when they
    pass Luhn, 1 in 10 do), not one digit repeated (0000 0000 ... passes Luhn but is a placeholder)."""
    spans = []
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and digits[0] in "23456" and len(set(digits)) > 1 and _luhn_ok(digits):
            spans.append(m.span())
    return spans


def mask_card_numbers(text: str, mask: str = "*") -> str:
    """`text` with every full card number masked but its last 4 digits, its spacing kept ("**** **** **** 1111")."""
    out, last = [], 0
    for start, end in card_numbers(text):
        raw = text[start:end]
        keep = len(raw)
        for _ in range(4):  # the offset of the fourth digit from the end
            keep = max(i for i in range(keep) if raw[i].isdigit())
        out += [text[last:start], re.sub(r"\d", mask, raw[:keep]), raw[keep:]]
        last = end
    return "".join([*out, text[last:]])
