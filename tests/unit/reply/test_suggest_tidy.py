from __future__ import annotations

import pytest

from assist.reply.suggest import tidy_reply


@pytest.mark.parametrize(("raw", "tidy"), [
    ("Customer:", ""),
    ("Agent Sam Lee: Hi Dana, your parcel left today.", "Hi Dana, your parcel left today."),
    ("Bot (AI): Hello", "Hello"),
    ("  Hi Dana, thanks   \n\nSam  ", "Hi Dana, thanks\n\nSam"),
    ("Customer service is open 24/7.", "Customer service is open 24/7."),
    ("Agents are here to help: call us.", "Agents are here to help: call us."),
])
def test_transcript_labels_are_not_part_of_a_reply(raw: str, tidy: str) -> None:
    assert tidy_reply(raw) == tidy
