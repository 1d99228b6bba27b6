"""The ABCD dataset's knowledge files as articles: guidelines.json (flows/subflows) and kb.json (action lists).

The JSON importer recognises their shapes; this module turns them into readable articles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.base.textfiles import read_text_file
from assist.knowledge.importers import common
from assist.knowledge.importers.common import Entry, article, slug


def guidelines(data: dict[str, Any]) -> Iterator[Entry]:
    """One article per flow/subflow: the flow's description, the subflow's instructions, the steps."""
    for flow, flow_data in data.items():
        description = flow_data.get("description") if isinstance(flow_data.get("description"), str) else ""
        for subflow, sub in flow_data["subflows"].items():
            id_ = f"abcd-{slug(flow)}-{slug(subflow)}"
            if not isinstance(sub, dict):
                yield f"{flow} / {subflow}: expected an object with actions and instructions, skipped"
                continue
            lines = [f"{flow}: {description}." if description else f"{flow}."]
            instructions = [s for s in sub.get("instructions", []) if isinstance(s, str) and s.strip()]
            if instructions:
                lines += ["", *instructions]
            actions = [a for a in sub.get("actions", []) if isinstance(a, dict)]
            if actions:
                lines += ["", "Steps:"]
            for n, action in enumerate(actions, start=1):
                button = str(action.get("button") or "").strip()
                text = str(action.get("text") or "").strip()
                head = f"{button}: {text}" if button and button != "N/A" and text != button else text or button
                lines.append(f"{n}. {head}")
                lines += [f"   - {s.strip()}" for s in action.get("subtext", []) if isinstance(s, str) and s.strip()]
            tags = ["abcd", slug(flow), *dict.fromkeys(slug(str(a.get("type", ""))) for a in actions if a.get("type"))]
            yield article(id_, f"{subflow} ({flow})", "\n".join(lines), tags)


def _humanize(name: str) -> str:
    words = re.sub(r"[_\-]+", " ", name).strip()
    words = re.sub(r"\b2fa\b", "two-factor authentication", words, flags=re.IGNORECASE)
    return words[:1].upper() + words[1:]


def flow_names(path: Path) -> dict[str, str]:
    """Subflow -> flow from an ABCD ontology.json next to kb.json, when there is one ("status" is ambiguous)."""
    try:
        ontology = json.loads(read_text_file(path.with_name("ontology.json"), common.MAX_FILE_BYTES))
        subflows = ontology["intents"]["subflows"]
        return {str(s): str(flow) for flow, names in subflows.items() for s in names}
    except (InputError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return {}


def kb(data: dict[str, list[str]], flows: dict[str, str]) -> Iterator[dict[str, Any]]:
    """kb.json maps each subflow to the agent actions it takes, in order: one short article per subflow."""
    for name, actions in data.items():
        flow = flows.get(name, "")
        title = f"{_humanize(flow)}: {_humanize(name).lower()}" if flow else _humanize(name)
        steps = [f"{n}. {_humanize(a)}" for n, a in enumerate(actions, start=1)]
        body = "\n".join([f"What the agent does for {title.lower()}, in order:", *steps])
        yield article(f"abcd-kb-{slug(name)}", title, body, ["abcd", *([slug(flow)] if flow else [])])
