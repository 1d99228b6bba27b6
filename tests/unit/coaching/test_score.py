"""Coaching one conversation: known flaws mark down exactly their criterion, with verbatim evidence; a good
chat scores at least 85; the bot and a human are measured with the same ruler; too short is not scored 0;
the critical rule; model criteria shown but not counted; advice for the weakest criteria."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assist.coaching.report import Report
from assist.coaching.score import coach
from assist.domain.conversation import Conversation
from assist.domain.playbook import Playbook
from assist.llm.engines.fake import FakeEngine
from assist.workspace.coaching_flow import CoachingFlow
from tests.unit.coaching.conftest import chat

GOOD = chat(
    ("customer", "Hi, my order #NW-20931 hasn't arrived and it's for my son's birthday.", 0),
    ("agent", "Hi Dana, I'm Sam. I'm sorry it hasn't turned up, I know the birthday matters.", 50),
    ("agent", "I've checked #NW-20931: it's at the depot, so I've opened a trace and you'll get an email today.", 150),
    ("customer", "Okay, thanks for sorting that.", 200),
    ("agent", "You're welcome, Dana. Is there anything else I can help with? Sam, Northwind Goods", 230),
)

FLAWED = {
    "greeting": chat(
        ("customer", "My order #NW-30012 says delivered but there's nothing on my doorstep.", 0),
        ("agent", "I'm sorry, that's worrying. I've opened a carrier claim for #NW-30012 and you'll hear back "
                  "today.", 60),
        ("customer", "Okay.", 120),
        ("agent", "Is there anything else I can help with? Sam, Northwind Goods", 140)),
    "voice": chat(
        ("customer", "Hi, I was charged twice for order #NW-41200. This is really frustrating.", 0),
        ("agent", "Hi Dana, I'm Sam. I apologize for the inconvenience. I understand how frustrating that is.", 60),
        ("agent", "I've refunded the duplicate charge on #NW-41200; it shows on your card in 5-10 business days.", 150),
        ("customer", "Thank you.", 200),
        ("agent", "You're welcome. Is there anything else I can help with? Sam, Northwind Goods", 220)),
    "procedure": chat(
        ("customer", "Hi, I forgot my password and I can't log in.", 0),
        ("agent", "Hi Dana, I'm Sam. Sorry you can't get in, that's a pain.", 40),
        ("agent", "I've reset your password and sent the reset link to your email.", 100),
        ("customer", "Thanks, that worked.", 200),
        ("agent", "Glad to hear it. Anything else I can help with? Sam, Northwind Goods", 220)),
    "accuracy": chat(
        ("customer", "Hi, my sofa cushions arrived stained and I'm really disappointed.", 0),
        ("agent", "Hi Dana, I'm Sam. I'm sorry the cushions arrived stained, that's disappointing.", 60),
        ("agent", "I've issued a refund of $250 to your card; you'll see it in 5-10 business days.", 140),
        ("customer", "Thank you.", 200),
        ("agent", "You're welcome, Dana. Anything else I can help with? Sam, Northwind Goods", 220)),
    "responsiveness": chat(
        ("customer", "Hi, where is my order #NW-50210? It was due yesterday.", 0),
        ("agent", "Hi Dana, I'm Sam. Sorry it's late, I know waiting is frustrating. I've checked #NW-50210: "
                  "it's out for delivery today.", 14 * 60),
        ("customer", "Okay, thanks.", 15 * 60),
        ("agent", "Anything else I can help with? Sam, Northwind Goods", 15 * 60 + 20)),
}

LOOPING_BOT = chat(
    ("customer", "Hello, my promo code SPRING20 doesn't work.", 0),
    ("bot", "Hi Dana! Promo codes are entered at checkout in the 'Discount code' box.", 2),
    ("customer", "I know, I entered it there and it says invalid.", 30),
    ("bot", "Promo codes are entered at checkout in the 'Discount code' box.", 32),
    ("customer", "You already said that.", 50),
    ("bot", "Promo codes are entered at checkout in the 'Discount code' box. Anything else?", 52),
)


def marked_down(report: Report) -> set[str]:
    return {c.id for c in report.criteria if c.counted and c.score < c.max}


def only(reports: list[Report]) -> Report:
    assert len(reports) == 1
    return reports[0]


def test_a_good_conversation_scores_at_least_85(flow: CoachingFlow) -> None:
    report = only(flow.score(GOOD))
    assert report.scored_as == "agent" and report.author == "Sam Lee"
    assert marked_down(report) == set()
    assert report.overall is not None and report.overall >= 85
    assert report.strengths


@pytest.mark.parametrize("flaw", sorted(FLAWED))
def test_a_known_flaw_marks_down_exactly_its_criterion_with_evidence(flaw: str, flow: CoachingFlow) -> None:
    conversation = FLAWED[flaw]
    report = only(flow.score(conversation))
    assert marked_down(report) == {flaw}
    criterion = next(c for c in report.criteria if c.id == flaw)
    assert criterion.evidence and criterion.method == "rule"
    for e in criterion.evidence:
        assert e.quote and e.quote in conversation.messages[e.message_index].text  # verbatim, never invented
    assert criterion.suggestion
    assert report.improvements


def test_the_quotes_name_the_flaw(flow: CoachingFlow) -> None:
    quotes = {flaw: [e.quote for c in only(flow.score(c)).criteria if c.id == flaw for e in c.evidence]
              for flaw, c in FLAWED.items()}
    assert "I apologize for the inconvenience" in quotes["voice"]
    assert any("$250" in q for q in quotes["accuracy"])
    assert any("reset" in q.lower() for q in quotes["procedure"])


def test_refund_above_the_cap_is_critical_and_zeroes_the_overall(flow: CoachingFlow) -> None:
    report = only(flow.score(FLAWED["accuracy"]))
    assert report.zeroed_by == "accuracy" and report.overall == 0.0
    assert "critical" in report.overall_rule


def test_a_looping_bot_is_marked_down_for_comprehension(flow: CoachingFlow) -> None:
    report = only(flow.score(LOOPING_BOT))
    assert report.scored_as == "bot" and report.author == "NorthBot"
    assert "comprehension" in marked_down(report)
    assert {"greeting", "voice", "tone", "procedure", "accuracy"}.isdisjoint(marked_down(report))


@pytest.mark.parametrize("conversation", [LOOPING_BOT, FLAWED["procedure"]], ids=["bot", "agent"])
def test_the_same_transcript_scored_as_bot_or_human_gives_the_same_criteria(conversation: Conversation,
                                                                             flow: CoachingFlow) -> None:
    as_bot = only(flow.score(conversation, scored_as="bot"))
    as_human = only(flow.score(conversation, scored_as="agent"))
    assert (as_bot.scored_as, as_human.scored_as) == ("bot", "agent")
    assert [(c.id, c.score) for c in as_bot.criteria] == [(c.id, c.score) for c in as_human.criteria]


def test_a_handed_off_chat_gets_two_reports(flow: CoachingFlow) -> None:
    conversation = chat(
        ("customer", "Hi, my package shows delivered but I never got it, order #NW-90500.", 0),
        ("bot", "Hi Dana! You can track your order with the tracking link in your confirmation email.", 3),
        ("customer", "It shows delivered but I never got it, order #NW-90500.", 40),
        ("bot", "You can track your order with the tracking link in your confirmation email.", 43),
        ("customer", "That didn't help. I want a person.", 80),
        ("agent", "Hi Dana, I'm Sam. Sorry about the missing parcel. I've opened a carrier claim for #NW-90500.", 150),
        ("customer", "Thank you, finally.", 200),
        ("agent", "Anything else I can help with? Sam, Northwind Goods", 215))
    bot, agent = flow.score(conversation)
    assert (bot.scored_as, agent.scored_as) == ("bot", "agent")
    assert set(bot.message_indexes) == {1, 3} and set(agent.message_indexes) == {5, 7}
    assert "comprehension" in marked_down(bot)
    assert "comprehension" not in marked_down(agent)


@pytest.mark.parametrize(("turns", "reason"), [
    ((("agent", "Hi there, how can I help you today with your order?", 0),), "no_customer"),
    ((("customer", "Hi, my order never arrived, can someone look at it please?", 0),), "no_reply"),
    ((("customer", "Hi?", 0), ("agent", "Hello!", 30)), "too_short"),
])
def test_too_short_to_judge_is_not_scored_never_zero(turns: tuple[tuple[str, str, int], ...], reason: str,
                                                     flow: CoachingFlow) -> None:
    report = only(flow.score(chat(*turns)))
    assert report.not_scored == reason and report.not_scored_detail
    assert report.overall is None and not report.criteria
    assert report.as_dict()["overall"] is None


def test_the_weakest_criteria_get_a_rewrite_of_their_message(flow: CoachingFlow) -> None:
    greeting = next(c for c in only(flow.score(FLAWED["greeting"])).criteria if c.id == "greeting")
    assert greeting.rewrite.startswith("Hi Dana,") and greeting.rewrite_index == 1
    voice = next(c for c in only(flow.score(FLAWED["voice"])).criteria if c.id == "voice")
    assert "I apologize for the inconvenience" not in voice.rewrite and voice.rewrite
    procedure = next(c for c in only(flow.score(FLAWED["procedure"])).criteria if c.id == "procedure")
    assert "verify your identity" in procedure.rewrite


def test_model_criteria_are_shown_not_counted_and_listed_when_unjudged(book: Playbook) -> None:
    without = only(coach(GOOD, book))
    assert without.not_judged == ("next_steps",)
    assert "next_steps" not in {c.id for c in without.criteria}
    engine = FakeEngine()
    judged = only(coach(GOOD, book, engine=engine))
    model = next(c for c in judged.criteria if c.id == "next_steps")
    assert model.method == "model" and not model.counted
    assert model.evidence == ()  # the fake model's quote is in no message: dropped, never shown as evidence
    assert engine.params[0].json_schema is not None  # schema-bound JSON
    assert judged.overall == without.overall  # a model score never moves the overall


def test_a_report_round_trips_through_its_dict(flow: CoachingFlow) -> None:
    report = only(flow.score(FLAWED["voice"]))
    assert Report.from_dict(report.as_dict()).as_dict() == report.as_dict()


def test_a_dispute_rescore_recomputes_the_overall(flow: CoachingFlow) -> None:
    report = only(flow.score(FLAWED["accuracy"]))
    fixed = report.with_scores({"accuracy": 2})
    assert fixed.zeroed_by == "" and fixed.overall is not None and fixed.overall >= 85


def test_without_a_rubric_nothing_is_scored_never_a_free_100(book: Playbook) -> None:
    report = only(coach(GOOD, replace(book, rubric=[])))
    assert report.not_scored == "no_rubric" and report.overall is None
