"""The language-model layer: engine protocol, llama.cpp engine, fake engine, worker thread, catalogue."""

from assist.llm.engine import CancelToken, Engine, GenerationParams, GenerationResult, Prompt

__all__ = ["CancelToken", "Engine", "GenerationParams", "GenerationResult", "Prompt"]
