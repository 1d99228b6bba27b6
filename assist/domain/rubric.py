"""The coaching part of the playbook: the rubric (criteria with scale, weight, critical, method) and the
procedures (flows whose required steps must come before an action, e.g. identity before a password reset).

Parsed by playbook.parse() through its checker, so an error names the file, the line and the field like every
other playbook error. Which criteria a rule can score is the CriterionId vocabulary; any other id is judged by the model
(`method = "model"`, the default for such an id) and needs a description of what to judge.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from assist.base.vocab import CriterionId, Method
from assist.domain.toml_checks import Checker as _Checker

SCALES = (1, 2, 4)  # binary (0-1), 3-point (0-2), 5-point (0-4): the scales QA tools use
_CRITERION_KEYS = {"id", "label", "weight", "scale", "critical", "method", "description"}


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    weight: float = 1.0
    description: str = ""
    scale: int = 2  # the maximum score; 0 is the minimum
    critical: bool = False  # below half of its scale sets the overall score to 0
    method: str = Method.RULE
    params: dict[str, Any] = field(default_factory=dict)  # the rule's knobs (thresholds), criterion-specific


@dataclass(frozen=True)
class Step:
    id: str
    label: str  # what to do, shown as the warning: "Verify the customer's identity before the reset"
    done: list[str]  # phrases in an agent/bot message that show the step was taken
    before: list[str] = field(default_factory=list)  # phrases of the action the step must precede


@dataclass(frozen=True)
class Procedure:
    id: str
    label: str
    detect: list[str]  # phrases in a customer message that start this flow
    steps: list[Step]


@dataclass(frozen=True)
class Rubric:
    criteria: list[Criterion] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    version: str = ""  # what the lead calls this edition; the fingerprint below changes with any edit

    @property
    def fingerprint(self) -> str:
        """Changes whenever a criterion or procedure changes: reports are re-scored only then."""
        raw = json.dumps([self.version, [c.__dict__ for c in self.criteria],
                          [[p.id, p.detect, [s.__dict__ for s in p.steps]] for p in self.procedures]],
                         sort_keys=True, default=str)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def parse_rubric(c: _Checker, data: dict[str, Any]) -> Rubric:
    raw = c.get(data, "rubric", dict, "playbook", {})
    criteria = [_criterion(c, r, i) for i, r in enumerate(c.get(raw, "criteria", list, "rubric", []))]
    seen: set[str] = set()
    for criterion in criteria:
        if criterion.id in seen:
            raise c.fail(f"rubric.criteria.{criterion.id}", "duplicate criterion id", "id", f'"{criterion.id}"')
        seen.add(criterion.id)
    procedures = [_procedure(c, r, i) for i, r in enumerate(c.get(data, "procedures", list, "playbook", []))]
    return Rubric(criteria, procedures, str(c.get(raw, "version", (str, int), "rubric", "")))


def _criterion(c: _Checker, r: Any, index: int) -> Criterion:
    if not isinstance(r, dict):
        raise c.fail(f"rubric.criteria[{index}]", "should be a table")
    cid = c.get(r, "id", str, "rubric.criteria")
    path, near = f"rubric.criteria.{cid}", f'"{cid}"'
    # An id no rule scores is the model's to judge (a playbook written before a rule existed keeps working).
    default = Method.RULE.value if cid in tuple(CriterionId) else Method.MODEL.value
    method = c.get(r, "method", str, path, default, near)
    if method not in tuple(Method):
        raise c.fail(f"{path}.method", "should be rule or model", "method", near)
    description = c.get(r, "description", str, path, "", near)
    if method == Method.RULE and cid not in tuple(CriterionId):
        raise c.fail(f"{path}.id", f"no rule scores {cid!r}: use one of {', '.join(CriterionId)}, or set "
                     'method = "model" with a description of what to judge', "id", near)
    if method == Method.MODEL and not description.strip():
        raise c.fail(f"{path}.description", "is required for a model-judged criterion", "id", near)
    scale = c.get(r, "scale", int, path, 2, near)
    if scale not in SCALES:
        raise c.fail(f"{path}.scale", "should be 1 (binary), 2 (3-point) or 4 (5-point)", "scale", near)
    weight = float(c.get(r, "weight", (int, float), path, 1, near))
    if weight < 0:
        raise c.fail(f"{path}.weight", "should not be negative", "weight", near)
    return Criterion(cid, c.get(r, "label", str, path, near=near), weight, description, scale,
                     bool(c.get(r, "critical", bool, path, False, near)), method,
                     {k: v for k, v in r.items() if k not in _CRITERION_KEYS})


def _procedure(c: _Checker, r: Any, index: int) -> Procedure:
    if not isinstance(r, dict):
        raise c.fail(f"procedures[{index}]", "should be a table")
    pid = c.get(r, "id", str, f"procedures[{index}]")
    path, near = f"procedures.{pid}", f'"{pid}"'
    detect = c.words(r, "detect", path, near)
    if not detect:
        raise c.fail(f"{path}.detect", "needs at least one phrase that starts the flow", "id", near)
    steps = []
    for j, s in enumerate(c.get(r, "steps", list, path, [], near)):
        sid = c.get(s, "id", str, f"{path}.steps[{j}]", near=near) if isinstance(s, dict) else ""
        if not sid:
            raise c.fail(f"{path}.steps[{j}]", "should be a table with an id", "id", near)
        done = c.words(s, "done", f"{path}.steps.{sid}", f'"{sid}"')
        if not done:
            raise c.fail(f"{path}.steps.{sid}.done", "needs at least one phrase showing the step", "id", f'"{sid}"')
        steps.append(Step(sid, c.get(s, "label", str, f"{path}.steps.{sid}", near=f'"{sid}"'), done,
                          c.words(s, "before", f"{path}.steps.{sid}", f'"{sid}"')))
    if not steps:
        raise c.fail(f"{path}.steps", "needs at least one step", "id", near)
    return Procedure(pid, c.get(r, "label", str, path, near=near), detect, steps)
