"""Facts about the workstation that decide what Assist can do: free RAM and CPU cores."""

from __future__ import annotations

import os


def available_ram_bytes() -> int | None:
    """Memory the OS could give us now (Linux MemAvailable; a sysconf estimate elsewhere)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def inference_threads() -> int:
    """All cores, capped: llama.cpp's default (half the cores) halves speed on a 2-core laptop."""
    env = os.environ.get("ASSIST_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(os.cpu_count() or 1, 8))
