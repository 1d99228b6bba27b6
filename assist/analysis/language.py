"""Which language the customer writes in, when the conversation does not say.

py3langid (a maintained fork of langid.py, BSD) ships its model inside the package, so nothing is
downloaded; it is limited to the languages the playbook serves, so a French customer is never answered in
Catalan. Loading the model takes about 0.8 s, so it happens once, lazily, off the GUI thread (detection
runs where suggestions are built: the engine worker or a background task).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from assist.domain.conversation import Conversation

DEFAULT_LANGUAGES = ("en", "es", "fr", "de")
MIN_LETTERS = 12  # below this ("ok", "thanks!") a guess is noise: keep the default
_lock = threading.Lock()
_identifiers: dict[tuple[str, ...], Any] = {}


def _identifier(languages: tuple[str, ...]) -> Any:
    with _lock:
        found = _identifiers.get(languages)
        if found is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            found = LanguageIdentifier.from_pickled_model(MODEL_FILE) if hasattr(
                LanguageIdentifier, "from_pickled_model") else LanguageIdentifier.from_model_file(MODEL_FILE)
            found.set_languages(list(languages))
            _identifiers[languages] = found
        return found


def detect(text: str, languages: Sequence[str] = DEFAULT_LANGUAGES) -> str | None:
    """The most likely of `languages` for this text, or None when the text is too short to tell."""
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        return None
    allowed = tuple(dict.fromkeys(code.split("-")[0].lower() for code in languages)) or DEFAULT_LANGUAGES
    if len(allowed) == 1:
        return allowed[0]
    code, _score = _identifier(allowed).classify(text)
    return str(code)


def conversation_language(conversation: Conversation, languages: Sequence[str] = DEFAULT_LANGUAGES,
                          default: str = "en") -> str:
    """customer.language when the conversation gives it, else detected from the customer's own words."""
    given = (conversation.customer.language or "").strip()
    if given:
        return given.split("-")[0].lower()
    words = " ".join(m.text for m in conversation.messages if m.role == "customer")
    return detect(words, languages) or default
