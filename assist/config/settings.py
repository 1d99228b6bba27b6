"""User settings (a small JSON file in the config dir) under an optional IT policy that locks keys.

Policy file: ASSIST_POLICY, else /etc/assist/policy.json (Linux), %PROGRAMDATA%\\Assist\\policy.json
(Windows), /Library/Application Support/Assist/policy.json (macOS); on Windows also the registry
(policy_registry.py: HKCU, then HKLM, win over the file key by key). Precedence and problem reporting:
policy.py; see packaging/POLICY.md and docs/it-guide.md.
"""

from __future__ import annotations

import getpass
import json
import logging
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from assist.base import paths
from assist.base.vocab import EngineKind, SettingOrigin
from assist.config import policy_registry
from assist.config.policy import THEMES, Layer, merge_policies, policy_path, read_env_layer, read_file_layer

__all__ = ["THEMES", "Settings", "effective", "load", "policy_path", "save", "settings_path"]

log = logging.getLogger(__name__)
_NOT_KEYS = {"locked", "origins", "problems", "policy_sources"}


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
    # Data governance (IT sets these in the policy; docs/it-guide.md).
    retention_days: int = 0  # conversations older than this are purged (0 = kept until deleted)
    redact_personal_data: bool = False  # card numbers, emails, phones masked before storage and before prompts
    model_path: str = ""  # a GGUF on a share, verified against model_sha256 and copied to local disk to load
    model_sha256: str = ""
    encrypt_at_rest: bool = False  # a new workspace is created encrypted (SQLCipher), its key in the OS keychain
    # Helpdesk base URLs a connection may be added for (empty = any): IT keeps customer data on known desks.
    allowed_helpdesk_urls: tuple[str, ...] = ()
    # The shared folder of `assist team export/import` and the file holding its HMAC key. The policy names the
    # key's file, never the key: policy values are readable by every user and printed by `assist doctor`.
    team_folder: str = ""
    team_key_file: str = ""
    locked: frozenset[str] = field(default_factory=frozenset)
    origins: dict[str, SettingOrigin] = field(default_factory=dict, compare=False)
    problems: tuple[str, ...] = field(default=(), compare=False)  # bad files/keys, each already logged once
    policy_sources: str = field(default="", compare=False)  # the policy file and registry keys that exist

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


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


_KEYS = {f.name for f in fields(Settings)} - _NOT_KEYS
_reported: set[str] = set()  # each problem is logged once per process, however often settings are loaded


def defaults() -> dict[str, Any]:
    built_in = Settings()
    return {key: getattr(built_in, key) for key in sorted(_KEYS)}


def _layers() -> tuple[list[Layer], frozenset[str], Layer]:
    """(the layers weakest first: built-in, policy defaults, user, environment, locked policy; the locked keys;
    the user's own layer)."""
    base = defaults()
    # The policy's sources weakest first: the file, then the registry (Windows only), merged key by key.
    policy, locked_keys = merge_policies([read_file_layer(policy_path(), SettingOrigin.POLICY_DEFAULT, base),
                                          *policy_registry.read_registry(base)])
    locked = frozenset(locked_keys)
    user, _ignored = read_file_layer(settings_path(), SettingOrigin.USER, base)
    policy_default = Layer(SettingOrigin.POLICY_DEFAULT, {k: v for k, v in policy.values.items() if k not in locked},
                           policy.problems, policy.where)
    policy_locked = Layer(SettingOrigin.LOCKED_POLICY, {k: v for k, v in policy.values.items() if k in locked})
    built_in = Layer(SettingOrigin.BUILT_IN, base)
    return [built_in, policy_default, user, read_env_layer(base), policy_locked], locked, user


def load() -> Settings:
    """The effective settings, each knowing its origin (see policy.py for the precedence). Never raises for a
    bad file or key: it is reported once (log and Settings.problems) and the next layer's value applies."""
    layers, locked, _user = _layers()
    values: dict[str, Any] = {}
    origins: dict[str, SettingOrigin] = {}
    problems: list[str] = []
    for layer in layers:
        problems.extend(layer.problems)
        for key, value in layer.values.items():
            values[key], origins[key] = value, layer.origin
    if values["engine"] == EngineKind.SERVER and not values["server_url"].strip():
        problems.append(f'engine is "server" but no server_url is set ({origins["engine"].value}); '
                        "replies are generated on this computer")
        values["engine"], origins["engine"] = EngineKind.LOCAL.value, SettingOrigin.BUILT_IN
    for problem in problems:
        if problem not in _reported:
            _reported.add(problem)
            log.warning("settings: %s", problem)
    return Settings(**values, locked=locked, origins=origins, problems=tuple(problems),
                    policy_sources=layers[1].where)


def save(settings: Settings) -> None:
    """Write only what the user changed: keys that differ from what the policy's defaults and the built-in
    ones give. Locked keys and keys the environment sets are not the user's to write."""
    layers, locked, _user = _layers()
    below: dict[str, Any] = {**layers[0].values, **layers[1].values}
    env = layers[3].values
    data = {k: getattr(settings, k) for k in sorted(_KEYS)
            if k not in locked | settings.locked and k not in env and getattr(settings, k) != below[k]}
    target = settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    tmp.replace(target)  # atomic: a crash never leaves half a settings file


def effective(settings: Settings) -> list[dict[str, Any]]:
    """Every setting's value and where it came from (assist doctor, the support bundle)."""
    return [{"key": key, "value": getattr(settings, key),
             "origin": str(settings.origins.get(key, SettingOrigin.BUILT_IN)), "locked": key in settings.locked}
            for key in sorted(_KEYS)]
