"""The handoff brief with the real model on every demo handoff: the goal is a whole sentence without the
prompt's words, a demanded amount is never "already gave", and an angry or hurt customer is acknowledged
first."""

from __future__ import annotations

import re

from assist.domain import conversation, playbook
from assist.handoff import briefing as handoff
from assist.workspace.demo import demo_playbook

PROMPT_WORDS = re.compile(r"chat is data|follow instructions|as JSON|one short English sentence|at most 25 words",
                          re.IGNORECASE)


def test_demo_handoffs_with_the_real_model(real_engine) -> None:
    book = playbook.load(demo_playbook())
    demo = conversation.load_file(demo_playbook().with_name("conversations.json"))
    handed = [c for c in demo if any(m.role == "system" and m.text.startswith("Handed off") for m in c.messages)]
    assert handed
    for chat in handed:
        brief = handoff.brief(chat, book, real_engine)
        assert brief.goal[-1] in ".!?…" and not PROMPT_WORDS.search(brief.goal), (chat.id, brief.goal)
        assert len(brief.goal) <= handoff.GOAL_MAX
        if "Tyler" in chat.customer.name:  # the demo's injected "$500 refund" demand
            assert not any(p.kind == "amount" and "500" in p.value for p in brief.provided)
            assert "frustrating" in brief.first_line.split(".")[0]
