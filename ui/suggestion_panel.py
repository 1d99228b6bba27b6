"""The suggestion panel: Suggest / Stop, the streamed draft, its sources and guardrail findings, and
the outcome buttons (Copy/Insert, Dismiss, Insert anyway… for a blocked draft).

Model work goes through the EngineBridge; outcome writes and article reads through ui.tasks.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from assist.conversation import Conversation
from assist.guardrails import Finding
from assist.llm.worker import EngineState
from assist.suggest import Suggestion
from assist.workspace import Workspace
from ui import errors, style
from ui.engine_bridge import EngineBridge
from ui.tasks import run_task

log = logging.getLogger(__name__)

SEVERITY_ICONS = {"block": "●", "warn": "▲"}  # plain glyphs: every UI font has them, emoji fonts vary
FINDINGS_MAX_HEIGHT = 130
OUTCOME_LABELS = {"": "", "inserted": "Copied ✓", "edited": "Copied (edited) ✓",
                  "overridden": "Copied · override logged", "dismissed": "Dismissed"}


def stats_line(suggestion: Suggestion) -> str:
    parts = [suggestion.model, f"ttft {suggestion.ttft_s:.1f} s"]
    if suggestion.tokens_per_s:
        parts.append(f"{suggestion.tokens_per_s:.0f} tok/s")
    if suggestion.cancelled:
        parts.append("stopped")
    return " · ".join(p for p in parts if p)


class ArticleDialog(QDialog):
    def __init__(self, article: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{article.get('id', '')} — {article.get('title', '')}")
        self.resize(400, 420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(10)
        title = QLabel()
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(str(article.get("title", "")))
        title.setWordWrap(True)
        title.setObjectName("CustomerName")
        body = QTextBrowser()
        body.setPlainText(str(article.get("body", "")))
        body.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(title)
        layout.addWidget(body, 1)
        if article.get("url"):
            url = QLabel()
            url.setTextFormat(Qt.TextFormat.PlainText)
            url.setText(str(article["url"]))
            url.setObjectName("Meta")
            url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(url)
        layout.addWidget(buttons)


class FindingRow(QLabel):
    """One rule's findings: severity, rule id and message; the matched spans in the tooltip."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__()
        self.findings = findings
        first = findings[0]
        colors = style.current()
        color = colors.block if first.severity == "block" else colors.warn
        icon = SEVERITY_ICONS.get(first.severity, "•")
        places = f" ({len(findings)} places)" if len(findings) > 1 else ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(f"{icon} {first.severity.upper()} · {first.rule} — {first.message}{places}")
        self.setToolTip("\n".join(f"“{f.text}”" for f in findings))
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {color};")


