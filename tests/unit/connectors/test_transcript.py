"""The one transcript parser: chats copied from real tools become conversations with the right roles."""

from __future__ import annotations

import pytest

from assist.base.errors import InputError
from assist.connectors import transcript

WIDGET_COPY = """[10:02] Dana Ruiz: Hi, order 4412 never arrived
It was due Monday.
[10:02] NorthBot: Sorry to hear that! Let me check the tracking for you.
[10:05] Sam Lee: Hi Dana, I'm Sam from the team
[10:06] Dana Ruiz: thanks, it's been a week
[10:09] Jordan Avery: Hi Dana, Jordan here, I'm taking over from Sam.
"""

CHAT_APP_EXPORT = """[20/11/2026, 10:02:33] Tyler Brooks: my blender came 3 days late
[20/11/2026, 10:03:01] Jordan Avery: Sorry Tyler! Can you share the order number?
[20/11/2026, 10:03:40] Tyler Brooks: 4990
"""

ISO_AND_DASH = """Visitor - 2026-11-20 10:02: where is my refund?
Assistant - 2026-11-20 10:02: I can help with refunds.
Note: customer called twice already
Me - 2026-11-20 10:04: Hi! Let me look into it.
"""


def test_a_widget_copy_gives_customer_bot_earlier_agent_and_me() -> None:
    c = transcript.parse(WIDGET_COPY, agent_name="Jordan Avery", bot_name="NorthBot")
    assert [(m.role, m.author) for m in c.messages] == [
        ("customer", "Dana Ruiz"), ("bot", "NorthBot"), ("agent", "Sam Lee"), ("customer", "Dana Ruiz"),
        ("agent", "Jordan Avery")]
    assert c.messages[0].text == "Hi, order 4412 never arrived\nIt was due Monday."  # continuation kept
    assert c.customer.name == "Dana Ruiz" and c.subject == "Hi, order 4412 never arrived"
    assert c.messages[0].extra == {"time": "10:02"} and c.status == "open" and c.channel == "chat"


def test_a_chat_app_export_with_dates_and_the_agents_first_name() -> None:
    c = transcript.parse(CHAT_APP_EXPORT, agent_name="Jordan")
    assert [m.role for m in c.messages] == ["customer", "agent", "customer"]
    assert c.messages[2].text == "4990"


def test_iso_times_become_timestamps_and_generic_names_no_customer_name() -> None:
    c = transcript.parse(ISO_AND_DASH, agent_name="Jordan Avery")
    assert [m.role for m in c.messages] == ["customer", "bot", "note", "agent"]
    assert c.messages[0].at == "2026-11-20T10:02:00Z"
    assert c.customer.name == ""


def test_the_same_paste_is_the_same_conversation() -> None:
    one = transcript.parse(WIDGET_COPY, agent_name="Jordan Avery")
    two = transcript.parse("\n\n" + WIDGET_COPY + "\n", agent_name="Jordan Avery")
    assert one.id == two.id and one.id.startswith("paste-")


@pytest.mark.parametrize(("text", "problem"), [
    ("just some words without speakers\nand more", "no \"Name: message\" lines"),
    ("Jordan Avery: hello\nBot: hi", "no customer turn"),
    ("x" * (transcript.MAX_PASTE_CHARS + 1), "too long"),
])
def test_bad_pastes_get_one_clear_error(text: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem) as caught:
        transcript.parse(text, agent_name="Jordan Avery")
    assert str(caught.value).startswith("transcript: ")


def test_header_lines_and_links_are_not_speakers() -> None:
    c = transcript.parse("Subject: Refund\nDana: see https://example.com/x\nJordan: ok", agent_name="Jordan")
    assert [(m.role, m.text) for m in c.messages] == [("customer", "see https://example.com/x"), ("agent", "ok")]


def test_bots_are_known_by_their_names() -> None:
    c = transcript.parse("Ava (AI): how can I help?\nShopBot: hello\nDana Ruiz (10:02): my order\nJordan: hi",
                         agent_name="Jordan")
    assert [(m.role, m.author) for m in c.messages] == [
        ("bot", "Ava (AI)"), ("bot", "ShopBot"), ("customer", "Dana Ruiz"), ("agent", "Jordan")]
    assert c.messages[2].extra == {"time": "10:02"}


def test_a_speaker_heading_with_the_time_and_details_typed_inside_a_message() -> None:
    c = transcript.parse("Sofia Rossi  10:02 AM\nHi, my code fails\nmeet me at 10:30\nOrder: 4412\n"
                         "Jordan Avery  10:04 AM\nWhich code?", agent_name="Jordan Avery")
    assert [(m.role, m.author) for m in c.messages] == [("customer", "Sofia Rossi"), ("agent", "Jordan Avery")]
    assert c.messages[0].text == "Hi, my code fails\nmeet me at 10:30\nOrder: 4412"
