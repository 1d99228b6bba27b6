"""How the window's three sections (queue, conversation, suggestion panel) share its height: the panel gets
what it shows (compact without cards), taken from the conversation down to its share, then from the queue
down to its floor; freed room goes back to the conversation. A pure function, so the rule is tested alone."""

from __future__ import annotations

PANEL_SHARE = 0.42  # the panel never takes more than this of the height
CONVERSATION_SHARE = 0.36  # the conversation (header, brief, transcript) keeps at least this


def fit(sizes: list[int], need: int, *, queue_floor: int, conversation_floor: int) -> list[int]:
    """New [queue, conversation, panel] heights for a panel that needs `need` pixels."""
    queue, conversation, panel = sizes
    total = queue + conversation + panel
    need = max(1, min(need, int(total * PANEL_SHARE)))
    if panel > need:  # shrink: the conversation gets the room back
        return [queue, conversation + panel - need, need]
    keep = max(conversation_floor, int(total * CONVERSATION_SHARE))
    grow = need - panel
    from_conversation = min(grow, max(0, conversation - keep))
    from_queue = min(grow - from_conversation, max(0, queue - queue_floor))
    return [queue - from_queue, conversation - from_conversation, panel + from_conversation + from_queue]


def side_by_side(total: int) -> list[int]:
    """[queue, conversation, panel] widths on a wide window: the conversation gets what the others leave."""
    queue, panel = min(370, total // 4), min(460, int(total * 0.34))
    return [queue, total - queue - panel, panel]
