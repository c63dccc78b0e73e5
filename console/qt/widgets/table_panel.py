"""A dockable table of one entity kind: sortable, selection shared through the LiveModel."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from console.qt.live import LiveModel
from console.qt.widgets.table_model import ID_ROLE, SORT_ROLE, EntityTableModel, FilterProxy


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return QCoreApplication.translate("", s)


class TableView(QTableView):
    """A read-only table; while empty it says so (``empty_text``) instead of a blank pane."""

    def __init__(self, parent: QWidget | None = None, empty_text: str = "") -> None:
        super().__init__(parent)
        self.empty_text = empty_text or tr("Nothing here in your area yet.")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setHighlightSections(False)
        # Fit columns to a sample of rows, not to thousands of them (cold start cost).
        self.horizontalHeader().setResizeContentsPrecision(40)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            p = QPainter(self.viewport())
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            rect = self.viewport().rect().adjusted(12, 12, -12, -12)
            p.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                       | Qt.TextFlag.TextWordWrap, self.empty_text)
            p.end()


class TablePanel(QWidget):
    """A table over ``model`` (through ``proxy`` if given); selecting a row selects the entity."""

    def __init__(
        self,
        live: LiveModel,
        model: EntityTableModel,
        proxy: QSortFilterProxyModel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.live = live
        self.model = model
        self.proxy = proxy or FilterProxy(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setDynamicSortFilter(True)
        self.view = TableView(self)
        self.view.setModel(self.proxy)
        self.view.setObjectName(f"table_{model.kind}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(2, 2, 2, 2)
        self.layout_.setSpacing(2)
        self.layout_.addWidget(self.view)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        live.selected.connect(self._on_selected)
        self.proxy.modelReset.connect(self._fit_columns)
        self.proxy.rowsInserted.connect(self._fit_columns)  # a table that starts empty
        self._fitted = False
        self._sorting = False
        self.sort_column = 0

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select_id(self, id: str) -> bool:
        row = self.model.row_of(id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = [i for i in selected.indexes() if i.column() == 0]
        if rows:
            self.live.select(self.model.kind, rows[0].data(ID_ROLE))

    def _on_selected(self, kind: str, id: str) -> None:
        if kind == self.model.kind and id != self.selected_id():
            self.select_id(id)

    def _fit_columns(self) -> None:
        if not self._fitted and self.model.rowCount() > 0:
            self._fitted = True
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            for col, column in enumerate(self.model.columns):
                if column.identifies:  # numbers, names, states: follow their content
                    header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
                else:
                    header.resizeSection(col, min(header.sectionSize(col), 260))

    def showEvent(self, event: QShowEvent) -> None:
        # Sorting (a key per row, by the source model: FilterProxy) starts when the table is
        # first shown: the tables in background tabs cost nothing at start.
        if not self._sorting:
            self._sorting = True
            self.view.setSortingEnabled(True)
            self.view.sortByColumn(self.sort_column, Qt.SortOrder.AscendingOrder)
        super().showEvent(event)
