"""What the help centre lacks: the customers' questions no article answered, or that the bot and the agents
both failed (handed off and still unresolved), grouped by similarity and counted.

For the top groups a draft article is assembled from the agents' own answers in those conversations: their
sentences verbatim (greetings, sign-offs and questions back to the customer left out), so every fact in the
draft comes from them; the lead edits it and exports it (`assist report --gaps-dir`).
"""

from __future__ import annotations

import re
from typing import Any

from assist.base.text import content_words, jaccard, sentence_spans
from assist.base.vocab import Role
from assist.knowledge.query_words import stems
from assist.store import Store
from assist.store.metrics import Filter

SIMILAR = 0.25  # Jaccard of stems at which two questions are the same (chosen on banking77 train: assist eval gaps)
SAMPLE = 1000  # the newest gap questions grouped (a sample beyond that: the counts say of how many)
EXAMPLES = 3
DRAFT_GROUPS = 5
DRAFT_SENTENCES = 8
_NOT_CONTENT = re.compile(r"^(hi|hello|hey|thanks|thank you|cheers|best|regards|kind regards|have a|"
                          r"i'm \w+|this is \w+|let me|one moment|sorry to hear|i understand)\b", re.IGNORECASE)


def cluster(rows: list[dict[str, Any]], similar: float = SIMILAR) -> list[dict[str, Any]]:
    """Rows ({"question", "reason", ...}) into groups of the same question, in the order they came: a question
    joins the group sharing most of its word stems (Jaccard >= `similar`; a shared known contact reason
    counts as `similar` more). Only groups holding one of its words are compared (an inverted index)."""
    clusters: list[dict[str, Any]] = []
    by_word: dict[str, list[int]] = {}
    for row in rows:
        words = frozenset(w for w in stems(row["question"]) if not any(ch.isdigit() for ch in w))
        if not words:
            continue
        shown = [w for w in content_words(row["question"]) if not any(ch.isdigit() for ch in w)]
        candidates = {i for w in words for i in by_word.get(w, ())}
        best, near = -1, 0.0
        for i in candidates:
            c = clusters[i]
            score = jaccard(words, c["words"]) + (similar if c["reason"] == row["reason"] != "unknown" else 0.0)
            if score > near:
                best, near = i, score
        if best < 0 or near < similar:
            best = len(clusters)
            clusters.append({"words": frozenset(), "reason": row["reason"], "rows": [], "counts": {}})
        c = clusters[best]
        c["rows"].append(row)
        for w in words - c["words"]:
            by_word.setdefault(w, []).append(best)
        c["words"] = c["words"] | words
        for w in set(shown):  # the label reads in whole words; matching uses stems ("arrived" = "arrive")
            c["counts"][w] = c["counts"].get(w, 0) + 1
    return clusters


def groups(store: Store, f: Filter, *, limit: int = 10) -> list[dict[str, Any]]:
    """Groups of similar gap questions, largest first, each with its count, examples and conversations."""
    clusters = cluster(store.metrics.gap_rows(f, limit=SAMPLE))
    clusters.sort(key=lambda c: (-len(c["rows"]), c["rows"][0]["id"]))
    out = []
    for c in clusters[:limit]:
        rows = c["rows"]
        top_words = sorted(c["counts"], key=lambda w: (-c["counts"][w], w))[:4]
        out.append({
            "label": (c["reason"] + ": " if c["reason"] != "unknown" else "") + " ".join(top_words),
            "reason": c["reason"], "count": len(rows),
            "no_article": sum(1 for r in rows if r["article_found"] == 0),
            "both_failed": sum(1 for r in rows if r["escalated"] == 1 and r["resolved"] == 0),
            "examples": [r["question"][:200] for r in rows[:EXAMPLES]],
            "conversation_ids": [r["id"] for r in rows],
        })
    return out


def draft(store: Store, group: dict[str, Any]) -> dict[str, Any]:
    """A draft article for one group from the agents' own sentences in its conversations, each with its source."""
    sentences: list[dict[str, str]] = []
    seen: set[frozenset[str]] = set()
    for conversation_id in group["conversation_ids"][:10]:
        conversation = store.conversations.get(conversation_id)
        if conversation is None:
            continue
        for message in conversation.messages:
            if message.role != Role.AGENT:
                continue
            for start, end in sentence_spans(message.text):
                text = message.text[start:end].strip()
                words = frozenset(content_words(text))
                if len(words) < 3 or text.endswith("?") or _NOT_CONTENT.match(text) or \
                        any(jaccard(words, s) > 0.6 for s in seen):
                    continue
                seen.add(words)
                sentences.append({"text": text, "conversation_id": conversation_id, "author": message.author})
    chosen = sentences[:DRAFT_SENTENCES]
    title = group["examples"][0] if group["examples"] else group["label"]
    body = "\n".join(s["text"] for s in chosen)
    return {"title": title[:120], "body": body, "sources": chosen, "group": group["label"],
            "empty": not chosen}


def drafts(store: Store, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [draft(store, g) for g in found[:DRAFT_GROUPS]]


def as_markdown(article: dict[str, Any]) -> str:
    """A draft as a Markdown file the help-centre importer reads back (`assist kb import`)."""
    lines = [f"# {article['title']}", "", article["body"] or "(no agent answer to draw from yet)", "",
             "<!-- drafted from agents' answers in: " +
             ", ".join(sorted({s["conversation_id"] for s in article["sources"]})) + " -->"]
    return "\n".join(lines) + "\n"
