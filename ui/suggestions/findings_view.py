"""Guardrail findings as the agent sees them: one row per rule (blocks first), the list of rows under a
reply or a draft, and the finding spans marked in the text itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from assist.guardrails.policy import Finding
from ui import labels
from ui.base import style

SEVERITY_ICONS = {"block": "●", "warn": "▲"}  # plain glyphs: every UI font has them, emoji fonts vary


class FindingRow(QLabel):
    """One rule's findings in the playbook's own words ("Refunds above $100 need a team lead's approval"),
    with the severity shown by icon and colour; the rule id, the severity and the matched spans in the tooltip."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__()
        self.findings = findings
        first = findings[0]
        colors = style.current()
        color = colors.block if first.severity == "block" else colors.warn
        icon = SEVERITY_ICONS.get(first.severity, "•")
        places = f" ({len(findings)} places)" if len(findings) > 1 else ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(f"{icon} {first.message}{places}")
        severity = labels.label(first.severity, labels.SEVERITY)
        quoted = "\n".join(f"“{f.text}”" for f in findings)
        self.setToolTip(f"{severity} · rule {first.rule}\n{quoted}")
        self.setAccessibleName(f"{severity}: {first.message}")
        self.setWordWrap(True)
        self.setObjectName("FindingRow")
        self.setStyleSheet(f"color: {color};")


def group_by_rule(findings: list[Finding]) -> list[list[Finding]]:
    """Findings grouped per rule, blocks first, then in the order they appear in the text."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.rule, []).append(finding)
    return sorted(groups.values(), key=lambda g: g[0].severity != "block")


def highlight(editor: QPlainTextEdit, findings: list[Finding]) -> None:
    """Mark each finding's span in the editor (blocks red, warnings amber); spans outside the text are skipped."""
    colors = style.current()
    selections = []
    length = len(editor.toPlainText())
    for finding in findings:
        if not 0 <= finding.start < finding.end <= length:
            continue
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(editor.document())
        cursor.setPosition(finding.start)
        cursor.setPosition(finding.end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(colors.highlight_block if finding.severity == "block" else colors.highlight_warn))
        fmt.setToolTip(finding.message)
        selection.cursor = cursor
        selection.format = fmt
        selections.append(selection)
    editor.setExtraSelections(selections)


class FindingsList(QWidget):
    """Finding rows grouped per rule; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FindingRow] = []
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(3)
        self.setVisible(False)

    def set_findings(self, findings: list[Finding]) -> None:
        for row in self.rows:
            self._box.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for group in group_by_rule(findings):
            row = FindingRow(group)
            self._box.addWidget(row)
            self.rows.append(row)
        self.setVisible(bool(findings))
