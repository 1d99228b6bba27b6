"""Named loggers and one rotating log file in the platform's log dir."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
from pathlib import Path
from typing import IO

from assist.base import paths

_configured = False


def setup_logging(level: int = logging.INFO, directory: Path | None = None) -> Path:
    """Send all `assist.*` and `ui.*` loggers to a rotating file; return its path. Idempotent."""
    global _configured
    target_dir = directory or paths.log_dir()
    log_file = target_dir / "assist.log"
    if _configured:
        return log_file
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        # An unwritable log dir must not stop the app; fall back to stderr.
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("assist", "ui"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
    _configured = True
    return log_file


_native_crash_file: IO[str] | None = None


def enable_native_crash_log(directory: Path | None = None) -> Path | None:
    """Let faulthandler write the Python stack of every thread on a native crash (SIGSEGV, SIGILL, SIGABRT)
    to `native-crash.log`, so a crash in llama.cpp or Qt leaves a trace the support bundle can carry.

    The file stays open for the life of the process (faulthandler writes from the signal handler)."""
    global _native_crash_file
    target = (directory or paths.log_dir()) / "native-crash.log"
    if _native_crash_file is not None:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _native_crash_file = target.open("a", encoding="utf-8")
    except OSError:
        faulthandler.enable()  # stderr is better than nothing
        return None
    faulthandler.enable(file=_native_crash_file, all_threads=True)
    return target
