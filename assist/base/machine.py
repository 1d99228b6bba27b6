"""Facts about the workstation that decide what Assist can do: free RAM, CPU cores and CPU features."""

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


def inference_threads() -> tuple[int, int]:
    """(decode threads, prompt threads). Decoding leaves one core free: llama.cpp's threads spin-wait on
    each other, so when the helpdesk's browser takes a core a full-width decode collapses (measured on 2
    cores: 90 tok/s idle but 7-25 tok/s with one busy core, against a steady 72 tok/s on one thread).
    Prompt evaluation is compute-bound and comes in bursts, so it uses every core."""
    env = os.environ.get("ASSIST_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env), int(env)
    cores = max(1, min(os.cpu_count() or 1, 8))
    return max(1, cores - 1), cores


def cpu_flags() -> list[str]:
    """The CPU's feature flags, sorted (Linux /proc/cpuinfo: "avx2", "avx512f", "amx_int8", ...).

    Empty where the OS does not expose them; a native llama.cpp build is only valid on the same set."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith(("flags", "Features")):
                    return sorted(set(line.split(":", 1)[1].split()))
    except OSError:
        pass
    return []


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine()
