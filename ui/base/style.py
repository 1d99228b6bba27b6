"""Colours, fonts and the app stylesheet, for light and dark. The one place that holds visual constants."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

BASE_POINT_SIZE = 10.5


@dataclass(frozen=True)
class Colors:
    dark: bool
    window: str
    surface: str  # panels, the queue
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    customer_bubble: str
    bot_bubble: str
    bot_label: str
    agent_bubble: str
    agent_text: str
    note_bubble: str
    note_text: str
    warning_bg: str
    warning_text: str
    block: str
    warn: str
    info: str
    vip: str
    ai: str
    highlight_block: str
    highlight_warn: str
    selection: str
    positive: str = "#2e7d32"
    neutral: str = "#8a919c"
    negative: str = "#c62828"
    escalate: str = "#d9480f"  # "Needs a human": orange-red, apart from the blocking red
    handoff: str = "#7048e8"  # the handoff divider and the brief card's edge
    card: str = "#f7f5ff"


LIGHT = Colors(
    dark=False, window="#f4f5f7", surface="#ffffff", text="#1f2328", muted="#667085", border="#d6d9de",
    accent="#2563eb", accent_text="#ffffff", customer_bubble="#eceef1", bot_bubble="#e7effc",
    bot_label="#3b5ccc", agent_bubble="#2563eb", agent_text="#ffffff", note_bubble="#fff4c2",
    note_text="#5c4400", warning_bg="#fdecc8", warning_text="#7a4a00", block="#c62828", warn="#b26a00",
    info="#475467", vip="#a15c00", ai="#3b5ccc", highlight_block="#ffd0d0", highlight_warn="#ffe9b0",
    selection="#dbe6fd",
)

DARK = Colors(
    dark=True, window="#1b1d21", surface="#24272c", text="#e6e8eb", muted="#9aa1ab", border="#3a3f46",
    accent="#4c8dff", accent_text="#ffffff", customer_bubble="#30343a", bot_bubble="#23314d",
    bot_label="#9db7ff", agent_bubble="#2f62d0", agent_text="#ffffff", note_bubble="#4a3f14",
    note_text="#ffe69a", warning_bg="#4a3510", warning_text="#ffd68a", block="#ff6b6b", warn="#f0b429",
    info="#a8b0bb", vip="#f0b429", ai="#9db7ff", highlight_block="#6b2020", highlight_warn="#5c4710",
    selection="#2c3e63", positive="#6cc070", neutral="#9aa1ab", negative="#ff6b6b", escalate="#ff8a4c",
    handoff="#a58bff", card="#2a2838",
)


_requested = "system"


def is_dark() -> bool:
    """The chosen theme, or the system's when "system" (some platforms ignore a requested scheme)."""
    if _requested in ("light", "dark"):
        return _requested == "dark"
    return bool(QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark)


def current() -> Colors:
    return DARK if is_dark() else LIGHT


def apply_theme(theme: str) -> None:
    """theme: system | light | dark. "system" follows the OS and its changes."""
    global _requested
    _requested = theme if theme in ("light", "dark") else "system"
    hints = QGuiApplication.styleHints()
    if theme == "light":
        hints.setColorScheme(Qt.ColorScheme.Light)
    elif theme == "dark":
        hints.setColorScheme(Qt.ColorScheme.Dark)
    else:
        hints.unsetColorScheme()
    apply_palette()


def apply_palette() -> None:
    """Base colours for the widgets the stylesheet leaves alone (inputs, scroll bars, menus)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    c = current()
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, c.window), (QPalette.ColorRole.WindowText, c.text),
        (QPalette.ColorRole.Base, c.surface), (QPalette.ColorRole.AlternateBase, c.window),
        (QPalette.ColorRole.Text, c.text), (QPalette.ColorRole.Button, c.surface),
        (QPalette.ColorRole.ButtonText, c.text), (QPalette.ColorRole.Highlight, c.accent),
        (QPalette.ColorRole.HighlightedText, c.accent_text), (QPalette.ColorRole.ToolTipBase, c.surface),
        (QPalette.ColorRole.ToolTipText, c.text), (QPalette.ColorRole.PlaceholderText, c.muted),
        (QPalette.ColorRole.Link, c.accent),
    ):
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(c.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(c.muted))
    QGuiApplication.setPalette(palette)


def app_font() -> QFont:
    font = QGuiApplication.font()
    font.setPointSizeF(BASE_POINT_SIZE)
    return font


def stylesheet(c: Colors) -> str:
    return f"""
