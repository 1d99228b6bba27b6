"""Disputing a report: a comment (required: OK stays off until there is one) and optional proposed scores,
one spin box per counted criterion, starting at the report's score."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class DisputeDialog(QDialog):
    def __init__(self, report: dict[str, Any], parent: QWidget | None = None, *, title: str = "Dispute this report",
                 prompt: str = "What is wrong with this report? (required)") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.report = report
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText("e.g. The customer's identity was verified by phone before the chat.")
        self.comment.setFixedHeight(70)
        layout.addWidget(self.comment)
        layout.addWidget(QLabel("Proposed scores (leave a score as it is to keep it):"))
        form = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        self.current: dict[str, int] = {}
        for c in report.get("criteria", []):
            if not c.get("counted", True):
                continue
            spin = QSpinBox()
            spin.setRange(0, int(c["max"]))
            spin.setValue(int(c["score"]))
            spin.setAccessibleName(c["label"])
            self.spins[c["id"]] = spin
            self.current[c["id"]] = int(c["score"])
            form.addRow(f"{c['label']} (of {c['max']})", spin)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.comment.textChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.comment.toPlainText().strip()))

    def comment_text(self) -> str:
        return self.comment.toPlainText().strip()

    def proposed(self) -> dict[str, int]:
        """Only the scores the agent changed."""
        return {cid: spin.value() for cid, spin in self.spins.items() if spin.value() != self.current[cid]}
