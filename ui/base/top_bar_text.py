"""The top bar's words: the workspace's name and where it lives, and the model's short name for the chip."""

from __future__ import annotations

import re

from assist.workspace.workspace import Workspace


def short_model_name(name: str) -> str:
    """"SmolLM2 135M Instruct (Q4_1)" -> "SmolLM2 135M": the chip is narrow; the tooltip has it all."""
    short = re.sub(r"\s*\([^)]*\)", "", name).replace(" Instruct", "").strip()
    return short or name


def workspace_title(workspace: Workspace) -> str:
    if workspace.is_demo:
        return f"Demo workspace — {workspace.playbook().company}"
    return str(workspace.data_dir)


def workspace_lines(workspace: Workspace) -> tuple[str, str]:
    """(name, detail) for the two-line label in the narrow top bar."""
    if workspace.is_demo:
        return workspace.playbook().company or "Demo", "Demo workspace"
    return workspace.playbook().company or workspace.data_dir.name, str(workspace.data_dir)
