"""One table model class for every entity kind: rows are entities of one kind in the replica.

Columns are declared as :class:`Column` values. The model listens to
:attr:`console.qt.live.LiveModel.changed` and turns each merged batch into the fewest
notifications: a reset only when the replica was reset, otherwise contiguous
``beginRemoveRows`` ranges, one ``beginInsertRows`` block for new rows and one ranged
``dataChanged`` for updated rows. ``Qt.UserRole`` gives the entity id, ``SORT_ROLE`` a sort key.

The model sorts itself (:meth:`EntityTableModel.sort`): one key per row computed in Python
and cached, then one C-speed sort, new rows inserted at their place, and a re-sort only when
an update moves a row out of order. A ``QSortFilterProxyModel`` sorting 20,000 rows would call
``data()`` through Python twice per comparison (600,000 calls, seconds at a province's cold
start); :class:`FilterProxy` only filters and hands sorting to this model.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from console.qt.live import LiveModel
from console.state.colours import ATTENTION, REPLICA
from console.state.tables import Column, Table
from protocol.entities import Base
from protocol.replica import Changes

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex


class EntityTableModel(QAbstractTableModel):
    def __init__(
        self,
        live: LiveModel,
        kind: str,
        columns: list[Column],
        accept: Callable[[Base], bool] | None = None,
        also_on: Iterable[str] = (),
    ) -> None:
        """``accept`` filters entities in or out (re-checked on every change);
        ``also_on``: other kinds whose changes repaint every row (derived columns)."""
        super().__init__()
        self.live = live
        self.kind = kind
        self.columns = columns
        self.accept = accept or (lambda _e: True)
        self.also_on = frozenset(also_on)
        self.highlighted: set[str] = set()
        self.pending: set[str] = set()  # ids with a command sent but not yet answered
        self.replicas: dict[str, str] = {}  # id -> note: a replica whose owner is cut off
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._sort: tuple[int, bool] | None = None  # column, descending
        self._keys: dict[str, Any] = {}  # id -> sort key (while sorted)
        self._load()
        live.changed.connect(self._on_changed)

    # -- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        ent = self.entity(index.row())
        if ent is None:
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0 and ent.id in self.pending:
                return f"⏳ {col.text(ent)}"
            return col.text(ent)
        if role == ID_ROLE:
            return ent.id
        if role == SORT_ROLE:
            return col.sort(ent) if col.sort is not None else col.text(ent)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = col.background(ent) if col.background is not None else None
            if colour is None and ent.id in self.highlighted:
                colour = ATTENTION
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = col.foreground(ent) if col.foreground is not None else None
            if colour is None and ent.id in self.highlighted:
                colour = "#ffffff"
            if colour is None and ent.id in self.replicas:
                colour = REPLICA
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.FontRole and (ent.id in self.highlighted
                                                 or ent.id in self.replicas):
            font = QFont()
            font.setBold(ent.id in self.highlighted)
            font.setItalic(ent.id in self.replicas)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = col.tooltip(ent) if col.tooltip is not None else None
            note = self.replicas.get(ent.id)
            if note:
                return f"{note}\n{tip}" if tip else note
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and col.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- reading -------------------------------------------------------------------------------
    def entity(self, row: int) -> Base | None:
        if 0 <= row < len(self._ids):
            return self.live.replica.get(self.kind, self._ids[row])
        return None

    def row_of(self, id: str) -> int:
        return self._row.get(id, -1)

    def ids(self) -> list[str]:
        return list(self._ids)

    def set_highlighted(self, ids: set[str]) -> None:
        """Mark rows needing attention (bold, attention colour)."""
        touched = (self.highlighted ^ ids) & set(self._row)
        self.highlighted = set(ids)
        self._repaint_rows(self._row[i] for i in touched)

    def set_pending(self, ids: set[str]) -> None:
        """Mark rows that have a command in flight (shown until the server answers)."""
        touched = (self.pending ^ ids) & set(self._row)
        self.pending = set(ids)
        self._repaint_rows(self._row[i] for i in touched)

    def set_replicas(self, notes: dict[str, str]) -> None:
        """Mark rows that are replicas of another platform's entities not kept up to date
        now (italic, greyed, the note as tooltip): id -> note."""
        touched = {i for i in self.replicas.keys() ^ notes.keys()} | {
            i for i in notes.keys() & self.replicas.keys() if notes[i] != self.replicas[i]}
        self.replicas = dict(notes)
        self._repaint_rows(self._row[i] for i in touched & set(self._row))

    def refresh_column(self, column: int) -> None:
        """Repaint one column of every row (time-dependent text)."""
        if self._ids:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._ids) - 1, column))

    # -- updates -------------------------------------------------------------------------------
    def _load(self) -> None:
        ents = [e for e in self.live.replica.all(self.kind) if self.accept(e)]
        if self._sort is not None:
            key = self._key_of
            self._keys = {e.id: key(e) for e in ents}
            self._ids = self._sorted([e.id for e in ents])
        else:
            self._ids = [e.id for e in ents]
        self._row = {id: n for n, id in enumerate(self._ids)}

    # -- sorting -------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort rows by ``column`` (its ``sort`` key, else its text); -1: keep the order."""
        if not 0 <= column < len(self.columns):
            self._sort = None
            self._keys = {}
            return
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        replica = self.live.replica
        key = self._key_of
        self._keys = {
            id: key(ent) if (ent := replica.get(self.kind, id)) is not None else ""
            for id in self._ids
        }
        self._relayout()

    def sorted_by(self) -> tuple[int, bool] | None:
        """(column, descending) the rows are sorted by, or None."""
        return self._sort

    def _key_of(self, ent: Base) -> Any:
        assert self._sort is not None
        col = self.columns[self._sort[0]]
        return col.sort(ent) if col.sort is not None else col.text(ent)

    def _sorted(self, ids: list[str]) -> list[str]:
        assert self._sort is not None
        keys = self._keys
        try:
            return sorted(ids, key=keys.__getitem__, reverse=self._sort[1])
        except (TypeError, KeyError):  # keys of mixed types (None beside text): as text
            return sorted(ids, key=lambda i: str(keys.get(i, "")), reverse=self._sort[1])

    def _relayout(self) -> None:
        """Put the rows in sort order: one layout change, persistent indexes (selections)
        follow their rows."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None, i.column())
                for i in persistent]
        self._ids = self._sorted(self._ids)
        self._row = {id: n for n, id in enumerate(self._ids)}
        self.changePersistentIndexList(
            persistent,
            [self.index(self._row[id], col) if id is not None else QModelIndex()
             for id, col in held])
        self.layoutChanged.emit()

    def _place_of(self, key: Any) -> int:
        """Where a row with sort ``key`` goes: after every row that sorts before or with it."""
        assert self._sort is not None
        keys = self._keys
        try:
            if not self._sort[1]:
                return bisect_right(self._ids, key, key=keys.__getitem__)
            lo, hi = 0, len(self._ids)  # descending: after every key >= this one
            while lo < hi:
                mid = (lo + hi) // 2
                if keys[self._ids[mid]] < key:
                    hi = mid
                else:
                    lo = mid + 1
            return lo
        except (TypeError, KeyError):
            return len(self._ids)

    def _in_order(self, ids: Iterable[str]) -> bool:
        """Whether each of these rows still sorts between its neighbours."""
        assert self._sort is not None
        keys, order, desc = self._keys, self._ids, self._sort[1]
        try:
            for id in ids:
                n = self._row[id]
                k = keys[id]
                if n > 0 and (keys[order[n - 1]] < k if desc else k < keys[order[n - 1]]):
                    return False
                if n + 1 < len(order) and (k < keys[order[n + 1]] if desc
                                           else keys[order[n + 1]] < k):
                    return False
        except (TypeError, KeyError):
            return False
        return True

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset:
            self.reload()
            return
        if self.also_on & changes.kinds() and self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1,
                                                               len(self.columns) - 1))
            if self._sort is not None:  # derived columns: their keys may have moved
                self.sort(self._sort[0], Qt.SortOrder.DescendingOrder if self._sort[1]
                          else Qt.SortOrder.AscendingOrder)
        if self.kind not in changes.kinds():
            return
        replica = self.live.replica
        gone = set(changes.removed.get(self.kind, set()))
        updated: list[str] = []
        added: list[str] = []
        for id in changes.changed.get(self.kind, set()):
            ent = replica.get(self.kind, id)
            keep = ent is not None and self.accept(ent)
            if id in self._row:
                if keep:
                    updated.append(id)
                else:
                    gone.add(id)
            elif keep:
                added.append(id)
        self._remove(gone)
        updated = [id for id in updated if id in self._row]
        self._repaint_rows(self._row[id] for id in updated)
        if self._sort is not None:
            key = self._key_of
            for id in updated:
                ent = replica.get(self.kind, id)
                if ent is not None:
                    self._keys[id] = key(ent)
            if not self._in_order(updated):
                self._relayout()
        if added and self._sort is not None:
            self._insert_sorted(sorted(added))
        elif added:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            for id in sorted(added):
                self._row[id] = len(self._ids)
                self._ids.append(id)
            self.endInsertRows()

    def _insert_sorted(self, ids: list[str]) -> None:
        """New rows at their sorted places, one ``beginInsertRows`` each."""
        replica = self.live.replica
        key = self._key_of
        for id in ids:
            ent = replica.get(self.kind, id)
            if ent is None:
                continue
            k = self._keys[id] = key(ent)
            at = self._place_of(k)
            self.beginInsertRows(QModelIndex(), at, at)
            self._ids.insert(at, id)
            self.endInsertRows()
        self._row = {id: n for n, id in enumerate(self._ids)}

    def _remove(self, ids: set[str]) -> None:
        rows = sorted((self._row[i] for i in ids if i in self._row), reverse=True)
        if not rows:
            return
        # Contiguous ranges, last first, so earlier row numbers stay valid.
        start = end = rows[0]
        ranges: list[tuple[int, int]] = []
        for r in rows[1:]:
            if r == start - 1:
                start = r
            else:
                ranges.append((start, end))
                start = end = r
        ranges.append((start, end))
        for first, last in ranges:
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first : last + 1]
            self.endRemoveRows()
        self._row = {id: n for n, id in enumerate(self._ids)}
        for id in ids:
            self._keys.pop(id, None)

    def _repaint_rows(self, rows: Iterable[int]) -> None:
        rows = list(rows)
        if rows:
            self.dataChanged.emit(
                self.index(min(rows), 0), self.index(max(rows), len(self.columns) - 1)
            )


class FilterProxy(QSortFilterProxyModel):
    """A proxy that filters (``filterAcceptsRow``) and leaves sorting to an
    :class:`EntityTableModel` source, which sorts itself once per key instead of through
    ``data()`` per comparison. Over other models it sorts as ``QSortFilterProxyModel`` does."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, EntityTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)


def table_model(live: LiveModel, table: Table) -> EntityTableModel:
    """The item model of one of :mod:`console.state.tables`' tables."""
    return EntityTableModel(live, table.kind, table.columns, also_on=table.also_on)
