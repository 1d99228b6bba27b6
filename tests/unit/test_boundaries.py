"""The arrows that must never exist (../shared/DESIGN.md, "Arrows that must never exist"), read from the code.

Imports are read with `ast` (module level and inside functions alike). Module names in strings count too when
they are handed to a subprocess or importlib (`"-m", "ui.x"`): the one sanctioned road from the core to Qt is
`assist app`, which imports `ui.app` lazily in assist/cli/run_commands.py.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FEATURES = {"reply", "handoff", "coaching", "analytics", "connectors"}
# (from package, forbidden packages) inside assist/; "*" = every other assist package
CORE_RULES: list[tuple[str, set[str]]] = [
    ("base", {"*"}),
    ("domain", {"*"} - {"base"}),
    ("store", {"knowledge", "analysis", "guardrails", "llm", "reply"}),
    ("analysis", {"llm", "store", "reply"}),
    ("guardrails", {"llm", "store", "reply"}),
    ("llm", {"domain", "store", "reply"}),
    ("connectors", {"llm", "reply"}),
    *[(feature, FEATURES - {feature}) for feature in sorted(FEATURES)],
]
UI_VIEWS = {"queue", "conversation", "suggestions", "coaching", "lead", "settings", "onboarding"}
UI_FORBIDDEN_TOP = {"sqlite3", "sqlite_utils", "llama_cpp", "keyring", "httpx", "requests", "urllib3"}
UI_FORBIDDEN_MODULES = {"assist.store.db", "assist.store.schema", "urllib.request", "http.client",
                        "assist.connectors.http"}  # the UI never speaks to a helpdesk itself
DYNAMIC_UI_ROAD = ROOT / "assist" / "cli" / "run_commands.py"
_UI_MODULE_STRING = re.compile(r"^ui(\.[a-z_]+)+$")  # "ui.app"; a bare "ui" is the logger name


def imports_of(source: str, package: str = "") -> set[str]:
    """Absolute module names a source imports (relative imports resolved against `package`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)  # `from assist import store`
    return names


def module_strings(source: str) -> set[str]:
    """String constants that look like a ui module name ("ui.app", "ui.base.bench_probe")."""
    return {node.value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _UI_MODULE_STRING.match(node.value)}


def _assist_package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "assist" and (ROOT / "assist" / parts[1]).is_dir() else None


def core_violations(path: Path, source: str) -> list[str]:
    rel = path.relative_to(ROOT / "assist")
    own = rel.parts[0] if len(rel.parts) > 1 else ""
    found = []
    for name in imports_of(source, ".".join(("assist", *rel.with_suffix("").parts[:-1]))):
        top = name.split(".")[0]
        if top in {"PySide6", "shiboken6", "ui"}:
            found.append(f"{rel}: imports {name} (the core never imports Qt or ui)")
        target = _assist_package(name)
        if target is None or target == own:
            continue
        if target in {"cli", "eval"} and own not in {"cli", "eval", ""}:  # "": assist/__main__.py runs the cli
            found.append(f"{rel}: imports {name} (nothing imports cli or eval)")
        for source_pkg, forbidden in CORE_RULES:
            if own == source_pkg and ("*" in forbidden or target in forbidden) and target not in (
                    {"base"} if source_pkg == "domain" else set()):
                found.append(f"{rel}: {own} -> {target} ({name})")
    if path != DYNAMIC_UI_ROAD:
        found += [f"{rel}: names the ui module {s!r} (only `assist app` may reach ui)" for s in module_strings(source)]
    return found


def ui_violations(path: Path, source: str) -> list[str]:
    rel = path.relative_to(ROOT / "ui")
    own = rel.parts[0] if len(rel.parts) > 1 else ""
    found = []
    for name in imports_of(source, ".".join(("ui", *rel.with_suffix("").parts[:-1]))):
        if name.split(".")[0] in UI_FORBIDDEN_TOP or any(name == m or name.startswith(m + ".")
                                                         for m in UI_FORBIDDEN_MODULES):
            found.append(f"ui/{rel}: imports {name}")
        parts = name.split(".")
        if parts[0] != "ui" or len(parts) < 2:
            continue
        target = parts[1]
        if own == "widgets" and target in UI_VIEWS:
            found.append(f"ui/{rel}: widgets -> view {target}")
        if own in UI_VIEWS and target in UI_VIEWS and target != own:
            found.append(f"ui/{rel}: view {own} -> view {target}")
    if own == "widgets":  # generic widgets import nothing from assist
        found += [f"ui/{rel}: widgets import {n}" for n in imports_of(source) if n.split(".")[0] == "assist"]
    return found


def _sources(folder: str) -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted((ROOT / folder).rglob("*.py"))]


