"""One suggested reply (or a rewrite) as a compact card: number and hints, the streamed text (editable once
done), source chips, guardrail findings with highlighted spans, and its own Flag / Rewrite / Dismiss /
Copy / Insert buttons. Collapsed, it shows a one-line preview; the panel keeps one card expanded.

A view only: the panel owns the logic (records, flags, rewrites) and connects to the card's signals. The
findings list lives in ui.suggestions.findings_view, the drop-down buttons in card_menus, the display
text in card_labels.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QMouseEvent, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assist.base.text import only_greeting
from assist.reply.suggest import Suggestion
from assist.store.store import FLAG_REASONS
from ui.suggestions.card_labels import FLAG_LABELS, OUTCOME_LABELS, REWRITE_LABELS, flag_label, stats_line
from ui.suggestions.card_menus import menu_button, rewrite_menu
from ui.suggestions.fact_marks import FactMarks
from ui.suggestions.findings_view import FindingRow, FindingsList, highlight

TEXT_MIN_HEIGHT = 72
TEXT_MAX_HEIGHT = 150  # then it scrolls: the conversation above keeps its room


class SuggestionCard(QFrame):
    """A suggestion (`index` >= 0) or a rewrite (`action` set). The panel fills it as tokens arrive."""

    clicked = Signal()
    insert_requested = Signal()
    override_requested = Signal()
    dismiss_requested = Signal()
    flag_requested = Signal(str)  # reason
    rewrite_requested = Signal(str)  # action
    citation_clicked = Signal(str)  # article id

    def __init__(self, index: int = -1, action: str = "", source: Suggestion | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.action = action
        self.source = source  # for a rewrite of a suggestion: the suggestion it rewrote
        self.suggestion: Suggestion | None = None
        self.streaming = True
        self.outcome = ""
        self.flagged = ""
        self.stale = False  # restored from an earlier visit and the customer has written since
        self.expanded = True
        self.setObjectName("Card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._build()
        self.refresh()

    @property
    def title(self) -> str:
        if self.action:
            return f"Rewrite · {REWRITE_LABELS.get(self.action, self.action)}"
        return str(self.index + 1)

    @property
    def record_id(self) -> int | None:
        """The stored suggestion this card's outcome belongs to (a rewrite: the suggestion it rewrote)."""
        if self.suggestion is not None and self.suggestion.id is not None:
            return self.suggestion.id
        return self.source.id if self.source is not None else None

    @property
    def blocked(self) -> bool:
        return self.suggestion is not None and not self.streaming and self.suggestion.blocked

    def text(self) -> str:
        return self.text_edit.toPlainText()

    # --- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(5)

        head = QHBoxLayout()
        head.setSpacing(6)
        self.number_label = QLabel(self.title)
        self.number_label.setObjectName("CardNumber")
        self.number_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("CardHint")
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label = QLabel()
        self.status_label.setObjectName("Meta")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.flag_menu = QMenu(self)
        for reason in FLAG_REASONS:
            item = QAction(FLAG_LABELS.get(reason, reason), self.flag_menu)
            item.triggered.connect(lambda _checked=False, r=reason: self.flag_requested.emit(r))
            self.flag_menu.addAction(item)
        self.flag_button = menu_button("Flag ▾", "Tell the team this suggestion was wrong", self.flag_menu, "Chip")
        head.addWidget(self.number_label)
        head.addWidget(self.hint_label)
        head.addStretch(1)
        head.addWidget(self.status_label)
        head.addWidget(self.flag_button)
        layout.addLayout(head)

        self.preview_label = QLabel()
        self.preview_label.setObjectName("CardPreview")
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.preview_label)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(5)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("SuggestionText")
        self.text_edit.setReadOnly(True)
        self.text_edit.setAccessibleName(f"Suggested reply {self.title}")
        self.text_edit.setFixedHeight(TEXT_MIN_HEIGHT)
        self.text_edit.textChanged.connect(self._fit_text)
        self.fact_marks = FactMarks(self.text_edit)  # each sourced fact underlined, its source on hover
        body.addWidget(self.text_edit)

        self.citations_row = QHBoxLayout()
        self.citations_row.setSpacing(6)
        self.citations_label = QLabel("Sources")
        self.citations_label.setObjectName("Meta")
        self.citations_row.addWidget(self.citations_label)
        self.citations_row.addStretch(1)
        self.citation_buttons: list[QPushButton] = []
        body.addLayout(self.citations_row)

        self.findings = FindingsList()
        body.addWidget(self.findings)

        self.override_box = QWidget()
        override = QHBoxLayout(self.override_box)
        override.setContentsMargins(0, 0, 0, 0)
        self.override_note = QLabel("Breaks a hard rule: Copy / Insert is off.")
        self.override_note.setObjectName("Meta")
        self.override_note.setWordWrap(True)
        self.override_button = QPushButton("Insert anyway…")
        self.override_button.setObjectName("Danger")
        self.override_button.setToolTip("Insert this draft despite the block; the override is logged")
        override.addWidget(self.override_note, 1)
        override.addWidget(self.override_button)
        body.addWidget(self.override_box)

        self.meta_label = QLabel()
        self.meta_label.setObjectName("Meta")
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label.setWordWrap(True)
        body.addWidget(self.meta_label)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        menu = rewrite_menu(self, lambda a: self.rewrite_requested.emit(a))
        self.rewrite_button = menu_button("Rewrite ▾", "Rewrite this reply", menu, "MenuButton")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Discard this draft")
        self.insert_button = QPushButton("Copy / Insert")
        self.insert_button.setToolTip("Copy the reply to the clipboard (Ctrl+Shift+C)")
        buttons.addWidget(self.rewrite_button)
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.insert_button)
        body.addLayout(buttons)
        layout.addWidget(self.body)

        self.insert_button.clicked.connect(lambda _checked=False: self.insert_requested.emit())
        self.override_button.clicked.connect(lambda _checked=False: self.override_requested.emit())
        self.dismiss_button.clicked.connect(lambda _checked=False: self.dismiss_requested.emit())

    @property
    def finding_rows(self) -> list[FindingRow]:
        return self.findings.rows

    # --- filling ----------------------------------------------------------------------------------

    def restart(self) -> None:
        """The gate regenerates this reply (or a duplicate was dropped): start over."""
        self.streaming = True
        self.suggestion = None
        self.text_edit.clear()
        self.text_edit.setExtraSelections([])
        self.fact_marks.facts = []
        self.meta_label.clear()
        self.set_citations([])
        self.findings.set_findings([])
        self.refresh()

    def append(self, text: str) -> None:
        cursor = QTextCursor(self.text_edit.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        bar = self.text_edit.verticalScrollBar()
        bar.setValue(bar.maximum())
        self._update_preview()

    def finish(self, suggestion: Suggestion, note: str = "") -> None:
        self.streaming = False
        self.suggestion = suggestion
        self.text_edit.setPlainText(suggestion.text)
        # Where it came from on the card; the timing figures (ttft, tok/s) only in the details tooltip.
        where = stats_line(suggestion) if suggestion.origin != "model" else " · ".join(
            p for p in (suggestion.model, "stopped" if suggestion.cancelled else "") if p)
        self.meta_label.setText(" · ".join(p for p in (note, where) if p))
        self.meta_label.setToolTip(f"Details: {stats_line(suggestion)}")
        self.set_citations(suggestion.citations)
        self.findings.set_findings(suggestion.findings)
        highlight(self.text_edit, suggestion.findings)
        self.fact_marks.set_facts(suggestion.facts)
        self.refresh()

    def stop_streaming(self, message: str) -> None:
        self.streaming = False
        self.meta_label.setText(message)
        self.refresh()

    def set_citations(self, article_ids: list[str]) -> None:
        for button in self.citation_buttons:
            self.citations_row.removeWidget(button)
            button.deleteLater()
        self.citation_buttons = []
        for i, article_id in enumerate(article_ids):
            button = QPushButton(article_id)
            button.setObjectName("Citation")
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip("Open the help-centre article this draft used")
            button.clicked.connect(lambda _checked=False, a=article_id: self.citation_clicked.emit(a))
            self.citations_row.insertWidget(1 + i, button)
            self.citation_buttons.append(button)
        self.citations_label.setVisible(bool(article_ids))

    def set_expanded(self, on: bool) -> None:
        self.expanded = on
        self.refresh()

    def set_outcome(self, outcome: str) -> None:
        self.outcome = outcome
        self.refresh()

    def set_flagged(self, reason: str) -> None:
        self.flagged = reason
        self.refresh()

    def set_stale(self, stale: bool) -> None:
        self.stale = stale
        self.refresh()

    def refresh(self) -> None:
        done = self.suggestion is not None and not self.streaming
        has_text = bool(self.text().strip())
        blocked = self.blocked
        hints = []
        if self.streaming:
            hints.append("writing…")
        if self.suggestion is not None and self.suggestion.regenerated:
            hints.append("↻ regenerated")
        if blocked:
            hints.append("● blocked")
        if self.stale:
            hints.append("older")
        self.hint_label.setText(" · ".join(hints))
        tips = ["The first draft broke a hard rule; this one was written again with the rule named"
                if self.suggestion is not None and self.suggestion.regenerated else "",
                "Written before the customer's latest message: press Suggest for replies that answer it"
                if self.stale else ""]
        self.hint_label.setToolTip("\n".join(t for t in tips if t))
        status = flag_label(self.flagged) if self.flagged else OUTCOME_LABELS.get(self.outcome, self.outcome)
        self.status_label.setText(status)
        self.flag_button.setVisible(done and self.record_id is not None and not self.action)
        self.flag_button.setEnabled(not self.flagged)
        self.body.setVisible(self.expanded)
        self.preview_label.setVisible(not self.expanded)
        self.insert_button.setEnabled(done and has_text and not blocked and not only_greeting(self.text()))
        self.override_box.setVisible(blocked)
        self.override_button.setEnabled(blocked and has_text)
        self.dismiss_button.setEnabled(done)
        self.rewrite_button.setEnabled(done and has_text)
        self.text_edit.setReadOnly(not done)
        self.setProperty("active", "true" if self.expanded else "false")
        self.setProperty("blocked", "true" if blocked else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        self._update_preview()

    def _update_preview(self) -> None:
        if self.expanded:
            return
        text = " ".join(self.text().split()) or ("…" if self.streaming else "")
        width = max(60, self.preview_label.width() or self.width() - 24)
        self.preview_label.setText(self.preview_label.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, width))
        self.preview_label.setToolTip(self.text())

    def _fit_text(self) -> None:
        """Grow the editor with its text (up to a limit; then it scrolls), so short replies stay compact."""
        doc = self.text_edit.document()
        lines = doc.size().height()  # in lines for a QPlainTextEdit layout
        line_height = self.text_edit.fontMetrics().lineSpacing()
        margins = self.text_edit.contentsMargins()
        wanted = int(lines * line_height + 2 * doc.documentMargin() + margins.top() + margins.bottom() + 10)
        self.text_edit.setFixedHeight(max(TEXT_MIN_HEIGHT, min(TEXT_MAX_HEIGHT, wanted)))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._update_preview()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)
