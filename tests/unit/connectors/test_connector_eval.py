"""`assist eval connectors` on a few labelled conversations: bot turns survive when the API marks them or the
bot is configured, and are lost (as agent turns) when it is neither: the figure the setting exists for."""

from __future__ import annotations

from pathlib import Path

from assist.eval import connector_eval


def test_roles_survive_marked_and_named_bots_but_not_unconfigured(tmp_path: Path) -> None:
    source = connector_eval.DEFAULT_DATA[0].read_text(encoding="utf-8").splitlines()
    with_bots = [line for line in source if '"role": "bot"' in line][:4]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(with_bots) + "\n", encoding="utf-8")
    figures = connector_eval.run([sample])["sample.jsonl"]
    for kind in ("zendesk", "freshdesk", "chatwoot"):
        for setup in ("marked", "named"):
            assert figures[f"{kind}/{setup}"]["role_accuracy"] == 1.0, (kind, setup)
            assert figures[f"{kind}/{setup}"]["text_exact"] == 1.0, (kind, setup)
        assert figures[f"{kind}/unconfigured"]["bot_recall"] == 0.0
