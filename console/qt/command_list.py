"""The commands panel: what this console sent and what became of it (pending, done, refused).

A small list over the outbox's newest entries. Rows are keyed by command id: a new command is
one inserted row at the top; an answer repaints its row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from console.net.outbox import DONE, PENDING, REFUSED, Entry, Outbox
from protocol.messages import Ack, Error

from . import text
from .operations import op_name

translate = QCoreApplication.translate
Index = QModelIndex | QPersistentModelIndex
_COLOUR = {PENDING: "#9a6700", DONE: "#1e8e3e", REFUSED: "#c5221f"}


class CommandListModel(QAbstractTableModel):
    def __init__(self, outbox: Outbox, limit: int = 200) -> None:
        super().__init__()
        self.outbox = outbox
        self.limit = limit
        self._entries: list[Entry] = outbox.recent(limit)
        self._headers = [
            translate("Commands", "Time"),
            translate("Commands", "State"),
            translate("Commands", "Operation"),
            translate("Commands", "Answer"),
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        e = self._entries[index.row()]
        col = index.column()
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
                return f"seq {e.seq}" if e.seq is not None else ""
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QColor(_COLOUR.get(e.state, "#888")))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.op} {e.args}"
        if role == Qt.ItemDataRole.UserRole:
            return e.id
        return None

    def on_submitted(self, entry: Entry) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._entries.insert(0, entry)
        self.endInsertRows()
        if len(self._entries) > self.limit:
            self.beginRemoveRows(QModelIndex(), self.limit, len(self._entries) - 1)
            del self._entries[self.limit :]
            self.endRemoveRows()

    def on_answered(self, entry: Entry, _answer: Ack | Error) -> None:
        for row, e in enumerate(self._entries):
            if e.id == entry.id:
                self._entries[row] = entry
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))
                return