QMainWindow, QDialog {{ background: {c.window}; }}
QWidget {{ color: {c.text}; }}
QWidget#TopBar {{ background: {c.surface}; border-bottom: 1px solid {c.border}; }}
QLabel#WorkspaceName {{ font-weight: 600; }}
QLabel#WorkspaceDetail {{ color: {c.muted}; font-size: 8.5pt; }}
QToolButton:checked {{ background: {c.selection}; color: {c.accent}; }}
QLabel#StatusChip {{ border-radius: 9px; padding: 2px 8px; font-size: 9pt; background: {c.customer_bubble};
    color: {c.muted}; }}
QLabel#StatusChip[level="ok"] {{ color: {c.text}; }}
QLabel#StatusChip[level="warning"] {{ background: {c.warning_bg}; color: {c.warning_text}; font-weight: 600; }}
QLabel#NoticeBar {{ background: {c.warning_bg}; color: {c.warning_text}; padding: 6px 12px; }}
QListView#Queue {{ background: {c.surface}; border: none; outline: none; }}
QScrollArea#Conversation {{ background: {c.window}; border: none; }}
QWidget#ConversationCanvas {{ background: {c.window}; }}
QWidget#ConversationHeader {{ background: {c.surface}; border-bottom: 1px solid {c.border}; }}
QLabel#CustomerName {{ font-size: 12pt; font-weight: 600; }}
QLabel#Meta {{ color: {c.muted}; }}
QLabel#Badge {{ border-radius: 8px; padding: 1px 7px; font-size: 8.5pt; font-weight: 700; }}
QFrame#Bubble {{ border-radius: 10px; }}
QFrame#Bubble[role="customer"] {{ background: {c.customer_bubble}; }}
QFrame#Bubble[role="bot"] {{ background: {c.bot_bubble}; }}
QFrame#Bubble[role="agent"] {{ background: {c.agent_bubble}; }}
QFrame#Bubble[role="agent"] QLabel {{ color: {c.agent_text}; }}
QFrame#Bubble[role="note"] {{ background: {c.note_bubble}; }}
QFrame#Bubble[role="note"] QLabel {{ color: {c.note_text}; }}
QLabel#BubbleCaption {{ font-size: 8.5pt; color: {c.muted}; }}
QFrame#Bubble[role="bot"] QLabel#BubbleCaption {{ color: {c.bot_label}; font-weight: 600; }}
QLabel#Divider {{ color: {c.muted}; font-size: 9pt; }}
QWidget#SuggestionPanel {{ background: {c.surface}; border-top: 1px solid {c.border}; }}
QPlainTextEdit#SuggestionText {{ background: {c.window}; border: 1px solid {c.border}; border-radius: 6px;
    padding: 4px; selection-background-color: {c.accent}; }}
QPushButton {{ padding: 5px 12px; border-radius: 6px; border: 1px solid {c.border}; background: {c.surface}; }}
QPushButton:hover {{ border-color: {c.accent}; }}
QPushButton:disabled {{ color: {c.muted}; background: {c.window}; }}
QPushButton#Primary {{ background: {c.accent}; color: {c.accent_text}; border-color: {c.accent};
    font-weight: 600; }}
QPushButton#Primary:disabled {{ background: {c.border}; color: {c.muted}; border-color: {c.border}; }}
QPushButton#Danger {{ color: {c.block}; border-color: {c.block}; }}
QPushButton#Citation {{ padding: 1px 8px; border-radius: 9px; font-size: 9pt; color: {c.accent};
    border: 1px solid {c.accent}; background: transparent; }}
QToolButton {{ border: none; padding: 3px 5px; border-radius: 6px; }}
QToolButton:hover {{ background: {c.customer_bubble}; }}
QSplitter::handle {{ background: {c.window}; border-top: 1px solid {c.border}; border-bottom: 1px solid {c.border}; }}
QSplitter::handle:vertical {{ height: 6px; }}
QSplitter::handle:horizontal {{ width: 6px; border-top: none; border-bottom: none; border-left: 1px solid {c.border};
    border-right: 1px solid {c.border}; }}