def group_by_rule(findings: list[Finding]) -> list[list[Finding]]:
    """Findings grouped per rule, blocks first, then in the order they appear in the text."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.rule, []).append(finding)
    return sorted(groups.values(), key=lambda g: g[0].severity != "block")


class SuggestionPanel(QWidget):
    outcome_recorded = Signal(str)  # the outcome, once it is in the store
    article_shown = Signal(object)  # the ArticleDialog, once open

    def __init__(self, workspace: Workspace, bridge: EngineBridge, actor: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SuggestionPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._workspace = workspace
        self._bridge = bridge
        self._actor = actor
        self._conversation: Conversation | None = None
        self._suggestion: Suggestion | None = None
        self._streaming = False
        self._outcome = ""
        self._engine_state = bridge.state.value
        self._engine_reason = bridge.reason
        self._build()
        bridge.token.connect(self._on_token)
        bridge.finished.connect(self._on_finished)
        bridge.failed.connect(self._on_failed)
        bridge.state_changed.connect(self.set_engine_state)
        self._clear()
        self._refresh()

    # --- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(8)

        head = QHBoxLayout()
        title = QLabel("Suggested reply")
        title.setObjectName("WorkspaceName")
        self.status_label = QLabel()
        self.status_label.setObjectName("Meta")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.status_label)
        layout.addLayout(head)

        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("SuggestionText")
        self.text_edit.setPlaceholderText("Press Suggest (Ctrl+Enter) for a reply draft.")
        self.text_edit.setReadOnly(True)
        self.text_edit.setMinimumHeight(90)
        self.text_edit.setAccessibleName("Suggested reply text")
        layout.addWidget(self.text_edit, 1)

        self.citations_row = QHBoxLayout()
        self.citations_row.setSpacing(6)
        self.citations_label = QLabel("Sources")
        self.citations_label.setObjectName("Meta")
        self.citations_row.addWidget(self.citations_label)
        self.citations_row.addStretch(1)
        self.citation_buttons: list[QPushButton] = []
        layout.addLayout(self.citations_row)

        self.findings_area = QScrollArea()
        self.findings_area.setObjectName("Findings")
        self.findings_area.setWidgetResizable(True)
        self.findings_area.setFrameShape(QFrame.Shape.NoFrame)
        self.findings_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        findings_canvas = QWidget()
        findings_canvas.setObjectName("FindingsCanvas")
        self.findings_box = QVBoxLayout(findings_canvas)
        self.findings_box.setContentsMargins(0, 0, 0, 0)
        self.findings_box.setSpacing(4)
        self.findings_area.setWidget(findings_canvas)
        self.finding_rows: list[FindingRow] = []
        self.override_row = QHBoxLayout()
        self.override_note = QLabel("This draft breaks a hard rule: Copy / Insert is off.")
        self.override_note.setObjectName("Meta")
        self.override_note.setWordWrap(True)
        self.override_button = QPushButton("Insert anyway…")
        self.override_button.setObjectName("Danger")
        self.override_button.setToolTip("Insert this draft despite the block; the override is logged")
        self.override_row.addWidget(self.override_note, 1)
        self.override_row.addWidget(self.override_button)
        layout.addWidget(self.findings_area)
        layout.addLayout(self.override_row)

        self.meta_label = QLabel()
        self.meta_label.setObjectName("Meta")
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.meta_label)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.suggest_button = QPushButton("Suggest")
        self.suggest_button.setObjectName("Primary")
        self.suggest_button.setToolTip("Draft a reply (Ctrl+Enter)")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop generating (Esc)")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Discard this draft")
        self.insert_button = QPushButton("Copy / Insert")
        self.insert_button.setToolTip("Copy the reply to the clipboard (Ctrl+Shift+C)")
        for button in (self.suggest_button, self.stop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.dismiss_button, self.insert_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.suggest_button.clicked.connect(self.suggest)
        self.stop_button.clicked.connect(self.stop)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.insert_button.clicked.connect(self.insert)
        self.override_button.clicked.connect(self.insert_anyway)

    # --- state ------------------------------------------------------------------------------------

    @property
    def suggestion(self) -> Suggestion | None:
        return self._suggestion

    @property
    def streaming(self) -> bool:
        return self._streaming

    def suggest_blocker(self) -> str:
        """Why Suggest is unavailable right now ("" when it is available)."""
        if self._engine_state == EngineState.LOADING.value:
            return "Model loading…"
        if self._engine_state in (EngineState.FAILED.value, EngineState.STOPPED.value):
            return f"Suggestions off: {self._engine_reason or 'the model is not running'}"
        if self._conversation is None:
            return "Pick a conversation first."
        return ""

    def _refresh(self) -> None:
        blocker = self.suggest_blocker()
        has_text = bool(self.text_edit.toPlainText().strip())
        done = self._suggestion is not None and not self._streaming
        blocked = done and self._suggestion is not None and self._suggestion.blocked
        self.suggest_button.setEnabled(not blocker and not self._streaming)
        self.suggest_button.setToolTip(blocker or "Draft a reply (Ctrl+Enter)")
        self.stop_button.setEnabled(self._streaming)
        self.insert_button.setEnabled(done and has_text and not blocked)
        self.override_button.setVisible(blocked)
        self.override_note.setVisible(blocked)
        self.override_button.setEnabled(blocked and has_text)
        self.dismiss_button.setEnabled(done and has_text)
        self.text_edit.setReadOnly(not done)
        if self._streaming:
            status, tip = "Generating…", ""
        elif self._engine_state != EngineState.READY.value:
            status, tip = blocker if len(blocker) < 48 else blocker[:46] + "…", blocker
        else:
            status, tip = OUTCOME_LABELS.get(self._outcome, self._outcome), ""
        self.status_label.setText(status)
        self.status_label.setToolTip(tip)

    def set_engine_state(self, state: str, reason: str) -> None:
        self._engine_state, self._engine_reason = state, reason
        self._refresh()

    def set_conversation(self, conversation: Conversation | None) -> None:
        self._conversation = conversation
        self._clear()
        self._refresh()

    def _clear(self) -> None:
        self._suggestion = None
        self._streaming = False
        self._outcome = ""
        self.text_edit.clear()
        self.text_edit.setExtraSelections([])
        self.meta_label.clear()
        self._set_citations([])
        self._set_findings([])

    # --- actions ----------------------------------------------------------------------------------

    def suggest(self) -> None:
        if self.suggest_blocker() or self._streaming or self._conversation is None:
            return
        self._clear()
        self._streaming = True
        self._bridge.suggest(self._conversation)
        self._refresh()

    def stop(self) -> None:
        if self._streaming:
            self._bridge.cancel()

    def insert(self) -> None:
        suggestion = self._suggestion
        if suggestion is None or self._streaming or suggestion.blocked:
            return
        text = self.text_edit.toPlainText()
        if not text.strip():
            return
        QGuiApplication.clipboard().setText(text)
        self._record("edited" if text != suggestion.text else "inserted", text)

    def insert_anyway(self) -> None:
        suggestion = self._suggestion
        if suggestion is None or self._streaming or not suggestion.blocked:
            return
        if not self.confirm_override(suggestion):
            return
        text = self.text_edit.toPlainText()
        QGuiApplication.clipboard().setText(text)
        rules = sorted({f.rule for f in suggestion.findings if f.severity == "block"})
        self._record("overridden", text, audit={"rules": rules, "conversation": self._conversation_id()})

    def dismiss(self) -> None:
        if self._suggestion is None or self._streaming:
            return
        self._record("dismissed", "")
        self._clear()
        self._outcome = "dismissed"
        self._refresh()

    def confirm_override(self, suggestion: Suggestion) -> bool:
        """Ask before inserting a blocked draft. Without dialogs (tests, offscreen) the answer is no."""
        if not errors.dialogs_enabled():
            return False
        rules = ", ".join(sorted({f.rule for f in suggestion.findings if f.severity == "block"}))
        answer = QMessageBox.warning(
            self, "Insert a blocked reply?",
            f"This draft breaks a hard rule ({rules}).\n\nInsert it anyway? The override is logged "
            "with your name.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _conversation_id(self) -> str:
        return self._conversation.id if self._conversation is not None else ""

    def _record(self, outcome: str, final_text: str, audit: dict[str, Any] | None = None) -> None:
        suggestion = self._suggestion
        self._outcome = outcome
        self._refresh()
        if suggestion is None or suggestion.id is None:
            return
        store, actor, suggestion_id = self._workspace.store, self._actor, suggestion.id

        def write() -> str:
            store.record_outcome(suggestion_id, outcome, final_text, actor=actor)
            if audit is not None:
                store.audit(actor, "suggestion.override", str(suggestion_id), audit)
            return outcome

        run_task(write, self.outcome_recorded.emit, lambda exc: errors.show_error(exc, self))

    # --- engine events (GUI thread) ---------------------------------------------------------------

    def _on_token(self, text: str) -> None:
        if not self._streaming:
            return
        cursor = QTextCursor(self.text_edit.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        bar = self.text_edit.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_finished(self, suggestion: Suggestion) -> None:
        self._streaming = False
        self._suggestion = suggestion
        self.text_edit.setPlainText(suggestion.text)
        self.meta_label.setText(stats_line(suggestion))
        self._set_citations(suggestion.citations)
        self._set_findings(suggestion.findings)
        self._refresh()

    def _on_failed(self, message: str) -> None:
        self._streaming = False
        self._suggestion = None
        self.meta_label.setText(f"No suggestion: {message}")
        self._refresh()

    # --- sources and findings ---------------------------------------------------------------------

    def _set_citations(self, article_ids: list[str]) -> None:
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
            button.clicked.connect(lambda _checked=False, a=article_id: self.open_article(a))
            self.citations_row.insertWidget(1 + i, button)
            self.citation_buttons.append(button)
        self.citations_label.setVisible(bool(article_ids))

    def open_article(self, article_id: str) -> None:
        store = self._workspace.store

        def shown(article: dict[str, Any] | None) -> None:
            dialog = ArticleDialog(article or {"id": article_id, "title": article_id,
                                               "body": "This article is no longer in the workspace."}, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()
            self.article_shown.emit(dialog)

        run_task(lambda: store.get_article(article_id), shown, lambda exc: errors.show_error(exc, self))

    def _set_findings(self, findings: list[Finding]) -> None:
        for row in self.finding_rows:
            self.findings_box.removeWidget(row)
            row.deleteLater()
        self.finding_rows = []
        for group in group_by_rule(findings):
            row = FindingRow(group)
            self.findings_box.addWidget(row)
            self.finding_rows.append(row)
        self.findings_area.setVisible(bool(findings))
        if findings:
            width = max(200, self.findings_area.viewport().width() or self.width() - 28)
            needed = sum(row.heightForWidth(width) for row in self.finding_rows)
            needed += self.findings_box.spacing() * (len(self.finding_rows) - 1)
            self.findings_area.setFixedHeight(min(FINDINGS_MAX_HEIGHT, needed + 2))
        self._highlight(findings)

    def _highlight(self, findings: list[Finding]) -> None:
        colors = style.current()
        selections = []
        length = len(self.text_edit.toPlainText())
        for finding in findings:
            if not 0 <= finding.start < finding.end <= length:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text_edit.document())
            cursor.setPosition(finding.start)
            cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(colors.highlight_block if finding.severity == "block"
                                     else colors.highlight_warn))
            fmt.setToolTip(finding.message)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.text_edit.setExtraSelections(selections)
