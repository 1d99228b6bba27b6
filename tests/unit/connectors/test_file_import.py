"""Helpdesk export files and the paste command for teams without a live connector."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assist.base.errors import InputError
from assist.cli import main
from assist.connectors import file_import

# Zendesk's JSON export: one ticket a line, comments as the Ticket Comments API shapes them
# (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/).
ZENDESK_LINE = {
    "id": 4412, "subject": "Where is my order?", "status": "open", "requester_id": 7, "tags": ["shipping"],
    "via": {"channel": "native_messaging"},
    "users": [{"id": 7, "name": "Dana Ruiz", "email": "dana@example.com", "role": "end-user"},
              {"id": 9, "name": "Sam Lee", "role": "agent"}, {"id": 11, "name": "Answer Bot", "role": "agent"}],
    "comments": [
        {"id": 1, "author_id": 7, "public": True, "plain_body": "Hi, order 4412 never arrived",
         "created_at": "2026-11-20T10:00:00Z", "via": {"channel": "native_messaging"}},
        {"id": 2, "author_id": 11, "public": True, "plain_body": "Sorry! Let me check.",
         "created_at": "2026-11-20T10:00:04Z", "via": {"channel": "answer_bot_for_web_widget"}},
        {"id": 3, "author_id": 9, "public": False, "plain_body": "Carrier claim opened",
         "created_at": "2026-11-20T10:09:00Z", "via": {"channel": "web"}},
    ],
}
# Freshdesk: a ticket with include=conversations (https://developers.freshdesk.com/api/#view_a_ticket).
FRESHDESK_TICKET = {
    "id": 88, "subject": "Refund", "status": 4, "source": 7, "responder_id": 5,
    "requester": {"id": 3, "name": "Lee Park", "email": "lee@example.com"},
    "description_text": "My mug arrived broken.", "created_at": "2026-11-21T09:00:00Z",
    "conversations": [{"id": 1, "body_text": "Refunded 12.00.", "incoming": False, "private": False, "user_id": 5,
                       "created_at": "2026-11-21T09:05:00Z"},
                      {"id": 2, "body_text": "Thanks!", "incoming": True, "private": False, "user_id": 3,
                       "created_at": "2026-11-21T09:06:00Z"}],
}


def test_zendesk_export_lines(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps(ZENDESK_LINE) + "\n", encoding="utf-8")
    [conversation] = file_import.load(path, "zendesk")
    assert conversation.id == "zendesk:4412" and conversation.channel == "chat"
    assert [m.role for m in conversation.messages] == ["customer", "bot", "note"]
    assert conversation.customer.email == "dana@example.com"


def test_freshdesk_export_list(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps([FRESHDESK_TICKET]), encoding="utf-8")
    [conversation] = file_import.load(path, "freshdesk")
    assert conversation.status == "solved" and conversation.channel == "chat"
    assert [(m.role, m.text) for m in conversation.messages] == [
        ("customer", "My mug arrived broken."), ("agent", "Refunded 12.00."), ("customer", "Thanks!")]


def test_csv_one_message_a_row(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_text("conversation_id,author,text,at\n"
                    "t1,Dana,\"Hi, where is order 4412?\",2026-11-20T10:00:00Z\n"
                    "t1,ShopBot,Let me check,2026-11-20T10:00:04Z\n"
                    "t1,Sam Lee,\"Hi Dana, it ships today.\",2026-11-20T10:05:00Z\n", encoding="utf-8")
    [conversation] = file_import.load(path, "csv", agents=["Sam Lee"])
    assert [m.role for m in conversation.messages] == ["customer", "bot", "agent"]
    assert conversation.customer.name == "Dana"


@pytest.mark.parametrize(("fmt", "content", "expected"), [
    ("zendesk", '{"id": 1}\n', "[0]: expected a ticket with id and comments"),
    ("zendesk", "{not json\n", "line 1 is not JSON"),
    ("freshdesk", '[{"id": 2, "conversations": [{"body_text": "x"}]}]', "conversations[0]: expected a conversation"),
    ("csv", "id,who,what\n1,a,b\n", "header: the header needs author, conversation_id, text"),
    ("csv", "conversation_id,author,text,role\nt,a,b,robot\n", "unknown role 'robot'"),
])
def test_bad_files_name_the_record_and_field(tmp_path: Path, fmt: str, content: str, expected: str) -> None:
    path = tmp_path / "bad"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        file_import.load(path, fmt)


def test_cli_import_and_paste(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    data = ["--data-dir", str(tmp_path / "ws"), "--json"]
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps(ZENDESK_LINE) + "\n", encoding="utf-8")
    assert main(["connectors", "import", str(path), "--format", "zendesk", *data]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 1
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(
        b"[10:02] Dana Ruiz: Hi, my parcel never came\n[10:03] ShopBot: Let me check that\n"
        b"[10:05] Sam: Hi Dana, I'm on it\n")))
    assert main(["paste", "--agent", "Sam", *data]) == 0
    pasted = json.loads(capsys.readouterr().out)
    assert pasted["roles"] == ["customer", "bot", "agent"] and pasted["added"] == 1
