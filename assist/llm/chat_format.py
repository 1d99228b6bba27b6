"""Chat templates as plain string pieces, so a prompt can be built from segments that only ever grow.

We render prompts ourselves instead of using the GGUF's Jinja template because the KV cache is reused
only if the tokens of an earlier prompt are an exact prefix of the next one; pieces make that explicit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assist.base.errors import InputError
from assist.llm.engine import AnyPrompt, RenderedPrompt


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


def render(prompt: AnyPrompt, fmt: ChatFormat) -> RenderedPrompt:
    """One segment per part: a message's opening tag joins its first part, its closing tag its last part; a
    complete prompt ends by opening the assistant's turn with the reply's first words. So the segments of a
    prompt's prefix are exactly the first segments of the whole prompt, tags and all."""
    if isinstance(prompt, RenderedPrompt):
        return prompt
    opens = {"system": fmt.system_open, "user": fmt.user_open, "assistant": fmt.assistant_open}
    segments: list[str] = []
    for index, message in enumerate(prompt.messages):
        last_message = index == len(prompt.messages) - 1
        for k, part in enumerate(message.parts):
            piece = (opens[message.role] if k == 0 else "") + part
            if k == len(message.parts) - 1 and not (last_message and prompt.last_open):
                piece += fmt.turn_close
            segments.append(piece)
    if prompt.asks_reply and prompt.messages:
        tail = fmt.assistant_open + prompt.reply_start
        if segments:
            segments[-1] += tail
        else:
            segments.append(tail)
    return RenderedPrompt(tuple(segments), prompt.prefix_parts)


# Which of our formats a GGUF's Jinja chat template (tokenizer.chat_template) is, by the markers every template
# of that family must write. All of a family's markers must be there, so a look-alike is refused rather than
# rendered wrong: Zephyr writes <|assistant|> but closes turns with </s>, not Phi-3's <|end|>; Phi-4 writes
# <|im_start|> but separates the role with <|im_sep|>, not ChatML's newline.
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # format -> (all of these, none of these)
    "chatml": (("<|im_start|>", "<|im_end|>"), ("<|im_sep|>",)),
    "llama3": (("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"), ()),
    "gemma": (("<start_of_turn>", "<end_of_turn>"), ()),
    "phi3": (("<|assistant|>", "<|end|>"), ()),  # Phi-4-mini builds "<|user|>" from the role: not literal
}
_MARKER = re.compile(r"<\|?[A-Za-z_][\w|.-]{0,30}\|?>|\[/?INST\]|<<SYS>>|<\uff5c[^>]{1,30}\uff5c>")


def detect(template: str, *, source: str = "") -> str:
    """The format of a Jinja chat template; InputError naming the template's own markers when none fits."""
    if not template.strip():
        raise InputError("the file has no chat template (tokenizer.chat_template)", source=source,
                         hint="Pass --chat-format (one of " + ", ".join(FORMATS) + ").")
    matches = [name for name, (needed, excluded) in SIGNATURES.items()
               if all(m in template for m in needed) and not any(m in template for m in excluded)]
    if len(matches) == 1:
        return matches[0]
    markers = list(dict.fromkeys(_MARKER.findall(template)))[:4]
    shown = ", ".join(markers) if markers else repr(" ".join(template.split())[:60])
    what = "matches several formats" if matches else "is not one Assist can render"
    raise InputError(f"the chat template ({shown}) {what}", source=source, field="tokenizer.chat_template",
                     hint="Pass --chat-format (one of " + ", ".join(FORMATS) + ") if you know it fits.")
