"""The core never imports Qt; the UI never touches SQL or the model directly."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "assist").rglob("*.py")
                 if any(name.split(".")[0] in {"PySide6", "shiboken6", "ui"} for name in _imports(p))]
    assert offenders == []


def test_ui_holds_no_sql_or_model_code() -> None:
    forbidden = {"sqlite3", "sqlite_utils", "llama_cpp"}
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py")
                 if any(name.split(".")[0] in forbidden for name in _imports(p))]
    assert offenders == []


def test_cli_commands_do_not_load_qt() -> None:
    code = ("import sys; from assist.cli import main; main(['--json', 'models', 'list']); "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'PySide6 was imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
