"""Where the playbook in force comes from, failing closed.

The playbook may live on a read-only share that IT manages; a copy of the last one that loaded is kept in
the workspace's data dir (`playbook.last-good.toml`). When the playbook is broken, empty or deleted, that copy
is used and the reason is returned for the UI's top bar and the CLI's warning. When there is no copy either,
the rules are unavailable: `playbook.unavailable(reason)` makes every guardrail check say so instead of
passing anything as clean. Only a workspace that never had a playbook file (a new one, not pointed at one)
starts on the built-in starter playbook.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tomllib
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from assist.base.errors import InputError
from assist.base.textfiles import is_stdin, read_text_file
from assist.domain import playbook
from assist.domain.playbook import MAX_PLAYBOOK_BYTES, Playbook

log = logging.getLogger(__name__)

LAST_GOOD = "playbook.last-good.toml"
STARTER = "built-in starter playbook"


def default_playbook_text() -> str:
    return resources.files("assist.domain").joinpath("default_playbook.toml").read_text(encoding="utf-8")


def _read(path: Path) -> tuple[Playbook, str]:
    """The playbook at `path` and its text; an empty file is an error like a broken one."""
    text = read_text_file(path, MAX_PLAYBOOK_BYTES)
    source = "stdin" if is_stdin(path) else str(path)
    with contextlib.suppress(tomllib.TOMLDecodeError):
        if not tomllib.loads(text):
            raise InputError("the playbook is empty: it would turn every rule off", source=source)
    return playbook.parse(text, source), text


def read(path: Path) -> Playbook:
    """A playbook file checked as the app would load it (`assist playbook validate`)."""
    return _read(path)[0]


def _save_last_good(data_dir: Path, text: str) -> None:
    """Keep a copy of a playbook that loaded; written whole or not at all, owner-only."""
    target = data_dir / LAST_GOOD
    try:
        if target.exists() and target.read_text(encoding="utf-8") == text:
            return
        temp = target.with_name(target.name + ".tmp")
        fd = os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(temp, target)
    except OSError as exc:  # a read-only data dir: the playbook still loads, only the copy is missing
        log.warning("cannot keep a copy of the playbook in %s: %s", data_dir, exc.strerror)


def resolve(path: Path, data_dir: Path, *, configured: bool, keep_copy: bool = True) -> tuple[Playbook, str]:
    """(the playbook in force, "" or why it is not the file at `path`).

    `configured`: the path was chosen (settings or IT policy), so a missing file is a failure, not a new
    workspace. `keep_copy`: save a playbook that loads as the last good copy (off where nothing may be written).
    """
    copy = data_dir / LAST_GOOD
    try:
        if not path.exists():
            if not configured and not copy.exists():
                return playbook.parse(default_playbook_text(), STARTER), ""
            raise InputError("the playbook file is missing", source=str(path))
        loaded, text = _read(path)
    except InputError as exc:
        problem = str(exc)
    else:
        if keep_copy and data_dir.is_dir():
            _save_last_good(data_dir, text)
        return loaded, ""
    try:
        last = playbook.load(copy) if copy.exists() else None
    except InputError as exc:
        log.error("the last good playbook copy is damaged too: %s", exc)
        last = None
    if last is None:
        log.error("playbook error, no last good one: nothing can be checked: %s", problem)
        return playbook.unavailable(problem, str(path)), f"{problem}; no last good playbook: nothing can be checked"
    saved = datetime.fromtimestamp(copy.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
    log.warning("playbook error, keeping the last good one: %s", problem)
    return last, f"{problem}; using the last good playbook (saved {saved})"
