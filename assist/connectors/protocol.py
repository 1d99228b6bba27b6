"""What every helpdesk connector offers, and the options a connector record carries.

A connector lists what changed since a cursor (pages of remote tickets), fetches one ticket with every message
as a Conversation (bot turns as `bot`, private comments as `note`, activity and template messages dropped),
adds tags without removing others, and posts internal notes. No helpdesk of the three has an API for a reply
draft an agent then sends, so `supports_drafts` is False for all of them and Assist copies to the clipboard.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from assist.base.vocab import WriteBack
from assist.connectors.http import Http
from assist.domain.conversation import Conversation
from assist.store.sync_state import ConnectorRecord

DEFAULT_TAG_PREFIX = "assist_"
DEFAULT_POLL_SECONDS = 30
DEFAULT_WRITE_BACK = {WriteBack.TAGS: True, WriteBack.HANDOFF_NOTE: True, WriteBack.WRAP_UP_NOTE: True,
                      WriteBack.COACHING_NOTE: False}


@dataclass
class Options:
    """A connector's settings, kept as JSON in the store (never its token)."""

    bot_names: list[str] = field(default_factory=list)  # author names that are the AI bot
    bot_ids: list[str] = field(default_factory=list)  # author/user ids that are the AI bot
    tag_prefix: str = DEFAULT_TAG_PREFIX
    write_back: dict[str, bool] = field(default_factory=lambda: {str(k): v for k, v in DEFAULT_WRITE_BACK.items()})
    poll_seconds: int = DEFAULT_POLL_SECONDS
    requests_per_minute: int = 60  # per workstation (Zendesk plans allow 200-700 a minute per account)
    use_export: bool = False  # Zendesk: the admin incremental export instead of this agent's own queue
    queue_query: str = ""  # Zendesk search / Chatwoot assignee type; "" = the connector's default
    initial_days: int = 7  # how far back the first sync looks

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Options:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        options = cls(**known)
        options.write_back = {w.value: bool(options.write_back.get(w.value, DEFAULT_WRITE_BACK[w])) for w in WriteBack}
        return options

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def is_bot(self, name: str, author_id: str) -> bool:
        return (bool(author_id) and author_id in {str(b) for b in self.bot_ids}) or (
            bool(name) and name.casefold() in {b.casefold() for b in self.bot_names})


@dataclass(frozen=True)
class Remote:
    """One changed ticket as a listing names it; `raw` is the listing's object when it carries the ticket."""

    remote_id: str
    updated_at: str
    raw: dict[str, Any] | None = None


@dataclass(frozen=True)
class Page:
    items: list[Remote]
    cursor: str | None  # where the next sync starts once this page is stored; None = unchanged


class Connector(Protocol):
    record: ConnectorRecord
    options: Options
    http: Http
    supports_drafts: bool

    def whoami(self) -> str:
        """The signed-in user's name (the Test button); TokenRejected when the token is refused."""
        ...

    def changed(self, cursor: str) -> Iterator[Page]: ...

    def fetch(self, remote: Remote) -> Conversation: ...

    def add_tags(self, remote_id: str, tags: list[str]) -> None: ...

    def post_note(self, remote_id: str, text: str) -> None: ...

    def close(self) -> None: ...
