"""A bounded table model of rows kept newest first (the event log, the command list).

Subclasses give the headers and ``data``; new rows go in at the top with one
``beginInsertRows`` per batch and the oldest fall off the bottom past ``limit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class NewestFirstModel(QAbstractTableModel, Generic[T]):
    def __init__(self, headers: list[str], limit: int, rows: Sequence[T] = ()) -> None:
        super().__init__()
        self.limit = limit
        self._headers = headers
        self._rows: list[T] = list(rows)[:limit]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def prepend(self, newest_first: Sequence[T]) -> None:
        """Insert rows (already newest first) at the top, then trim to ``limit``."""
        fresh = list(newest_first[: self.limit])
        if not fresh:
            return
        self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
        self._rows[:0] = fresh
        self.endInsertRows()
        if len(self._rows) > self.limit:
            self.beginRemoveRows(QModelIndex(), self.limit, len(self._rows) - 1)
            del self._rows[self.limit :]
            self.endRemoveRows()

    def replace_row(self, row: int, value: T) -> None:
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._headers) - 1))
