"""Reading user-supplied text files: strict UTF-8 (a BOM is fine), size-capped, one clear error.

Shared by every reader of user files (conversations, articles, drafts, playbooks, labelled CSV) so they all
refuse binary data and broken encodings the same way, naming the file. `-` means standard input everywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assist.base.errors import InputError

STDIN = "-"


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def read_text_file(path: Path, limit: int) -> str:
    """A text file (or `-`, standard input) as strict UTF-8 (a BOM is fine); InputError naming the file when
    it is not one."""
    if is_stdin(path):
        raw = sys.stdin.buffer.read(limit + 1)
        if len(raw) > limit:
            raise InputError(f"too big (more than {limit / 2**20:g} MB)", source="stdin")
        return decode_text(raw, "stdin")
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"too big ({size / 2**20:.1f} MB; the limit is {limit / 2**20:g} MB)", source=str(path))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", source=str(path)) from None
    return decode_text(raw, str(path))


def decode_text(raw: bytes, source: str) -> str:
    if b"\x00" in raw[:8192]:
        raise InputError("binary data, not a text file", source=source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start})", source=source) from None
