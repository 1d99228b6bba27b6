from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assist.base.errors import InputError
from assist.domain import conversation


def test_round_trip_keeps_unknown_fields(conversation_dict: dict) -> None:
    conversation_dict["priority"] = "high"
    conversation_dict["messages"][0]["sentiment_hint"] = -0.2
    conversation_dict["customer"]["tier"] = "gold"
    parsed = conversation.from_dict(conversation_dict)
    again = conversation.to_dict(parsed)
    assert again["priority"] == "high"
    assert again["messages"][0]["sentiment_hint"] == -0.2
    assert again["customer"]["tier"] == "gold"
    assert conversation.from_dict(again) == parsed


def test_list_and_json_lines(tmp_path: Path, conversation_dict: dict) -> None:
    second = {**conversation_dict, "id": "c-2"}
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([conversation_dict, second]), encoding="utf-8")
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps(conversation_dict) + "\n\n" + json.dumps(second) + "\n", encoding="utf-8")
    assert [c.id for c in conversation.load_file(listed)] == ["c-1", "c-2"]
    assert [c.id for c in conversation.load_file(lines)] == ["c-1", "c-2"]


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda d: d.pop("id"), "(top level)", "'id' is a required property"),
        (lambda d: d.update(channel="fax"), "channel", "'fax' is not one of"),
        (lambda d: d["messages"][1].update(role="robot"), "messages[1].role", "'robot' is not one of"),
        (lambda d: d["messages"][0].update(text=42), "messages[0].text", "should be a string, not a number"),
        (lambda d: d["messages"][0].pop("text"), "messages[0]", "'text' is a required property"),
        (lambda d: d["messages"][2].update(at="yesterday"), "messages[2].at", "not an ISO-8601 time"),
        (lambda d: d["customer"].update(lifetime_value=-5), "customer.lifetime_value", "less than the minimum"),
        (lambda d: d["messages"][0].update(text="x" * 10_000_000), "messages[0].text", "too long"),
        (lambda d: d.update(messages="hello"), "messages", "should be a list, not a string"),
        # The customer's text is never quoted back: a card number typed into the VIP field stays out of the line.
        (lambda d: d["customer"].update(vip="yes 4111 1111 1111 1111"), "customer.vip",
         "should be true or false, not a string"),
    ],
)
def test_bad_fields_are_named(tmp_path: Path, conversation_dict: dict, mutate, field: str, words: str) -> None:
    mutate(conversation_dict)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(conversation_dict), encoding="utf-8")
    with pytest.raises(InputError) as info:
        conversation.load_file(path)
    message = str(info.value)
    assert str(path) in message
    assert field in message
    assert words in message
    assert "\n" not in message


def test_bad_field_in_a_list_names_the_item(tmp_path: Path, conversation_dict: dict) -> None:
    broken = json.loads(json.dumps(conversation_dict))
    broken["messages"][0]["role"] = "robot"
    path = tmp_path / "list.json"
    path.write_text(json.dumps([conversation_dict | {"id": "ok"}, broken]), encoding="utf-8")
    with pytest.raises(InputError, match=r"conversations\[1\]\.messages\[0\]\.role"):
        conversation.load_file(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "binary data"),
        (b'{"id": "caf\xe9"}', "not valid UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"id": "c-1", ', "not valid JSON"),
        (b"", "empty"),
        (b"[]", "no conversations"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        conversation.load_file(path)
    assert words in str(info.value)
    assert str(path) in str(info.value)


def test_duplicate_ids_rejected(tmp_path: Path, conversation_dict: dict) -> None:
    path = tmp_path / "dup.json"
    path.write_text(json.dumps([conversation_dict, conversation_dict]), encoding="utf-8")
    with pytest.raises(InputError, match="appears twice"):
        conversation.load_file(path)


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children,
                                                                                      max_size=4),
                    max_leaves=30))
def test_arbitrary_json_never_crashes(value: object) -> None:
    """Any JSON value either parses into conversations or raises InputError: never anything else."""
    with contextlib.suppress(InputError):
        conversation.parse_text(json.dumps(value), "fuzz.json")
