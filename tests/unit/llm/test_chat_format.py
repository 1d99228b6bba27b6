"""Role-tagged prompts rendered into a chat template: a prefix renders to exactly the first segments of the
whole prompt, so the KV cache of the prefix is reused token for token."""

from __future__ import annotations

import pytest

from assist.llm import chat_format
from assist.llm.engine import Prompt, RenderedPrompt

REPLY = Prompt.chat(("system", "Be kind."), ("user", ("Chat:\n", "Customer: «hi»\n", "Articles\n", "Write it.")),
                    prefix_parts=4, reply_start="Hi Dana,")


def test_chatml_rendering_puts_tags_on_the_edges_of_parts() -> None:
    rendered = chat_format.render(REPLY, chat_format.get("chatml"))
    assert rendered.segments == (
        "<|im_start|>system\nBe kind.<|im_end|>\n",
        "<|im_start|>user\nChat:\n",
        "Customer: «hi»\n",
        "Articles\n",
        "Write it.<|im_end|>\n<|im_start|>assistant\nHi Dana,",
    )
    assert rendered.prefix_segments == 4


@pytest.mark.parametrize("name", sorted(chat_format.FORMATS))
def test_the_prefix_renders_to_the_first_segments(name: str) -> None:
    fmt = chat_format.get(name)
    whole = chat_format.render(REPLY, fmt)
    prefix = chat_format.render(REPLY.prefix, fmt)
    assert prefix.segments == whole.segments[:4]


def test_a_prefix_that_ends_with_a_whole_message_closes_it() -> None:
    goal = Prompt.chat(("system", "Read the chat."), ("user", "Chat: ..."), prefix_parts=1)
    fmt = chat_format.get("llama3")
    assert chat_format.render(goal.prefix, fmt).segments == chat_format.render(goal, fmt).segments[:1]


def test_the_prompt_itself_holds_no_template() -> None:
    assert "<|im_start|>" not in REPLY.text and REPLY.segments[-1] == "Write it."
    assert [m.role for m in REPLY.messages] == ["system", "user"]


def test_a_rendered_prompt_passes_through() -> None:
    raw = RenderedPrompt(("already", " rendered"), 1)
    assert chat_format.render(raw, chat_format.get("chatml")) is raw
