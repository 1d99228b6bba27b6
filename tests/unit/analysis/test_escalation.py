"""Escalation triggers: each kind fires on the words that justify it (and not on near misses), in several
languages, only on customer messages, once per (kind, message), with verbatim evidence."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from assist.analysis import escalation
from assist.domain import playbook
from assist.domain.conversation import Conversation, from_dict, load_file

DEMO = Path(__file__).parents[3] / "assist" / "workspace" / "demo_data"


@pytest.fixture(scope="module")
def book() -> playbook.Playbook:
    return playbook.load(DEMO / "playbook.toml")


def chat(*turns: tuple[str, str], vip: bool = False, lifetime_value: float | None = 100.0,
         language: str = "en") -> Conversation:
    data: dict[str, Any] = {
        "id": "t-1",
        "channel": "chat",
        "customer": {"name": "Sam Test", "vip": vip, "lifetime_value": lifetime_value, "language": language},
        "messages": [{"role": role, "text": text} for role, text in turns],
    }
    return from_dict(data)


def ids(conversation: Conversation, book: playbook.Playbook) -> set[str]:
    return {t.id for t in escalation.triggers(conversation, book)}


def fired(conversation: Conversation, book: playbook.Playbook, trigger_id: str) -> list[escalation.Trigger]:
    return [t for t in escalation.triggers(conversation, book) if t.id == trigger_id]


def assert_verbatim(conversation: Conversation, trigger: escalation.Trigger) -> None:
    if trigger.start == trigger.end == 0:
        return  # not a text span (vip, the bot-turn count)
    text = conversation.messages[trigger.message_index].text
    assert text[trigger.start:trigger.end] == trigger.evidence


# --- no trigger ----------------------------------------------------------------------------------------


def test_calm_resolved_chat_needs_no_human(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "Hi, can you tell me how long returns take to process?"),
        ("agent", "Hi! Refunds go back to your card within 5-10 business days of us receiving the parcel."),
        ("customer", "Great, thanks so much for the quick answer!"),
    )
    assert escalation.triggers(conversation, book) == []
    assert escalation.needs_human(conversation, book) is False


def test_empty_conversation(book: playbook.Playbook) -> None:
    assert escalation.triggers(chat(), book) == []


# --- explicit requests -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence", "language"),
    [
        ("Can I talk to a REAL PERSON please", "REAL PERSON", "en"),
        ("I want a manager now.", "manager", "en"),
        ("cancel my account", "cancel my account", "en"),
        ("quiero hablar con una persona por favor", "quiero hablar con una persona", "es"),
        ("Je peux parler à un humain ?", "parler à un humain", "fr"),
        ("Kann ich bitte mit einem Mitarbeiter sprechen?", "Mitarbeiter", "de"),
    ],
)
def test_explicit_request(book: playbook.Playbook, text: str, evidence: str, language: str) -> None:
    conversation = chat(("customer", text), language=language)
    (trigger,) = fired(conversation, book, "explicit_request")
    assert trigger.evidence == evidence
    assert trigger.message_index == 0
    assert_verbatim(conversation, trigger)


@pytest.mark.parametrize(
    "text",
    [
        "The managerial tone of the email was odd",  # a word containing "manager"
        "Is the lamp a real personal favourite?",  # "real person" inside "real personal"
        "Please cancel my order",  # not the account
        "Hablaré con mi hermana",
    ],
)
def test_explicit_request_negative(book: playbook.Playbook, text: str) -> None:
    assert not fired(chat(("customer", text)), book, "explicit_request")


def test_accents_are_kept(book: playbook.Playbook) -> None:
    # "parler a un humain" without the accent is a different phrase in the playbook's eyes
    assert not fired(chat(("customer", "parler a un humain")), book, "explicit_request")


def test_only_customer_messages_fire_text_triggers(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "Where is my parcel?"),
        ("agent", "If you'd like, I can ask a manager or our lawyer, and it ships today."),
    )
    assert ids(conversation, book) == set()


# --- sentiment ----------------------------------------------------------------------------------------------


def test_negative_sentiment(book: playbook.Playbook) -> None:
    conversation = chat(("customer", "This is the worst service ever. Absolutely useless and ridiculous!!!"))
    (trigger,) = fired(conversation, book, "negative_sentiment")
    assert trigger.message_index == 0
    assert_verbatim(conversation, trigger)


def test_neutral_message_is_not_negative(book: playbook.Playbook) -> None:
    assert not fired(chat(("customer", "Can you tell me how to change my billing address?")), book,
                     "negative_sentiment")


def test_sharp_drop_between_customer_messages(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "Thank you so much, that's great!"),
        ("agent", "Happy to help."),
        ("customer", "Actually it's broken again. This is ridiculous and useless."),
    )
    (trigger,) = fired(conversation, book, "sentiment_drop")
    assert trigger.message_index == 2
    assert_verbatim(conversation, trigger)


def test_no_drop_when_the_mood_stays_level(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "Hi, where is my order?"),
        ("agent", "Checking now."),
        ("customer", "Ok, I'll wait for the update."),
    )
    assert not fired(conversation, book, "sentiment_drop")


def test_long_message_evidence_is_one_sentence(book: playbook.Playbook) -> None:
    text = ("Hello there, I am writing about the order I placed in October for my kitchen. " * 3
            + "This is the worst, most useless service I have ever had and I am furious. "
            + "Please get back to me when you can, I am at home most days this week.")
    conversation = chat(("customer", text))
    (trigger,) = fired(conversation, book, "negative_sentiment")
    assert len(trigger.evidence) <= escalation.MAX_EVIDENCE
    assert_verbatim(conversation, trigger)


# --- bot failure ------------------------------------------------------------------------------------------


def test_failure_phrase_after_bot_turn(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "My promo code isn't working"),
        ("bot", "Promo codes go in the Discount code box."),
        ("customer", "That’s not what I asked."),  # typographic apostrophe
    )
    (trigger,) = fired(conversation, book, "bot_failure")
    assert trigger.evidence == "That’s not what I asked"
    assert_verbatim(conversation, trigger)


def test_failure_phrase_to_an_agent_is_not_a_bot_failure(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "My promo code isn't working"),
        ("agent", "Promo codes go in the Discount code box."),
        ("customer", "that didn't help"),
    )
    assert not fired(conversation, book, "bot_failure")


def test_repeated_question_after_bot_answer(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "How do I change the delivery address on my order?"),
        ("bot", "You can find delivery options in your account."),
        ("customer", "how do I change the delivery address on my order"),
    )
    (trigger,) = fired(conversation, book, "bot_failure")
    assert trigger.message_index == 2
    assert_verbatim(conversation, trigger)


def test_different_question_after_bot_answer_is_fine(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "How do I change the delivery address on my order?"),
        ("bot", "Go to Orders > Edit address."),
        ("customer", "Found it, and what are your opening hours on Sunday?"),
    )
    assert not fired(conversation, book, "bot_failure")


def test_customer_still_writing_after_n_bot_turns(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "Where is my parcel?"),
        ("bot", "It is in transit."),
        ("customer", "It was due on Monday."),
        ("bot", "Parcels can be delayed in busy periods."),
        ("customer", "Ok but where is it right now?"),
    )
    (trigger,) = fired(conversation, book, "bot_failure")
    assert trigger.message_index == 4
    assert (trigger.start, trigger.end) == (0, 0)
    assert "2 bot replies" in trigger.evidence


def test_bot_turn_count_resets_when_an_agent_joins(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "Where is my parcel?"),
        ("bot", "It is in transit."),
        ("customer", "It was due on Monday."),
        ("agent", "Let me check with the carrier."),
        ("bot", "Automatic update: your parcel is out for delivery."),
        ("customer", "Ok, thanks for checking."),
    )
    assert not fired(conversation, book, "bot_failure")


def test_bot_failures_setting_is_respected(book: playbook.Playbook) -> None:
    strict = replace(book, escalation=replace(book.escalation, bot_failures=1))
    conversation = chat(("customer", "Where is my parcel?"), ("bot", "It is in transit."),
                        ("customer", "Ok, and when will it arrive?"))
    assert not fired(conversation, book, "bot_failure")
    assert fired(conversation, strict, "bot_failure")


# --- vip -------------------------------------------------------------------------------------------------


def test_vip_by_flag(book: playbook.Playbook) -> None:
    (trigger,) = fired(chat(("customer", "Hi"), vip=True, lifetime_value=50.0), book, "vip")
    assert trigger.message_index == -1
    assert trigger.evidence == "marked VIP"


def test_vip_by_lifetime_value(book: playbook.Playbook) -> None:
    (trigger,) = fired(chat(("customer", "Hi"), lifetime_value=6200.0), book, "vip")
    assert trigger.evidence == "lifetime value $6,200"
    assert trigger.as_dict()["message_index"] == -1


def test_not_vip(book: playbook.Playbook) -> None:
    assert not fired(chat(("customer", "Hi"), lifetime_value=4999.0), book, "vip")
    assert not fired(chat(("customer", "Hi"), lifetime_value=None), book, "vip")


# --- time-sensitive --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("I need it today, it's urgent", "today"),  # a playbook word
        ("Is same-day delivery possible?", "same-day"),
        ("Necesito el pedido hoy", "hoy"),
        ("Will it arrive by Friday?", "by Friday"),  # a deadline by regex
        ("Can you get it to me before the 25th", "before the 25th"),
        ("the party is tomorrow", "tomorrow"),
        ("We leave on Nov 28 so I need it before then", "Nov 28"),  # a forward-looking date
        ("my guests arrive on the 28th", "the 28th"),
    ],
)
def test_time_sensitive(book: playbook.Playbook, text: str, evidence: str) -> None:
    conversation = chat(("customer", text))
    (trigger,) = fired(conversation, book, "time_sensitive")
    assert trigger.evidence == evidence
    assert_verbatim(conversation, trigger)


@pytest.mark.parametrize(
    "text",
    [
        "It arrived today, thanks!",  # a day word about the past
        "I was charged twice on Nov 12",  # a date that is history
        "order 5401 says 'label created' since Nov 18",
        "I had to go to urgent care",  # "urgent care" is a place, not urgency
        "card exp 09/28",
    ],
)
def test_time_sensitive_negative(book: playbook.Playbook, text: str) -> None:
    assert not fired(chat(("customer", text)), book, "time_sensitive")


# --- legal and safety --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("I'm filing a chargeback with my bank", "chargeback"),
        ("The kettle burned my hand and I went to urgent care", "burned"),
        ("Hablaré con mi abogado", "abogado"),
        ("Ich rufe meinen Anwalt an", "Anwalt"),
        ("I will sue you", "sue"),
    ],
)
def test_legal_safety(book: playbook.Playbook, text: str, evidence: str) -> None:
    conversation = chat(("customer", text))
    (trigger,) = fired(conversation, book, "legal_safety")
    assert trigger.evidence == evidence


@pytest.mark.parametrize("text", ["There is an issue with my order", "The fire pit cover is the wrong size"])
def test_legal_safety_negative(book: playbook.Playbook, text: str) -> None:
    assert not fired(chat(("customer", text)), book, "legal_safety")


# --- ordering, uniqueness, evidence --------------------------------------------------------------------


def test_one_trigger_per_kind_and_message_first_span(book: playbook.Playbook) -> None:
    conversation = chat(("customer", "Get me a manager, or a supervisor, or a real person"))
    (trigger,) = fired(conversation, book, "explicit_request")
    assert trigger.evidence == "manager"


def test_ordered_by_message_then_id(book: playbook.Playbook) -> None:
    conversation = chat(
        ("customer", "I need it by Friday, get me a manager"),
        ("bot", "Let me check."),
        ("customer", "I'm filing a chargeback. This is useless and the worst service ever!!!"),
        vip=True,
    )
    found = escalation.triggers(conversation, book)
    keys = [(t.message_index, t.id) for t in found]
    assert keys == sorted(keys)
    assert keys[0] == (-1, "vip")
    assert {t.id for t in found} <= set(escalation.TRIGGER_IDS)
    assert found == escalation.triggers(conversation, book)  # deterministic


def test_as_dict(book: playbook.Playbook) -> None:
    (trigger,) = fired(chat(("customer", "agent please")), book, "explicit_request")
    assert trigger.as_dict() == {"id": "explicit_request", "message_index": 0, "evidence": "agent please",
                                 "start": 0, "end": 12}


def test_demo_evidence_is_verbatim_and_handoffs_need_a_human(book: playbook.Playbook) -> None:
    for conversation in load_file(DEMO / "conversations.json"):
        for trigger in escalation.triggers(conversation, book):
            assert_verbatim(conversation, trigger)
        handed_off = any(m.role == "system" and m.text.startswith("Handed off to a human agent")
                         for m in conversation.messages)
        if handed_off:
            assert escalation.needs_human(conversation, book), conversation.id


def test_forty_message_chat_timing(book: playbook.Playbook) -> None:
    turns: list[tuple[str, str]] = []
    for i in range(20):
        turns.append(("customer", f"Message {i}: my order 44{i:02d} is still not here and I need it by Friday!"))
        turns.append(("bot", "Sorry about that. Parcels can be delayed in busy periods."))
    conversation = chat(*turns)
    escalation.triggers(conversation, book)  # warm up (weights load once)
    started = time.perf_counter()
    escalation.triggers(conversation, book)
    print(f"triggers() on a 40-message chat: {1000 * (time.perf_counter() - started):.1f} ms")
