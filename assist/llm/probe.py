"""Prove, in a child process, that the installed llama.cpp build can decode on this CPU.

A native crash (SIGSEGV in a bad SIMD path such as ggml's AMX kernels, SIGILL for an instruction the CPU
lacks) cannot be caught in-process: it would take the agent's window with it. So before the model is first
loaded in-process, a child loads it and generates a few tokens. If the child dies, suggestions are turned off
with the reason and the fix, and the rest of the app keeps working.

The verdict is cached per (llama-cpp-python build, model sha256, CPU flags), so it costs about a second once
per install, not per start. A timeout is never cached (a busy machine is not a broken build).

The child runs through the `assist` command itself (`assist _probe-engine MODEL`), so the same entry point
works from a source checkout and from a frozen (PyInstaller) build, where sys.executable is the app.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assist.base import paths
from assist.base.machine import cpu_flags

log = logging.getLogger(__name__)

CHILD_COMMAND = "_probe-engine"
PROBE_TOKENS = 8
PROBE_TIMEOUT_S = 180.0
_CACHE_FILE = "engine-probe.json"
REINSTALL_HINT = ("Reinstall the model engine with the portable build: `python3 tools/install.py` from the "
                  "Assist checkout (without --native), or ask IT for the current package. "
                  "`assist doctor` shows what the build and the CPU support.")


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    reason: str  # one line for the user; "" when ok
    stage: str  # how far the child got: start, import, load, generate, done
    system_info: str  # llama.cpp's own list of the CPU features it was compiled with
    seconds: float
    exit_code: int | None = None
    cached: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- the parent -----------------------------------------------------------------------------------------


def child_command(model_path: Path) -> list[str]:
    if getattr(sys, "frozen", False):  # the packaged app is its own interpreter
        return [sys.executable, CHILD_COMMAND, str(model_path)]
    return [sys.executable, "-m", "assist", CHILD_COMMAND, str(model_path)]


def build_identity() -> str:
    """What identifies the installed engine build: its version and the bytes of its native libraries.

    Found without importing llama_cpp (importing loads the libraries into this process)."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return "missing"
    package = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.sha256()
    libraries = sorted(p for p in package.rglob("*") if p.suffix in {".so", ".dylib", ".dll"} or ".so." in p.name)
    for library in libraries:
        digest.update(library.name.encode())
        with library.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return f"{package}:{digest.hexdigest()[:24]}"


def cache_key(model_sha256: str) -> str:
    facts = json.dumps([build_identity(), model_sha256, cpu_flags()])
    return hashlib.sha256(facts.encode()).hexdigest()[:32]


def _cache_path() -> Path:
    return paths.cache_dir() / _CACHE_FILE


def _read_cache() -> dict[str, Any]:
    try:
        data = json.loads(_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_cache(key: str, result: ProbeResult) -> None:
    data = _read_cache()
    data[key] = result.as_dict()
    target = _cache_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:  # an unwritable cache only costs the probe again next time
        log.warning("could not cache the engine probe: %s", exc)


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def _crash_reason(code: int, stage: str) -> str:
    name = _signal_name(code) if code < 0 else f"exit code {code}"
    if code == -getattr(signal, "SIGILL", 4):
        return (f"this build of the model engine uses CPU instructions this processor lacks ({name} while "
                f"{_STAGE_WORDS.get(stage, stage)})")
    return f"this build of the model engine crashes on this CPU ({name} while {_STAGE_WORDS.get(stage, stage)})"


_STAGE_WORDS = {"start": "starting", "import": "loading the engine library", "load": "loading the model",
                "generate": "generating", "done": "finishing"}


def run_probe(model_path: Path, model_sha256: str, *, use_cache: bool = True,
              timeout: float = PROBE_TIMEOUT_S) -> ProbeResult:
    """Run (or recall) the child probe. Never raises: the result says what happened."""
    key = cache_key(model_sha256)
    if use_cache:
        cached = _read_cache().get(key)
        if isinstance(cached, dict):
            try:
                return ProbeResult(**{**cached, "cached": True})
            except TypeError:
                pass  # an older cache format: probe again
    started = time.monotonic()
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}  # a native crash prints its Python stack on stderr
    try:
        done = subprocess.run(child_command(model_path), capture_output=True, text=True, timeout=timeout,
                              env=env, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return ProbeResult(False, f"the model engine did not answer within {timeout:.0f} s (machine busy?)",
                           "timeout", "", round(time.monotonic() - started, 2))
    except OSError as exc:
        return ProbeResult(False, f"could not start the engine check: {exc}", "start", "",
                           round(time.monotonic() - started, 2))
    seconds = round(time.monotonic() - started, 2)
    stage, info, reported = "start", "", ""
    for line in done.stdout.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            stage = str(event.get("stage", stage))
            info = str(event.get("system_info", info))
            reported = str(event.get("error", reported))
    if done.returncode == 0 and stage == "done":
        result = ProbeResult(True, "", stage, info, seconds, 0)
    elif done.returncode > 0:  # a Python error, not a crash: say what it was
        last = reported or next((ln for ln in reversed(done.stderr.splitlines()) if ln.strip()), "no output")
        result = ProbeResult(False, f"the model engine failed: {last}", stage, info, seconds, done.returncode)
    else:
        result = ProbeResult(False, _crash_reason(done.returncode, stage), stage, info, seconds, done.returncode)
        log.error("engine probe died (%s); child stderr:\n%s", result.reason, done.stderr[-4000:])
    _write_cache(key, result)
    return result


# --- the child ------------------------------------------------------------------------------------------


def _say(**event: object) -> None:
    print(json.dumps(event), flush=True)  # flushed per stage, so the parent knows where a crash happened


def run_child(argv: list[str]) -> int:
    """`assist _probe-engine MODEL`: import llama.cpp, load the model, generate a few tokens."""
    if len(argv) != 1:
        print("usage: assist _probe-engine MODEL.gguf", file=sys.stderr)
        return 2
    _say(stage="import")
    try:
        import llama_cpp

        _say(stage="load", system_info=llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip())
        llm = llama_cpp.Llama(model_path=argv[0], n_ctx=256, n_batch=64, n_threads=1, verbose=False)
        _say(stage="generate")
        out: Any = llm.create_completion("Hello, my order", max_tokens=PROBE_TOKENS, temperature=0.0)
        tokens = int(out["usage"]["completion_tokens"])
    except Exception as exc:  # a Python-level failure (bad file, missing library) is reported, not a crash
        _say(error=f"{type(exc).__name__}: {exc}")
        return 1
    _say(stage="done", tokens=tokens)
    return 0
