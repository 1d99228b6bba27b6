"""The layers a setting can come from, read without raising: each bad file or key becomes one problem line.

Precedence (settings.load): a locked policy value > the environment (ASSIST_<KEY>) > what the user changed >
the policy's unlocked defaults > the built-in default. A layer that cannot be read, or a key in it that is
unknown or has a bad value, is reported and skipped; the valid keys of every layer keep working.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assist.base.vocab import EngineKind, SettingOrigin

THEMES = ("system", "light", "dark")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def policy_path() -> Path:
    env = os.environ.get("ASSIST_POLICY")
    if env:
        return Path(env)
    if sys.platform.startswith("win"):
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Assist" / "policy.json"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Assist/policy.json")
    return Path("/etc/assist/policy.json")


@dataclass
class Layer:
    """The valid values one source gives, and what was wrong with the rest."""

    origin: SettingOrigin
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def check_value(key: str, value: Any, default: Any) -> str:
    """Why `value` cannot be the setting `key` ("" when it can); `default` gives the expected type."""
    expected = type(default)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        return f"should be {expected.__name__}, not {type(value).__name__}"
    if key == "theme" and value not in THEMES:
        return f"theme should be one of {', '.join(THEMES)}"
    if key == "engine" and value not in set(EngineKind):
        return f"engine should be one of {', '.join(EngineKind)}"
    if key == "server_url" and value.strip() and not (
            value.strip().startswith(("http://", "https://")) and len(value.strip()) > len("https://")):
        return "server_url should start with http:// or https://"
    if key == "server_timeout_s" and not 1 <= value <= 3600:
        return "server_timeout_s should be 1-3600 seconds"
    if key == "retention_days" and not 0 <= value <= 36500:
        return "retention_days should be 0 (keep everything) to 36500"
    if key == "model_sha256" and value and not _SHA256.fullmatch(value.lower()):
        return "model_sha256 should be 64 hexadecimal digits"
    return ""


def read_file_layer(path: Path, origin: SettingOrigin, defaults: dict[str, Any]) -> tuple[Layer, list[str]]:
    """The valid keys of a JSON settings/policy file, and its "locked" list (policy files only)."""
    layer = Layer(origin)
    if not path.exists():
        return layer, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        layer.problems.append(f"{path}: cannot be read ({exc}); it is ignored")
        return layer, []
    if not isinstance(data, dict):
        layer.problems.append(f"{path}: expected a JSON object; it is ignored")
        return layer, []
    locked_raw = data.pop("locked", None)
    for key, value in data.items():
        if key not in defaults:
            layer.problems.append(f"{path}: unknown setting {key!r} is ignored")
            continue
        why = check_value(key, value, defaults[key])
        if why:
            layer.problems.append(f"{path}: {key}: {why}; it is ignored")
            continue
        layer.values[key] = value
    if locked_raw is None or locked_raw == []:
        return layer, list(layer.values)  # no list: every key the policy sets is locked
    if not isinstance(locked_raw, list) or not all(isinstance(k, str) for k in locked_raw):
        layer.problems.append(f"{path}: locked should be a list of setting names; every key set is locked")
        return layer, list(layer.values)
    for key in locked_raw:
        if key not in defaults:
            layer.problems.append(f"{path}: locked names unknown setting {key!r}")
    return layer, [k for k in locked_raw if k in defaults]


def env_name(key: str) -> str:
    return f"ASSIST_{key.upper()}"


def read_env_layer(defaults: dict[str, Any]) -> Layer:
    """ASSIST_<KEY> for every setting: text parsed to the setting's type ("true"/"false", an integer)."""
    layer = Layer(SettingOrigin.ENVIRONMENT)
    for key, default in defaults.items():
        raw = os.environ.get(env_name(key))
        if raw is None or raw == "":
            continue
        value: Any = raw
        if isinstance(default, bool):
            value = True if raw.lower() in _TRUE else False if raw.lower() in _FALSE else raw
        elif isinstance(default, int):
            value = int(raw) if raw.strip().lstrip("-").isdigit() else raw
        why = check_value(key, value, default)
        if why:
            layer.problems.append(f"environment {env_name(key)}={raw!r}: {why}; it is ignored")
            continue
        layer.values[key] = value
    return layer
