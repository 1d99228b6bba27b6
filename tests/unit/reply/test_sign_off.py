"""A model reply is signed by the person using Assist, never by an earlier agent of the chat."""

from __future__ import annotations

from assist.reply.suggestion import signed_by


def test_a_model_reply_is_signed_by_the_person_using_assist() -> None:
    copied = "Hi Tyler,\nI'm Sam, and I've checked your order.\nSam, Northwind Goods"
    assert signed_by(copied, "Alex Kim", ["Sam Lee"]) == \
        "Hi Tyler,\nI'm Alex, and I've checked your order.\nAlex, Northwind Goods"
    assert signed_by("Hi Tyler,\nThanks!\nBest, Sam", "Alex Kim", ["Sam Lee"]).endswith("Best, Alex")
    other_name = signed_by("Hi Tyler,\nSamantha will call you.\nAlex", "Alex Kim", ["Sam Lee"])
    assert other_name.startswith("Hi Tyler,\nSamantha")  # a whole name only
