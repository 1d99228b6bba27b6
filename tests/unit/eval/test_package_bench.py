"""`assist bench --package`: what it measures on disk, and its one-line refusal of a folder that is no build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assist.base.errors import InputError
from assist.eval import package_bench


def test_size_counts_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "libllama.so").write_bytes(b"x" * 2_000_000)
    (tmp_path / "lib" / "libllama.so.0").symlink_to("libllama.so")  # what build.sh makes of the triple copies
    os.link(tmp_path / "lib" / "libllama.so", tmp_path / "hard-link")
    (tmp_path / "model.gguf").write_bytes(b"y" * 500_000)
    assert package_bench.folder_mb(tmp_path) == 2.5


def test_a_folder_without_the_launcher_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"is not a packaged Assist: no assist"):
        package_bench.run(tmp_path)
