"""The log folder is private to the user: a log may name a conversation or quote an error."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from assist.base import logs


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_log_dir_is_created_and_kept_private(tmp_path: Path) -> None:
    fresh, existing = tmp_path / "new" / "log", tmp_path / "old"
    existing.mkdir(mode=0o755)
    for directory in (fresh, existing):
        logs._private_dir(directory)
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