QSplitter::handle:hover {{ background: {c.selection}; border-color: {c.accent}; }}
QScrollArea#Findings, QWidget#FindingsCanvas {{ background: transparent; border: none; }}
QFrame#Bubble[highlighted="true"] {{ border: 2px solid {c.escalate}; }}
QLabel#Divider[handoff="true"] {{ color: {c.handoff}; font-weight: 700; border: 1px solid {c.handoff};
    border-radius: 9px; padding: 1px 8px; }}
QLabel#SentimentTag {{ font-size: 7.5pt; color: {c.muted}; border: 1px solid {c.border}; border-radius: 5px;
    padding: 0px 4px; }}
QScrollArea#BriefArea {{ background: {c.card}; border: none; border-bottom: 1px solid {c.border}; }}
QFrame#BriefCard {{ background: {c.card}; border-left: 3px solid {c.handoff}; }}
QToolButton#BriefToggle {{ font-weight: 700; color: {c.handoff}; padding: 2px 2px; }}
QLabel#BriefSection {{ color: {c.muted}; font-size: 8pt; font-weight: 700; }}
QLabel#BriefGoal {{ font-weight: 600; }}
QLabel#BriefText {{ font-size: 9pt; }}
QLabel#FirstLine {{ font-size: 9pt; font-style: italic; background: {c.surface}; border: 1px solid {c.border};
    border-radius: 6px; padding: 4px 6px; }}
QToolButton#Chip {{ font-size: 8.5pt; border: 1px solid {c.border}; border-radius: 9px; padding: 1px 7px;
    background: {c.surface}; }}
QToolButton#Chip:hover, QWidget#Reason:hover {{ border-color: {c.accent}; background: {c.selection}; }}
QWidget#Reason {{ border-radius: 5px; }}
QLabel#ReasonLabel {{ color: {c.escalate}; font-weight: 700; font-size: 8.5pt; }}
QLabel#ReasonEvidence {{ font-size: 8.5pt; }}
QPushButton#Copy {{ padding: 1px 8px; font-size: 8.5pt; }}
QScrollArea#Cards, QWidget#CardsCanvas {{ background: transparent; border: none; }}
QFrame#Card {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px; }}
QFrame#Card[active="true"] {{ border: 1px solid {c.accent}; background: {c.surface}; }}
QFrame#Card[blocked="true"] {{ border: 1px solid {c.block}; border-left: 3px solid {c.block}; }}
QFrame#Card[active="false"]:hover {{ border-color: {c.accent}; }}
QLabel#CardNumber {{ font-weight: 700; color: {c.accent}; }}
QFrame#Card[blocked="true"] QLabel#CardNumber {{ color: {c.block}; }}
QLabel#CardHint {{ color: {c.muted}; font-size: 8.5pt; }}
QLabel#CardPreview {{ color: {c.muted}; }}
QLabel#Placeholder {{ color: {c.muted}; padding: 10px 0px; }}
QToolButton#DraftToggle {{ color: {c.muted}; }}
QToolButton#DraftToggle:checked {{ background: transparent; color: {c.text}; }}
QToolButton#MenuButton {{ padding: 5px 10px; border-radius: 6px; border: 1px solid {c.border};
    background: {c.surface}; }}
QToolButton#MenuButton:hover {{ border-color: {c.accent}; background: {c.surface}; }}
QToolButton#MenuButton:disabled {{ color: {c.muted}; background: {c.window}; }}
QToolButton::menu-indicator {{ image: none; width: 0px; }}
QLabel#EmptyTitle {{ font-size: 12pt; font-weight: 600; }}
QWidget#EmptyState {{ background: {c.window}; }}
QPushButton:focus {{ border: 2px solid {c.accent}; padding: 4px 11px; }}
QPushButton#Copy:focus, QPushButton#Citation:focus {{ border: 2px solid {c.accent}; padding: 0px 7px; }}
QToolButton:focus {{ border: 2px solid {c.accent}; padding: 1px 3px; }}
QToolButton#MenuButton:focus {{ border: 2px solid {c.accent}; padding: 4px 9px; }}
QToolButton#Chip:focus {{ border: 2px solid {c.accent}; padding: 0px 6px; }}
QListView#Queue:focus, QScrollArea#Conversation:focus, QScrollArea#Cards:focus {{ border: 2px solid {c.accent}; }}
QPlainTextEdit:focus, QLineEdit:focus, QTextBrowser:focus {{ border: 2px solid {c.accent}; }}
"""
