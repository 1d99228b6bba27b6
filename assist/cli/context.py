"""What every command gets: output mode and the workspace it runs against (opened on first use)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assist.base import paths
from assist.config import settings
from assist.config.settings import Settings
from assist.domain.playbook import Playbook
from assist.workspace import playbook_source
from assist.workspace.workspace import Workspace


@dataclass
class Context:
    json_output: bool = False
    data_dir: Path | None = None
    demo: bool = False
    _workspace: Workspace | None = field(default=None, repr=False)
    _told: bool = field(default=False, repr=False)

    @property
    def settings(self) -> Settings:
        """The user's settings under IT policy (the same ones the app uses). A bad policy or user key is told
        once on stderr (stdout stays the command's, --json too) and skipped; the command runs on."""
        loaded = settings.load()
        if loaded.problems and not self._told:
            self._told = True
            for problem in loaded.problems:
                print(f"assist: settings: {problem}", file=sys.stderr)
        return loaded

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace.open_configured(self.data_dir, demo_mode=self.demo,
                                                        settings=self.settings)
        return self._workspace

    def playbook(self) -> tuple[Playbook, str]:
        """(the workspace's playbook, its error or ""), without creating a database: `assist check` on a
        machine with no workspace yet must leave nothing behind. An open or demo workspace is asked directly;
        else the configured playbook file is read, with its last good copy standing in when it is broken and
        no rules (every check blocked) when there is no copy either (as the workspace does)."""
        if self._workspace is not None or self.demo:
            return self.workspace.playbook(), self.workspace.playbook_error
        user = self.settings
        data_dir = self.data_dir or (Path(user.data_dir).expanduser() if user.data_dir else paths.default_data_dir())
        path = Path(user.playbook).expanduser() if user.playbook else data_dir / "playbook.toml"
        # As the workspace does (the last good copy, else no rules: fail closed), but writing nothing.
        return playbook_source.resolve(path, data_dir, configured=bool(user.playbook), keep_copy=False)

    def emit(self, result: Any) -> None:
        """JSON on --json, else a readable rendering: strings as they are, dicts as `key: value` lines."""
        if self.json_output:
            print(json.dumps(result, ensure_ascii=False, indent=2))
        elif isinstance(result, str):
            print(result)
        elif isinstance(result, dict):
            for key, value in result.items():
                shown = value if isinstance(value, str | int | float) else json.dumps(value, ensure_ascii=False)
                print(f"{key}: {shown}")
        else:
            print(json.dumps(result, ensure_ascii=False, indent=2))

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None
