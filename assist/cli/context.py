"""What every command gets: output mode and the workspace it runs against (opened on first use)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assist.config import settings
from assist.config.settings import Settings
from assist.workspace.workspace import Workspace


@dataclass
class Context:
    json_output: bool = False
    data_dir: Path | None = None
    demo: bool = False
    _workspace: Workspace | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """The user's settings under IT policy (the same ones the app uses)."""
        return settings.load()

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace.open_configured(self.data_dir, demo_mode=self.demo,
                                                        settings=self.settings)
        return self._workspace

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
