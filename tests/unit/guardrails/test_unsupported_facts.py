"""No fact without a source: unsupported_fact and placeholder, with the cases from the issue."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pytest

from assist.domain.conversation import Conversation, Message
from assist.domain.playbook import Playbook, Rule, load, parse
from assist.guardrails import policy
from assist.guardrails.policy import Finding, correction_text, has_block


def check(text: str, playbook: Playbook, conversation: Conversation | None = None, *,
          sources: Sequence[str] = (), own_draft: bool = False) -> list[Finding]:
    """The check as the suggestion gate runs it: a reply about to be sent, with its cited passages."""
    return policy.check(text, playbook, conversation, sources=sources, own_draft=own_draft)

ROOT = Path(__file__).parents[3]
FACT = Rule("no-unsupported-facts", "unsupported_fact", "block", "No fact without a source.")
HOLE = Rule("no-placeholders", "placeholder", "block", "A placeholder is left in the reply.")


@pytest.fixture(scope="module")
def demo() -> Playbook:
    """The demo playbook (its facts and rules) with the two rules at block."""
    playbook = load(ROOT / "assist/workspace/demo_data/playbook.toml")
    others = [r for r in playbook.rules if r.kind not in ("unsupported_fact", "placeholder")]
    return dataclasses.replace(playbook, rules=[*others, FACT, HOLE])


@pytest.fixture(scope="module")
def bare(demo: Playbook) -> Playbook:
    """Only the two rules and no facts: whatever is supported comes from the sources or the conversation."""
    return dataclasses.replace(demo, facts={}, rules=[FACT, HOLE])


def _found(findings: list[Finding], rule: str = "") -> list[str]:
    return [f.text for f in findings if not rule or f.rule == rule]


def _chat(*turns: tuple[str, str]) -> Conversation:
    return Conversation("c-1", "chat", [Message(role, text) for role, text in turns])  # type: ignore[arg-type]


# --- the cases --------------------------------------------------------------------------------------

def test_placeholder_and_unsupported_date(bare: Playbook) -> None:
    reply = "Your order was delivered to [location] on September 28."
    findings = check(reply, bare, _chat(("customer", "Where is my parcel?")))
    assert _found(findings, "no-placeholders") == ["[location]"]
    assert _found(findings, "no-unsupported-facts") == ["September 28"]
    assert has_block(findings)
    fact = next(f for f in findings if f.rule == "no-unsupported-facts")
    assert "September 28" in fact.message and reply[fact.start:fact.end] == fact.text


def test_a_duration_the_passage_does_not_give_is_unsupported(bare: Playbook) -> None:
    passage = "Standard delivery takes 3-5 business days."
    findings = check("You can expect it in 4 weeks.", bare, sources=[passage])
    assert _found(findings) == ["4 weeks"]
    assert not check("You can expect it in 3-5 business days.", bare, sources=[passage])
    assert not check("It takes 3 to 5 business days.", bare, sources=[passage])


def test_a_transcript_label_is_a_finding(bare: Playbook) -> None:
    reply = "Chatbot: Hello! How can I help?\nCustomer: my order\nBot (AI): Sure."
    assert _found(check(reply, bare), "no-placeholders") == ["Chatbot:", "Customer:", "Bot (AI):"]
    assert _found(check("Hi Dana,\nAgent Sam: I'm on it.", bare)) == ["Agent Sam:"]


def test_a_window_the_passage_gives_is_supported(bare: Playbook) -> None:
    passage = "You can return any item within 30 days of delivery."
    assert not check("You have 30 days to return it.", bare, sources=[passage])
    assert _found(check("You have 30 days to return it.", bare)) == ["30 days"]  # no source: unsupported


def test_the_same_value_in_another_language_is_supported(bare: Playbook) -> None:
    passage = "Items can be returned for 30 days."
    for reply in ("Tiene 30 días para devolverlo.", "Tiene treinta días.", "Vous avez 30 jours.",
                  "Sie haben 30 Tage Zeit.", "You have thirty days."):
        assert not check(reply, bare, sources=[passage]), reply
    assert _found(check("Tiene 60 días para devolverlo.", bare, sources=[passage])) == ["60 días"]


def test_an_amount_the_customer_wrote_is_supported(bare: Playbook) -> None:
    conv = _chat(("customer", "I was charged $89.99 twice for order 4412!"))
    for reply in ("I've refunded the duplicate $89.99.", "I've refunded 89.99 dollars.",
                  "Order #4412: the US$89.99 charge is refunded."):
        assert not check(reply, bare, conv), reply
    assert _found(check("I've refunded $98.99.", bare, conv)) == ["$98.99"]


def test_own_draft_warns_instead_of_blocking(bare: Playbook) -> None:
    reply = "Your order was delivered to [location] on September 28."
    suggestion = check(reply, bare)
    draft = check(reply, bare, own_draft=True)
    assert {f.severity for f in suggestion} == {"block"} and {f.severity for f in draft} == {"warn"}
    assert [(f.rule, f.text) for f in draft] == [(f.rule, f.text) for f in suggestion]
    assert not has_block(draft)


# --- where support comes from ---------------------------------------------------------------------------------

def test_the_playbook_facts_count(demo: Playbook) -> None:
    for reply in ("Returns are free within 30 days.", "You're within the 30-day window.",
                  "Same-day orders must be in by 11 am.", "Refunds take 5-10 business days.",
                  "A lead approves anything above $100.", "It has a 1-year warranty."):
        assert not _found(check(reply, demo), "no-unsupported-facts"), reply
    assert _found(check("It has a 3-year warranty.", demo), "no-unsupported-facts") == ["3-year"]


def test_every_turn_but_notes_counts(bare: Playbook) -> None:
    conv = _chat(("customer", "Hi, my order never arrived"), ("bot", "Your tracking number is 1Z999AA10123456784."),
                 ("agent", "I'll check with UPS by 14:00."), ("note", "Refund of $40 approved, ticket 9981"))
    assert not check("UPS has 1Z999AA10123456784 on the truck; I'll update you by 2 pm.", bare, conv)
    assert _found(check("I've refunded $40.", bare, conv)) == ["$40"]  # only the note says it
    assert _found(check("Your ticket is 9981.", bare, conv)) == ["9981"]


def test_the_customer_record_and_subject_count(bare: Playbook) -> None:
    conv = dataclasses.replace(_chat(("customer", "hello")), subject="Order NW-20931 late")
    conv.customer = dataclasses.replace(conv.customer, email="dana@example.com")
    assert not check("I've sent the label for NW-20931 to dana@example.com.", bare, conv)


def test_identifiers_match_in_any_notation(bare: Playbook) -> None:
    conv = _chat(("customer", "It's order 4412, call me on (800) 555-0199"))
    assert not check("I've found #4412 and will call 1-800-555-0199.", bare, conv)
    assert _found(check("I've found #4413.", bare, conv)) == ["#4413"]


def test_links_dates_and_ranges_from_a_passage(bare: Playbook) -> None:
    passage = ("Start a return at https://help.northwind.example/returns/start. Orders placed before "
               "2026-12-15 arrive by December 24. Refunds take 5-10 business days.")
    for reply in ("Start here: help.northwind.example/returns/start", "See https://help.northwind.example/returns",
                  "It arrives by Dec 24.", "Order by 15 December.", "Allow up to 10 business days.",
                  "Allow 5-10 days."):
        assert not check(reply, bare, sources=[passage]), reply
    assert _found(check("See https://help.northwind.example/refunds", bare, sources=[passage])) == [
        "https://help.northwind.example/refunds"]
    assert _found(check("It arrives by Dec 23.", bare, sources=[passage])) == ["Dec 23"]


# --- what needs no source --------------------------------------------------------------------------------------

@pytest.mark.parametrize("reply", [
    "One of our agents will reach out.",
    "Here's what to do:\n1. Open the app.\n2. Tap Orders.\n3) Tap Return.",
    "Since 2019 we've shipped worldwide.",
    "Please send the last 4 digits of your card.",
    "See [our returns page](https://help.northwind.example/returns).",
    "Your card ending XXXX 1234 is on file.",
    "Repeat steps 2 and 3 for each item.",
    "We send the newsletter once a month.",
    "Thanks for waiting, I'm on it.",
])
def test_no_finding(bare: Playbook, reply: str) -> None:
    conv = _chat(("customer", "my card ending 1234 was charged"))
    assert not check(reply, bare, conv, sources=["https://help.northwind.example/returns"]), reply


@pytest.mark.parametrize(("reply", "hole"), [
    ("Your order [Order Number] has shipped.", "[Order Number]"),
    ("Your order {{Order Number}} has shipped.", "{{Order Number}}"),
    ("Hi {name}, thanks!", "{name}"),
    ("Hi <name>, thanks!", "<name>"),
    ("Your code is XXX.", "XXX"),
    ("Visit our {{Website URL}} for help.", "{{Website URL}}"),
])
def test_template_holes(bare: Playbook, reply: str, hole: str) -> None:
    assert _found(check(reply, bare)) == [hole]


def test_values_inside_a_hole_are_the_holes_finding(bare: Playbook) -> None:
    assert _found(check("- {{Case 1}}\n- {{Case 2}}", bare)) == ["{{Case 1}}", "{{Case 2}}"]


# --- the API around the rules ----------------------------------------------------------------------------------

def test_correction_text_names_what_to_do(bare: Playbook) -> None:
    text = correction_text(check("Delivered to [location] on Sept 28.", bare), bare)
    assert "No fact without a source." in text and "placeholder" in text and "cited articles" in text


def test_old_calls_still_work(demo: Playbook) -> None:
    conv = _chat(("customer", "Order 4412 is late"))
    assert check("Order 4412 is on its way.", demo, conv) == check("Order 4412 is on its way.", demo, conv,
                                                                    sources=(), own_draft=False)


def test_playbook_accepts_the_two_kinds() -> None:
    playbook = parse('[[rules]]\nid = "src"\nkind = "unsupported_fact"\nseverity = "block"\nmessage = "Source?"\n'
                     '[[rules]]\nid = "hole"\nkind = "placeholder"\nseverity = "warn"\nmessage = "Hole."\n')
    assert [(r.kind, r.severity) for r in playbook.rules] == [("unsupported_fact", "block"), ("placeholder", "warn")]
    assert _found(check("Hi [name], see you at 9:30.", playbook)) == ["[name]", "9:30"]


def test_brackets_quoted_from_the_cited_article_are_not_holes(bare: Playbook) -> None:
    passage = "You can also find it in Orders > [your order] > Track package."
    assert not check("Find it in Orders > [your order] > Track package.", bare, sources=[passage])
    assert _found(check("Find it in Orders > [your order] > Track package.", bare)) == ["[your order]"]
