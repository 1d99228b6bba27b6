"""IT policy from the Windows registry (Group Policy, the ADMX template in packaging/windows/policy/), turned
into the same layer the policy file gives, so precedence and problem reporting stay policy.py's one path.

Layout, under HKLM\\Software\\Policies\\Assist (machine) and HKCU\\Software\\Policies\\Assist (user policy):
- one value per setting, named as the setting (`theme`, `retention_days`; the registry ignores case):
  REG_SZ (or REG_EXPAND_SZ, %VARIABLES% expanded) for text, REG_DWORD for integers and for booleans (0 or 1),
  REG_MULTI_SZ for lists (`allowed_helpdesk_urls`);
- a `Locked` subkey with one REG_DWORD per setting: 1 = users cannot change it, 0 = a default they may
  override. No `Locked` subkey (or an empty one) locks every value set, as a file without "locked" does.

Both hives are read: HKCU\\Software\\Policies is writable by administrators only (user-targeted GPOs write
there), so it is policy, not preference. The sources merge weakest first (policy.merge_policies): the JSON
file, then HKCU, then HKLM, key by key; the machine's Group Policy is the strongest word.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import Any

from assist.base.vocab import SettingOrigin
from assist.config.policy import Layer, check_value, coerce

KEY_PATH = r"Software\Policies\Assist"
LOCKED_SUBKEY = "Locked"
HIVES = ("HKEY_CURRENT_USER", "HKEY_LOCAL_MACHINE")  # weakest first
SHORT = {"HKEY_CURRENT_USER": "HKCU", "HKEY_LOCAL_MACHINE": "HKLM"}
# Registry value types: the numbers are fixed by the Windows API (winreg.REG_SZ and so on), so the conversion
# below runs, and is tested, on every OS.
REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_MULTI_SZ, REG_QWORD = 1, 2, 4, 7, 11
TYPE_NAMES = {REG_SZ: "REG_SZ", REG_EXPAND_SZ: "REG_EXPAND_SZ", REG_DWORD: "REG_DWORD",
              REG_MULTI_SZ: "REG_MULTI_SZ", REG_QWORD: "REG_QWORD", 0: "REG_NONE", 3: "REG_BINARY"}
RegValue = tuple[str, int, Any]  # (name, type, data): what winreg.EnumValue gives, reordered
_PERCENT_VAR = re.compile(r"%([^%]+)%")


def where(hive: str) -> str:
    return f"{SHORT.get(hive, hive)}\\{KEY_PATH}"


def _expand(text: str) -> str:
    """%NAME% replaced from the environment (REG_EXPAND_SZ); an unknown one is left as written."""
    return _PERCENT_VAR.sub(lambda m: os.environ.get(m.group(1), m.group(0)), text)


def _value(kind: int, data: Any, default: Any) -> tuple[Any, str]:
    """(the setting's value, "") or (None, why this registry type cannot give it)."""
    type_name = TYPE_NAMES.get(kind, f"type {kind}")
    if isinstance(default, bool):
        if kind == REG_DWORD and data in (0, 1):
            return bool(data), ""
        return None, f"should be a REG_DWORD 0 or 1, not {type_name} {data!r}"
    if isinstance(default, int):
        return (data, "") if kind in (REG_DWORD, REG_QWORD) else (None, f"should be a REG_DWORD, not {type_name}")
    if isinstance(default, tuple):
        return (list(data), "") if kind == REG_MULTI_SZ else (None, f"should be a REG_MULTI_SZ, not {type_name}")
    if kind in (REG_SZ, REG_EXPAND_SZ):
        return (_expand(data) if kind == REG_EXPAND_SZ else data), ""
    return None, f"should be a REG_SZ, not {type_name}"


def layer_from_values(source: str, values: Iterable[RegValue], locked: Iterable[RegValue] | None,
                      defaults: dict[str, Any]) -> tuple[Layer, list[str]]:
    """The valid settings of one registry key and the keys its `Locked` subkey locks (None: no subkey)."""
    layer = Layer(SettingOrigin.POLICY_DEFAULT, where=source)
    for raw_name, kind, data in values:
        name = raw_name.lower()
        if not name:  # the key's unnamed default value: regedit shows it on every key
            continue
        if name not in defaults:
            layer.problems.append(f"{source}: unknown setting {raw_name!r} is ignored")
            continue
        value, why = _value(kind, data, defaults[name])
        why = why or check_value(name, value, defaults[name])
        if why:
            layer.problems.append(f"{source}: {raw_name}: {why}; it is ignored")
            continue
        layer.values[name] = coerce(value, defaults[name])
    marks = list(locked or [])
    if not marks:
        return layer, list(layer.values)  # no Locked subkey: every value set is locked
    keys = []
    for raw_name, kind, data in marks:
        name = raw_name.lower()
        if name not in defaults:
            layer.problems.append(f"{source}\\{LOCKED_SUBKEY}: names unknown setting {raw_name!r}")
        elif kind != REG_DWORD or data not in (0, 1):
            layer.problems.append(f"{source}\\{LOCKED_SUBKEY}: {raw_name} should be a REG_DWORD 0 or 1; "
                                  f"{name} is locked")  # a lock IT meant to set is kept, not dropped
            keys.append(name)
        elif data:
            keys.append(name)
    return layer, keys


def read_registry(defaults: dict[str, Any]) -> list[tuple[Layer, list[str]]]:
    """The policy of each hive that has the key, weakest first; nothing off Windows."""
    return [layer_from_values(where(hive), values, locked, defaults)
            for hive, (values, locked) in read_hives().items()]


def read_hives() -> dict[str, tuple[list[RegValue], list[RegValue] | None]]:
    """The raw values (and `Locked` values, None without that subkey) of each hive's policy key that exists."""
    if not sys.platform.startswith("win"):
        return {}
    import winreg  # Windows only

    def values(key: Any) -> list[RegValue]:
        found, i = [], 0
        while True:
            try:
                name, data, kind = winreg.EnumValue(key, i)
            except OSError:  # no more values
                return found
            found.append((name, kind, data))
            i += 1

    found: dict[str, tuple[list[RegValue], list[RegValue] | None]] = {}
    for hive in HIVES:
        try:
            with winreg.OpenKey(getattr(winreg, hive), KEY_PATH) as key:
                try:
                    with winreg.OpenKey(key, LOCKED_SUBKEY) as sub:
                        locked: list[RegValue] | None = values(sub)
                except OSError:
                    locked = None
                found[hive] = (values(key), locked)
        except OSError:  # no policy key in this hive
            continue
    return found
