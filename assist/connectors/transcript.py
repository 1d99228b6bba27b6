"""A chat transcript copied from any tool ("Name: text" lines) turned into a conversation the agent checks
before it is saved. The one transcript parser: the app's paste dialog and first-run screen use it.

Accepted line shapes (times optional, before or after the name; a line without a speaker continues the
message above it):
    Dana Ruiz: my order never came            [10:02] Dana Ruiz: hello
    10:02 AM Sam Lee: Hi Dana                 Dana Ruiz (10:02): hello      Dana Ruiz - 2026-11-20 10:02: hi
    [20/11/2026, 10:02:33] Dana Ruiz: hi     (a chat app's export)
Roles: the agent's own name marks their turns, a bot's name (the playbook's bot, "Bot", "Assistant", "AI",
a name ending in "bot" or marked "(AI)") the bot's, "Note"/"Internal note" a note; the first other speaker is
the customer, and any further speaker is another agent.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from assist.base.errors import InputError
from assist.base.vocab import Role
from assist.domain import conversation as interchange
from assist.domain.conversation import Conversation

MAX_PASTE_CHARS = 200_000
_TIME = r"(?:\d{4}-\d{2}-\d{2}[ T]|\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s)?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?Z?"
_NAME = r"[^\W\d][\w.'’()\- ]{0,38}?"
_LINE = re.compile(
    rf"^\s*(?:[\[(]?(?P<t1>{_TIME})[\])]?\s*[-–|]?\s*)?(?P<name>{_NAME})"
    rf"\s*(?:[\[(]\s*(?P<t2>{_TIME})\s*[\])]|[-–|,]\s*(?P<t3>{_TIME}))?\s*:\s+(?P<text>\S.*)$"
)
_BOT_NAMES = {"bot", "assistant", "ai", "virtual assistant", "chatbot", "ai assistant", "system"}
_NOTE_NAMES = {"note", "internal note", "private note"}
_GENERIC_CUSTOMER = {"customer", "visitor", "user", "guest", "client", "end user"}
_HEADER_WORDS = {"http", "https", "subject", "from", "to", "date", "re", "fw"}  # "Subject: ..." is not a speaker
# "Order: 4412" or "Total: $129" inside a message is a detail the customer typed, not a new speaker.
_FIELD_WORDS = {"order", "order number", "order no", "order id", "email", "e-mail", "phone", "mobile", "address",
                "tracking", "tracking number", "name", "time", "total", "amount", "price", "ref", "reference",
                "account", "account number", "sku", "product", "item", "model", "serial", "serial number", "code",
                "postcode", "zip", "invoice", "case", "ticket", "status", "error", "pedido", "commande", "bestellung"}
# A speaker on a line of their own with the time ("Sofia Rossi  10:02 AM"), the message on the lines below
# (how chat apps like Slack copy).
_HEADING = re.compile(rf"^\s*(?P<name>{_NAME})\s*(?:[-–|·•,]\s*|\s{{2,}}|\s)[\[(]?(?P<time>{_TIME})[\])]?\s*$")


@dataclass(frozen=True)
class _Turn:
    name: str
    time: str
    text: str


def _looks_like_a_name(name: str, known: set[str]) -> bool:
    """A heading's name: a speaker seen before, or up to four capitalised words ("Meet me at 10:02" is text)."""
    name = name.strip()
    if name in known:
        return True
    words = name.split()
    return 0 < len(words) <= 4 and all(w[0].isupper() for w in words) and name.lower() not in _FIELD_WORDS


def _turns(text: str) -> list[_Turn]:
    turns: list[_Turn] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading and _looks_like_a_name(heading.group("name"), {t.name for t in turns}):
            turns.append(_Turn(heading.group("name").strip(), heading.group("time"), ""))
            continue
        match = _LINE.match(line)
        name = match.group("name").strip() if match else ""
        if match and name.lower() not in _HEADER_WORDS and not (turns and name.lower() in _FIELD_WORDS):
            time = match.group("t1") or match.group("t2") or match.group("t3") or ""
            turns.append(_Turn(name, time.strip(), match.group("text").strip()))
        elif turns:
            last = turns[-1]
            turns[-1] = _Turn(last.name, last.time, f"{last.text}\n{line.strip()}".strip())
    return [t for t in turns if t.text]  # a heading with no message under it is no turn


def _iso(time: str) -> str:
    """An ISO timestamp when the transcript gave a date and time; a time alone is kept in the message extra."""
    found = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?Z?", time)
    if not found:
        return ""
    day, hour, minute, second = found.groups()
    return f"{day}T{int(hour):02d}:{minute}:{second or '00'}Z"


def customer_name(author: str) -> str:
    """The customer's name from their speaker label ("" for a generic one like "Customer" or "Visitor")."""
    return "" if author.strip().lower() in _GENERIC_CUSTOMER else author.strip()


def parse(text: str, *, agent_name: str, bot_name: str = "", channel: str = "chat") -> Conversation:
    """The conversation in `text`. Raises InputError (field "transcript") naming what is wrong."""
    if len(text) > MAX_PASTE_CHARS:
        raise InputError(f"too long ({len(text):,} characters; at most {MAX_PASTE_CHARS:,})", field="transcript")
    turns = _turns(text)
    if not turns:
        raise InputError("no \"Name: message\" lines found", field="transcript",
                         hint="Paste the chat as lines like \"Dana Ruiz: my order never came\".")
    agent = agent_name.strip().lower()
    agent_first = agent.split()[0] if agent else ""
    bots = _BOT_NAMES | ({bot_name.strip().lower()} if bot_name.strip() else set())
    customer = ""
    messages: list[dict[str, Any]] = []
    for turn in turns:
        key = turn.name.lower()
        if key in bots or key.endswith("bot") or key.endswith(("(bot)", "(ai)")):  # ShopBot, "Ava (AI)"
            role = Role.BOT
        elif key in _NOTE_NAMES:
            role = Role.NOTE
        elif agent and key in {agent, agent_first, "me", "you", "agent"}:
            role = Role.AGENT
        elif not customer or key == customer:
            customer, role = key, Role.CUSTOMER
        else:
            role = Role.AGENT  # another person on the company's side (an earlier agent)
        message: dict[str, Any] = {"role": str(role), "author": turn.name, "text": turn.text}
        at = _iso(turn.time)
        if at:
            message["at"] = at
        elif turn.time:
            message["time"] = turn.time  # unknown fields are kept, not rejected
        messages.append(message)
    if not any(m["role"] == Role.CUSTOMER for m in messages):
        raise InputError("no customer turn: every speaker is the agent, a bot or a note", field="transcript",
                         hint="Check your name in Settings: turns under it are taken as yours.")
    first_customer = next(m["author"] for m in messages if m["role"] == Role.CUSTOMER)
    first_words = next(m["text"] for m in messages if m["role"] == Role.CUSTOMER).splitlines()[0]
    digest = hashlib.sha1("\n".join(f"{t.name}:{t.text}" for t in turns).encode("utf-8")).hexdigest()[:10]
    data = {
        "id": f"paste-{digest}",  # the same transcript pasted twice is the same conversation
        "channel": channel, "status": "open",
        "subject": first_words if len(first_words) <= 70 else first_words[:69].rstrip() + "…",
        "customer": {"name": customer_name(first_customer)},
        "messages": messages, "source": "paste",
    }
    return interchange.from_dict(data, source="pasted transcript")
