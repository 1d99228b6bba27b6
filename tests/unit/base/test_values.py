"""assist.base.values: every kind read with its span, raw text and normalised form, in en/es/fr/de."""

from __future__ import annotations

import itertools

import pytest

from assist.base.values import KINDS, NUMBER_WORDS, Value, find_values, number_value


def _one(text: str) -> Value:
    values = find_values(text)
    assert len(values) == 1, (text, values)
    return values[0]


# (text, kind, the raw value as found, its normalised form)
CASES = [
    # numbers
    ("42", "number", "42", "number:42"),
    ("we have 1,299.00 in stock", "number", "1,299.00", "number:1299"),
    ("1.299,00", "number", "1.299,00", "number:1299"),
    ("3.5 stars", "number", "3.5", "number:3.5"),
    ("rated 4,5", "number", "4,5", "number:4.5"),
    ("a 25% discount", "number", "25%", "percent:25"),
    ("twelve", "number", "twelve", "number:12"),
    ("a dozen", "number", "a dozen", "number:12"),
    ("twenty-one", "number", "twenty-one", "number:21"),
    ("diecinueve", "number", "diecinueve", "number:19"),
    ("veintidós", "number", "veintidós", "number:22"),
    ("une douzaine", "number", "une douzaine", "number:12"),
    ("vingt et un", "number", "vingt et un", "number:21"),
    ("quatorze", "number", "quatorze", "number:14"),
    ("dreißig", "number", "dreißig", "number:30"),
    ("ein Dutzend", "number", "ein Dutzend", "number:12"),
    ("zwölf", "number", "zwölf", "number:12"),
    # amounts
    ("$150", "amount", "$150", "amount:150:USD"),
    ("US$150.00", "amount", "US$150.00", "amount:150:USD"),
    ("150 dollars", "amount", "150 dollars", "amount:150:USD"),
    ("USD 150", "amount", "USD 150", "amount:150:USD"),
    ("150$", "amount", "150$", "amount:150:USD"),
    ("$1,250.00", "amount", "$1,250.00", "amount:1250:USD"),
    ("$2k", "amount", "$2k", "amount:2000:USD"),
    ("150.00 CHF", "amount", "150.00 CHF", "amount:150:CHF"),
    ("€79,99", "amount", "€79,99", "amount:79.99:EUR"),
    ("79,99 EUR", "amount", "79,99 EUR", "amount:79.99:EUR"),
    ("1.250,00 €", "amount", "1.250,00 €", "amount:1250:EUR"),
    ("89,00 €", "amount", "89,00 €", "amount:89:EUR"),
    ("£20", "amount", "£20", "amount:20:GBP"),
    ("79,99 USD", "amount", "79,99 USD", "amount:79.99:USD"),
    ("veinte dólares", "amount", "veinte dólares", "amount:20:USD"),
    ("30 euros", "amount", "30 euros", "amount:30:EUR"),
    # durations
    ("30 days", "duration", "30 days", "duration:30:day"),
    ("thirty days", "duration", "thirty days", "duration:30:day"),
    ("a 30-day window", "duration", "30-day", "duration:30:day"),
    ("a thirty-day window", "duration", "thirty-day", "duration:30:day"),
    ("2-3 business days", "duration", "2-3 business days", "duration:2-3:business_day"),
    ("5 to 10 business days", "duration", "5 to 10 business days", "duration:5-10:business_day"),
    ("48 hours", "duration", "48 hours", "duration:48:hour"),
    ("a week", "duration", "a week", "duration:7:day"),
    ("two weeks", "duration", "two weeks", "duration:14:day"),
    ("1 year", "duration", "1 year", "duration:1:year"),
    ("a 2-year warranty", "duration", "2-year", "duration:2:year"),
    ("6 months", "duration", "6 months", "duration:6:month"),
    ("10 minutes", "duration", "10 minutes", "duration:10:minute"),
    ("30 días", "duration", "30 días", "duration:30:day"),
    ("treinta días", "duration", "treinta días", "duration:30:day"),
    ("una semana", "duration", "una semana", "duration:7:day"),
    ("5 días hábiles", "duration", "5 días hábiles", "duration:5:business_day"),
    ("de 5 a 10 días hábiles", "duration", "5 a 10 días hábiles", "duration:5-10:business_day"),
    ("24-48 horas", "duration", "24-48 horas", "duration:24-48:hour"),
    ("un mes", "duration", "un mes", "duration:1:month"),
    ("30 jours", "duration", "30 jours", "duration:30:day"),
    ("trente jours", "duration", "trente jours", "duration:30:day"),
    ("une semaine", "duration", "une semaine", "duration:7:day"),
    ("3 jours ouvrés", "duration", "3 jours ouvrés", "duration:3:business_day"),
    ("deux ans", "duration", "deux ans", "duration:2:year"),
    ("30 Tage", "duration", "30 Tage", "duration:30:day"),
    ("dreißig Tage", "duration", "dreißig Tage", "duration:30:day"),
    ("14 Werktage", "duration", "14 Werktage", "duration:14:business_day"),
    ("eine Woche", "duration", "eine Woche", "duration:7:day"),
    ("zwei Wochen", "duration", "zwei Wochen", "duration:14:day"),
    ("48 Stunden", "duration", "48 Stunden", "duration:48:hour"),
    # clock times
    ("11:00", "time", "11:00", "time:11:00"),
    ("11 am", "time", "11 am", "time:11:00"),
    ("11:00 a.m.", "time", "11:00 a.m.", "time:11:00"),
    ("by 8 pm.", "time", "8 pm", "time:20:00"),
    ("2pm", "time", "2pm", "time:14:00"),
    ("12 am", "time", "12 am", "time:00:00"),
    ("14h", "time", "14h", "time:14:00"),
    ("14h30", "time", "14h30", "time:14:30"),
    ("14 Uhr", "time", "14 Uhr", "time:14:00"),
    ("14:30 Uhr", "time", "14:30 Uhr", "time:14:30"),
    # dates
    ("2026-11-20", "date", "2026-11-20", "date:2026-11-20"),
    ("November 20", "date", "November 20", "date:11-20"),
    ("Nov 20th, 2026", "date", "Nov 20th, 2026", "date:2026-11-20"),
    ("Dec 8", "date", "Dec 8", "date:12-08"),
    ("20 November", "date", "20 November", "date:11-20"),
    ("20/11", "date", "20/11", "date:11-20"),
    ("11/20/2026", "date", "11/20/2026", "date:2026-11-20"),
    ("20.11.2026", "date", "20.11.2026", "date:2026-11-20"),
    ("el 20 de noviembre", "date", "20 de noviembre", "date:11-20"),
    ("le 1er novembre", "date", "1er novembre", "date:11-01"),
    ("le 6 novembre", "date", "6 novembre", "date:11-06"),
    ("am 20. November", "date", "20. November", "date:11-20"),
    ("3. März", "date", "3. März", "date:03-03"),
    # urls and emails
    ("see https://help.northwind.example/returns.", "url", "https://help.northwind.example/returns",
     "url:help.northwind.example/returns"),
    ("www.Northwind.example/returns/", "url", "www.Northwind.example/returns/", "url:northwind.example/returns"),
    ("northwind.example/p/fjord", "url", "northwind.example/p/fjord", "url:northwind.example/p/fjord"),
    ("write to Ben.Carter@Example.com.", "email", "Ben.Carter@Example.com", "email:ben.carter@example.com"),
    # phone numbers
    ("call 1-800-555-0199", "phone", "1-800-555-0199", "phone:8005550199"),
    ("+1 (800) 555-0199", "phone", "+1 (800) 555-0199", "phone:8005550199"),
    ("(555) 123-4567", "phone", "(555) 123-4567", "phone:5551234567"),
    ("+49 30 1234567", "phone", "+49 30 1234567", "phone:9301234567"),
    # order and tracking numbers
    ("NW-20931", "order", "NW-20931", "order:NW-20931"),
    ("order #4412", "order", "#4412", "order:4412"),
    ("#4412", "order", "#4412", "order:4412"),
    ("order 4412", "order", "4412", "order:4412"),
    ("order number 4412", "order", "4412", "order:4412"),
    ("pedido 4412", "order", "4412", "order:4412"),
    ("Bestellung 4412", "order", "4412", "order:4412"),
    ("1Z999AA10123456784", "tracking", "1Z999AA10123456784", "tracking:1Z999AA10123456784"),
    ("tracking number TBA1234567890", "tracking", "TBA1234567890", "tracking:TBA1234567890"),
]


