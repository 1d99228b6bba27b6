"""A knowledge-base article in its own window, opened from a suggestion's source chip.

The article is read off the GUI thread (ui.tasks); the dialog opens once it is in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from assist.store import Store
from ui.base import errors
from ui.base.tasks import run_task

MARKDOWN = QTextDocument.MarkdownFeature(QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
                                         | QTextDocument.MarkdownFeature.MarkdownNoHTML.value)


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
        # Help-centre articles are Markdown (or plain text, which Markdown shows as it is); raw HTML inside
        # is not rendered, so an article cannot inject markup or remote images.
        body.document().setMarkdown(str(article.get("body", "")), MARKDOWN)
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


def open_article(store: Store, article_id: str, parent: QWidget,
                 on_shown: Callable[[ArticleDialog], None] | None = None) -> None:
    """Read the article off the GUI thread, then show it (a stub if it has left the workspace)."""

    def shown(article: dict[str, Any] | None) -> None:
        dialog = ArticleDialog(article or {"id": article_id, "title": article_id,
                                           "body": "This article is no longer in the workspace."}, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        if on_shown is not None:
            on_shown(dialog)

    run_task(lambda: store.articles.get(article_id), shown, lambda exc: errors.show_error(exc, parent))
