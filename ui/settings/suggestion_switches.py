"""The Suggestions part of Settings: whether the first card is composed from the help centre without the model
(`compose_first`), and whether the model may smooth that card's wording (`smooth_replies`; a smoothed card is
kept only when every fact survives). Locked keys are shown disabled by the dialog's row maker."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from assist.config.settings import Settings

RowMaker = Callable[[QWidget, str, str], QWidget]
KEYS = ("compose_first", "smooth_replies")


class SuggestionSwitches:
    def __init__(self, settings: Settings) -> None:
        self.compose_check = QCheckBox("Start with a reply composed from the help centre")
        self.compose_check.setChecked(settings.compose_first)
        self.smooth_check = QCheckBox("Let the model smooth that reply's wording")
        self.smooth_check.setChecked(settings.smooth_replies)
        self._locked_smooth = False
        self.compose_check.toggled.connect(self._follow)

    def add_to(self, form: QFormLayout, row: RowMaker) -> None:
        form.addRow("Suggestions", row(self.compose_check, "compose_first",
                                       "Its facts come from the articles; it needs no model. Applies on restart"))
        form.addRow("", row(self.smooth_check, "smooth_replies",
                            "Kept only when every fact survives the rewording. Applies on restart"))
        self._locked_smooth = not self.smooth_check.isEnabled()
        self._follow(self.compose_check.isChecked())

    def _follow(self, composing: bool) -> None:
        # Smoothing rewords the composed card: without one there is nothing to smooth.
        if not self._locked_smooth:
            self.smooth_check.setEnabled(composing)

    def values(self) -> dict[str, bool]:
        return {"compose_first": self.compose_check.isChecked(), "smooth_replies": self.smooth_check.isChecked()}
