"""The model part of Settings: where replies are generated (this computer or the company's model server), the
local model (with what fits this machine and its measured speed), and the server's URL, model and API key.

Customer text leaves the computer only when "Generated on" says the server, and the note under it says where it
goes. IT's locked keys are shown disabled. The key is written to the OS keychain by the caller, off the GUI
thread, through `key_saver()`; Check connection runs in the background too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assist.base.errors import AssistError
from assist.base.vocab import EngineKind
from assist.config import secrets
from assist.config.settings import Settings, server_key_account
from assist.llm import catalog
from assist.llm.loader import check_server
from ui import labels
from ui.base.tasks import run_task

log = logging.getLogger(__name__)

ENGINE_KEYS = ("engine", "model", "server_url", "server_model", "server_timeout_s")
RowMaker = Callable[[QWidget, str, str], QWidget]


def model_label(entry: catalog.ModelEntry, speeds: dict[str, float]) -> str:
    """"Qwen2.5 3B Instruct (Q4_K_M) · 8 GB tier · fits · 14 tok/s" — enough to choose by."""
    parts = [entry.name]
    if entry.default:
        parts.append("default")
    if entry.tier:
        parts.append(f"{entry.tier} tier")
    fits = catalog.fits_this_machine(entry)
    need = catalog.ram_needed_bytes(entry) / 2**30
    if fits is False:
        parts.append(f"needs {need:.1f} GB free")
    elif fits:
        parts.append("fits")
    try:
        present = catalog.locate(entry).exists()
    except AssistError:
        present = False
    if not present:
        parts.append("not installed")
    if entry.id in speeds:
        parts.append(f"{speeds[entry.id]:g} tok/s here")
    return " · ".join(parts)


def _catalog() -> tuple[list[catalog.ModelEntry], str]:
    try:
        return catalog.load_catalog(), ""
    except AssistError as exc:
        log.warning("model catalogue: %s", exc)
        return [], str(exc)


class ModelSection:
    def __init__(self, settings: Settings, parent: QWidget) -> None:
        self._settings = settings
        self._parent = parent
        self.engine_combo = QComboBox()
        for kind in EngineKind:
            self.engine_combo.addItem(labels.label(kind, labels.ENGINE_KIND), kind.value)
        self.engine_combo.setCurrentIndex(max(0, self.engine_combo.findData(settings.engine)))
        self.privacy_label = QLabel()
        self.privacy_label.setObjectName("Meta")
        # No word wrap: a wrapped label nested in a form row gets too little height and is cut off.

        self.model_combo = QComboBox()
        entries, catalog_error = _catalog()
        speeds = catalog.measured_speeds()
        self.model_combo.addItem("Default model", "")
        for entry in entries:
            self.model_combo.addItem(model_label(entry, speeds), entry.id)
        if settings.model and self.model_combo.findData(settings.model) < 0:
            self.model_combo.addItem(f"{settings.model} (not in the catalogue)", settings.model)
        self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(settings.model)))
        if catalog_error:
            self.model_combo.setToolTip(catalog_error)
        self.model_combo.setMinimumContentsLength(24)
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.url_edit = QLineEdit(settings.server_url)
        self.url_edit.setPlaceholderText("http://llm.example.internal:8080/v1")
        self.server_model_edit = QLineEdit(settings.server_model)
        self.server_model_edit.setPlaceholderText("the first model the server lists")
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("stored in the OS keychain; empty keeps it")
        self.check_button = QPushButton("Check connection")
        self.check_button.clicked.connect(self._check)
        self.check_label = QLabel()
        self.check_label.setObjectName("Meta")
        self.check_label.setWordWrap(True)
        self.check_label.setTextFormat(Qt.TextFormat.PlainText)
        self._server_rows: list[QWidget] = []
        self.engine_combo.currentIndexChanged.connect(self._update)
        self.url_edit.textChanged.connect(self._update)

    def add_to(self, form: QFormLayout, row: RowMaker) -> None:
        form.addRow("Replies from", row(self.engine_combo, "engine", ""))
        form.addRow("", self.privacy_label)  # outside the lockable box: IT's choice is read, not greyed out
        form.addRow("Local model", row(self.model_combo, "model", "Also the stand-in when the server is down"))
        for title, field, key in (("Server URL", self.url_edit, "server_url"),
                                  ("Server model", self.server_model_edit, "server_model")):
            box = row(field, key, "")
            self._server_rows.append(box)
            form.addRow(title, box)
        check_row = QWidget()
        line = QHBoxLayout(check_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.check_button)
        line.addWidget(self.check_label, 1)
        key_box = _stacked(self.key_edit, check_row)
        self._server_rows.append(key_box)
        form.addRow("API key", key_box)
        self._update()

    # --- state ------------------------------------------------------------------------------------

    def _server_chosen(self) -> bool:
        return self.engine_combo.currentData() == EngineKind.SERVER.value

    def _update(self) -> None:
        server = self._server_chosen()
        for box in self._server_rows:
            box.setEnabled(server)
        if server:
            host = urlsplit(self.url_edit.text().strip()).netloc or "the server set below"
            host = host if len(host) <= 40 else host[:39] + "…"
            self.privacy_label.setText(f"Customer text is sent to {host}.\nIf it is down, replies come "
                                       "from this computer.")
        else:
            self.privacy_label.setText("Customer text stays on this computer.")

    def values(self) -> dict[str, Any]:
        return {"engine": str(self.engine_combo.currentData() or EngineKind.LOCAL.value),
                "model": str(self.model_combo.currentData() or ""),
                "server_url": self.url_edit.text().strip(),
                "server_model": self.server_model_edit.text().strip()}

    def changed(self, old: Settings, new: Settings) -> bool:
        """Whether the engine must be reloaded: a model or server setting, or a new key."""
        return any(getattr(old, k) != getattr(new, k) for k in ENGINE_KEYS) or bool(self.key_edit.text().strip())

    def key_saver(self, new: Settings) -> Callable[[], None]:
        """Stores the key just typed (if any) for the new server URL; for a background task."""
        key, url = self.key_edit.text().strip(), new.server_url

        def save() -> None:
            if key and url:
                secrets.set_token(server_key_account(url), key)

        return save

    # --- Check connection -------------------------------------------------------------------------

    def _check(self) -> None:
        import dataclasses

        candidate = dataclasses.replace(self._settings, engine=EngineKind.SERVER.value,
                                        server_url=self.url_edit.text().strip(),
                                        server_model=self.server_model_edit.text().strip())
        if not candidate.server_url:
            self.check_label.setText("Enter the server's URL first.")
            return
        key = self.key_edit.text()
        self.check_button.setEnabled(False)
        self.check_label.setText("Checking…")
        run_task(lambda: check_server(candidate, key), self._checked, self._check_failed)

    def _checked(self, answer: str) -> None:
        self.check_button.setEnabled(True)
        self.check_label.setText(f"✓ {answer}")

    def _check_failed(self, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        hint = getattr(exc, "hint", "")
        self.check_label.setText(f"✗ {exc}" + (f" {hint}" if hint else ""))


def _stacked(top: QWidget, below: QWidget) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    column.addWidget(top)
    column.addWidget(below)
    return box
