"""What a GGUF file says about itself: name, architecture, trained context length, chat template, licence.

Read through llama.cpp itself (`Llama(path, vocab_only=True).metadata`: the vocabulary and the key-value
header, no weights, about 0.3 s), so Assist reads the file exactly as the engine that will run it does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assist.base.errors import InputError, ModelUnavailable

log = logging.getLogger(__name__)

GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class GgufInfo:
    name: str
    architecture: str
    context_length: int  # 0 when the file does not say
    chat_template: str  # "" when the file has none
    licence: str


def check_magic(path: Path) -> None:
    with path.open("rb") as handle:
        if handle.read(4) != GGUF_MAGIC:
            raise InputError("not a GGUF model file (bad magic bytes)", source=str(path))


def read(path: Path) -> GgufInfo:
    """InputError when the file is not a GGUF llama.cpp can read; ModelUnavailable without llama.cpp."""
    check_magic(path)
    try:
        from llama_cpp import Llama
        from llama_cpp._utils import suppress_stdout_stderr  # pinned version: its C logs go to stderr
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelUnavailable(f"llama-cpp-python is not installed ({exc})",
                               hint="Reinstall Assist with the README's install command.") from None
    try:
        with suppress_stdout_stderr(disable=False):
            llm = Llama(model_path=str(path), vocab_only=True, n_ctx=64, n_batch=64, verbose=False)
    except (ValueError, RuntimeError, OSError) as exc:
        raise InputError(f"llama.cpp cannot read this GGUF file ({exc})", source=str(path)) from None
    try:
        meta = dict(llm.metadata)
    finally:
        llm.close()
    arch = meta.get("general.architecture", "")
    try:
        context = int(meta.get(f"{arch}.context_length", "0"))
    except ValueError:
        context = 0
    return GgufInfo(name=meta.get("general.name", ""), architecture=arch, context_length=context,
                    chat_template=meta.get("tokenizer.chat_template", ""),
                    licence=meta.get("general.license", ""))
