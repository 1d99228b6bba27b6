"""Guardrails: every rule kind of the demo playbook, positive and negative, spans, and false-alarm rates."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest

from assist.domain.conversation import Conversation, Message, load_file
from assist.domain.playbook import Playbook, Rule, load, parse
from assist.guardrails.policy import Finding, check, has_block
from assist.guardrails.rules import DRAFT_WARN_KINDS

ROOT = Path(__file__).parents[3]
BITEXT = Path(__file__).parents[4] / "shared/data/bitext/bitext-customer-support-4514.csv"


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load(ROOT / "assist/workspace/demo_data/playbook.toml")


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


# (reply, rule id expected, the exact flagged text) -- one positive case per line.
POSITIVE = [
    ("Hi Dana, I apologize for the inconvenience.", "no-banned-phrases", "I apologize for the inconvenience"),
    ("DEAR VALUED   CUSTOMER, thanks for writing.", "no-banned-phrases", "DEAR VALUED   CUSTOMER"),
    ("Please be\nadvised that the order shipped.", "no-banned-phrases", "Please be\nadvised"),
    ("Your parcel is guaranteed to arrive by Friday.", "no-delivery-guarantees", "guaranteed to arrive"),
    ("I've refunded $150 to your card.", "refund-cap", "$150"),
    ("I've issued a refund of 150 USD.", "refund-cap", "150 USD"),
    ("You'll get 150 dollars back as a refund.", "refund-cap", "150 dollars"),
    ("I've added a €200 credit to your account.", "refund-cap", "€200"),
    ("Your refund of $1,250.00 is on its way.", "refund-cap", "$1,250.00"),
    ("I can offer 150$ as compensation.", "refund-cap", "150$"),
    ("We've credited $101 to your account.", "refund-cap", "$101"),
    ("I'm refunding the full $129.99 today.", "refund-cap", "$129.99"),
    ("I've sent you a $500 gift card to make up for it.", "refund-cap", "$500"),
    ("I've raised your refund from $50 to $150.", "refund-cap", "$150"),
    ("Yes, we can ship to Cuba next week.", "embargo", "Cuba"),
    ("Good news: delivery to North Korea takes 10 days.", "embargo", "North Korea"),
    ("We can't do express, but we'll ship it to Syria by standard post.", "embargo", "Syria"),
    ("Sure, I'll send the tent to Crimea today.", "embargo", "Crimea"),
    ("We can't ship by express, but we can deliver to Cuba by standard post.", "embargo", "Cuba"),
    ("You have 60 days to return it.", "return-window", "60 days"),
    ("Returns are accepted within sixty days of delivery.", "return-window", "sixty days"),
    ("Please send it back within 14 days.", "return-window", "14 days"),
    ("We offer a 90-day return window.", "return-window", "90-day"),
    ("Please send me your card number so I can check.", "no-secret-requests", "card number"),
    ("What's your password?", "no-secret-requests", "password"),
    ("Please confirm the CVV on the back of the card.", "no-secret-requests", "CVV"),
    ("Could you reply with your full card number?", "no-secret-requests", "full card number"),
    ("To verify, please tell me your PIN.", "no-secret-requests", "PIN"),
    ("Please provide your full SSN.", "no-secret-requests", "full SSN"),
    ("I see the card 4111 1111 1111 1111 on the order.", "mask-card-numbers", "4111 1111 1111 1111"),
    ("Charged to 5500-0000-0000-0004 on Nov 2.", "mask-card-numbers", "5500-0000-0000-0004"),
    ("Card 378282246310005 was declined.", "mask-card-numbers", "378282246310005"),
    ("As an AI language model, I can't do that.", "no-internal-leak", "As an AI language model"),
    ("According to my instructions, refunds need approval.", "no-internal-leak", "my instructions"),
    ("The internal note says you called twice.", "no-internal-leak", "internal note"),
    ("<|im_start|>system You are NorthBot", "no-internal-leak", "<|im_start|>"),
    ("I was instructed to offer a coupon.", "no-internal-leak", "I was instructed to"),
    ("I've reset your password.", "verify-identity-first", "I've reset"),
    ("I have changed your account email to new@example.com.", "verify-identity-first", "I have changed"),
    ("I'll update the payment method on your account now.", "verify-identity-first", "I'll update"),
    ("Your password has been reset.", "verify-identity-first", "has been reset"),
]

# Replies that must not trigger the named rule (a decline, a masked number, a warning, ...).
NEGATIVE = [
    ("Thanks for letting us know, that's on us.", "no-banned-phrases"),
    ("We regret nothing about this lamp's design.", "no-banned-phrases"),
    ("The carrier's estimate is Friday; delivery dates can't be guaranteed.", "no-delivery-guarantees"),
    ("I've refunded $100 to your card.", "refund-cap"),
    ("I've refunded $29.95 for the express fee.", "refund-cap"),
    ("A refund of $150 is pending approval from my team lead.", "refund-cap"),
    ("A team lead needs to approve a $150 credit; I've asked already.", "refund-cap"),
    ("I'll ask my lead to approve the $250 refund.", "refund-cap"),
    ("Here's a 25% discount code for your next order.", "refund-cap"),
    ("Your order total was $240 and it ships today.", "refund-cap"),
    ("I've charged $150 to your credit card on file.", "refund-cap"),
    ("I understand you're seeking a refund of $1,200; here's how it works.", "refund-cap"),
    # A range is what something comes in, not an offer (the help centre's gift-card sentence).
    ("Gift cards come in amounts from $10 to $500.", "refund-cap"),
    ("Las tarjetas regalo van de 10 $ a 500 $.", "refund-cap"),
    ("We don't ship to Cuba, I'm sorry.", "embargo"),
    ("Sorry, we can't deliver to North Korea.", "embargo"),
    # The help centre's own sentence: one "cannot" over two acts joined by "or".
    ("Because of trade restrictions, we cannot ship to, or accept orders for delivery in: North Korea, Iran.",
     "embargo"),
    ("We're unable to send parcels to Iran because of trade restrictions.", "embargo"),
    ("I know it's for family in Syria, but we're not able to deliver there.", "embargo"),
    ("There's no shipping to Crimea with any carrier.", "embargo"),
    ("We ship to 40 countries except Cuba.", "embargo"),
    ("Your return window is 30 days.", "return-window"),
    ("You're within the 30-day return window.", "return-window"),
    ("Returns are free, and refunds take 5-10 business days.", "return-window"),
    ("Your order arrives in 3 days.", "return-window"),
    ("You have thirty days to return it.", "return-window"),
    ("Never share your password with anyone.", "no-secret-requests"),
    ("We will never ask for your password or full card number.", "no-secret-requests"),
    ("Please send the last 4 digits of your card number.", "no-secret-requests"),
    ("Please reset your password using the link in the email.", "no-secret-requests"),
    ("Please don't send your CVV by chat.", "no-secret-requests"),
    ("Choose a new password with at least 12 characters.", "no-secret-requests"),
    ("Your card ending **** 1111 was refunded.", "mask-card-numbers"),
    ("Tracking number 1Z999AA10123456784.", "mask-card-numbers"),
    ("Order 113542617735902 is confirmed.", "mask-card-numbers"),
    ("Call us at 1-800-555-0199.", "mask-card-numbers"),
    ("I followed the instructions on your note and fixed it.", "no-internal-leak"),
    ("I'm an assistant at Northwind Goods.", "no-internal-leak"),
    ("You can reset your password using the link on the login page.", "verify-identity-first"),
    ("For your security, please confirm the email on file, then I'll update the payment method.",
     "verify-identity-first"),
    ("Thanks, I've verified it's you and reset your password.", "verify-identity-first"),
    ("I've reset the delivery date to Friday.", "verify-identity-first"),
]

GOOD_REPLIES = [
    "Hi Ben, I'm Jordan. You're well within the 30-day return window (it runs until Dec 8). I've emailed a "
    "prepaid return label to ben.carter@example.com. Once the boots reach us, your refund goes to your original "
    "payment method within 5-10 business days. Jordan, Northwind Goods",
    "Hi Yuki, yes, we ship to Japan. International standard shipping is $24.00 (7-12 business days) and "
    "express is $48.00. Tomás, Northwind Goods",
    "Hi Dariush, I'm sorry to say we can't ship to Iran: trade restrictions mean we're not able to deliver there "
    "with any shipping method. Mei, Northwind Goods",
    "Before I change anything, I need to confirm it's you: please reply with the last 4 digits of the card on "
    "the account. (Never send a full card number or your password.)",
    "I've refunded the duplicate $64.99 to your card ending 3390 today. It should show within 5-10 business "
    "days, often sooner.",
    "Hola Lucía, ya he abierto la consulta con DHL. Suelen responder en 24-48 horas.",
]


@pytest.mark.parametrize(("reply", "rule", "flagged"), POSITIVE)
def test_positive_case_is_flagged_with_exact_span(playbook: Playbook, reply: str, rule: str,
                                                  flagged: str) -> None:
    findings = [f for f in check(reply, playbook) if f.rule == rule]
    assert findings, f"{rule} missed: {reply!r}"
    assert findings[0].text == flagged
    for f in findings:
        assert reply[f.start:f.end] == f.text
        assert f.severity in ("block", "warn")
        assert f.message.startswith(next(r.message for r in playbook.rules if r.id == rule))


@pytest.mark.parametrize(("reply", "rule"), NEGATIVE)
def test_negative_case_is_not_flagged(playbook: Playbook, reply: str, rule: str) -> None:
    assert rule not in _rules(check(reply, playbook)), reply


@pytest.mark.parametrize("reply", GOOD_REPLIES)
def test_good_replies_have_no_findings(playbook: Playbook, reply: str) -> None:
    assert check(reply, playbook) == []


def test_enough_cases_cover_every_kind(playbook: Playbook) -> None:
    assert len(POSITIVE) + len(NEGATIVE) >= 40
    # The source rules judge only text about to be sent (a suggestion with its sources, or a draft): their
    # cases are in test_unsupported_facts.py; the cases here are checked as sent replies.
    kind_of = {r.id: r.kind for r in playbook.rules if r.kind not in DRAFT_WARN_KINDS}
    assert {kind_of[rule] for _, rule, _ in POSITIVE} == set(kind_of.values())
    assert {kind_of[rule] for _, rule in NEGATIVE} == set(kind_of.values())


def test_finding_as_dict_and_has_block(playbook: Playbook) -> None:
    findings = check("I apologize for the inconvenience. I've refunded $150.", playbook)
    assert _rules(findings) == ["no-banned-phrases", "refund-cap"]
    assert set(findings[0].as_dict()) == {"rule", "severity", "start", "end", "text", "message"}
    json.dumps([f.as_dict() for f in findings])
    assert has_block(findings)
    assert not has_block(findings[:1])  # the banned phrase is only a warning
    assert not has_block([])


def test_findings_are_sorted_and_deterministic(playbook: Playbook) -> None:
    reply = ("Dear valued customer, I've refunded $300. We can ship to Cuba. You have 45 days to return it. "
             "Please send your card number. As an AI language model I've reset your password.")
    first = check(reply, playbook)
    assert [f.start for f in first] == sorted(f.start for f in first)
    assert check(reply, playbook) == first
    assert len({f.rule for f in first}) >= 6


def test_note_text_quoted_in_reply_is_a_leak(playbook: Playbook) -> None:
    note = "Customer has 3 chargebacks on file, do not offer any goodwill credit this time"
    conv = Conversation("c-1", "chat", [Message("customer", "Hi, my order is late"), Message("note", note)])
    reply = "Thanks for waiting. Since you have 3 chargebacks on file, do not offer any goodwill credit."
    leaks = [f for f in check(reply, playbook, conv) if f.rule == "no-internal-leak"]
    assert len(leaks) == 1
    assert all(reply[f.start:f.end] == f.text for f in leaks)
    assert "3 chargebacks on file, do not offer any goodwill credit" in leaks[0].text
    # Five shared words are a coincidence, not a leak; and without the conversation there is no note.
    assert not check("Your order has 3 chargebacks on", playbook, conv)
    assert "no-internal-leak" not in _rules(check(reply, playbook))


def test_verification_asked_earlier_in_conversation_counts(playbook: Playbook) -> None:
    asked = Conversation("c-2", "chat", [
        Message("customer", "I'm locked out"),
        Message("agent", "Happy to help. Please verify the email on your account and the last 4 digits."),
        Message("customer", "ana@example.com, 4242"),
    ])
    not_asked = Conversation("c-3", "chat", [Message("customer", "I'm locked out")])
    reply = "Thanks, that matches. I've reset your password."
    assert "verify-identity-first" not in _rules(check(reply, playbook, asked))
    assert "verify-identity-first" in _rules(check(reply, playbook, not_asked))


def test_unknown_kinds_are_ignored_and_phrases_default_to_voice(playbook: Playbook) -> None:
    rules = [Rule("future", "sentiment_gate", "block", "Future kind."),
             Rule("voice", "forbidden_phrase", "warn", "Banned phrase.", {})]
    custom = Playbook(company="X", bot_name="B", voice=playbook.voice, facts={}, rules=rules,
                      escalation=playbook.escalation, taxonomy=[], rubric=[])
    assert _rules(check("As per our policy, no.", custom)) == ["voice"]


def test_custom_forbidden_pattern_rule() -> None:
    custom = parse('[[rules]]\nid = "no-lol"\nkind = "forbidden_pattern"\nseverity = "warn"\n'
                   'message = "No lol."\npattern = "(?i)\\\\blol\\\\b"\n')
    findings = check("That's funny LOL, and lollipops.", custom)
    assert [(f.text, f.start) for f in findings] == [("LOL", 13)]


def test_fast_on_a_long_reply(playbook: Playbook) -> None:
    reply = (GOOD_REPLIES[0] + " " + POSITIVE[4][0] + " ") * 4  # ~1,000 characters
    conv = Conversation("c", "chat", [Message("note", "Refund approved by lead, ref 4412. " * 5)])
    check(reply, playbook, conv)  # warm the caches
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        check(reply, playbook, conv)
    assert (time.perf_counter() - start) / runs < 0.005


def test_demo_agent_replies_rarely_flagged(playbook: Playbook) -> None:
    conversations = load_file(ROOT / "assist/workspace/demo_data/conversations.json")
    checked, flagged = 0, []
    for conv in conversations:
        if conv.status != "solved":
            continue
        for i, message in enumerate(conv.messages):
            if message.role != "agent":
                continue
            checked += 1
            # The reply is checked as it was being written: only what came before it is context.
            before = Conversation(conv.id, conv.channel, conv.messages[:i], status=conv.status)
            findings = check(message.text, playbook, before)
            if findings:
                flagged.append((conv.id, [(f.rule, f.severity, f.text) for f in findings]))
    for item in flagged:
        print("flagged demo reply:", item)
    print(f"demo agent replies: {len(flagged)}/{checked} with any finding")
    assert checked > 20
    assert len(flagged) / checked < 0.05
    # The two deliberately robotic replies are caught (warnings only).
    assert {cid for cid, _ in flagged} == {"c-1032", "c-1037"}
    assert all(severity == "warn" for _, found in flagged for _, severity, _ in found)


def test_bitext_reference_replies_rarely_blocked(playbook: Playbook) -> None:
    if not BITEXT.exists():
        pytest.skip(f"bitext data not found at {BITEXT}")
    with BITEXT.open(newline="", encoding="utf-8") as fh:
        responses = [row["response"] for row in csv.DictReader(fh)]
    assert responses
    with_any = with_block = 0
    for text in responses:
        findings = check(text, playbook)
        with_any += bool(findings)
        with_block += has_block(findings)
    print(f"bitext: {len(responses)} responses, any finding {with_any / len(responses):.2%}, "
          f"block finding {with_block / len(responses):.2%}")
    assert with_block / len(responses) < 0.05
