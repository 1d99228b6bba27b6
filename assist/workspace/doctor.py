"""`assist doctor`: what is wrong with this workstation, and how to fix it. Never raises."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from assist.base import paths, qt_libraries
from assist.base.errors import AssistError
from assist.base.machine import available_ram_bytes, cpu_flags, cpu_model
from assist.base.vocab import EngineKind
from assist.config import settings
from assist.llm import catalog, cpu_support, probe


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    return Check("python", "ok", f"Python {version} at {sys.executable}")


def check_qt() -> Check:
    if getattr(sys, "frozen", False):  # a packaged build has no `python -c`; the app itself is the probe
        return Check("qt", "ok", "packaged build: run `assist app --screenshot x.png` to probe the display")
    # In a child process: a broken platform plugin can abort the process, and the core stays Qt-free.
    code = "from PySide6.QtWidgets import QApplication; app = QApplication([]); print(app.platformName())"
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("qt", "fail", f"could not start Qt: {exc}", "Reinstall Assist.")
    if done.returncode == 0:
        return Check("qt", "ok", f"Qt platform plugin '{done.stdout.strip()}' works")
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    detail = next((line for line in lines if "could not" in line.lower()), lines[-1] if lines else
                  f"exit code {done.returncode}")
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or
                                                         os.environ.get("WAYLAND_DISPLAY"))
    missing = qt_libraries.missing_libraries()
    if missing:
        return Check("qt", "fail", f"the Qt platform plugin cannot load: missing {', '.join(missing)}",
                     qt_libraries.install_hint(missing))
    fix = ("There is no display: run inside a desktop session, or headless with QT_QPA_PLATFORM=offscreen."
           if headless else "Run `QT_DEBUG_PLUGINS=1 assist app` and send the output to IT.")
    return Check("qt", "fail", f"the Qt platform plugin does not start: {detail}", fix)


def _configured_model() -> str | None:
    try:
        return settings.load().model or None
    except AssistError:
        return None


def check_model() -> Check:
    from assist.llm import provisioning

    try:
        entry = provisioning.policy_model() or catalog.find(_configured_model())
        path = catalog.verify(entry)
    except AssistError as exc:
        return Check("model", "fail", str(exc), exc.hint or "Run `assist models list`.")
    return Check("model", "ok", f"{entry.name}: {path} (sha256 verified)")


def check_engine() -> Check:
    """The llama.cpp build against this CPU, proven by a child process that decodes (llm/probe.py)."""
    cpu = cpu_flags()
    shown = " ".join(f for f in cpu_support.SHOWN_CPU_FLAGS if f in cpu) or "unknown"
    try:
        entry = catalog.find(_configured_model())
        path = catalog.verify(entry)
    except AssistError as exc:
        return Check("engine", "warn", f"not checked: {exc}; CPU {cpu_model()}: {shown}")
    result = probe.run_probe(path, entry.sha256)
    built = " ".join(cpu_support.compiled_features(result.system_info)) or "unknown"
    facts = f"CPU {cpu_model()} has {shown}; llama.cpp was built for {built}"
    bad = cpu_support.mismatches(result.system_info, cpu)
    if not result.ok:
        known = "; ".join(m.problem for m in bad)
        return Check("engine", "fail", f"{result.reason}. {facts}" + (f" ({known})" if known else ""),
                     probe.REINSTALL_HINT)
    if bad:
        return Check("engine", "warn", f"{facts}; " + "; ".join(m.problem for m in bad), probe.REINSTALL_HINT)
    how = "checked earlier" if result.cached else f"checked now in {result.seconds:.1f} s"
    return Check("engine", "ok", f"{facts}; a test generation works ({how})")


def check_ram() -> Check:
    free = available_ram_bytes()
    try:
        need = catalog.ram_needed_bytes(catalog.find(_configured_model()))
    except AssistError as exc:
        return Check("ram", "warn", f"cannot tell what the model needs: {exc}")
    if free is None:
        return Check("ram", "warn", "cannot read free memory on this system")
    status = "ok" if free > need else "fail"
    return Check("ram", status, f"{free / 2**30:.1f} GiB free; the model needs about {need / 2**30:.2f} GiB",
                 "" if status == "ok" else "Close programs or pick a smaller model.")


def check_database(data_dir: Path | None, demo: bool) -> Check:
    from assist.store import Store
    from assist.workspace import encryption

    configured = _configured_data_dir()
    target = data_dir or (paths.demo_data_dir() if demo else configured or paths.default_data_dir())
    if not (target / paths.DB_FILENAME).exists():
        # Don't create a workspace just by looking; check the folder could hold one.
        probe = next((p for p in (target, *target.parents) if p.exists()), None)
        if probe is None or not os.access(probe, os.W_OK):
            return Check("database", "fail", f"{target}: cannot be created (not writable)",
                         "Choose a writable --data-dir or set ASSIST_DATA_DIR.")
        return Check("database", "ok", f"no workspace yet at {target}; `assist import` or `assist demo` creates one")
    try:
        encrypted = not encryption.is_plaintext(target / paths.DB_FILENAME)
        store = Store(target, encryption.database_key(target) if encrypted else "")
        try:
            ok = store.database.integrity_ok()
            version = store.database.version
            conversations = store.count("conversations")
        finally:
            store.close()
    except AssistError as exc:
        return Check("database", "fail", str(exc), exc.hint)
    if not ok:
        return Check("database", "fail", f"{target}: integrity check failed", "Restore the file from a backup.")
    free = shutil.disk_usage(target).free
    if free < 200 * 2**20:
        return Check("database", "warn", f"only {free / 2**20:.0f} MB free on the data disk", "Free disk space.")
    at_rest = "encrypted" if encrypted else "not encrypted" + (
        " (encrypt_at_rest applies to new workspaces)" if settings.load().encrypt_at_rest else "")
    return Check("database", "ok", f"{store.path} (schema {version}, {conversations} conversations, {at_rest})")


def _configured_data_dir() -> Path | None:
    try:
        chosen = settings.load().data_dir
    except AssistError:
        return None
    return Path(chosen).expanduser() if chosen else None


def check_keyring() -> Check:
    # The same verdict connectors get (config/secrets.py): a plaintext file backend is no keychain either.
    from assist.base.errors import SecretsUnavailable
    from assist.config import secrets

    try:
        chosen = secrets.backend()
    except SecretsUnavailable as exc:
        return Check("keyring", "warn", str(exc), exc.hint + " File import and paste still work.")
    return Check("keyring", "ok", f"backend {type(chosen).__module__}.{type(chosen).__name__}")


def check_settings() -> Check:
    loaded = settings.load()  # never raises: bad files and keys come back as problems
    where = settings.policy_path()
    locked = ", ".join(sorted(loaded.locked)) or "nothing"
    # policy_sources: the file and, on Windows, the registry keys (HKCU, HKLM) that exist, weakest first
    policy = f"IT policy {loaded.policy_sources} locks {locked}" if loaded.policy_sources else \
        f"no IT policy at {where}" + (r" nor in HKLM/HKCU\Software\Policies\Assist" if os.name == "nt" else "")
    if loaded.problems:
        return Check("settings", "warn", f"{policy}; " + "; ".join(loaded.problems),
                     "Fix the named file or variable; the other settings apply meanwhile.")
    return Check("settings", "ok", policy)


def effective_settings() -> list[dict[str, object]]:
    """Every setting's effective value and where it came from: locked_policy, environment, user,
    policy_default or built_in."""
    return settings.effective(settings.load())


def check_model_server() -> Check:
    """Where replies are generated; with a model server configured, whether it answers (customer text goes there)."""
    from assist.llm.loader import check_server

    try:
        loaded = settings.load()
    except AssistError:
        return Check("model server", "warn", "settings unreadable (see above)")
    if loaded.engine != EngineKind.SERVER:
        return Check("model server", "ok", "replies are generated on this computer; no customer text is sent out")
    try:
        answer = check_server(loaded)
    except AssistError as exc:
        return Check("model server", "fail", f"{exc}; the local model stands in until it answers", exc.hint)
    return Check("model server", "ok", f"replies are generated by the model server: {answer}")


def run_checks(data_dir: Path | None = None, *, demo: bool = False) -> list[Check]:
    checks = [check_python(), check_settings(), check_model(), check_engine(), check_ram(),
              check_model_server(), check_database(data_dir, demo),
              check_keyring()]
    if os.environ.get("ASSIST_DOCTOR_SKIP_QT") != "1":
        checks.insert(1, check_qt())
    return checks
