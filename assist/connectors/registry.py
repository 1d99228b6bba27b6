"""Which class speaks to which helpdesk, and opening one with its token from the keychain."""

from __future__ import annotations

from urllib.parse import urlsplit

from assist.base.errors import InputError, TokenRejected
from assist.base.vocab import ConnectorKind
from assist.config import secrets
from assist.connectors.chatwoot import Chatwoot, split_url
from assist.connectors.freshdesk import Freshdesk
from assist.connectors.protocol import Connector
from assist.connectors.zendesk import Zendesk
from assist.store.sync_state import ConnectorRecord

KINDS: dict[str, type] = {ConnectorKind.ZENDESK: Zendesk, ConnectorKind.FRESHDESK: Freshdesk,
                          ConnectorKind.CHATWOOT: Chatwoot}


def validate(kind: str, url: str, user: str) -> str:
    """The URL as stored (no trailing slash); InputError naming the flag that is wrong."""
    if kind not in KINDS:
        raise InputError(f"unknown helpdesk {kind!r}; choose one of {', '.join(KINDS)}", field="kind")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise InputError(f"{url!r} is not an http(s) address", field="--url")
    if kind == ConnectorKind.ZENDESK and not user:
        raise InputError("Zendesk signs in with the agent's email and an API token", field="--user",
                         hint="Add --user you@company.com.")
    if kind == ConnectorKind.CHATWOOT:
        split_url(url)
    return url.strip().rstrip("/")


def open_connector(record: ConnectorRecord, token: str | None = None) -> Connector:
    """The connector with its token (from the keychain unless given): SecretsUnavailable when none can be read."""
    if token is None:
        token = secrets.get_token(record.keychain_account)
        if token is None:
            raise TokenRejected("no token in the keychain", connector=record.id,
                                hint=f"Run `assist connectors add {record.kind} --url {record.url}` again.")
    connector: Connector = KINDS[record.kind](record, token)
    return connector
