"""`assist support-bundle PATH`: one zip IT can send to support, with no customer text and no secrets.

Inside: manifest.json (version, platform, what was scrubbed), doctor.json (the checks), settings.json (the
effective settings and where each came from) and logs/ (this user's log files, crash logs included, newest
first, each cut to its last MAX_LOG_BYTES). Every text is scrubbed before it is written: the keychain
secrets Assist knows (connector tokens, the model server's key) and anything shaped like a credential, the
names and emails of the workspace's customers, and card numbers, emails and phones (base/redaction.py).
No conversation, message, draft or database file goes in.
"""

from __future__ import annotations

import json
import logging
import platform
import re
import sys
import zipfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from assist import __version__
from assist.base import paths, redaction
from assist.base.errors import AssistError, InputError
from assist.config import secrets, settings
from assist.workspace import doctor

log = logging.getLogger(__name__)

MAX_LOG_FILES = 20
MAX_LOG_BYTES = 2 * 2**20
# "Bearer abc", "token=abc", "api_key: abc", "Authorization: Basic abc", "password=...": the value goes.
_CREDENTIAL = re.compile(r"(?i)\b(bearer|basic|token|api[_-]?key|apikey|authorization|password|secret)"
                         r"(\s*[:=]\s*|\s+)(?:(?:bearer|basic|token)\s+)?(?:\"|')?[^\s\"',;]{6,}")
_URL_USER = re.compile(r"(?i)\b(https?://)[^/\s:@]+(?::[^/\s@]*)?@")


class Scrubber:
    """Replaces known secrets and customer identities, then masks what looks like personal data."""

    def __init__(self, secrets_: Iterable[str], names: Iterable[str]) -> None:
        self.secrets = sorted({s for s in secrets_ if len(s) >= 4}, key=len, reverse=True)
        unique = sorted({n.strip() for n in names if len(n.strip()) >= 3}, key=len, reverse=True)  # longest first
        self._names = re.compile("|".join(map(re.escape, unique)), re.IGNORECASE) if unique else None
        self.replaced = 0

    def __call__(self, text: str) -> str:
        before = text
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        text = _CREDENTIAL.sub(lambda m: f"{m.group(1)}{m.group(2)}[secret]", text)
        text = _URL_USER.sub(r"\1[secret]@", text)
        if self._names is not None:
            text = self._names.sub("[customer]", text)
        text = redaction.mask(text)
        self.replaced += text != before
        return text


def _workspace_facts(data_dir: Path | None) -> tuple[list[str], list[str]]:
    """(the secrets the keychain holds for this workspace, its customers' names and emails), read-only."""
    from assist.store import Store
    from assist.workspace import encryption

    found_secrets: list[str] = []
    names: list[str] = []
    loaded = settings.load()
    accounts = [settings.server_key_account(loaded.server_url)] if loaded.server_url else []
    target = data_dir or (Path(loaded.data_dir).expanduser() if loaded.data_dir else paths.default_data_dir())
    if (target / paths.DB_FILENAME).exists():
        try:
            encrypted = not encryption.is_plaintext(target / paths.DB_FILENAME)
            key = encryption.database_key(target) if encrypted else ""
            found_secrets += [key] if key else []  # the database key never goes in either
            store = Store(target, key)
            try:
                accounts += [c.keychain_account for c in store.sync.connectors()]
                with store.database.read() as db:
                    for row in db.query("SELECT name, email FROM customers"):
                        names += [row["name"] or "", row["email"] or ""]
                    for row in db.query("SELECT DISTINCT author FROM messages WHERE role = 'customer'"):
                        names.append(row["author"] or "")
            finally:
                store.close()
        except AssistError as exc:
            log.info("support bundle: workspace not read (%s)", exc)
    for account in accounts:
        try:
            token = secrets.get_token(account)
        except AssistError:
            continue  # no keychain: there is no secret of ours to leak either
        if token:
            found_secrets.append(token)
    return found_secrets, names


def _settings_rows() -> list[dict[str, Any]]:
    rows = settings.effective(settings.load())
    for row in rows:  # a URL may carry user:password
        if isinstance(row["value"], str) and "@" in row["value"] and "://" in row["value"]:
            parts = urlsplit(row["value"])
            row["value"] = urlunsplit(parts._replace(netloc=parts.netloc.split("@")[-1]))
    return rows


def _log_files() -> list[Path]:
    folder = paths.log_dir()
    if not folder.is_dir():
        return []
    found = sorted((p for p in folder.glob("*.log") if p.is_file()), key=lambda p: p.stat().st_mtime, reverse=True)
    return found[:MAX_LOG_FILES]


def _tail(path: Path) -> str:
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - MAX_LOG_BYTES))
        return handle.read().decode("utf-8", errors="replace")


def build(target: Path, *, data_dir: Path | None = None,
          checks: Callable[[], list[doctor.Check]] | None = None) -> dict[str, Any]:
    """Write the bundle to `target` (a .zip file, or a folder to put assist-support-<time>.zip in)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if target.is_dir():
        target = target / f"assist-support-{stamp}.zip"
    if target.suffix.lower() != ".zip":
        raise InputError("the support bundle is a .zip file: give a PATH ending in .zip, or a folder",
                         source=str(target))
    if not target.parent.is_dir():
        raise InputError("its folder does not exist", source=str(target))
    found_secrets, names = _workspace_facts(data_dir)
    scrub = Scrubber(found_secrets, names)
    results = (checks or (lambda: doctor.run_checks(data_dir)))()
    doctor_doc = {"ok": not any(c.status == "fail" for c in results), "checks": [c.as_dict() for c in results]}
    files = _log_files()
    manifest: dict[str, Any] = {"assist": __version__, "created_at": stamp, "platform": platform.platform(),
                "python": sys.version.split()[0], "log_files": [f"logs/{p.name}" for p in files],
                "scrubbed": "keychain secrets, credentials, customer names and emails, card numbers, emails, phones"}
    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("doctor.json", scrub(json.dumps(doctor_doc, indent=2, ensure_ascii=False)))
        bundle.writestr("settings.json", scrub(json.dumps(_settings_rows(), indent=2, ensure_ascii=False)))
        for path in files:
            try:
                bundle.writestr(f"logs/{path.name}", scrub(_tail(path)))
            except OSError as exc:  # a log rotated away meanwhile: say so, keep the rest
                bundle.writestr(f"logs/{path.name}.missing", f"could not read: {exc.strerror}")
        manifest["scrubbed_files"] = scrub.replaced
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2))
    tmp.replace(target)
    return {"bundle": str(target), "files": 3 + len(files), "log_files": len(files),
            "scrubbed_files": scrub.replaced, "bytes": target.stat().st_size}
