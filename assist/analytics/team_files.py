"""Team data without a server: signed files in a folder IT shares.

An agent's app writes one file per agent (`agent-<name>.json`) holding what the lead view shows of their
conversations: the metrics rows, the coaching reports, dispute states and suggestion outcomes (evidence quotes
and the customer's question only with `quotes=True`, where the policy allows). The lead's app imports every
file there, deduplicated by conversation (a conversation it holds itself keeps its own figures), and writes
its decisions on disputes (`lead-decisions.json`) back into the same folder for the agents' apps.

Each file is `{"format", "version", "kind", "from", "exported_at", "payload", "hmac"}`; the HMAC-SHA256 (key
from the IT policy's key file) covers every other field, so a tampered or truncated file is reported with its
name and skipped, never half imported.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assist.base.errors import InputError
from assist.store import Store

FORMAT, VERSION = "assist-team", 1
AGENT, LEAD = "agent", "lead"
DECISIONS_FILE = "lead-decisions.json"
MIN_KEY_BYTES = 16


def read_key(path: Path) -> bytes:
    """The shared key from IT's key file (its bytes, surrounding whitespace dropped)."""
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise InputError(f"cannot read the team key file: {exc.strerror}", source=str(path)) from None
    if len(key) < MIN_KEY_BYTES:
        raise InputError(f"the team key is {len(key)} bytes; at least {MIN_KEY_BYTES} are needed", source=str(path))
    return key


def _canonical(doc: dict[str, Any]) -> bytes:
    body = {k: v for k, v in doc.items() if k != "hmac"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(doc: dict[str, Any], key: bytes) -> dict[str, Any]:
    return {**doc, "hmac": hmac.new(key, _canonical(doc), hashlib.sha256).hexdigest()}


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()  # "Tomás" -> "Tomas"
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "unnamed"


def _strip_quotes(report: dict[str, Any]) -> dict[str, Any]:
    criteria = [{**c, "evidence": [{**e, "quote": ""} for e in c.get("evidence", [])], "rewrite": ""}
                for c in report.get("criteria", [])]
    return {**report, "criteria": criteria}


def agent_payload(store: Store, agent: str, *, quotes: bool) -> dict[str, Any]:
    rows = store.metrics.agent_rows(agent)
    ids = [r["conversation_id"] for r in rows]
    reports = []
    for cid in ids:
        for r in store.coaching.for_conversation(cid):
            dispute = store.coaching.dispute_of(r.id)
            reports.append({"report": r.report if quotes else _strip_quotes(r.report), "status": r.status,
                            "dispute": None if dispute is None else {
                                "comment": dispute.comment, "proposed": dispute.proposed, "verdict": dispute.verdict,
                                "lead_comment": dispute.lead_comment, "final": dispute.final}})
    for row in rows:
        if not quotes:
            row["question"] = ""
    return {"agent": agent, "conversations": rows, "reports": reports,
            "suggestion_outcomes": store.metrics.outcomes_of(ids)}


def _write(folder: Path, name: str, doc: dict[str, Any]) -> Path:
    path = folder / name
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)  # a reader never sees half a file of ours
    return path


def export(store: Store, folder: Path, key: bytes, *, agents: list[str] | None = None, quotes: bool = False,
           decisions: list[dict[str, Any]] | None = None, sender: str = "") -> list[Path]:
    """One signed file per agent (all agents in the store when not given) and, with `decisions`, the lead's."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    written = []
    for agent in agents if agents is not None else store.metrics.choices()["agent"]:
        payload = agent_payload(store, agent, quotes=quotes)
        if not payload["conversations"]:
            continue  # only imported rows here (the lead's app): the agent's own file stays theirs
        doc = {"format": FORMAT, "version": VERSION, "kind": AGENT, "from": agent, "exported_at": stamp,
               "payload": payload}
        written.append(_write(folder, f"agent-{_slug(agent)}.json", sign(doc, key)))
    if decisions:
        doc = {"format": FORMAT, "version": VERSION, "kind": LEAD, "from": sender or "lead", "exported_at": stamp,
               "payload": {"decisions": decisions}}
        written.append(_write(folder, DECISIONS_FILE, sign(doc, key)))
    return written


@dataclass
class Folder:
    """What a team folder held: the files that verified, and one problem line per file skipped."""

    good: list[tuple[Path, dict[str, Any]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_folder(folder: Path, key: bytes) -> Folder:
    if not folder.is_dir():
        raise InputError("the team folder does not exist", source=str(folder))
    out = Folder()
    for path in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            out.problems.append(f"{path.name}: not a complete team file ({type(exc).__name__}); skipped")
            continue
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            out.problems.append(f"{path.name}: not an Assist team file; skipped")
            continue
        given = str(doc.get("hmac", ""))
        if not hmac.compare_digest(given, hmac.new(key, _canonical(doc), hashlib.sha256).hexdigest()):
            out.problems.append(f"{path.name}: signature does not match (changed, cut, or another key); skipped")
            continue
        if doc.get("version") != VERSION or doc.get("kind") not in (AGENT, LEAD):
            out.problems.append(f"{path.name}: version {doc.get('version')} / kind {doc.get('kind')!r} is not "
                                f"one this Assist reads; skipped")
            continue
        out.good.append((path, doc))
    return out


def import_agent(store: Store, path: Path, doc: dict[str, Any]) -> dict[str, int]:
    """An agent's file into this (the lead's) store: metrics rows, reports, open disputes; idempotent."""
    payload = doc["payload"]
    written, kept = store.metrics.import_team(payload["conversations"], path.name)
    report_ids = store.coaching.save([item["report"] for item in payload["reports"]])
    opened = 0
    for report_id, item in zip(report_ids, payload["reports"], strict=True):
        dispute = item.get("dispute")
        if dispute and not dispute["verdict"] and store.coaching.dispute_of(report_id) is None:
            store.coaching.open_dispute(report_id, dispute["comment"], dispute["proposed"], actor=doc["from"])
            opened += 1
    return {"conversations": written, "kept_local": kept, "reports": len(report_ids), "disputes_opened": opened}


def decisions_of(store: Store) -> list[dict[str, Any]]:
    """The lead's verdicts on disputes, keyed by what both stores share (conversation, side, rubric version)."""
    out = []
    for row in store.coaching.recent(limit=100_000):
        dispute = store.coaching.dispute_of(row.id)
        if dispute is not None and dispute.verdict:
            out.append({"conversation_id": row.conversation_id, "scored_as": row.scored_as,
                        "rubric_version": row.rubric_version, "verdict": dispute.verdict, "final": dispute.final,
                        "lead_comment": dispute.lead_comment})
    return out
