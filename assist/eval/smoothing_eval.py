"""`assist eval usefulness --smooth`: what the model's rewording of the composed reply is worth.

For each labelled conversation whose composed reply answers from the help centre, the real engine is asked
for the rewrite the app asks for (friendlier, or a translation when the answer is in another locale), with
the same checks as in the app. Reported: the share shown (the checks passed), the share of shown rewrites
that still state the expected fact, findings of the source rules on what is shown (0 by construction; it is
counted, not assumed), the language of what is shown, and the time per rewrite. A rewrite that is not shown
costs the agent nothing: the composed card stands.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from assist.analysis.language import conversation_language, detect
from assist.eval.usefulness import Case, _share
from assist.guardrails import policy as guardrails
from assist.llm.engine import Engine
from assist.reply import smoothing
from assist.reply.suggest import Suggester
from assist.workspace.workspace import Workspace

SOURCE_KINDS = ("unsupported_fact", "placeholder")


def evaluate(cases: list[Case], workspace: Workspace, engine: Engine, *, seed: int = 7) -> dict[str, Any]:
    suggester = Suggester(workspace.store, workspace.playbook, agent_name="Sam Lee", compose_first=True,
                          use_examples=False, seed=seed)
    playbook = workspace.playbook()
    kinds = {r.id: r.kind for r in playbook.rules}
    records: list[dict[str, Any]] = []
    for case in cases:
        conversation = case.conversation
        card = suggester.composed(conversation, record=False)[0]
        action = smoothing.action_for(card)
        if action is None:
            continue
        started = time.perf_counter()
        made = smoothing.smoothed(card, engine, conversation, playbook, sources=card.sources, seed=seed)
        seconds = time.perf_counter() - started
        record: dict[str, Any] = {"id": conversation.id, "action": action, "shown": made is not None,
                                  "s": round(seconds, 2)}
        if made is not None:
            findings = guardrails.check(made.text, playbook, conversation, sources=card.sources)
            record["text"] = made.text
            record["source_findings"] = sum(kinds.get(f.rule) in SOURCE_KINDS for f in findings)
            language = conversation_language(conversation)  # a translation ends in the customer's too
            record["language_ok"] = (detect(made.text) or language) == language
            if case.expect.fact is not None:
                record["fact_kept"] = bool(case.expect.fact.search(made.text))
        records.append(record)
    shown = [r for r in records if r["shown"]]
    return {
        "n": len(records),
        "shown": _share([r["shown"] for r in records]),
        "translate_n": sum(r["action"] == "translate" for r in records),
        "translate_shown": _share([r["shown"] for r in records if r["action"] == "translate"]),
        "fact_kept": _share([r["fact_kept"] for r in shown if "fact_kept" in r]),
        "language_ok": _share([r["language_ok"] for r in shown]),
        "source_findings_on_shown": sum(r["source_findings"] for r in shown),
        "s_per_rewrite_median": round(statistics.median(r["s"] for r in records), 2) if records else None,
        "records": records,
    }

