"""What Assist writes into the helpdesk after a sync: its tags (with the connector's prefix), the handoff brief as an
internal note when a bot handed the chat over, and a wrap-up summary as a note when the conversation is solved.

Each kind can be turned off per connector (Options.write_back); each write is remembered (store.sync.write_backs,
so a re-sync never posts twice) and audited. A failed write is logged and tried again after the next sync.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from assist.analysis.tagging import UNKNOWN
from assist.base.errors import ConnectorError
from assist.base.text import sentence_spans
from assist.base.vocab import Role, Status, WriteBack
from assist.connectors.protocol import Connector
from assist.domain.conversation import Conversation
from assist.handoff import briefing
from assist.workspace.workspace import Workspace

log = logging.getLogger(__name__)

NOTE_HEADER_BRIEF = "Assist · handoff brief"
NOTE_HEADER_WRAP_UP = "Assist · wrap-up"
NOTE_HEADER_COACHING = "Assist · coaching"
# An agent's promise of a next step ("I'll send...", "we will refund...", "follow up", "within 3 days").
_FOLLOW_UP = re.compile(r"\b(?:i'll|i will|we'll|we will|i'm going to|follow(?:ing)? up|within \d+|by (?:mon|tue|wed|"
                        r"thu|fri|sat|sun|tomorrow))", re.IGNORECASE)


@dataclass
class WriteBackReport:
    written: list[str] = field(default_factory=list)  # "conversation id: kind"
    failed: list[str] = field(default_factory=list)


def helpdesk_tag(prefix: str, kind: str, value: str) -> str:
    """`assist_contact_reason_delivery`: helpdesk tags are single lowercase words (Zendesk turns spaces into
    separate tags), so kind and value are joined with underscores."""
    return prefix + re.sub(r"[^a-z0-9]+", "_", f"{kind} {value}".lower()).strip("_")


def brief_note(conversation: Conversation, workspace: Workspace) -> str:
    brief = briefing.brief(conversation, workspace.playbook())  # no model: quick and deterministic
    lines = [NOTE_HEADER_BRIEF, f"Goal: {brief.goal}"]
    if brief.tried:
        lines.append("The bot tried: " + "; ".join(brief.tried))
    if brief.provided:
        lines.append("Already given: " + "; ".join(f"{p.kind} {p.value}" for p in brief.provided))
    if brief.escalation:
        lines.append("Why a human: " + "; ".join(f"{t.id.replace('_', ' ')} (\u201c{t.evidence}\u201d)"
                                                   for t in brief.escalation))
    lines.append(f"Suggested first line: {brief.first_line}")
    return "\n".join(lines)


def _sentences(text: str) -> list[str]:
    return [text[s:e].strip() for s, e in sentence_spans(text) if text[s:e].strip()]


def wrap_up_note(conversation: Conversation) -> str:
    """Issue, what was done, follow-ups: from the conversation's own words, no model."""
    customer = next((m.text for m in conversation.messages if m.role == Role.CUSTOMER), "")
    issue = conversation.subject or (_sentences(customer) or [customer])[0]
    agent_turns = [m.text for m in conversation.messages if m.role == Role.AGENT]
    done = " ".join(_sentences(agent_turns[-1])[:2]) if agent_turns else "No agent reply recorded."
    promises = [s for text in agent_turns for s in _sentences(text) if _FOLLOW_UP.search(s)]
    lines = [NOTE_HEADER_WRAP_UP, f"Issue: {issue}", f"What was done: {done}",
             "Follow-ups: " + ("; ".join(dict.fromkeys(promises)) if promises else "none promised")]
    return "\n".join(lines)


def coaching_note(conversation: Conversation, workspace: Workspace) -> str:
    """Each side's overall score, strengths and what to improve (the rubric's rules, no model)."""
    from assist.workspace.coaching_flow import CoachingFlow  # local: coaching is only loaded when turned on

    lines = [NOTE_HEADER_COACHING]
    for report in CoachingFlow(workspace).score(conversation):
        who = f"{report.scored_as} {report.author}".strip()
        overall = report.overall
        if overall is None:
            lines.append(f"{who}: not scored ({report.not_scored or 'too short'})")
            continue
        lines.append(f"{who}: {overall:.0f}/100")
        if report.strengths:
            lines.append("  Strengths: " + "; ".join(report.strengths))
        if report.improvements:
            lines.append("  To improve: " + "; ".join(report.improvements))
    return "\n".join(lines)


def _handed_over(conversation: Conversation) -> bool:
    index, _ = briefing.handoff_point(conversation)
    return index is not None and conversation.status != Status.SOLVED and any(
        m.role in (Role.CUSTOMER, Role.AGENT) for m in conversation.messages[index + 1:])


def run(workspace: Workspace, connector: Connector, conversation_ids: list[str]) -> WriteBackReport:
    store = workspace.store
    name = connector.record.id
    enabled = connector.options.write_back
    report = WriteBackReport()
    for cid in dict.fromkeys(conversation_ids):
        link = store.sync.link_of(cid)
        conversation = store.conversations.get(cid)
        if link is None or link[0] != name or conversation is None:
            continue
        remote = link[1]
        jobs: list[tuple[str, str, str]] = []  # (kind, key, payload)
        if enabled.get(WriteBack.TAGS):
            tags = [helpdesk_tag(connector.options.tag_prefix, t.kind, t.value) for t in store.tags.get(cid)
                    if t.value and t.value != UNKNOWN]
            remote_tags = set(conversation.extra.get("remote_tags") or [])
            jobs += [(WriteBack.TAGS, t, t) for t in tags if t not in remote_tags
                     and not store.sync.written(name, cid, WriteBack.TAGS, t)]
        if enabled.get(WriteBack.HANDOFF_NOTE) and _handed_over(conversation) and \
                not store.sync.written(name, cid, WriteBack.HANDOFF_NOTE, "brief"):
            jobs.append((WriteBack.HANDOFF_NOTE, "brief", brief_note(conversation, workspace)))
        if enabled.get(WriteBack.WRAP_UP_NOTE) and conversation.status == Status.SOLVED and \
                not store.sync.written(name, cid, WriteBack.WRAP_UP_NOTE, "summary"):
            jobs.append((WriteBack.WRAP_UP_NOTE, "summary", wrap_up_note(conversation)))
        if enabled.get(WriteBack.COACHING_NOTE) and conversation.status == Status.SOLVED and \
                not store.sync.written(name, cid, WriteBack.COACHING_NOTE, "summary"):
            jobs.append((WriteBack.COACHING_NOTE, "summary", coaching_note(conversation, workspace)))
        tag_jobs = [j for j in jobs if j[0] == WriteBack.TAGS]
        try:
            if tag_jobs:
                connector.add_tags(remote, [payload for _, _, payload in tag_jobs])
                for kind, key, _ in tag_jobs:
                    store.sync.record_write_back(name, cid, kind, key, {"remote_id": remote, "tag": key})
                report.written.append(f"{cid}: {WriteBack.TAGS}")
            for kind, key, payload in jobs:
                if kind == WriteBack.TAGS:
                    continue
                connector.post_note(remote, payload)
                store.sync.record_write_back(name, cid, kind, key, {"remote_id": remote, "chars": len(payload)})
                report.written.append(f"{cid}: {kind}")
        except ConnectorError as exc:
            log.warning("write-back to %s for %s failed, retried after the next sync: %s", name, cid, exc)
            report.failed.append(f"{cid}: {exc}")
    return report
