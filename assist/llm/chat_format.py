"""Chat templates as plain string pieces, so a prompt can be built from segments that only ever grow.

We render prompts ourselves instead of using the GGUF's Jinja template because the KV cache is reused
only if the tokens of an earlier prompt are an exact prefix of the next one; pieces make that explicit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChatFormat:
    system_open: str
    user_open: str
    turn_close: str
    assistant_open: str
    stop: tuple[str, ...]


FORMATS: dict[str, ChatFormat] = {
    "chatml": ChatFormat("<|im_start|>system\n", "<|im_start|>user\n", "<|im_end|>\n",
                         "<|im_start|>assistant\n", ("<|im_end|>", "<|im_start|>")),
    "llama3": ChatFormat("<|start_header_id|>system<|end_header_id|>\n\n",
                         "<|start_header_id|>user<|end_header_id|>\n\n", "<|eot_id|>",
                         "<|start_header_id|>assistant<|end_header_id|>\n\n", ("<|eot_id|>",)),
    "gemma": ChatFormat("<start_of_turn>user\n", "<start_of_turn>user\n", "<end_of_turn>\n",
                        "<start_of_turn>model\n", ("<end_of_turn>",)),
    "phi3": ChatFormat("<|system|>\n", "<|user|>\n", "<|end|>\n", "<|assistant|>\n", ("<|end|>",)),
}


def get(name: str) -> ChatFormat:
    return FORMATS[name]
