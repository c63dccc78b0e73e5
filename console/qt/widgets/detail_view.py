"""The Detail panel: the selection rendered as HTML, kept still while the picture moves.

A live update re-renders the same selection; the reader keeps their place (scroll position and
any text they selected). Only a new selection starts at the top. Unchanged HTML is not set at
all, so an update elsewhere in the picture costs nothing here.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget


class DetailView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detail")
        self.setOpenLinks(False)
        self._key: object = None
        self._html: str | None = None

    def show_html(self, key: object, html: str) -> None:
        """Show ``html`` for ``key`` (what is selected); same key: keep the reader's place."""
        if key == self._key and html == self._html:
            return
        same = key == self._key
        self._key, self._html = key, html
        if not same:
            self.setHtml(html)
            return
        v, h = self.verticalScrollBar().value(), self.horizontalScrollBar().value()
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        chosen = self.toPlainText()[start:end]
        self.setHtml(html)
        if chosen:
            self._select_again(chosen, start)
        self.verticalScrollBar().setValue(v)
        self.horizontalScrollBar().setValue(h)

    def _select_again(self, chosen: str, near: int) -> None:
        """Select ``chosen`` again where it now is (the occurrence nearest its old place: new
        timeline lines may have moved it)."""
        page = self.toPlainText()
        found, at = [], page.find(chosen)
        while at >= 0:
            found.append(at)
            at = page.find(chosen, at + 1)
        if not found:
            return
        start = min(found, key=lambda at: abs(at - near))
        kept = self.textCursor()
        kept.setPosition(start)
        kept.setPosition(start + len(chosen), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(kept)
