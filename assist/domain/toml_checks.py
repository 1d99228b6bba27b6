"""Reading typed values out of a parsed TOML file, with errors that name file, line and field (the playbook and
its rubric both read this way)."""

from __future__ import annotations

import re
from typing import Any

from assist.base.errors import InputError


class Checker:
    """Reads typed values out of the parsed TOML and reports errors with file, line and field."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def line_of(self, key: str, near: str = "") -> int:
        start = 0
        if near:
            for i, line in enumerate(self.lines):
                if near in line:
                    start = i
                    break
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(start, len(self.lines)):
            if pattern.match(self.lines[i]):
                return i + 1
        return 0

    def fail(self, field_name: str, message: str, key: str = "", near: str = "") -> InputError:
        line = self.line_of(key or field_name.rsplit(".", 1)[-1], near)
        where = f"line {line}: {field_name}" if line else field_name
        return InputError(message, source=self.source, field=where)

    def get(self, table: dict[str, Any], key: str, kind: type | tuple[type, ...], path: str,
            default: Any = None, near: str = "") -> Any:
        if key not in table:
            if default is None:
                raise self.fail(f"{path}.{key}", "is required", key, near)
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool) and kind != (bool,)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(f"{path}.{key}", f"should be {names}, not {type(value).__name__}", key, near)
        return value

    def words(self, table: dict[str, Any], key: str, path: str, near: str = "") -> list[str]:
        value = self.get(table, key, list, path, [], near)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(f"{path}.{key}", "should be a list of strings", key, near)
        return list(value)
