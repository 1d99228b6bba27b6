"""What an agent's action on a suggestion means: inserted or edited, which dismissals count, the override's
audit entry."""

from __future__ import annotations

from assist.base.vocab import Outcome
from assist.guardrails.policy import Finding
from assist.reply import outcomes


def finding(rule: str, severity: str = "block") -> Finding:
    return Finding(rule=rule, severity=severity, start=0, end=4, text="Sure", message=f"{rule} broken")


def test_unchanged_text_is_inserted_and_any_change_is_edited() -> None:
    assert outcomes.insert_outcome("Hi Dana, it ships today.", "Hi Dana, it ships today.") is Outcome.INSERTED
    assert outcomes.insert_outcome("Hi Dana, it ships today.", "Hi Dana, it ships today!") is Outcome.EDITED
    assert outcomes.insert_outcome("Hi Dana.", "Hi Dana. ") is Outcome.EDITED  # whitespace is a change too


def test_a_rewrite_is_edited_even_when_the_text_matches() -> None:
    assert outcomes.insert_outcome("Hi Dana.", "Hi Dana.", rewritten=True) is Outcome.EDITED


def test_outcomes_equal_the_stored_strings() -> None:
    assert outcomes.insert_outcome("a", "a") == "inserted"
    assert outcomes.insert_outcome("a", "b") == "edited"


def test_dismissing_a_rewrite_says_nothing_about_the_suggestion() -> None:
    assert outcomes.dismissal_counts(rewritten=False) is True
    assert outcomes.dismissal_counts(rewritten=True) is False


def test_blocking_rules_are_distinct_sorted_and_skip_warnings() -> None:
    found = [finding("refund_promise"), finding("tone", "warn"), finding("card_number"), finding("refund_promise")]
    assert outcomes.blocking_rules(found) == ["card_number", "refund_promise"]
    assert outcomes.blocking_rules([]) == []


def test_override_detail_names_rules_conversation_and_rewrite() -> None:
    found = [finding("refund_promise"), finding("tone", "warn")]
    assert outcomes.override_detail(found, "c-1042") == {"rules": ["refund_promise"], "conversation": "c-1042"}
    assert outcomes.override_detail(found, "c-1042", "shorter") == {
        "rules": ["refund_promise"], "conversation": "c-1042", "rewrite": "shorter"}


def test_override_entry_points_at_the_suggestion_or_else_the_conversation() -> None:
    assert outcomes.override_entry(17, "c-1042") == ("suggestion.override", "17")
    assert outcomes.override_entry(None, "c-1042") == ("draft.override", "c-1042")
