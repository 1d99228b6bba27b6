"""A rewrite that fails its checks is tried once more, told what was wrong, and refused when it fails again:
the input comes back unchanged with a note, never a broken text shown as a success (fake engine)."""

from __future__ import annotations

import threading

import pytest

from assist.base.vocab import RewriteProblem
from assist.domain import conversation, playbook
from assist.llm.engine import CancelToken
from assist.llm.engines.fake import FakeEngine
from assist.llm.worker import EngineWorker
from assist.reply.rewrite import Rewrite, rewrite, rewrite_async
from assist.workspace.workspace import default_playbook_text

DRAFT = ("Hi Dana, I'm so sorry about this. I checked order 4412 and it really did get lost. I've refunded $150 "
         "to your card, and it should show within 5 business days. Thanks, Sam")
GOOD_SHORT = "Hi Dana, order 4412 was lost, so I've refunded $150; it shows within 5 business days. Sam"
DROPS_AMOUNT = "Hi Dana, order 4412 was lost, so I've refunded you. It shows soon. Sam"


@pytest.fixture(scope="module")
def pb() -> playbook.Playbook:
    return playbook.parse(default_playbook_text(), "starter")


@pytest.fixture
def conv(conversation_dict: dict) -> conversation.Conversation:
    return conversation.from_dict(conversation_dict)


@pytest.fixture
def spanish(conversation_dict: dict) -> conversation.Conversation:
    conversation_dict["customer"]["language"] = "es"
    return conversation.from_dict(conversation_dict)


def test_shorter_asks_for_a_word_count_under_the_promise(pb, conv) -> None:
    engine = FakeEngine(GOOD_SHORT)
    made = rewrite(engine, DRAFT, "shorter", conv, pb)
    assert "Use at most 22 words." in engine.prompts[0].segments[-1]  # 0.65 of the draft's 34 words
    assert made.accepted and made.text == GOOD_SHORT and made.attempts == 1 and made.problems == []


def test_a_refused_try_is_retried_with_what_was_wrong(pb, conv) -> None:
    engine = FakeEngine(replies=[DROPS_AMOUNT, GOOD_SHORT])
    streamed: list[str] = []
    restarts: list[int] = []
    made = rewrite(engine, DRAFT, "shorter", conv, pb, on_token=streamed.append,
                   on_restart=lambda: restarts.append(1))
    assert made.accepted and made.text == GOOD_SHORT and made.attempts == 2
    retry = engine.prompts[1].segments[-1]
    assert "Your last attempt dropped $150, 5 business days: do better this time." in retry
    assert engine.params[1].temperature < engine.params[0].temperature
    # Only the first try streams, after the draft's greeting (the model greeted again: the result keeps one).
    assert "".join(streamed) == "Hi Dana, " + DROPS_AMOUNT and restarts == [1]


def _translating(engine: FakeEngine) -> FakeEngine:
    engine.model_id = "server:test-model"  # as the company's model server: translate is offered there
    return engine


def test_translate_is_not_tried_on_a_model_that_cannot_translate(pb, spanish) -> None:
    engine = FakeEngine("Hola Dana, el pedido 4412 se perdió. Sam")  # model_id "fake": not in the catalogue
    made = rewrite(engine, DRAFT, "translate", spanish, pb)
    assert engine.prompts == [] and made.attempts == 0  # never asked: no "translation" that garbles the draft
    assert made.unavailable and not made.accepted and made.text == DRAFT
    assert made.note.startswith("Not translated: Translation needs the company's model server")


def test_refused_twice_leaves_the_text_unchanged_and_says_why(pb, spanish) -> None:
    # Translate has no rule-based form: two refused tries and the text stays as it is.
    engine = _translating(FakeEngine(replies=["Hola Dana, el pedido se perdió. Sam", DRAFT + " " + DRAFT]))
    made = rewrite(engine, DRAFT, "translate", spanish, pb)
    assert not made.accepted and made.text == DRAFT and made.attempts == 2 and not made.by_rules
    assert made.model_text == DRAFT + " " + DRAFT
    assert {p.kind for p in made.problems} >= {RewriteProblem.LANGUAGE, RewriteProblem.REPEATED}
    assert made.note.startswith("Not rewritten: the model's version ")
    assert made.note.endswith("the text is unchanged.")