def test_the_core_keeps_every_arrow() -> None:
    offenders = [v for path, source in _sources("assist") for v in core_violations(path, source)]
    assert offenders == []


def test_the_ui_keeps_every_arrow() -> None:
    offenders = [v for path, source in _sources("ui") for v in ui_violations(path, source)]
    assert offenders == []


@pytest.mark.parametrize(("where", "source", "expected"), [
    ("assist/base/x.py", "from assist.store import Store", "base -> store"),
    ("assist/domain/x.py", "from assist.llm import engine", "domain -> llm"),
    ("assist/store/x.py", "from assist.knowledge import importers", "store -> knowledge"),
    ("assist/guardrails/x.py", "def f():\n    from assist.reply import prompting", "guardrails -> reply"),
    ("assist/analysis/x.py", "from assist.llm.engine import Prompt", "analysis -> llm"),
    ("assist/llm/x.py", "from assist.domain.conversation import Conversation", "llm -> domain"),
    ("assist/handoff/x.py", "from assist.reply.prompting import defuse", "handoff -> reply"),
    ("assist/reply/x.py", "from assist import handoff", "reply -> handoff"),
    # coaching is a feature: it shares through knowledge, analysis, guardrails, llm and store, never another
    # feature (analytics too, once its folder exists: only existing packages are resolved)
    *[("assist/coaching/x.py", f"from assist.{feature} import x", f"coaching -> {feature}")
      for feature in ("reply", "handoff", "connectors")],
    # analytics reads what the store hands out (store.metrics, store.coaching rows), never another feature
    *[("assist/analytics/x.py", f"from assist.{feature} import x", f"analytics -> {feature}")
      for feature in ("reply", "handoff", "coaching", "connectors")],
    ("assist/connectors/x.py", "from assist.llm.engine import Engine", "connectors -> llm"),
    ("assist/connectors/x.py", "def f():\n    from assist.reply import suggest", "connectors -> reply"),
    ("assist/connectors/x.py", "from assist.handoff import briefing", "connectors -> handoff"),
    ("assist/workspace/x.py", "from assist.cli import main", "nothing imports cli or eval"),
    ("assist/reply/x.py", "from PySide6.QtCore import QObject", "never imports Qt"),
    ("assist/eval/x.py", "import subprocess\nsubprocess.run(['python', '-m', 'ui.base.bench_probe'])",
     "only `assist app` may reach ui"),
])
def test_a_wrong_arrow_in_the_core_is_caught(where: str, source: str, expected: str) -> None:
    found = core_violations(ROOT / where, source)
    assert any(expected in v for v in found), found


@pytest.mark.parametrize(("where", "source", "expected"), [
    ("ui/suggestions/x.py", "import sqlite3", "imports sqlite3"),
    ("ui/queue/x.py", "from assist.store.db import Database", "imports assist.store.db"),
    ("ui/settings/x.py", "import keyring", "imports keyring"),
    ("ui/settings/x.py", "from assist.connectors.http import Http", "imports assist.connectors.http"),
    ("ui/settings/x.py", "import httpx", "imports httpx"),
    ("ui/suggestions/x.py", "from ui.conversation.insights import Insight", "view suggestions -> view conversation"),
    ("ui/widgets/x.py", "from ui.queue import queue_view", "widgets -> view queue"),
    ("ui/coaching/x.py", "from ui.suggestions.draft_box import DraftBox", "view coaching -> view suggestions"),
    ("ui/lead/x.py", "from ui.coaching.report_card import ReportCard", "view lead -> view coaching"),
    ("ui/lead/x.py", "from ui.conversation import conversation_view", "view lead -> view conversation"),
    ("ui/widgets/x.py", "from assist.base.vocab import Role", "widgets import assist.base.vocab"),
    ("ui/base/x.py", "import llama_cpp", "imports llama_cpp"),
])
def test_a_wrong_arrow_in_the_ui_is_caught(where: str, source: str, expected: str) -> None:
    found = ui_violations(ROOT / where, source)
    assert any(expected in v for v in found), found


def test_core_never_imports_qt() -> None:
    offenders = [str(p.relative_to(ROOT)) for p, source in _sources("assist")
                 if any(name.split(".")[0] in {"PySide6", "shiboken6", "ui"} for name in imports_of(source))]
    assert offenders == []


def test_ui_holds_no_sql_or_model_code() -> None:
    forbidden = {"sqlite3", "sqlite_utils", "llama_cpp"}
    offenders = [str(p.relative_to(ROOT)) for p, source in _sources("ui")
                 if any(name.split(".")[0] in forbidden for name in imports_of(source))]
    assert offenders == []


def test_cli_commands_do_not_load_qt() -> None:
    code = ("import sys; from assist.cli import main; main(['--json', 'models', 'list']); "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'PySide6 was imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
