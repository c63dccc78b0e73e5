"""A checkable tree of jurisdictions grouped by city (console.state.area_tree): ticking a city
ticks its counties, ticking some counties shows the city part-ticked; :meth:`chosen` reads
the ticks back as the fewest codes (a whole city as the city's code)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from console.state.area_tree import AreaNode, chosen

from .check_marks import outline_check_boxes

VALUE = Qt.ItemDataRole.UserRole
OPEN_UP_TO = 3  # top-level groups shown opened when there are this few (a city's counties)


class JurisdictionTree(QTreeWidget):
    changed = Signal()  # the ticks changed

    def __init__(self, nodes: list[AreaNode], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nodes = nodes
        self.setHeaderHidden(True)
        self.setMinimumHeight(260)
        outline_check_boxes(self)
        self._add(nodes, self.invisibleRootItem())
        if len(nodes) <= OPEN_UP_TO:
            self.expandAll()
        self.itemChanged.connect(lambda *_a: self.changed.emit())

    def _add(self, nodes: Iterable[AreaNode], under: QTreeWidgetItem) -> None:
        for n in nodes:
            item = QTreeWidgetItem(under, [n.label])
            item.setData(0, VALUE, n.value)
            item.setToolTip(0, n.tooltip)
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if n.children:
                flags |= Qt.ItemFlag.ItemIsAutoTristate
            item.setFlags(flags)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            self._add(n.children, item)

    def _leaves(self, under: QTreeWidgetItem | None = None) -> Iterator[QTreeWidgetItem]:
        under = under or self.invisibleRootItem()
        for i in range(under.childCount()):
            child = under.child(i)
            if child is None:
                continue
            if child.childCount():
                yield from self._leaves(child)
            else:
                yield child

    def chosen(self) -> list[str]:
        """The codes ticked: a city whose counties are all ticked as the city alone, a city
        part-ticked as the counties ticked."""
        ticked = {str(leaf.data(0, VALUE)) for leaf in self._leaves()
                  if leaf.checkState(0) == Qt.CheckState.Checked}
        return chosen(self.nodes, ticked)

    def choose(self, values: Iterable[str]) -> None:
        """Tick exactly ``values`` (a city's code ticks the whole city)."""
        wanted = set(values)
        for leaf in self._leaves():
            on = False
            item: QTreeWidgetItem | None = leaf
            while item is not None and not on:
                on = item.data(0, VALUE) in wanted
                item = item.parent()
            leaf.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
