"""The real llama.cpp engine with the default model: generate, cancel, JSON schema, KV-cache reuse."""

from __future__ import annotations

from assist.llm.engine import CancelToken, GenerationParams
from assist.llm.engine import RenderedPrompt as Prompt  # segments already in the model's template
from assist.llm.engines.llama import LlamaEngine


def _prompt(engine: LlamaEngine, messages: list[str]) -> Prompt:
    fmt = engine.format
    segments = [fmt.system_open + "You are a friendly support agent for an online shop." + fmt.turn_close,
                fmt.user_open + "Conversation:\n", *[f"Customer: «{m}»\n" for m in messages]]
    tail = "Write the agent's reply." + fmt.turn_close + fmt.assistant_open
    return Prompt((*segments, tail), prefix_segments=len(segments))


def test_generates_and_streams_text(real_engine: LlamaEngine) -> None:
    pieces: list[str] = []
    result = real_engine.generate(_prompt(real_engine, ["Hi, my order 4412 never arrived."]),
                                  GenerationParams(max_tokens=40, seed=7), on_token=pieces.append)
    assert result.generated_tokens > 0
    assert "".join(pieces) == result.text
    assert result.text.strip()
    assert "<|im_end|>" not in result.text
    assert result.tokens_per_s > 0


def test_cancel_stops_between_tokens(real_engine: LlamaEngine) -> None:
    cancel = CancelToken()
    seen: list[str] = []

    def on_token(piece: str) -> None:
        seen.append(piece)
        if len(seen) == 3:
            cancel.cancel()

    result = real_engine.generate(_prompt(real_engine, ["Tell me everything about your return policy."]),
                                  GenerationParams(max_tokens=150, seed=1), on_token=on_token, cancel=cancel)
    assert result.cancelled and result.finish == "cancelled"
    assert result.generated_tokens == 3


def test_json_output_follows_the_schema(real_engine: LlamaEngine) -> None:
    schema = {"type": "object",
              "properties": {"goal": {"type": "string", "maxLength": 120},
                             "urgent": {"type": "boolean"}},
              "required": ["goal", "urgent"]}
    result = real_engine.generate(_prompt(real_engine, ["I need my blender today for a party!"]),
                                  GenerationParams(max_tokens=120, temperature=0.2, json_schema=schema, seed=3))
    assert isinstance(result.data, dict)
    assert isinstance(result.data["goal"], str) and isinstance(result.data["urgent"], bool)


def test_follow_up_evaluates_only_the_new_tokens(real_engine: LlamaEngine) -> None:
    first = _prompt(real_engine, ["Hi, my order 4412 never arrived.", "It was a gift for my mum."])
    real_engine.reset_cache()
    cold = real_engine.generate(first, GenerationParams(max_tokens=4, seed=1))
    assert cold.evaluated_tokens == cold.prompt_tokens  # nothing cached yet

    follow = _prompt(real_engine, ["Hi, my order 4412 never arrived.", "It was a gift for my mum.",
                                   "Any update? The birthday is on Friday."])
    new_message = real_engine.tokens(Prompt((follow.segments[-2],)))
    tail = real_engine.tokens(Prompt((follow.segments[-1],)))
    # Without a pre-fill: the old prefix is reused; only the new message and the tail are evaluated.
    warm = real_engine.generate(follow, GenerationParams(max_tokens=4, seed=1))
    assert warm.evaluated_tokens == len(new_message) + len(tail)
    # With a pre-fill of the prefix (what the app does when a message arrives): only the tail.
    again = _prompt(real_engine, ["Hi, my order 4412 never arrived.", "It was a gift for my mum.",
                                  "Any update? The birthday is on Friday.", "Hello??"])
    prefilled = real_engine.prefill(again.prefix)
    assert prefilled == len(real_engine.tokens(Prompt((again.segments[-2],))))
    after = real_engine.generate(again, GenerationParams(max_tokens=4, seed=1))
    assert after.evaluated_tokens == len(tail)
    assert after.prompt_tokens == len(real_engine.tokens(again))
