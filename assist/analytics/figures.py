"""One conversation's figures (a `conversation_metrics` row), and keeping those rows fresh.

Each measure is defined in docs/metrics.md; this is the only place they are computed from a transcript.
`refresh(store)` recomputes the rows of conversations that are new or changed (messages or tags) since their
row was written, so the lead's view aggregates stored rows and never re-reads transcripts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from assist.analysis import sentiment
from assist.base.vocab import Marker, Resolution, Role, Status, TagKind
from assist.domain.conversation import Conversation
from assist.knowledge.retrieval import Retriever
from assist.store import Store

log = logging.getLogger(__name__)

QUESTION_CHARS = 500
CHUNK = 500
UNNAMED_AGENT = "(unnamed agent)"


def _moment(at: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[str, str]:
    """(since, until) dates of an ISO week "2026-W47": its Monday and the Monday after."""
    monday = datetime.strptime(week + "-1", "%G-W%V-%u").date()
    return monday.isoformat(), (monday + timedelta(days=7)).isoformat()


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    return max(0.0, (end - start).total_seconds()) if start and end else None


def compute(conversation: Conversation, tags: dict[str, str], answered: Callable[[str, str], bool | None],
            stamp: str = "", rubric: dict[str, float | None] | None = None) -> dict[str, Any]:
    """The metrics row of one conversation; `tags` kind -> value; `answered(question, language)` whether the
    help centre holds an answer (None when it cannot tell); `rubric` side -> the newest report's overall."""
    msgs = conversation.messages
    at = [_moment(m.at) if m.at else None for m in msgs]
    known = [t for t in at if t is not None]
    roles = [m.role for m in msgs]
    agent_idx = [i for i, r in enumerate(roles) if r == Role.AGENT]
    bot_idx = [i for i, r in enumerate(roles) if r == Role.BOT]
    customer_idx = [i for i, r in enumerate(roles) if r == Role.CUSTOMER]
    has_bot = bool(bot_idx)
    escalated = has_bot and bool(agent_idx) and agent_idx[-1] > bot_idx[0]
    agent = (msgs[agent_idx[-1]].author or UNNAMED_AGENT) if agent_idx else ""
    journey = sentiment.journey(conversation)
    scores = [float(p["score"]) for p in journey.per_message]
    handle = None
    if agent_idx:  # from the customer message the agent first answered to the agent's last message
        first = agent_idx[0]
        asked = next((i for i in reversed(customer_idx) if i < first), first)
        handle = _seconds(at[asked], at[agent_idx[-1]])
    bot_handle = None
    if has_bot:  # from the customer's first message to the bot's last
        start = customer_idx[0] if customer_idx and customer_idx[0] < bot_idx[-1] else bot_idx[0]
        bot_handle = _seconds(at[start], at[bot_idx[-1]])
    end: dict[str, Any] = journey.per_message[-1] if journey.per_message else {"score": 0.0, "label": ""}
    bot_end = end
    if escalated:  # the customer's mood when the bot handed over: their last message before the agent's first
        before = [p for p in journey.per_message if int(p["index"]) < agent_idx[0]]
        bot_end = before[-1] if before else bot_end
    resolved_tag = tags.get(TagKind.RESOLVED, "")
    resolved = 1 if resolved_tag == Resolution.YES else 0 if resolved_tag == Resolution.NO else None
    if conversation.status == Status.OPEN and resolved != 1:
        resolved = None  # still in progress: neither resolved nor failed yet
    repeat = any(Marker.REPEAT_CONTACT in p["markers"] for p in journey.per_message)
    question = msgs[customer_idx[0]].text[:QUESTION_CHARS] if customer_idx else ""
    found = answered(question, conversation.customer.language) if question else None
    started = min(known) if known else None
    runs = sum(1 for i in customer_idx if i == 0 or roles[i - 1] != Role.CUSTOMER)  # customer turns, not lines
    return {
        "conversation_id": conversation.id, "stamp": stamp, "agent": agent, "has_bot": int(has_bot),
        "escalated": int(escalated), "channel": conversation.channel,
        "reason": tags.get(TagKind.CONTACT_REASON) or "unknown", "status": conversation.status,
        "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ") if started else "",
        "ended_at": max(known).strftime("%Y-%m-%dT%H:%M:%SZ") if known else "",
        "week": iso_week(started) if started else "", "customer_turns": runs, "messages": len(msgs),
        "resolved": resolved, "resolved_by": tags.get(TagKind.RESOLVED_BY, ""),
        "fcr": None if resolved is None else int(resolved == 1 and not repeat),
        "handle_s": handle, "bot_handle_s": bot_handle,
        "sentiment_start": journey.start, "sentiment_end": journey.end, "sentiment_low": journey.lowest,
        "sentiment_spread": (max(scores) - min(scores)) if scores else 0.0,
        "bot_sentiment_end": float(bot_end["score"]), "end_label": str(end["label"]),
        "bot_end_label": str(bot_end["label"]) if has_bot else "", "question": question,
        "article_found": None if found is None else int(found),
        "agent_rubric": (rubric or {}).get(Role.AGENT), "bot_rubric": (rubric or {}).get(Role.BOT),
    }


def refresh(store: Store, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the rows of new or changed conversations; returns how many were written."""
    if store.metrics.fresh_at is not None and store.metrics.quick_stamp() == store.metrics.fresh_at:
        return 0  # nothing was written to the file since the rows were last fresh (this process or another)
    signature = store.metrics.signature()  # before the stale check: a change made meanwhile is seen next time
    if signature == store.metrics.refreshed_at():
        store.metrics.fresh_at = store.metrics.quick_stamp()
        return 0
    stale = store.metrics.stale()
    retriever = Retriever(store)
    has_articles = store.count("articles") > 0

    def answered(question: str, language: str) -> bool | None:
        if not has_articles:
            return False  # an empty help centre answers nothing: every question is a gap
        return any(hit.answers for hit in retriever.search(question, language=language, limit=3))

    written = 0
    for start in range(0, len(stale), CHUNK):
        rows = []
        for conversation_id, stamp in stale[start:start + CHUNK]:
            conversation = store.conversations.get(conversation_id)
            if conversation is None:
                continue
            tags = {t.kind: t.value for t in store.tags.get(conversation_id)}
            rubric = {r.scored_as: r.overall for r in store.coaching.for_conversation(conversation_id)}
            rows.append(compute(conversation, tags, answered, stamp, rubric))
        written += store.metrics.save(rows)
        if progress is not None:
            progress(written, len(stale))
    store.metrics.mark_refreshed(signature)
    store.metrics.fresh_at = store.metrics.quick_stamp()
    if written:
        log.info("conversation metrics refreshed: %d", written)
    return written
