"""The Helpdesks part of Settings: each connector with its status light, last sync and last error, Test and
Remove; a form to add one (the token field is masked and goes straight to the keychain through the core).

Every call (sign-in, keychain, database) runs through run_task, so the dialog never waits on the network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assist.base.vocab import ConnectorKind, SyncHealth
from assist.workspace import connections
from assist.workspace.connections import ConnectorStatus
from assist.workspace.workspace import Workspace
from ui import labels
from ui.base import style
from ui.base.tasks import run_task

URL_HINTS: dict[str, str] = {ConnectorKind.ZENDESK: "https://yourcompany.zendesk.com",
             ConnectorKind.FRESHDESK: "https://yourcompany.freshdesk.com",
             ConnectorKind.CHATWOOT: "https://chat.yourcompany.com/app/accounts/1"}
USER_HINTS: dict[str, str] = {ConnectorKind.ZENDESK: "you@company.com (required)",
                               ConnectorKind.FRESHDESK: "not needed", ConnectorKind.CHATWOOT: "not needed"}
TOKEN_HINTS: dict[str, str] = {ConnectorKind.ZENDESK: "API token (Admin Center › Apps and integrations › APIs)",
               ConnectorKind.FRESHDESK: "Your API key (Profile settings)",
               ConnectorKind.CHATWOOT: "Access token (Profile settings)"}
NONE_YET = "No helpdesk connected. Add one below, or keep importing and pasting."


def light_color(health: str) -> str:
    colors = style.current()
    lights: dict[str, str] = {SyncHealth.OK: colors.positive, SyncHealth.RETRYING: colors.warn,
                              SyncHealth.NEVER: colors.neutral}
    return lights.get(health, colors.block)


class ConnectorRow(QFrame):
    test_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, status: ConnectorStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        self.light = QLabel("●")
        self.light.setToolTip(labels.label(status.health, labels.SYNC_HEALTH))
        self.light.setStyleSheet(f"color: {light_color(status.health)}; font-size: 16px;")
        layout.addWidget(self.light, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(1)
        title = QLabel(f"{labels.label(status.kind, labels.CONNECTOR_KIND)} · {urlsplit(status.url).netloc}")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setToolTip(status.url)
        text.addWidget(title)
        when = status.last_ok_at.replace("T", " ").replace("Z", " UTC") if status.last_ok_at else "never"
        self.meta = QLabel(f"{labels.label(status.health, labels.SYNC_HEALTH)} · last sync {when}")
        self.meta.setObjectName("Meta")
        self.meta.setWordWrap(True)
        text.addWidget(self.meta)
        self.error = QLabel(status.error)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.current().block};")
        self.error.setVisible(bool(status.error))
        text.addWidget(self.error)
        layout.addLayout(text, 1)
        self.test_button = QPushButton("Test")
        self.remove_button = QPushButton("Remove")
        self.test_button.clicked.connect(lambda: self.test_requested.emit(status.id))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(status.id))
        layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)


class ConnectionsSection(QWidget):
    changed = Signal()  # a connector was added or removed (the app starts or stops live sync)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.rows: list[ConnectorRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addSpacing(6)
        heading = QLabel("Helpdesks")
        heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(heading)
        self.list_box = QVBoxLayout()
        self.list_box.setSpacing(6)
        self.empty = QLabel(NONE_YET)
        self.empty.setObjectName("Meta")
        self.empty.setWordWrap(True)
        self.list_box.addWidget(self.empty)
        layout.addLayout(self.list_box)

        form = QFormLayout()
        form.setVerticalSpacing(6)
        self.kind_combo = QComboBox()
        for kind in ConnectorKind:
            self.kind_combo.addItem(labels.label(kind, labels.CONNECTOR_KIND), kind.value)
        self.url_edit = QLineEdit()
        self.user_edit = QLineEdit()
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton("Add and test")
        self.add_button.setObjectName("Primary")
        form.addRow("Helpdesk", self.kind_combo)
        form.addRow("Address", self.url_edit)
        form.addRow("Email", self.user_edit)
        form.addRow("Token", self.token_edit)
        form.addRow("", self.add_button)
        layout.addLayout(form)
        self.feedback = QLabel("")
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.feedback)
        self.kind_combo.currentIndexChanged.connect(self._show_hints)
        self.add_button.clicked.connect(self.add)
        self._show_hints()
        self.refresh()

    def _show_hints(self) -> None:
        kind = str(self.kind_combo.currentData())
        self.url_edit.setPlaceholderText(URL_HINTS.get(kind, ""))
        self.user_edit.setPlaceholderText(USER_HINTS.get(kind, ""))
        self.user_edit.setEnabled(kind == ConnectorKind.ZENDESK)
        self.token_edit.setPlaceholderText(TOKEN_HINTS.get(kind, ""))

    def _say(self, text: str, ok: bool) -> None:
        self.feedback.setText(text)
        colors = style.current()
        self.feedback.setStyleSheet(f"color: {colors.positive if ok else colors.block};")

    def _failed(self, exc: BaseException) -> None:
        hint = getattr(exc, "hint", "")
        self._say(f"{exc}" + (f"\n{hint}" if hint else ""), False)
        self.add_button.setEnabled(True)
        self.refresh()

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        run_task(work, done, self._failed)

    def refresh(self) -> None:
        self._run(lambda: connections.statuses(self.workspace), self._show)

    def _show(self, statuses: list[ConnectorStatus]) -> None:
        for row in self.rows:
            self.list_box.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for status in statuses:
            row = ConnectorRow(status, self)
            row.test_requested.connect(self.test)
            row.remove_requested.connect(self.remove)
            self.list_box.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not statuses)

    def add(self) -> None:
        kind, url = str(self.kind_combo.currentData()), self.url_edit.text().strip()
        user, token = self.user_edit.text().strip(), self.token_edit.text()
        self.add_button.setEnabled(False)
        self._say("Signing in…", True)
        self._run(lambda: connections.add(self.workspace, kind, url, token, user=user), self._added)

    def _added(self, result: dict[str, Any]) -> None:
        self.token_edit.clear()
        self.add_button.setEnabled(True)
        self._say(f"Connected as {result['signed_in_as'] or 'you'}; the token is in {result['keychain']}.", True)
        self.changed.emit()
        self.refresh()

    def test(self, name: str) -> None:
        self._say(f"Testing {name}…", True)
        self._run(lambda: connections.test(self.workspace, name), self._tested)

    def _tested(self, result: dict[str, Any]) -> None:
        self._say(f"{result['name']}: signed in as {result['signed_in_as']}.", True)
        self.refresh()

    def remove(self, name: str) -> None:
        self._run(lambda: connections.remove(self.workspace, name), self._removed)

    def _removed(self, result: dict[str, Any]) -> None:
        self._say(f"{result['name']} removed.", True)
        self.changed.emit()
        self.refresh()
