"""A workspace: one data dir with its SQLite file and its playbook. What the app and the CLI open.

The playbook is re-read on demand; if the new file has an error the last good playbook stays in force
and the error is kept for the UI to show (a typo by a lead must not switch the guardrails off). The last
good one is also kept on disk in the data dir, so it survives a restart; with none, the rules are
unavailable and every check says so (playbook_source.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from assist.base import paths, redaction
from assist.config.settings import Settings
from assist.domain.playbook import Playbook
from assist.store import Store
from assist.workspace import demo as demo_workspace
from assist.workspace import encryption, playbook_source

log = logging.getLogger(__name__)


def default_playbook_text() -> str:
    return playbook_source.default_playbook_text()


@dataclass
class Workspace:
    data_dir: Path
    store: Store
    playbook_path: Path
    is_demo: bool = False
    playbook_error: str = ""
    playbook_configured: bool = False  # the playbook path was chosen (settings, IT policy): missing is an error
    _playbook: Playbook | None = field(default=None, repr=False)
    _playbook_mtime: int = -1

    @classmethod
    def open(cls, data_dir: Path | None = None, *, demo_mode: bool = False,
             playbook_path: Path | None = None, key: str = "") -> Workspace:
        if demo_mode:
            data_dir = data_dir or paths.demo_data_dir()
            if not demo_workspace.is_seeded(data_dir):
                demo_workspace.seed(data_dir)
        data_dir = data_dir or paths.default_data_dir()
        store = Store(data_dir, key)
        workspace = cls(data_dir=data_dir, store=store, is_demo=demo_mode,
                        playbook_path=playbook_path or data_dir / "playbook.toml",
                        playbook_configured=playbook_path is not None)
        workspace.playbook()  # load now, so a broken file is reported at start-up
        return workspace

    @classmethod
    def open_configured(cls, data_dir: Path | None, *, demo_mode: bool, settings: Settings) -> Workspace:
        """Open what the user (or IT policy) configured; an explicit --data-dir or --demo wins."""
        redaction.configure(settings.redact_personal_data)  # process-wide: the store and every prompt
        if demo_mode:
            return cls.open(data_dir, demo_mode=True)
        chosen = data_dir or (Path(settings.data_dir).expanduser() if settings.data_dir else None)
        playbook_path = Path(settings.playbook).expanduser() if settings.playbook else None
        key = encryption.database_key(chosen or paths.default_data_dir()) if settings.encrypt_at_rest else ""
        return cls.open(chosen, playbook_path=playbook_path, key=key)

    def playbook(self) -> Playbook:
        """The current playbook; reloads when the file changed; keeps the last good one on error."""
        try:
            mtime = self.playbook_path.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = 0
        if self._playbook is not None and mtime == self._playbook_mtime:
            return self._playbook
        loaded, problem = playbook_source.resolve(self.playbook_path, self.data_dir,
                                                  configured=self.playbook_configured)
        if loaded.unavailable and self._playbook is not None and not self._playbook.unavailable:
            # The copy on disk could not be read or written: the one in memory is still the last good one.
            loaded, problem = self._playbook, f"{loaded.unavailable}; using the last good playbook"
        self._playbook, self.playbook_error = loaded, problem
        self._playbook_mtime = mtime
        return self._playbook

    def close(self) -> None:
        self.store.close()
