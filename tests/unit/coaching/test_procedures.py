"""Required steps: the live missed-step warning as soon as a flow shows up, the draft that would skip the step,
the same warning in four languages, the pre-send review on one message, and playbook errors that name the field."""

from __future__ import annotations

import json

import pytest

from assist.base.errors import InputError
from assist.coaching.draft import review
from assist.coaching.procedures import missing_steps
from assist.domain import playbook
from assist.domain.playbook import Playbook
from assist.workspace.workspace import default_playbook_text
from tests.conftest import SHARED_DATA
from tests.unit.coaching.conftest import chat

RESET = "Verify the customer's identity before the reset"


def test_a_detected_flow_warns_before_the_step_is_missed(book: Playbook) -> None:
    opened = chat(("customer", "Hi, I forgot my password and I'm locked out.", 0))
    [warning] = missing_steps(opened, book)
    assert (warning.procedure, warning.step, warning.label) == ("password_reset", "verify_identity", RESET)
    assert warning.detected_at == 0 and warning.acted_at == -1 and warning.trigger in opened.messages[0].text
    draft = "I've reset your password and sent you the reset link."
    [about_to] = missing_steps(opened, book, draft)
    assert about_to.acted_at == -2  # the draft itself would skip the step


def test_the_warning_goes_once_the_identity_is_verified(book: Playbook) -> None:
    verified = chat(("customer", "Hi, I forgot my password and I'm locked out.", 0),
                    ("agent", "Hi Dana, I'm Sam. To verify your identity, could you confirm the date of birth?", 30),
                    ("customer", "1 May 1990", 60))
    assert missing_steps(verified, book) == []
    assert missing_steps(verified, book, "I've reset your password.") == []


def test_no_flow_no_warning(book: Playbook) -> None:
    assert missing_steps(chat(("customer", "Where is my order #NW-1234?", 0)), book) == []


@pytest.mark.parametrize(("language", "text"), [
    ("es", "Hola, olvidé mi contraseña y no puedo entrar."),
    ("fr", "Bonjour, mot de passe oublié, je n'arrive plus à me connecter."),
    ("de", "Hallo, ich habe mein Passwort vergessen."),
])
def test_the_flow_is_detected_in_each_language(language: str, text: str, book: Playbook) -> None:
    [warning] = missing_steps(chat(("customer", text, 0), language=language), book)
    assert warning.procedure == "password_reset"


def test_an_account_change_needs_verification_too(book: Playbook) -> None:
    conversation = chat(("customer", "Hello, I need to change my email to new@example.com.", 0))
    [warning] = missing_steps(conversation, book, "Done: I've updated the account email.")
    assert warning.procedure == "account_change" and warning.acted_at == -2


def test_the_pre_send_review_judges_one_message_criteria(book: Playbook) -> None:
    conversation = chat(("customer", "Hi, I forgot my password and I'm locked out.", 0))
    result = review("Dear valued customer, calm down. I've reset your password.", conversation, book)
    low = {c.id for c in result.criteria if c.score < c.max}
    assert low == {"voice", "tone"}
    assert {c.id for c in result.criteria} == {"voice", "accuracy", "tone", "readability"}
    assert [m.label for m in result.missing_steps] == [RESET]
    assert not result.ok
    fine = review("Hi Dana, to verify your identity, could you confirm your date of birth?", conversation, book)
    assert fine.ok, fine.as_dict()


def test_the_pre_send_review_blocks_a_refund_above_the_cap(book: Playbook) -> None:
    conversation = chat(("customer", "My lamp arrived broken.", 0))
    result = review("I've refunded $400 to your card.", conversation, book)
    accuracy = next(c for c in result.criteria if c.id == "accuracy")
    assert accuracy.score == 0 and accuracy.evidence[0].quote == "$400"


RUBRIC = '[[rubric.criteria]]\nid = "{id}"\nlabel = "X"\n{extra}\n'


@pytest.mark.parametrize(("snippet", "message"), [
    (RUBRIC.format(id="charm", extra='method = "rule"'), "no rule scores 'charm'"),
    (RUBRIC.format(id="charm", extra=""), "description: is required for a model-judged criterion"),
    (RUBRIC.format(id="greeting", extra="scale = 3"), "scale: should be 1"),
    (RUBRIC.format(id="greeting", extra='method = "magic"'), "method: should be rule or model"),
    ('[[procedures]]\nid = "refund"\nlabel = "Refund"\ndetect = ["refund"]\n', "procedures.refund.steps: needs"),
])
def test_rubric_errors_name_the_line_and_field(snippet: str, message: str) -> None:
    text = default_playbook_text().split("[rubric]")[0] + "\n" + snippet
    with pytest.raises(InputError, match="line") as err:
        playbook.parse(text, "playbook.toml")
    assert message in str(err.value)


def test_an_old_rubric_id_is_judged_by_the_model_not_rejected() -> None:
    text = default_playbook_text().split("[rubric]")[0] + "\n" + RUBRIC.format(
        id="next_steps", extra='description = "Says what happens next."')
    [criterion] = playbook.parse(text).rubric
    assert criterion.method == "model"


def test_abcd_flows_that_change_an_account_verify_the_identity_first() -> None:
    """ABCD's agent guidelines (a real company's required steps) put Verify Identity before every account
    update; the starter playbook's account change and password reset flows encode the same order."""
    path = SHARED_DATA / "abcd" / "guidelines.json"
    if not path.exists():
        pytest.skip("../shared/data/abcd is not here")
    flows = json.loads(path.read_text(encoding="utf-8"))
    changes = {name: [a["button"] for a in sub["actions"]] for flow in flows.values()
               for name, sub in flow["subflows"].items() if name.startswith("Manage Change")}
    assert changes and all(b.index("Verify Identity") < b.index("Update Account") for b in changes.values())
    starter = playbook.parse(default_playbook_text())
    steps = {p.id: [s.id for s in p.steps] for p in starter.coaching.procedures}
    assert steps == {"password_reset": ["verify_identity"], "account_change": ["verify_identity"]}