@pytest.mark.parametrize(("text", "kind", "raw", "norm"), CASES)
def test_each_kind_is_read_with_span_and_norm(text: str, kind: str, raw: str, norm: str) -> None:
    value = _one(text)
    assert (value.kind, value.raw, value.norm) == (kind, raw, norm)
    assert text[value.start:value.end] == value.raw


def test_every_kind_has_cases() -> None:
    assert {kind for _, kind, _, _ in CASES} == set(KINDS)
    assert len(CASES) > 100


# Same value, other wording or language: equal normalised forms.
SAME = [
    ["30 days", "30 días", "thirty days", "30 jours", "30 Tage", "treinta días", "trente jours", "dreißig Tage",
     "a 30-day window"],
    ["$150", "150 dollars", "US$150.00", "USD 150", "150 USD", "150$", "$150.00"],
    ["€79,99", "79,99 EUR", "79.99 euros", "EUR 79.99"],
    ["11:00", "11 am", "11:00 a.m.", "11 a.m.", "11h", "11 Uhr", "11:00 Uhr"],
    ["a week", "7 days", "one week", "una semana", "une semaine", "eine Woche", "7 días", "sieben Tage"],
    ["two weeks", "14 days", "2 weeks", "dos semanas", "deux semaines", "zwei Wochen", "catorce días"],
    ["November 20", "20 November", "Nov 20", "20/11", "20 de noviembre", "20 novembre", "20. November"],
    ["order 4412", "#4412", "order number 4412", "pedido 4412", "commande 4412"],
    ["1-800-555-0199", "+1 800 555 0199", "(800) 555-0199"],
]


