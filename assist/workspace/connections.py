"""Connecting a workspace to its helpdesks: add (test first, token into the keychain), test, remove, the status
of each, and one sync of each followed by its write-back. What `assist connectors`, `assist sync` and the
settings page call; the core pieces are assist/connectors/ and store.sync.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from assist.base.errors import ConnectorError, InputError, SecretsUnavailable
from assist.base.vocab import SyncHealth
from assist.config import secrets, settings
from assist.connectors import registry
from assist.connectors.protocol import Connector, Options
from assist.connectors.sync import SyncReport, sync_once
from assist.store.sync_state import ConnectorRecord
from assist.workspace import write_back
from assist.workspace.tagger import WorkspaceTagger
from assist.workspace.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectorStatus:
    id: str
    kind: str
    url: str
    user: str
    health: str
    error: str
    last_ok_at: str
    last_attempt_at: str
    fetched: int
    options: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def statuses(workspace: Workspace) -> list[ConnectorStatus]:
    out = []
    for record in workspace.store.sync.connectors():
        state = workspace.store.sync.state(record.id)
        out.append(ConnectorStatus(record.id, record.kind, record.url, record.user, state.health, state.error,
                                   state.last_ok_at, state.last_attempt_at, state.fetched, record.options))
    return out


def _base(url: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path) compared case-insensitively where URLs are, the default port dropped."""
    parts = urlsplit(url.strip())
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    host = (parts.hostname or "").lower()
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    return parts.scheme.lower(), netloc, parts.path.rstrip("/")


def url_allowed(url: str, allowed: Sequence[str]) -> bool:
    """Whether the policy's allowed_helpdesk_urls admit `url` (empty: any). An entry admits its own scheme and
    host, and the paths under its path: https://chat.acme.com allows https://chat.acme.com/app/accounts/1."""
    if not allowed:
        return True
    scheme, netloc, path = _base(url)
    for entry in allowed:
        e_scheme, e_netloc, e_path = _base(entry)
        if (scheme, netloc) == (e_scheme, e_netloc) and (path == e_path or path.startswith(e_path + "/")):
            return True
    return False


def check_allowed(url: str, allowed: Sequence[str] | None = None) -> None:
    """InputError naming the URL and the policy when IT's allowed_helpdesk_urls does not list it."""
    allowed = settings.load().allowed_helpdesk_urls if allowed is None else allowed
    if not url_allowed(url, allowed):
        raise InputError(f"{url} is not a helpdesk your organisation allows (policy allowed_helpdesk_urls: "
                         f"{', '.join(allowed)})", field="--url",
                         hint="Use one of the allowed helpdesks, or ask IT to add this one to allowed_helpdesk_urls.")


def add(workspace: Workspace, kind: str, url: str, token: str, *, user: str = "", name: str = "",
        options: dict[str, Any] | None = None, test: bool = True,
        allowed: Sequence[str] | None = None) -> dict[str, Any]:
    """Validate (the URL against IT's allowed_helpdesk_urls too: `allowed`, else the settings), sign in once
    (unless test=False), keep the token in the keychain, then record the connector."""
    url = registry.validate(kind, url, user)
    check_allowed(url, allowed)  # before the token is sent anywhere
    if not token.strip():
        raise InputError("the token is empty", field="token", hint="Paste the API token when asked.")
    record = ConnectorRecord(name or kind, kind, url, user, Options.from_dict(options or {}).as_dict())
    if any(c.id == record.id for c in workspace.store.sync.connectors()):
        raise InputError(f"a connector named {record.id!r} already exists", field="--name",
                         hint=f"`assist connectors remove {record.id}` first, or pass another --name.")
    who = ""
    if test:
        connector = registry.open_connector(record, token.strip())
        try:
            who = connector.whoami()
        finally:
            connector.close()
    secrets.set_token(record.keychain_account, token)
    workspace.store.sync.add_connector(record)
    return {"name": record.id, "kind": kind, "url": url, "user": user, "signed_in_as": who,
            "keychain": secrets.describe()}


