"""The Statistics dock: the roll-up of a chosen disaster process, per city and county.

Rows come from :func:`console.state.statistics.table` on the replica (what ``stats.losses``
answers): the total first, then each city with its counties, each county's state in words
(reported, zero report, not reported, returned, and what is overdue), the key indicators and
shelters. A city or the province returns a county's report with "Return report…".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.qt.actions.workflows import Workflows
from console.qt.live import LiveModel
from console.qt.widgets.forms import LONG_TEXT, Field
from console.qt.widgets.table_panel import TableView
from console.state import guards, statistics
from console.state.statistics import COLUMNS, StatRow
from protocol.commands import LossReturn
from protocol.entities import DisasterProcess, LossReport
from protocol.replica import Changes

Index = QModelIndex | QPersistentModelIndex
KINDS = frozenset({"disaster_process", "loss_report", "shelter", "jurisdiction"})
STATE_COLOURS = {"missing": "#e06666", "returned": "#e69138", "zero": "#6fa8dc"}


def tr(s: str) -> str:
    return QCoreApplication.translate("Statistics", s)


class StatisticsModel(QAbstractTableModel):
    """The rows of one process's roll-up (a few dozen): rebuilt when its inputs change."""

    def __init__(self, live: LiveModel, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.live = live
        self.clock = clock
        self.process_id: str | None = None
        self.rows: list[StatRow] = []
        self.result: dict[str, Any] = {}

    def set_process(self, process_id: str | None) -> None:
        self.process_id = process_id
        self.rebuild()

    def rebuild(self) -> None:
        replica = self.live.replica
        process = replica.get_typed(DisasterProcess, self.process_id or "")
        self.beginResetModel()
        if process is None:
            self.rows, self.result = [], {}
        else:
            scope = statistics.scope_of(replica, self.live.principal, process)
            self.result, self.rows = statistics.table(replica, process, scope, self.clock())
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return statistics.header(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return statistics.cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and row.reason:
            return tr("Returned: {reason}").format(reason=row.reason)
        if role == Qt.ItemDataRole.FontRole and row.level != "county":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == "state" and row.level == "county":
            colour = "#e06666" if row.overdue else STATE_COLOURS.get(row.state)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in ("name", "state",
                                                                        "stage"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class StatisticsPanel(QWidget):
    def __init__(self, live: LiveModel, workflows: Workflows, parent: QWidget | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statistics_panel")
        self.live = live
        self.workflows = workflows
        self.model = StatisticsModel(live, clock or (lambda: datetime.now(UTC)))
        self.process_box = QComboBox(self)
        self.process_box.setObjectName("statistics_process")
        self.process_box.setMinimumWidth(320)
        self.summary = QLabel(self)
        self.summary.setObjectName("statistics_summary")
        self.summary.setWordWrap(True)
        self.return_button = QPushButton(tr("Return report…"), self)
        self.return_button.setObjectName("statistics_return")
        self.view = TableView(self, tr("Choose a disaster process to see its roll-up."))
        self.view.setObjectName("statistics_table")
        self.view.setModel(self.model)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Disaster process:"), self))
        top.addWidget(self.process_box)
        top.addWidget(self.return_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.process_box.currentIndexChanged.connect(self._on_process)
        self.return_button.clicked.connect(self.return_report)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_button())
        live.changed.connect(self._on_changed)
        live.principal_changed.connect(lambda _p: self.refresh())
        self._tick = QTimer(self)  # overdue items appear as time passes
        self._tick.timeout.connect(self.model.rebuild)
        self._tick.start(30_000)
        self.model.modelReset.connect(self._after_reset)
        self.refresh()

    # -- choosing ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Fill the process list (keeping the choice) and rebuild the table."""
        current = self.process_box.currentData()
        self.process_box.blockSignals(True)
        self.process_box.clear()
        for p in statistics.processes(self.live.replica):
            label = p.name + (" " + tr("(closed)") if p.closed else "")
            self.process_box.addItem(label, p.id)
        index = self.process_box.findData(current) if current else 0
        self.process_box.setCurrentIndex(max(0, index) if self.process_box.count() else -1)
        self.process_box.blockSignals(False)
        self.model.set_process(self.process_box.currentData())

    def choose(self, process_id: str) -> None:
        self.process_box.setCurrentIndex(self.process_box.findData(process_id))

    def _on_process(self, _index: int) -> None:
        self.model.set_process(self.process_box.currentData())

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset or "disaster_process" in changes.kinds():
            self.refresh()
        elif KINDS & set(changes.kinds()):
            self.model.rebuild()

    def _after_reset(self) -> None:
        result = self.model.result
        if not result:
            self.summary.setText("")
        else:
            s = result["shelters"]
            self.summary.setText(tr(
                "As of {at}: {transferred} people transferred; {open} shelters open, "
                "{occupancy} of {capacity} places taken. Not reported: {missing}; zero "
                "reports: {zero}; returned: {returned}.").format(
                at=statistics.text.cst(datetime.fromisoformat(result["as_of"]), True),
                transferred=f"{result['transferred']:,}", open=s["open"],
                occupancy=f"{s['occupancy']:,}", capacity=f"{s['capacity']:,}",
                missing=self._names(result["missing"]), zero=self._names(result["zero"]),
                returned=self._names(result["returned"])))
        self.view.resizeColumnsToContents()
        self._update_button()

    def _names(self, codes: list[str]) -> str:
        if not codes:
            return tr("none")
        return ", ".join(statistics.text.place(self.live.replica, c) for c in codes)

    # -- returning ---------------------------------------------------------------------------
    def selected_row(self) -> StatRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def selected_report(self) -> LossReport | None:
        row = self.selected_row()
        if row is None or row.report_id is None:
            return None
        return self.live.replica.get_typed(LossReport, row.report_id)

    def _update_button(self) -> None:
        why = guards.loss_return(self.live.principal, self.selected_report())
        self.return_button.setEnabled(why is None)
        self.return_button.setToolTip(why or tr("Return the selected county's report with "
                                                "a reason; it stays in the history."))

    def select_county(self, adcode: str) -> None:
        for n, row in enumerate(self.model.rows):
            if row.level == "county" and row.adcode == adcode:
                self.view.selectRow(n)
                return

    def return_report(self) -> None:
        report = self.selected_report()
        if report is None or guards.loss_return(self.live.principal, report) is not None:
            return
        place = statistics.text.place(self.live.replica, report.jurisdiction)
        self.workflows.form(
            tr("Return the report of {county}").format(county=place),
            [Field("reason", tr("Reason"), LONG_TEXT, required=True)],
            lambda v: self.workflows.send_command(
                "loss.return", LossReturn(id=report.id, reason=v["reason"]), report),
            note=tr("The county sees the reason and sends a corrected report; the returned "
                    "revision stays in the history."))
