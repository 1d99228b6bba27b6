"""User settings (a small JSON file in the config dir) under an optional IT policy that locks keys.

Policy file: ASSIST_POLICY, else /etc/assist/policy.json (Linux), %PROGRAMDATA%\\Assist\\policy.json
(Windows), /Library/Application Support/Assist/policy.json (macOS). Its "locked" keys override the user's
and cannot be changed in the app; see packaging/policy.example.json and docs/it-guide.md.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from assist.base import paths
from assist.base.errors import InputError
from assist.base.vocab import EngineKind

THEMES = ("system", "light", "dark")


@dataclass
class Settings:
    model: str = ""  # "" = the catalogue's default
    agent_name: str = ""
    theme: str = "system"
    always_on_top: bool = True
    compose_first: bool = True  # the first suggestion is composed from the help centre, without the model
    # The model rewords the composed reply (kept only if every fact survives). Off by default: the embedded 135M
    # model's rewordings were shown for half the answered questions and read badly (assist eval usefulness
    # --smooth); worth turning on with a larger model or the company's server.
    smooth_replies: bool = False
    data_dir: str = ""  # "" = the platform's data dir
    playbook: str = ""  # "" = <data dir>/playbook.toml
    # Where replies are generated. Customer text leaves this computer only with engine = "server", and then only
    # to server_url: IT locks both in the policy to choose the server (or to forbid one with engine = "local").
    engine: str = EngineKind.LOCAL.value
    server_url: str = ""  # an OpenAI-compatible base URL, e.g. http://llm.internal:8080/v1 (its key: the keychain)
    server_model: str = ""  # the model name the server serves ("" = the first one it lists)
    server_timeout_s: int = 60  # per request; a slow first token past this falls back to the local model
    locked: frozenset[str] = field(default_factory=frozenset)

    def display_agent(self) -> str:
        return self.agent_name or _login_name()


def _login_name() -> str:
    try:
        return getpass.getuser().replace(".", " ").title()
    except (OSError, KeyError):
        return "Agent"


def server_key_account(url: str) -> str:
    """The keychain account of a model server's API key: one per URL, so a key is never sent to another server."""
    return f"model-server {url.strip().rstrip('/')}"


def policy_path() -> Path:
    env = os.environ.get("ASSIST_POLICY")
    if env:
        return Path(env)
    if sys.platform.startswith("win"):
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Assist" / "policy.json"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Assist/policy.json")
    return Path("/etc/assist/policy.json")


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


_KEYS = {f.name for f in fields(Settings)} - {"locked"}


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read settings ({exc})", source=str(path)) from None
    if not isinstance(data, dict):
        raise InputError("expected a JSON object", source=str(path))
    unknown = set(data) - _KEYS - {"locked"}
    if unknown:
        raise InputError(f"unknown setting {sorted(unknown)[0]!r}", source=str(path))
    return data


def _locked(policy: dict[str, Any]) -> frozenset[str]:
    return frozenset(policy["locked"] if "locked" in policy else [k for k in policy if k in _KEYS])


def load() -> Settings:
    """Policy defaults, then the user's own choices, then the policy's locked keys (which always win).

    A policy without a "locked" list locks every key it sets; with one, its other keys are defaults.
    """
    policy = _read(policy_path())
    locked = _locked(policy)
    values = {k: v for k, v in policy.items() if k in _KEYS}
    values.update({k: v for k, v in _read(settings_path()).items() if k in _KEYS and k not in locked})
    for key, value in values.items():
        expected = type(getattr(Settings(), key))
        if not isinstance(value, expected):
            source = policy_path() if key in policy else settings_path()
            raise InputError(f"should be {expected.__name__}, not {type(value).__name__}", source=str(source),
                             field=key)
    settings = Settings(**values, locked=locked)
    if settings.theme not in THEMES:
        raise InputError(f"theme should be one of {', '.join(THEMES)}", source=str(settings_path()),
                         field="theme")
    _check_engine(settings, policy)
    return settings


def _check_engine(settings: Settings, policy: dict[str, Any]) -> None:
    def source(key: str) -> str:
        return str(policy_path() if key in policy else settings_path())

    if settings.engine not in set(EngineKind):
        raise InputError(f"engine should be one of {', '.join(EngineKind)}", source=source("engine"), field="engine")
    url = settings.server_url.strip()
    if url and not (url.startswith(("http://", "https://")) and len(url) > len("https://")):
        raise InputError("server_url should start with http:// or https://", source=source("server_url"),
                         field="server_url")
    if settings.engine == EngineKind.SERVER and not url:
        raise InputError('engine is "server" but no server_url is set', source=source("engine"), field="server_url")
    if not 1 <= settings.server_timeout_s <= 3600:
        raise InputError("server_timeout_s should be 1-3600 seconds", source=source("server_timeout_s"),
                         field="server_timeout_s")


def save(settings: Settings) -> None:
    """Write the user's settings; locked keys are not the user's to write."""
    locked = settings.locked | _locked(_read(policy_path()))
    data = {k: v for k, v in asdict(settings).items() if k in _KEYS and k not in locked}
    target = settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    tmp.replace(target)  # atomic: a crash never leaves half a settings file