def test(workspace: Workspace, name: str) -> dict[str, Any]:
    """Sign in with the stored token; the status light follows the answer."""
    record = workspace.store.sync.connector(name)
    try:
        check_allowed(record.url)
    except InputError as exc:
        workspace.store.sync.mark(name, SyncHealth.NOT_ALLOWED, str(exc))
        raise
    try:
        connector = registry.open_connector(record)
        try:
            who = connector.whoami()
        finally:
            connector.close()
    except SecretsUnavailable as exc:
        workspace.store.sync.mark(name, SyncHealth.NO_KEYCHAIN, str(exc))
        raise
    except ConnectorError as exc:
        health = SyncHealth.TOKEN_REJECTED if "token" in str(exc) else SyncHealth.RETRYING
        workspace.store.sync.mark(name, health, str(exc))
        raise
    workspace.store.sync.mark(name, SyncHealth.OK)
    return {"name": name, "signed_in_as": who, "health": SyncHealth.OK}


def remove(workspace: Workspace, name: str) -> dict[str, Any]:
    record = workspace.store.sync.connector(name)
    token_removed = True
    try:
        secrets.delete_token(record.keychain_account)
    except SecretsUnavailable as exc:  # the connector still goes; the token stays where the keychain keeps it
        log.warning("connector %s removed, but its token could not be deleted: %s", name, exc)
        token_removed = False
    workspace.store.sync.remove_connector(name)
    return {"name": name, "removed": True, "token_removed": token_removed}


def sync_connector(workspace: Workspace, record: ConnectorRecord, *, stop: threading.Event | None = None,
                   connector: Connector | None = None,
                   on_synced: Callable[[SyncReport], None] | None = None,
                   ) -> tuple[SyncReport, write_back.WriteBackReport]:
    """One sync, then tagging and write-back. `on_synced` runs between them (live sync prepares suggestions
    there, so what the agent sees comes first); a given `connector` is reused and left open."""
    owned = connector is None
    try:  # a connector added before IT listed the allowed helpdesks is not synced (or written back) either
        check_allowed(record.url)
    except InputError as exc:
        workspace.store.sync.mark(record.id, SyncHealth.NOT_ALLOWED, str(exc))
        return SyncReport(record.id, health=SyncHealth.NOT_ALLOWED, error=str(exc)), write_back.WriteBackReport()
    if connector is None:
        try:
            connector = registry.open_connector(record)
        except (SecretsUnavailable, ConnectorError) as exc:
            health = SyncHealth.NO_KEYCHAIN if isinstance(exc, SecretsUnavailable) else SyncHealth.TOKEN_REJECTED
            workspace.store.sync.mark(record.id, health, str(exc))
            return SyncReport(record.id, health=health, error=str(exc)), write_back.WriteBackReport()
    try:
        report = sync_once(workspace.store, connector, stop=stop)
        if on_synced is not None:
            on_synced(report)
        _tag(workspace, report.changed_ids)
        written = write_back.run(workspace, connector, report.changed_ids) if report.health == SyncHealth.OK \
            else write_back.WriteBackReport()
    finally:
        if owned:
            connector.close()
    return report, written


def _tag(workspace: Workspace, conversation_ids: list[str]) -> None:
    """Tag what changed (rules and the trained classifier, no model), so write-back carries current tags."""
    tagger = WorkspaceTagger(workspace.store, workspace.playbook, workspace.data_dir)
    for cid in dict.fromkeys(conversation_ids):
        conversation = workspace.store.conversations.get(cid)
        if conversation is not None:
            tagger.tag_and_save(conversation)


def sync_all(workspace: Workspace, names: list[str] | None = None) -> list[dict[str, Any]]:
    records = workspace.store.sync.connectors()
    if names:
        known = {r.id for r in records}
        missing = [n for n in names if n not in known]
        if missing:
            raise InputError(f"no connector named {missing[0]!r}", field="--connector")
        records = [r for r in records if r.id in names]
    results = []
    for record in records:
        report, written = sync_connector(workspace, record)
        results.append({**report.as_dict(), "written_back": written.written, "write_back_failed": written.failed})
    return results
