"""Settings: where replies are generated and the model (model_section.py), the suggestion switches
(suggestion_switches.py), agent name, theme, always on top,
data folder, how long conversations are kept and whether personal data is masked. Keys locked by IT (or set
by an ASSIST_<KEY> environment variable) are shown disabled with where they came from.

Returns the edited Settings; the caller saves them (assist.settings.save) and applies what can be
applied live (theme, always on top, the engine). Data folder changes apply on restart.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assist.base import paths
from assist.base.vocab import SettingOrigin
from assist.config.policy import env_name
from assist.config.settings import THEMES, Settings
from assist.workspace.workspace import Workspace
from ui import labels
from ui.base import style
from ui.settings.connections_section import ConnectionsSection
from ui.settings.model_section import ModelSection
from ui.settings.suggestion_switches import SuggestionSwitches
from ui.widgets.lock_icon import LockIcon

log = logging.getLogger(__name__)

# "Set by your organisation", beside a drawn padlock (ui.widgets.lock_icon): no emoji font needed
LOCK_NOTE = labels.SETTING_ORIGIN[SettingOrigin.LOCKED_POLICY]
THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, workspace: Workspace | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assist settings")
        self.setMinimumWidth(460)  # the model section's notes wrap to two lines, not four
        self._settings = settings
        self._data_dir = settings.data_dir
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(12)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.models = ModelSection(settings, self)
        self.models.add_to(form, self._row)
        self.model_combo = self.models.model_combo  # the name other code and tests know

        self.suggestions = SuggestionSwitches(settings)  # compose_first, smooth_replies
        self.suggestions.add_to(form, self._row)

        self.agent_edit = QLineEdit(settings.agent_name)
        self.agent_edit.setPlaceholderText(settings.display_agent())
        self.agent_edit.setMaxLength(80)
        form.addRow("Your name", self._row(self.agent_edit, "agent_name", "Used in sign-offs"))

        self.theme_combo = QComboBox()
        for theme in THEMES:
            self.theme_combo.addItem(THEME_LABELS.get(theme, theme), theme)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        form.addRow("Theme", self._row(self.theme_combo, "theme"))

        self.on_top_check = QCheckBox("Keep the Assist window on top")
        self.on_top_check.setChecked(settings.always_on_top)
        form.addRow("Window", self._row(self.on_top_check, "always_on_top"))

        self.data_dir_label = QLabel()
        self.data_dir_label.setTextFormat(Qt.TextFormat.PlainText)
        self.data_dir_label.setWordWrap(True)
        self.data_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_dir_button = QPushButton("Change…")
        self.change_dir_button.clicked.connect(self._pick_data_dir)
        dir_box = QWidget()
        dir_layout = QHBoxLayout(dir_box)
        dir_layout.setContentsMargins(0, 0, 0, 0)
        dir_layout.addWidget(self.data_dir_label, 1)
        dir_layout.addWidget(self.change_dir_button)
        self._show_data_dir()
        form.addRow("Data folder", self._row(dir_box, "data_dir", "Applies on restart"))
        self.change_dir_button.setEnabled(not self._fixed("data_dir"))

        self.retention_spin = QSpinBox()
        self.retention_spin.setRange(0, 36500)
        self.retention_spin.setSpecialValueText("Until deleted")  # 0
        self.retention_spin.setSuffix(" days")
        self.retention_spin.setValue(settings.retention_days)
        form.addRow("Keep conversations", self._row(self.retention_spin, "retention_days",
                                                    "Older ones are purged at start"))
        self.redact_check = QCheckBox("Mask card numbers, emails and phone numbers")
        self.redact_check.setChecked(settings.redact_personal_data)
        form.addRow("Personal data", self._row(self.redact_check, "redact_personal_data",
                                               "Before storing and before the model sees them"))

        layout.addLayout(form)
        self.connections = ConnectionsSection(workspace, self) if workspace is not None else None
        if self.connections is not None:  # helpdesk connectors (ui/settings/connections_section.py)
            layout.addWidget(self.connections)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _row(self, field: QWidget, key: str, note: str = "") -> QWidget:
        """The field plus a small note under it; disabled with the lock note if IT (or the environment) set it."""
        fixed = self._fixed(key)
        locked = bool(fixed)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        field.setEnabled(not locked)
        text = fixed or note
        if text:
            label = QLabel(text)
            label.setObjectName("Meta")
            if locked:
                line = QHBoxLayout()
                line.setSpacing(4)
                line.addWidget(LockIcon(QColor(style.current().muted)))
                line.addWidget(label, 1)
                column.addLayout(line)
            else:
                column.addWidget(label)
        if locked:
            box.setToolTip("Your IT department set this; ask them to change it." if fixed == LOCK_NOTE else
                           f"The {env_name(key)} environment variable sets this.")
        return box

    def _fixed(self, key: str) -> str:
        """Why the user cannot change `key` here ("" if they can)."""
        if key in self._settings.locked:
            return LOCK_NOTE
        if self._settings.origins.get(key) == SettingOrigin.ENVIRONMENT:
            return f"{labels.SETTING_ORIGIN[SettingOrigin.ENVIRONMENT]} ({env_name(key)})"
        return ""

    def _show_data_dir(self) -> None:
        self.data_dir_label.setText(self._data_dir or f"{paths.default_data_dir()} (default)")

    def _pick_data_dir(self) -> None:
        start = self._data_dir or str(paths.default_data_dir())
        chosen = QFileDialog.getExistingDirectory(self, "Choose the data folder", start)
        if chosen:
            self._data_dir = str(Path(chosen))
            self._show_data_dir()

    def edited(self) -> Settings:
        """The settings as edited (locked and environment keys keep their values)."""
        s = self._settings
        values: dict[str, Any] = {
            **self.models.values(),
            **self.suggestions.values(),
            "agent_name": self.agent_edit.text().strip(),
            "theme": str(self.theme_combo.currentData() or "system"),
            "always_on_top": self.on_top_check.isChecked(),
            "data_dir": self._data_dir,
            "retention_days": self.retention_spin.value(),
            "redact_personal_data": self.redact_check.isChecked(),
        }
        return dataclasses.replace(s, **{k: v for k, v in values.items() if not self._fixed(k)})

    def engine_changed(self, old: Settings) -> bool:
        """Whether the engine must be switched (live) for the edited settings."""
        return self.models.changed(old, self.edited())

    def server_key_saver(self) -> Callable[[], None]:
        """Stores a newly typed API key in the keychain: run it off the GUI thread, before the switch."""
        return self.models.key_saver(self.edited())
