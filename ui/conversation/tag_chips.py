"""The conversation's tags as chips under the header: kind, value, confidence, and who set it.

The contact reason, resolved, priority, tier and the mood at the end are chips of their own (VIP and
automation candidate when they are "yes"); the other tags sit behind "+N more". A click (or Space on a
focused chip) opens its menu: accept the tag as it is, change it to another
value of its kind, or remove it. The store keeps every agent's choice; the next `assist tagger train
--from-store` learns from them. Loading and saving run through ui.base.tasks, never on the GUI thread; the
tags, their allowed values and the contact reasons' names come from the core (assist.workspace.tagger).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QVBoxLayout, QWidget

from assist.base.vocab import TagKind, TagSource
from assist.domain.conversation import Conversation
from assist.store.tags import StoredTag
from assist.workspace.tagger import TagPanel
from ui import labels
from ui.base import errors
from ui.base.tasks import run_task
from ui.conversation.retag_progress import Retag, RetagProgress
from ui.widgets.flow_layout import FlowLayout

_VALUE_TABLES: dict[str, dict[str, str]] = {
    TagKind.RESOLVED: labels.RESOLUTION, TagKind.RESOLVED_BY: labels.RESOLVER, TagKind.PRIORITY: labels.PRIORITY,
    TagKind.TIER: labels.TIER, TagKind.CHANNEL: labels.CHANNEL, TagKind.LANGUAGE: labels.LANGUAGE_NAME,
    TagKind.VIP: labels.YES_NO, TagKind.AUTOMATION_CANDIDATE: labels.YES_NO,
    TagKind.SENTIMENT_START: labels.MOOD, TagKind.SENTIMENT_END: labels.MOOD,
}


def value_label(kind: str, value: str, reason_labels: dict[str, str]) -> str:
    if kind == TagKind.CONTACT_REASON:
        return reason_labels.get(value) or labels.label(value, labels.UNKNOWN_REASON)
    return labels.label(value, _VALUE_TABLES.get(kind, {}))


# Shown as chips of their own; the rest (language and channel are in the header already) sit behind "More".
PRIMARY = (TagKind.CONTACT_REASON, TagKind.RESOLVED, TagKind.PRIORITY, TagKind.TIER, TagKind.SENTIMENT_END,
           TagKind.VIP, TagKind.AUTOMATION_CANDIDATE)
_SHORT: dict[tuple[str, str], str] = {  # a chip's own words where "Kind: value" would be long-winded
    (TagKind.RESOLVED, "yes"): "Resolved", (TagKind.RESOLVED, "no"): "Not resolved",
    (TagKind.RESOLVED, "unknown"): "Resolved?", (TagKind.VIP, "yes"): "VIP", (TagKind.VIP, "no"): "Not VIP",
    (TagKind.AUTOMATION_CANDIDATE, "yes"): "Automation candidate",
    (TagKind.AUTOMATION_CANDIDATE, "no"): "Not for automation",
}


def short_text(tag: StoredTag, reason_labels: dict[str, str]) -> str:
    if (tag.kind, tag.value) in _SHORT:
        return _SHORT[(tag.kind, tag.value)]
    value = value_label(tag.kind, tag.value, reason_labels)
    if tag.kind == TagKind.CONTACT_REASON or tag.kind == TagKind.TIER:
        return value
    if tag.kind == TagKind.PRIORITY:
        return f"{value} priority"
    if tag.kind == TagKind.SENTIMENT_END:
        return f"Mood: {value.lower()}"
    return f"{labels.label(tag.kind, labels.TAG_KIND)}: {value.lower()}"


def chip_text(tag: StoredTag, reason_labels: dict[str, str]) -> str:
    shown = short_text(tag, reason_labels)
    return f"{shown} ✓" if tag.source == TagSource.AGENT else f"{shown} · {round(tag.confidence * 100)}%"


def shown_as_chip(tag: StoredTag) -> bool:
    """Primary kinds, except a plain "no" for VIP or automation (that is the usual case, not news)."""
    return tag.kind in PRIMARY and not (tag.kind in (TagKind.VIP, TagKind.AUTOMATION_CANDIDATE) and tag.value == "no")


class TagChips(QWidget):
    changed = Signal(str, str)  # kind, value ("" = removed): stored, and the chips redrawn

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TagChips")
        self.setAccessibleName("Tags")
        # Set by the window; both run on a background thread only.
        self.loader: Callable[[Conversation], TagPanel] | None = None
        self.setter: Callable[[str, str, str], TagPanel] | None = None
        self.retag: Retag | None = None  # re-tags every stored conversation (progress=, cancelled=, pause=)
        self.busy: Callable[[], bool] = lambda: False  # a suggestion is being generated: re-tagging waits
        self.retagging: RetagProgress | None = None
        self.conversation: Conversation | None = None
        self.panel: TagPanel | None = None
        self.chips: dict[str, QToolButton] = {}
        self.more: QToolButton | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 0, 12, 6)
        host = QWidget()
        self.flow = FlowLayout(host, spacing=4)
        outer.addWidget(host)
        self.hide()

    def clear(self) -> None:
        self.conversation = None
        self.panel = None
        while (item := self.flow.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.chips = {}
        self.more = None
        self.hide()

    def show_for(self, conversation: Conversation) -> None:
        self.clear()
        self.conversation = conversation
        loader = self.loader
        if loader is not None:
            run_task(lambda: loader(conversation), self._on_panel, self._failed(conversation))

    def _failed(self, conversation: Conversation) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            if self.conversation is conversation:
                errors.show_error(exc, self)
        return failed

    def _on_panel(self, panel: TagPanel) -> None:
        if self.conversation is None or panel.conversation_id != self.conversation.id:
            return  # the agent already moved on
        conversation = self.conversation
        self.clear()
        self.conversation = conversation
        self.panel = panel
        rest = []
        order: dict[str, int] = {kind: i for i, kind in enumerate(PRIMARY)}
        for tag in sorted(panel.tags, key=lambda t: order.get(t.kind, len(order))):
            if not shown_as_chip(tag):
                rest.append(tag)
                continue
            chip = self._chip(chip_text(tag, panel.reason_labels))
            chip.setMenu(self._menu(chip, tag, panel))
            kind, source = labels.label(tag.kind, labels.TAG_KIND), labels.label(tag.source, labels.TAG_SOURCE)
            value = value_label(tag.kind, tag.value, panel.reason_labels)
            chip.setToolTip(f"{kind}: {value}, {round(tag.confidence * 100)}% sure, from {source}.\n"
                            "Click to accept, change or remove it.")
            chip.setAccessibleName(f"{kind}: {value}")
            self.chips[tag.kind] = chip
        if rest:
            self.more = self._chip(f"+{len(rest)} more")
            self.more.setToolTip("The other tags: " + ", ".join(chip_text(t, panel.reason_labels) for t in rest))
            menu = QMenu(self.more)
            for tag in rest:
                sub = self._menu(menu, tag, panel)
                sub.setTitle(chip_text(tag, panel.reason_labels))
                menu.addMenu(sub)
            if self.retag is not None:
                menu.addSeparator()
                menu.addAction("Re-tag every conversation…").triggered.connect(lambda _c=False: self.retag_all())
            self.more.setMenu(menu)
        self.setVisible(bool(panel.tags))

    def retag_all(self) -> None:
        """Re-tag the whole store in the background (progress bar, Cancel); agents' tags are kept."""
        if self.retag is None or (self.retagging is not None and self.retagging.dialog.isVisible()):
            return
        self.retagging = RetagProgress(self.window(), self.retag, self.busy)
        conversation = self.conversation
        if conversation is not None:  # show this conversation's fresh tags when it is done
            self.retagging.finished.connect(lambda _text: self.show_for(conversation)
                                            if self.conversation is conversation else None)
        self.retagging.start()

    def _chip(self, text: str) -> QToolButton:
        chip = QToolButton()
        chip.setObjectName("Chip")
        chip.setText(text)
        chip.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.flow.addWidget(chip)
        return chip

    def _menu(self, parent: QWidget, tag: StoredTag, panel: TagPanel) -> QMenu:
        menu = QMenu(parent)
        if tag.source != TagSource.AGENT:
            accept = menu.addAction("Accept")
            accept.triggered.connect(lambda _c=False, k=tag.kind, v=tag.value: self.set_tag(k, v))
        change = menu.addMenu("Change to")
        for value in panel.choices.get(tag.kind, []):
            if value != tag.value:
                action: QAction = change.addAction(value_label(tag.kind, value, panel.reason_labels))
                action.triggered.connect(lambda _c=False, k=tag.kind, v=value: self.set_tag(k, v))
        change.setEnabled(not change.isEmpty())
        remove = menu.addAction("Remove")
        remove.triggered.connect(lambda _c=False, k=tag.kind: self.set_tag(k, ""))
        return menu

    def set_tag(self, kind: str, value: str) -> None:
        conversation, setter = self.conversation, self.setter
        if conversation is None or setter is None:
            return

        def done(panel: TagPanel) -> None:
            self._on_panel(panel)
            self.changed.emit(kind, value)

        run_task(lambda: setter(conversation.id, kind, value), done, self._failed(conversation))
