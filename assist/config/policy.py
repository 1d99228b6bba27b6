"""The layers a setting can come from, read without raising: each bad file or key becomes one problem line.

Precedence (settings.load): a locked policy value > the environment (ASSIST_<KEY>) > what the user changed >
the policy's unlocked defaults > the built-in default. A layer that cannot be read, or a key in it that is
unknown or has a bad value, is reported and skipped; the valid keys of every layer keep working.

IT policy can come from several sources (the JSON file, and on Windows the registry: policy_registry.py);
merge_policies makes them one policy before the precedence above applies, so there is one code path.
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
    where: str = ""  # the file or registry key it was read from; "" when there was none


def _is_url(text: str) -> bool:
    text = text.strip()
    return text.startswith(("http://", "https://")) and len(text) > len("https://")


def check_value(key: str, value: Any, default: Any) -> str:
    """Why `value` cannot be the setting `key` ("" when it can); `default` gives the expected type."""
    expected = type(default)
    if expected is tuple:  # a list setting: JSON gives a list, the registry a REG_MULTI_SZ
        if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
            return f"should be a list of strings, not {type(value).__name__}"
        bad = [item for item in value if item.strip() and key.endswith("_urls") and not _is_url(item)]
        return f"{bad[0]!r} should start with http:// or https://" if bad else ""
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        return f"should be {expected.__name__}, not {type(value).__name__}"
    if key == "theme" and value not in THEMES:
        return f"theme should be one of {', '.join(THEMES)}"
    if key == "engine" and value not in set(EngineKind):
        return f"engine should be one of {', '.join(EngineKind)}"
    if key == "server_url" and value.strip() and not _is_url(value):
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
    layer.where = str(path)
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
        layer.values[key] = coerce(value, defaults[key])
    if locked_raw is None or locked_raw == []:
        return layer, list(layer.values)  # no list: every key the policy sets is locked
    if not isinstance(locked_raw, list) or not all(isinstance(k, str) for k in locked_raw):
        layer.problems.append(f"{path}: locked should be a list of setting names; every key set is locked")
        return layer, list(layer.values)
    for key in locked_raw:
        if key not in defaults:
            layer.problems.append(f"{path}: locked names unknown setting {key!r}")
    return layer, [k for k in locked_raw if k in defaults]


def coerce(value: Any, default: Any) -> Any:
    """A checked value in the setting's own type: lists become tuples (settings are compared and frozen)."""
    return tuple(item.strip() for item in value if item.strip()) if isinstance(default, tuple) else value


def merge_policies(sources: list[tuple[Layer, list[str]]]) -> tuple[Layer, list[str]]:
    """The policy sources (each a layer and the keys it locks), weakest first, as one policy. Key by key the
    strongest source that names a key decides it: its value replaces a weaker one's, and whether the key is
    locked follows that source (a source that only locks a key locks it at whatever value applies)."""
    merged = Layer(SettingOrigin.POLICY_DEFAULT)
    locks: dict[str, bool] = {}
    for layer, locked in sources:
        merged.problems.extend(layer.problems)
        for key, value in layer.values.items():
            merged.values[key] = value
            locks[key] = key in locked
        locks.update({key: True for key in locked})
    merged.where = "; ".join(layer.where for layer, _ in sources if layer.where)
    return merged, [key for key, on in locks.items() if on]


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
        elif isinstance(default, tuple):  # a list: items separated by commas or spaces
            value = [item for item in re.split(r"[,\s]+", raw) if item]
        why = check_value(key, value, default)
        if why:
            layer.problems.append(f"environment {env_name(key)}={raw!r}: {why}; it is ignored")
            continue
        layer.values[key] = coerce(value, default)
    return layer
