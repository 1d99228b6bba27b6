"""`assist eval connectors`: do conversations keep their roles through each helpdesk? Labelled conversations
(interchange JSON, every message with its role) are put into a local Zendesk, Freshdesk and Chatwoot server
(assist/eval/helpdesk_server.py, the documented shapes), synced back by the real connectors, and compared.

Three set-ups per helpdesk, because the same-ruler measures depend on bot turns staying `bot`:
- `marked`: the API says which turns are the bot's (Zendesk via.channel answer_bot, Chatwoot sender_type
  AgentBot, Freshdesk ticket source 12);
- `named`: the API shows the bot as an ordinary agent, and the connector is told its name or id;
- `unconfigured`: the same, with nothing configured (what happens without the setting).
System events ("Handed off to a human") have no place in these APIs (Chatwoot's activity messages are dropped
as not turns), so they are counted apart and left out of the comparison.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from assist.base.vocab import Role
from assist.connectors.registry import KINDS
from assist.connectors.sync import sync_once
from assist.domain import conversation as interchange
from assist.domain.conversation import Conversation
from assist.eval.helpdesk_server import TOKEN, USER, Helpdesk, serving
from assist.store import Store
from assist.store.sync_state import ConnectorRecord

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = [ROOT / "tests" / "data" / "connectors" / "tune.jsonl",
                ROOT / "tests" / "data" / "connectors" / "report.jsonl"]
SETUPS = ("marked", "named", "unconfigured")
BOT_NAME = "ShopBot"


def _epoch(text: str, fallback: float) -> float:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return fallback


def build_desk(conversations: list[Conversation], setup: str) -> tuple[Helpdesk, dict[int, Conversation]]:
    """Each conversation as a ticket; bot turns marked by the API (`marked`) or an ordinary agent's."""
    desk = Helpdesk()
    bot = desk.user(BOT_NAME, "bot" if setup == "marked" else "agent")
    agents: dict[str, int] = {}
    tickets: dict[int, Conversation] = {}
    base = datetime(2026, 11, 1).timestamp()
    for n, c in enumerate(conversations):
        customer = desk.user(c.customer.name or f"Customer {n}", "end-user", c.customer.email)
        start = base + n * 3600
        ticket = desk.ticket(c.subject or f"Conversation {n}", customer, channel="chat" if c.channel == "chat"
                             else "email", via_bot=setup == "marked" and c.started_with_bot, at=start)
        for i, m in enumerate(c.messages):
            at = _epoch(m.at, start + i * 10) if m.at else start + i * 10
            if m.role == Role.SYSTEM:
                desk.say(ticket, bot, "activity", m.text, at)
            elif m.role == Role.CUSTOMER:
                desk.say(ticket, customer, "customer", m.text, at)
            elif m.role == Role.BOT:
                desk.say(ticket, bot, "bot" if setup == "marked" else "agent", m.text, at)
            else:
                name = m.author or "Agent"
                author = agents.setdefault(name, desk.user(name, "agent"))
                desk.say(ticket, author, "note" if m.role == Role.NOTE else "agent", m.text, at)
        tickets[ticket.id] = c
    return desk, tickets


def _measure(kind: str, setup: str, conversations: list[Conversation]) -> dict[str, Any]:
    desk, tickets = build_desk(conversations, setup)
    options: dict[str, Any] = {"initial_days": 3650, "requests_per_minute": 10**9}
    if setup == "named" and kind == "freshdesk":  # Freshdesk messages carry only a user id: configured by id
        options["bot_ids"] = [str(next(u for u, v in desk.users.items() if v["name"] == BOT_NAME))]
    elif setup == "named":
        options["bot_names"] = [BOT_NAME]
    pairs = total = exact = system = 0
    right = bot_true = bot_found = bot_hit = same_text = 0
    with tempfile.TemporaryDirectory() as folder, serving(kind, desk) as base:
        store = Store(Path(folder))
        url = f"{base}/app/accounts/1" if kind == "chatwoot" else base
        record = ConnectorRecord(kind, kind, url, USER, options)
        store.sync.add_connector(record)
        connector = KINDS[kind](record, TOKEN)
        try:
            sync_once(store, connector)
            for tid, expected in tickets.items():
                got = store.conversations.get(f"{kind}:{tid}")
                kept = [m for m in expected.messages if m.role != Role.SYSTEM]
                wanted = [m.role for m in kept]
                system += len(expected.messages) - len(wanted)
                roles = [m.role for m in got.messages] if got else []
                same_text += sum(a.text.strip() == b.text for a, b in zip(kept, got.messages if got else [],
                                                                           strict=False))
                total += 1
                exact += roles == wanted
                for want, have in zip(wanted, roles, strict=False):
                    pairs += 1
                    right += want == have
                    bot_true += want == Role.BOT
                    bot_found += have == Role.BOT
                    bot_hit += want == have == Role.BOT
                pairs += abs(len(wanted) - len(roles))  # a missing or extra message counts as wrong
        finally:
            connector.close()
            store.close()
    return {"conversations": total, "messages": pairs, "role_accuracy": round(right / pairs, 4) if pairs else None,
            "bot_recall": round(bot_hit / bot_true, 4) if bot_true else None,
            "bot_precision": round(bot_hit / bot_found, 4) if bot_found else None,
            "text_exact": round(same_text / pairs, 4) if pairs else None,
            "conversations_exact": round(exact / total, 4) if total else None, "system_events_left_out": system}


def run(paths: list[Path]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path in paths:
        conversations = interchange.load_file(path)
        out[path.name] = {f"{kind}/{setup}": _measure(kind, setup, conversations)
                          for kind in KINDS for setup in SETUPS}
    return out
