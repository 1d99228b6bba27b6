"""Every vocabulary member has display text, and the UI tables are keyed by the vocabulary itself."""

from __future__ import annotations

from enum import StrEnum

from assist.base import vocab
from ui import labels


def test_every_vocabulary_has_a_label_table() -> None:
    enums = {v for v in vars(vocab).values() if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum}
    assert enums == set(labels.ALL)


def test_every_member_has_a_label() -> None:
    for enum, table in labels.ALL.items():
        missing = [m for m in enum if not table.get(m)]
        assert missing == [], f"{enum.__name__} members without a label: {missing}"
        assert set(table) == set(enum), f"{enum.__name__}: labels for values that are not members"


def test_an_unknown_value_still_reads() -> None:
    assert labels.label("brand_new_reason", labels.FLAG_REASON) == "Brand new reason"
    assert labels.label(vocab.Outcome.EDITED, labels.OUTCOME) == "Copied (edited) ✓"