@pytest.mark.parametrize("group", SAME)
def test_same_value_in_other_words_compares_equal(group: list[str]) -> None:
    norms = {_one(text).norm for text in group}
    assert len(norms) == 1, {text: _one(text).norm for text in group}


def test_different_values_differ() -> None:
    assert _one("30 days").norm != _one("30 business days").norm
    assert _one("30 days").norm != _one("30 hours").norm
    assert _one("$150").norm != _one("€150").norm
    assert _one("11 am").norm != _one("11 pm").norm
    assert _one("3-5 business days").norm != _one("4 weeks").norm


def test_ambiguous_day_month_keeps_both_readings() -> None:
    value = _one("05/06")
    assert value.norms == ("date:06-05", "date:05-06")
    assert not find_values("available 24/7")  # always, not July 24


def test_a_text_reads_left_to_right_without_overlaps() -> None:
    text = ("Hi Ben, order #NW-20931 ($1,250.00) ships by 11 am on Nov 20; refunds take 5-10 business days. "
            "Track it at https://track.northwind.example/NW-20931 or call 1-800-555-0199, ben@example.com.")
    values = find_values(text)
    assert [v.kind for v in values] == ["order", "amount", "time", "date", "duration", "url", "phone", "email"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(values))
    assert all(text[v.start:v.end] == v.raw for v in values)


def test_words_are_whole_words_only() -> None:
    assert not find_values("Someone often gets it done; tenants were happy.")
    assert [v.raw for v in find_values("one of our agents")] == ["one"]
    assert find_values("one of our agents")[0].spelled
    assert not find_values("30 days")[0].spelled


def test_articles_count_only_before_a_unit() -> None:
    assert not find_values("a lamp, un pedido, une commande, ein Paket")
    assert [v.norm for v in find_values("in a day")] == ["duration:1:day"]


def test_number_value_handles_both_notations() -> None:
    assert number_value("1,299.00") == number_value("1.299,00") == 1299
    assert number_value("1,299") == number_value("1.299") == 1299
    assert number_value("79,99") == 79.99
    assert number_value("thirty") == 30 and number_value("veintiocho") == 28
    assert number_value("lamp") is None


def test_tables_cover_one_to_thirty_in_every_language() -> None:
    for table in ("EN", "ES", "FR", "DE"):
        from assist.base import values
        numbers = set(getattr(values, table).values()) | {1}  # fr/de "un"/"ein" are articles
        assert set(range(1, 31)) <= numbers, table
    assert NUMBER_WORDS["douze"] == 12


def test_codes_and_prices_inside_words_are_not_values() -> None:
    assert not find_values("SmolLM2 and the iPhone")
    assert [v.kind for v in find_values("COVID-19")] == []
