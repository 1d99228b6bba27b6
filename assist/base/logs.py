"""Named loggers, one log file per process in the platform's log dir, and the native crash log."""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import time
from pathlib import Path
from typing import IO

from assist.base import paths

KEEP_LOG_FILES = 20  # per-process files; the oldest go when a new process starts
_current: Path | None = None


def current_log_file() -> Path:
    """This process's log file (where it would be, before setup_logging has run)."""
    return _current or paths.log_dir() / "assist.log"


def _prune(directory: Path) -> None:
    old = sorted(directory.glob("assist-*.log"), key=lambda p: p.stat().st_mtime)[:-KEEP_LOG_FILES]
    for path in old:
        with contextlib.suppress(OSError):  # another process may be removing it too
            path.unlink()


def setup_logging(level: int = logging.INFO, directory: Path | None = None) -> Path:
    """Send all `assist.*` and `ui.*` loggers to this process's own file; return its path. Idempotent.

    One file per process (assist-<time>-<pid>.log, the newest 20 kept): the app, the engine probe and
    scripted CLI calls run side by side, and logging's rotating handler cannot share one file between
    processes (rotation by one truncates another's)."""
    global _current
    if _current is not None:
        return _current
    target_dir = directory or paths.log_dir()
    log_file = target_dir / f"assist-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    try:
        _private_dir(target_dir)
        _prune(target_dir)
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8", delay=True)
    except OSError:
        # An unwritable log dir must not stop the app; fall back to stderr.
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("assist", "ui"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
    _current = log_file
    return log_file


_native_crash_file: IO[str] | None = None


def _private_dir(directory: Path) -> None:
    """The log dir readable by this user only: a log may name a conversation or quote an error (POSIX; on
    Windows the profile folder's ACL already does this)."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        directory.chmod(0o700)


def enable_native_crash_log(directory: Path | None = None) -> Path | None:
    """Let faulthandler write the Python stack of every thread on a native crash (SIGSEGV, SIGILL, SIGABRT)
    to `native-crash.log`, so a crash in llama.cpp or Qt leaves a trace the support bundle can carry.

    The file stays open for the life of the process (faulthandler writes from the signal handler)."""
    global _native_crash_file
    target = (directory or paths.log_dir()) / "native-crash.log"
    if _native_crash_file is not None:
        return target
    try:
        _private_dir(target.parent)
        _native_crash_file = target.open("a", encoding="utf-8")
    except OSError:
        faulthandler.enable()  # stderr is better than nothing
        return None
    faulthandler.enable(file=_native_crash_file, all_threads=True)
    return target
