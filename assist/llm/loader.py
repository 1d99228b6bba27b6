"""Find, verify and load the configured model: the one place that turns settings into an Engine.

engine = "local" (the default) loads a GGUF from the catalogue on this computer. engine = "server" connects to
the configured OpenAI-compatible server, with the local model behind it when the server cannot be reached.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from assist.base.errors import ModelUnavailable, SecretsUnavailable, ServerUnreachable
from assist.base.vocab import EngineKind
from assist.config import secrets
from assist.config.settings import Settings, server_key_account
from assist.llm import catalog, probe, provisioning
from assist.llm.engine import Engine
from assist.llm.engines.remote import RemoteEngine, ServerConfig

log = logging.getLogger(__name__)


def load_engine(model_id: str | None = None) -> Engine:
    """Raise ModelUnavailable (missing, corrupt, too big, failed load) with a reason the user can act on.

    ASSIST_FAKE_ENGINE=1 loads the deterministic fake instead (UI demos and tests without a model).
    """
    if os.environ.get("ASSIST_FAKE_ENGINE") == "1":
        from assist.llm.engines.fake import FakeEngine

        return FakeEngine(delay_s=float(os.environ.get("ASSIST_FAKE_DELAY", "0.02")))
    from assist.llm.engines.llama import LlamaEngine

    entry = provisioning.policy_model() or catalog.find(model_id or None)  # IT's model on a share wins
    path = catalog.verify(entry)
    catalog.check_ram(entry)
    ensure_engine_decodes(path, catalog.checksum(entry))
    return LlamaEngine(path, entry)


def server_config(settings: Settings) -> ServerConfig:
    """The configured server, with its API key from the OS keychain ("" when none is stored)."""
    url = settings.server_url.strip().rstrip("/")
    try:
        key = secrets.get_token(server_key_account(url)) or ""
    except SecretsUnavailable as exc:
        log.info("no API key for the model server (%s)", exc)
        key = ""
    return ServerConfig(base_url=url, model=settings.server_model.strip(), api_key=key,
                        timeout_s=float(settings.server_timeout_s))


def check_server(settings: Settings, api_key: str | None = None) -> str:
    """Connect to the configured server and say what it serves; ModelServerError (with a hint) when it cannot.
    `api_key` None reads the stored one (Settings' Check button passes the key just typed)."""
    config = server_config(settings)
    if api_key is not None:
        config = ServerConfig(config.base_url, config.model, api_key.strip() or config.api_key, config.timeout_s)
    with RemoteEngine(config) as engine:
        engine.connect()
        return f"{config.host} answers and serves {engine.model}" + ("" if config.api_key else " (no API key sent)")


def load_configured(settings: Settings) -> Engine:
    """The engine the settings choose. A server that cannot be reached falls back to the local model, and the
    engine's name says so; a rejected key or a wrong model name is an error to fix, not a reason to fall back."""
    if settings.engine != EngineKind.SERVER:
        return load_engine(settings.model or None)
    from assist.llm.engines.fallback import FallbackEngine

    server = RemoteEngine(server_config(settings))

    def local() -> Engine:
        return load_engine(settings.model or None)

    try:
        server.connect()
    except ServerUnreachable as down:
        try:
            return FallbackEngine(server, local, down=down)
        except ModelUnavailable as exc:
            server.close()
            raise ModelUnavailable(f"{down}, and the local model cannot stand in: {exc}", hint=down.hint) from None
    except Exception:
        server.close()
        raise
    return FallbackEngine(server, local)


def ensure_engine_decodes(path: Path, sha256: str, *, use_cache: bool = True) -> None:
    """Raise ModelUnavailable when a child process cannot decode with this build (see probe.py)."""
    result = probe.run_probe(path, sha256, use_cache=use_cache)
    if not result.ok:
        raise ModelUnavailable(result.reason, hint=probe.REINSTALL_HINT)
