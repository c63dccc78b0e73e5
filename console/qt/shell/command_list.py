"""The commands panel: what this console sent and what became of it (pending, done, refused).

A small list over the outbox's newest entries. Rows are keyed by command id: a new command is
one inserted row at the top; an answer repaints its row. A pending command the server holds
for the platform that owns its entity shows as "queued for <owner>" until the owner decides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from console.net.link import Forwarding
from console.net.outbox import DONE, PENDING, REFUSED, Entry, Outbox
from console.qt.widgets.newest_first import Index, NewestFirstModel
from console.state import text
from console.state.operations import op_name
from console.state.platform_links import forwarding_text, forwarding_tooltip
from protocol.messages import Ack, Error

translate = QCoreApplication.translate
_COLOUR = {PENDING: "#9a6700", DONE: "#1e8e3e", REFUSED: "#c5221f"}
FORWARDING_COLOUR = "#1a73e8"  # held for its owner: waiting on someone else, not on us


class CommandListModel(NewestFirstModel[Entry]):
    def __init__(self, outbox: Outbox, limit: int = 200,
                 forwarding: Callable[[], Mapping[str, Forwarding]] = dict) -> None:
        """``forwarding``: the link's commands held for another platform, by id."""
        headers = [
            translate("Commands", "Time"),
            translate("Commands", "State"),
            translate("Commands", "Operation"),
            translate("Commands", "Answer"),
        ]
        super().__init__(headers, limit, outbox.recent(limit))
        self.outbox = outbox
        self.forwarding = forwarding

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        e = self.row_at(index.row()) if index.isValid() else None
        if e is None:
            return None
        col = index.column()
        held = self.forwarding().get(e.id) if e.state == PENDING else None
        if held is not None and col == 1:
            if role == Qt.ItemDataRole.DisplayRole:
                return forwarding_text(held.owner)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(FORWARDING_COLOUR))
            if role == Qt.ItemDataRole.ToolTipRole:
                return forwarding_tooltip(held.owner, held.since, held.message)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return text.cst(e.created_at)
            if col == 1:
                return {PENDING: translate("Commands", "pending"),
                        DONE: translate("Commands", "done"),
                        REFUSED: translate("Commands", "refused")}.get(e.state, e.state)
            if col == 2:
                return op_name(e.op)
            if col == 3:
                if e.state == REFUSED:
                    return f"{e.code}: {e.message}"
                return answer_text(e)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QColor(_COLOUR.get(e.state, "#888")))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.op} {e.args}" + (f" · seq {e.seq}" if e.seq is not None else "")
        if role == Qt.ItemDataRole.UserRole:
            return e.id
        return None

    def on_queued(self, entry: Entry) -> None:
        self.prepend([entry])

    def on_answered(self, entry: Entry, _answer: Ack | Error) -> None:
        self._repaint(entry)

    def on_forwarding(self, entry: Entry, _mark: Forwarding) -> None:
        self._repaint(entry)

    def held_rows(self) -> list[int]:
        """Rows of commands held for another platform."""
        held = self.forwarding()
        return [row for row, e in enumerate(self._rows) if e.id in held and e.state == PENDING]

    def _repaint(self, entry: Entry) -> None:
        for row, e in enumerate(self._rows):
            if e.id == entry.id:
                self.replace_row(row, entry)
                return


def answer_text(e: Entry) -> str:
    """The server's answer as a person reads it: accepted, with the number or revision it
    gave, or nothing while pending (the seq stays in the tooltip for support staff)."""
    if e.state != DONE:
        return ""
    result = e.result if isinstance(e.result, dict) else {}
    if result.get("number") or result.get("identifier"):
        return translate("Commands", "accepted: {value}").format(
            value=result.get("number") or result.get("identifier"))
    if result.get("revision"):
        return translate("Commands", "accepted: revision {value}").format(
            value=result["revision"])
    return translate("Commands", "accepted")
