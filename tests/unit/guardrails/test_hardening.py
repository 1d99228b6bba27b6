"""Guardrails against ordinary wording and tricks (issue 10): the issue's quoted texts, the normaliser, negation
with a scope, amounts in words and in pieces, other languages, card numbers however spaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assist.base.values import card_numbers, find_values, mask_card_numbers
from assist.domain.playbook import Playbook, load
from assist.guardrails.normalise import normalise
from assist.guardrails.policy import check
from assist.guardrails.rules import scope

ROOT = Path(__file__).parents[3]
ISSUE_CASES = [c for c in map(json.loads, (ROOT / "tests/data/guardrails/tune.jsonl").read_text("utf-8").splitlines())
               if c["source"] == "issue"]


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load(ROOT / "assist/workspace/demo_data/playbook.toml")


def _blocks(text: str, playbook: Playbook) -> list[str]:
    return sorted({f.rule for f in check(text, playbook, own_draft=True) if f.severity == "block"})


def test_the_issue_quotes_are_in_the_suite() -> None:
    texts = {c["text"] for c in ISSUE_CASES}
    assert "Shipping to Iran is not a problem." in texts and "Don't worry, we'll ship it to Syria." in texts
    assert "Once we receive your return, it takes about 7 days to process the refund" in texts
    assert len(ISSUE_CASES) >= 18


@pytest.mark.parametrize("case", ISSUE_CASES, ids=[c["id"] for c in ISSUE_CASES])
def test_issue_case(case: dict[str, str], playbook: Playbook) -> None:
    blocks = _blocks(case["text"], playbook)
    assert blocks == ([case["expect"]] if case["expect"] else []), blocks


@pytest.mark.parametrize(("text", "rule", "span"), [
    ("We can ship to N\u043erth K\u043erea.", "embargo", "N\u043erth K\u043erea"),  # Cyrillic o
    ("I've refunded $\uff11\uff15\uff10 to you.", "refund-cap", "$\uff11\uff15\uff10"),  # full-width digits
    ("We'll ship it to Ir\u200ban.", "embargo", "Ir\u200ban"),  # zero-width space
    ("I see 4111 1111 1111\u200b 1111 on file.", "mask-card-numbers", "4111 1111 1111\u200b 1111"),
    ("Please type the C.V.V. here.", "no-secret-requests", "C.V.V"),
])
def test_disguises_are_seen_and_the_span_is_the_written_one(text: str, rule: str, span: str,
                                                             playbook: Playbook) -> None:
    found = [f for f in check(text, playbook, own_draft=True) if f.rule == rule]
    assert found and found[0].severity == "block" and found[0].text == span


def test_normaliser_maps_back_and_leaves_words_alone() -> None:
    plain = normalise("Nort h Korea, C V V, \uff11\uff15\uff10, e\u0301t\u00e9")
    assert plain.text == "North Korea, CVV, 150, été"
    assert plain.span(0, 11) == (0, 12)
    for text in ("I ran home.", "Plan a or b.", "Vitamin C is fine.", "y o a", "Größe"):
        assert normalise(text).text == text.replace("Vitamin C", "VitaminC")


@pytest.mark.parametrize(("text", "negated"), [
    ("We can't ship", True), ("We are not able to ship", True), ("nous ne livrons", True),
    ("no podemos enviar", True), ("Don't worry, we'll ship", False), ("We don't charge extra for shipping", False),
    ("It isn't a problem to ship", False), ("No worries, we ship", False), ("Kein Problem, wir liefern", False),
])
def test_a_negation_counts_only_when_it_governs_the_act(text: str, negated: bool) -> None:
    act = max(text.rfind(w) for w in ("ship", "livrons", "enviar", "liefern"))
    assert scope.negates(text, act) is negated


@pytest.mark.parametrize("text", [
    "We can't ship to Iran, sorry.", "Unfortunately we don't deliver to Cuba or Syria.",
    "Shipping to Crimea isn't possible because of trade restrictions.", "We ship everywhere except Iran.",
    "Lo siento, no podemos enviar a Irán.", "Nous ne livrons pas en Iran.", "Leider liefern wir nicht in den Iran.",
    "Wir versenden leider nicht nach Kuba oder Syrien.", "El envío a Cuba no es posible.",
])
def test_declining_a_destination_is_fine(text: str, playbook: Playbook) -> None:
    assert _blocks(text, playbook) == []


@pytest.mark.parametrize(("text", "blocked"), [
    ("A refund of $150 needs my team lead's approval, so I've asked for it.", False),
    ("No approval needed: I've refunded $150.", True),
    ("I've refunded $150, no sign-off required.", True),
    ("Un reembolso de 150 € necesita la aprobación de mi responsable.", False),
    ("Un remboursement de 150 € nécessite l'accord de mon responsable.", False),
    ("Eine Erstattung von 150 € braucht die Genehmigung meiner Teamleitung.", False),
    ("I've refunded $60 and added a $60 credit.", True),
    ("I've refunded $60 and the item costs $60.", False),
    ("I can't refund $300 myself; I've sent it to my manager for approval.", False),
    ("Refund issued:\n$135.00", True),
    ("2. Go to the Refunds section.\n3. Enter the amount of $299.", False),
    ("You'll get two hundred dollars back as a refund.", True),
])
def test_refund_cap(text: str, blocked: bool, playbook: Playbook) -> None:
    assert ("refund-cap" in _blocks(text, playbook)) is blocked


@pytest.mark.parametrize(("text", "blocked"), [
    ("You have 6 weeks to return it.", True), ("You can return it within a fortnight.", True),
    ("Tienes 60 días para devolverlo.", True), ("Die Rückgabefrist beträgt 90 Tage.", True),
    ("Vous avez un mois pour le retourner.", False),  # a month is the 30 days
    ("You have 30 days to return it, and the refund takes about 5 days once it arrives.", False),
    ("Sobald die Rücksendung da ist, dauert die Erstattung etwa 7 Tage.", False),
])
def test_return_window(text: str, blocked: bool, playbook: Playbook) -> None:
    assert ("return-window" in _blocks(text, playbook)) is blocked


@pytest.mark.parametrize(("text", "blocked"), [
    ("Pouvez-vous m'envoyer le numéro complet de votre carte ?", True),
    ("Ne partagez jamais votre mot de passe.", False),
    ("Geben Sie Ihr Passwort niemals weiter.", False),
    ("Please note we will never ask for your PIN.", False),
    ("Please don't send your card number in chat.", False),
    ("Don't worry, just reply with your card number.", True),
    ("3. Provide the required details, including your name, email address, and password, to create an account.",
     False),
    ("Type your PIN here and I'll verify the card.", True),
])
def test_secret_requests(text: str, blocked: bool, playbook: Playbook) -> None:
    assert ("no-secret-requests" in _blocks(text, playbook)) is blocked


@pytest.mark.parametrize(("text", "norm"), [
    ("one hundred fifty dollars", "amount:150:USD"), ("a hundred and fifty dollars", "amount:150:USD"),
    ("ciento cincuenta euros", "amount:150:EUR"), ("deux cents euros", "amount:200:EUR"),
    ("hundertfünfzig Euro", "amount:150:EUR"), ("zweihundertfünfzig Euro", "amount:250:EUR"),
    ("45 calendar days", "duration:45:day"), ("a fortnight", "duration:14:day"), ("a full year", "duration:1:year"),
    ("treinta y cinco días", "duration:35:day"),
])
def test_values_read_spelled_amounts_and_more_periods(text: str, norm: str) -> None:
    assert [v.norm for v in find_values(text)] == [norm]


def test_values_keep_coins_and_ranges_apart() -> None:
    assert [v.norm for v in find_values("It costs 50 cents")] == ["number:50"]
    assert [v.norm for v in find_values("between five and ten days")] == ["number:5", "duration:10:day"]


@pytest.mark.parametrize("text", ["4111 1111 1111 1111", "4111.1111.1111.1111", "4111 - 1111 - 1111 - 1111",
                                  "4111 1111\n1111 1111", "4242/4242/4242/4242", "378282246310005"])
def test_one_card_finder_and_mask(text: str) -> None:
    assert card_numbers(f"card {text} ok") == [(5, 5 + len(text))]
    masked = mask_card_numbers(f"card {text} ok")
    assert masked.endswith(f"{text[-4:]} ok") and sum(c.isdigit() for c in masked) == 4


def test_no_card_in_order_numbers_or_placeholders() -> None:
    for text in ("order 4412 and 5521", "0000 0000 0000 0000", "1234 5678 9012 3456", "+1 800 555 0199"):
        assert card_numbers(text) == [] and mask_card_numbers(text) == text


def test_a_rules_own_terms_extend_the_built_in_words(playbook: Playbook) -> None:
    from dataclasses import replace

    from assist.domain.playbook import Rule

    rule = Rule("embargo", "embargo", "block", "no", {"destinations": ["Narnia"], "terms": {"es": ["Cair Paravel"]}})
    custom = replace(playbook, rules=[rule])
    assert _blocks("Enviamos a Cair Paravel mañana.", custom) == ["embargo"]
    assert _blocks("No enviamos a Cair Paravel.", custom) == []


def test_a_playbook_names_bad_terms() -> None:
    from assist.base.errors import InputError
    from assist.domain.playbook import parse

    good = parse('[[rules]]\nid = "e"\nkind = "embargo"\nseverity = "block"\nmessage = "m"\n'
                 'destinations = ["Iran"]\nterms = {es = ["Persia"]}\n')
    assert good.rules[0].params["terms"] == {"es": ["Persia"]}
    with pytest.raises(InputError, match=r"line 7: rules\.e\.terms.*table of languages"):
        parse('[[rules]]\nid = "e"\nkind = "embargo"\nseverity = "block"\nmessage = "m"\n'
              'destinations = ["Iran"]\nterms = ["Persia"]\n')


def test_any_text_is_checked_without_error_and_spans_are_the_written_text(playbook: Playbook) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tricky = ["\u200b", "\u0430", "\uff11", "\u0301", "\ud7ff", "\U0001f600", "\u2028"]
    alphabet = st.sampled_from([*"aeoCVIN rt h 0123456789$€.,:;\n-'", *tricky])

    @settings(max_examples=150, deadline=None)
    @given(st.lists(alphabet, max_size=80).map("".join))
    def run(text: str) -> None:
        plain = normalise(text)
        assert len(plain.origin) == len(plain.text) + 1 and plain.origin[-1] == len(text)
        for f in check(text, playbook, own_draft=True):
            assert 0 <= f.start <= f.end <= len(text) and f.text == text[f.start:f.end]

    run()
