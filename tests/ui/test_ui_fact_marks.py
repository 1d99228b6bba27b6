"""A suggestion's facts are marked in its text and name their source on hover (a real card, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from assist.base.vocab import Origin
from assist.domain.conversation import from_dict
from assist.reply.fact_sources import THIS_CONVERSATION, locate
from assist.reply.suggest import Suggestion
from ui.suggestions.suggestion_card import SuggestionCard

TEXT = "Hi Dana,\nYou can return it within 30 days of delivery. Your order 4412 is covered.\nSam"
PASSAGE = ("Returning an item", "Most items can be returned within thirty days of delivery for a full refund.")


def test_the_core_finds_each_facts_source_by_its_value_not_its_wording() -> None:
    conversation = from_dict({"id": "c", "channel": "chat", "customer": {"name": "Dana"},
                              "messages": [{"role": "customer", "text": "order 4412 arrived broken"}]})
    facts = locate(TEXT, [PASSAGE], conversation)
    assert [(f.text, f.source) for f in facts] == [("30 days", "Returning an item"), ("4412", THIS_CONVERSATION)]
    assert locate("It takes 45 days.", [PASSAGE]) == []  # no source states it: no mark (the guardrails flag it)


def _hover(card: SuggestionCard, offset: int) -> str:
    cursor = QTextCursor(card.text_edit.document())
    cursor.setPosition(offset)
    rect = card.text_edit.cursorRect(cursor)
    pos = QPoint(rect.center().x() + 2, rect.center().y())
    event = QHelpEvent(QEvent.Type.ToolTip, pos, card.text_edit.viewport().mapToGlobal(pos))
    QApplication.sendEvent(card.text_edit.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_hovering_a_fact_names_its_source(qtbot: QtBot) -> None:
    conversation = from_dict({"id": "c", "channel": "chat", "customer": {"name": "Dana"},
                              "messages": [{"role": "customer", "text": "order 4412 arrived broken"}]})
    card = SuggestionCard(0)
    qtbot.addWidget(card)
    card.resize(420, 400)
    card.show()
    qtbot.waitExposed(card)
    facts = locate(TEXT, [PASSAGE], conversation)
    card.finish(Suggestion(text=TEXT, citations=["kb-returns"], findings=[], model="composed", ttft_s=0.0,
                           tokens_per_s=0.0, origin=Origin.HELP_CENTRE, facts=facts))
    underlined = [s for s in card.text_edit.extraSelections()
                  if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine]
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in underlined] == \
        [(f.start, f.end) for f in facts]
    assert _hover(card, TEXT.index("30 days") + 1) == "30 days: from Returning an item"
    assert _hover(card, TEXT.index("4412") + 1) == "4412: from this conversation"
