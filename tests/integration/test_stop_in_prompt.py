"""Stop while the real model evaluates a long prompt: generation ends before the first token, and the KV
cache it leaves behind is consistent (the same prompt then gives the same reply as from a clean cache)."""

from __future__ import annotations

import threading
import time

from assist.llm.engine import CancelToken, GenerationParams, GenerationResult, Prompt
from assist.llm.engines.llama import LlamaEngine

LONG_USER = " ".join(f"Line {i}: my order 4412 has still not arrived and I am waiting." for i in range(120))


def test_stop_during_prompt_evaluation_then_a_clean_reply(real_engine: LlamaEngine) -> None:
    prompt = Prompt.chat(("system", "You are a support agent."), ("user", LONG_USER), prefix_parts=1)
    params = GenerationParams(max_tokens=12, temperature=0.0)
    real_engine.reset_cache()
    cancel = CancelToken()
    out: list[GenerationResult] = []
    worker = threading.Thread(target=lambda: out.append(real_engine.generate(prompt, params, None, cancel)))
    worker.start()
    time.sleep(0.05)
    cancel.cancel()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert out[0].cancelled and out[0].generated_tokens == 0 and out[0].text == ""
    after_stop = real_engine.generate(prompt, params)  # resumes from whatever prefix survived the abort
    real_engine.reset_cache()
    clean = real_engine.generate(prompt, params)
    assert after_stop.text == clean.text and clean.text.strip()
    assert not after_stop.cancelled
