"""A phrase with an apostrophe matches however the customer typed the apostrophe."""

from __future__ import annotations

from assist.base.text import words_regex


def test_either_apostrophe_matches_a_phrase_written_with_one() -> None:
    for written in ("that's not what I asked", "that’s not what I asked"):
        pattern = words_regex([written])
        assert pattern.search("Well, that's not what I asked!")
        assert pattern.search("Well, that’s  not what I asked!")
        assert not pattern.search("that is not what I asked")