def test_refused_twice_the_rules_stand_in_when_they_pass_the_checks(pb, conv) -> None:
    padded = DRAFT.replace(" Thanks, Sam", " Thanks so much for your patience, I hope this helps. Thanks, Sam")
    engine = FakeEngine(replies=[DROPS_AMOUNT, padded + " " + padded])
    made = rewrite(engine, padded, "shorter", conv, pb)
    assert made.accepted and made.by_rules and made.attempts == 2
    # Filler sentences and words cut ("I hope this helps", "really"), every value and the sign-off kept.
    assert made.text == ("Hi Dana, I checked order 4412 and it did get lost. I've refunded $150 to your card, and it "
                         "should show within 5 business days. Thanks, Sam")
    assert made.note.startswith("The model's version is not shorter")
    assert made.note.endswith(": rewritten by Assist's own rules.")


def test_the_rewrite_starts_with_the_draft_s_greeting_not_a_transcript_label(pb, conv) -> None:
    engine = FakeEngine("Customer Dana Ruiz: order 4412 was lost, so I've refunded $150; it shows within 5 "
                        "business days. Sam")
    made = rewrite(engine, DRAFT.replace("Hi Dana", "hi dana"), "shorter", conv, pb)
    assert engine.prompts[0].reply_start == "Hi Dana,"
    assert made.accepted and made.text == GOOD_SHORT


def test_labels_and_a_restart_are_cleaned_off(pb, conv) -> None:
    junk = f"Draft:\n{GOOD_SHORT}\nDraft: {GOOD_SHORT} {GOOD_SHORT}"
    made = rewrite(FakeEngine(junk), DRAFT, "shorter", conv, pb)
    assert made.accepted and made.text == GOOD_SHORT and not made.by_rules


def test_empty_reply_is_refused(pb, spanish) -> None:
    made = rewrite(_translating(FakeEngine("   ")), DRAFT, "translate", spanish, pb)
    assert not made.accepted and made.text == DRAFT and made.note.startswith("Not rewritten: the model returned")


def test_a_stopped_rewrite_is_not_accepted(pb, conv) -> None:
    cancel = CancelToken()
    cancel.cancel()
    made = rewrite(FakeEngine(GOOD_SHORT), DRAFT, "shorter", conv, pb, cancel=cancel)
    assert made.cancelled and not made.accepted and made.text == DRAFT and made.attempts == 1


def test_the_agent_s_own_draft_gets_warnings_not_blocks(pb, conv) -> None:
    # The agent may know a value no source gives; a rewrite that keeps it is the agent's text, warned.
    own = "Hi Dana, your replacement ships on Nov 28 with tracking 1Z999AA10123456784. Sam"
    engine = FakeEngine("Hello Dana, your replacement ships on Nov 28 with tracking 1Z999AA10123456784. Sam")
    made = rewrite(engine, own, "formal", conv, pb, own_draft=True)
    assert made.accepted and not made.blocked


def test_async_retry_runs_on_the_worker_and_reports_once(pb, conv) -> None:
    worker = EngineWorker(lambda: FakeEngine(replies=[DROPS_AMOUNT, GOOD_SHORT])).start()
    assert worker.wait_ready(10)
    results: list[Rewrite] = []
    restarts: list[str] = []
    done = threading.Event()

    def finished(made: Rewrite) -> None:
        results.append(made)
        restarts.append(threading.current_thread().name)
        done.set()

    rewrite_async(worker, DRAFT, "shorter", conv, lambda: pb, on_token=lambda _t: None, on_done=finished,
                  on_error=lambda exc: done.set())
    assert done.wait(10)
    worker.stop()
    assert [r.text for r in results] == [GOOD_SHORT] and results[0].attempts == 2
    assert restarts == ["assist-engine"]


def test_async_stop_cancels_the_try_under_way(pb, conv) -> None:
    worker = EngineWorker(lambda: FakeEngine(GOOD_SHORT, delay_s=0.05)).start()
    assert worker.wait_ready(10)
    results: list[Rewrite] = []
    done = threading.Event()
    first = threading.Event()

    def finished(made: Rewrite) -> None:
        results.append(made)
        done.set()

    handle = rewrite_async(worker, DRAFT, "shorter", conv, lambda: pb, on_token=lambda _t: first.set(),
                           on_done=finished, on_error=lambda exc: done.set())
    assert first.wait(10)
    handle.cancel()
    assert done.wait(10)
    worker.stop()
    assert results[0].cancelled and not results[0].accepted and results[0].text == DRAFT


def test_a_shorter_that_neither_the_model_nor_the_rules_can_make_says_why(pb, conv) -> None:
    dense = "Hi Dana, order 4412 ships on Dec 6 by 10:00. The refund of $20 is back in 5 days. Sam"
    made = rewrite(FakeEngine("Hi Dana, it ships soon. Sam"), dense, "shorter", conv, pb)
    assert not made.accepted and made.text == dense and not made.by_rules
    assert made.note.startswith("Not rewritten: the model's version dropped 4412")
    assert made.note.endswith("there is no filler to cut without losing a detail. The text is unchanged.")
