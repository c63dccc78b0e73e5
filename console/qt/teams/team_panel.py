"""The teams panel: the team table with filters by status group, type and search."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from console.qt.live import LiveModel
from console.qt.widgets.table_model import EntityTableModel, FilterProxy
from console.qt.widgets.table_panel import TablePanel
from console.state import text
from protocol.entities import Team
from protocol.enums import TeamType
from protocol.machines import TEAM_DISPATCHABLE, TEAM_ON_ASSIGNMENT

translate = QCoreApplication.translate
STATUS_GROUPS: dict[str, frozenset[str]] = {
    "ready": TEAM_DISPATCHABLE,
    "busy": TEAM_ON_ASSIGNMENT | {"released", "returning", "recalled"},
    "out": frozenset({"out_of_service"}),
}


class TeamFilter(FilterProxy):
    def __init__(self, model: EntityTableModel) -> None:
        super().__init__()
        self._model = model
        self.group: str | None = None
        self.type: str | None = None
        self.search = ""

    def set(self, group: str | None, type: str | None, search: str) -> None:
        self.group, self.type, self.search = group, type, search.lower()
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        team = self._model.entity(row)
        if not isinstance(team, Team):
            return False
        if self.group is not None and team.status not in STATUS_GROUPS[self.group]:
            return False
        if self.type is not None and team.type != self.type:
            return False
        return not self.search or self.search in f"{team.name} {team.base_name}".lower()


class TeamPanel(TablePanel):
    def __init__(self, live: LiveModel, model: EntityTableModel, parent: QWidget | None = None):
        self.filter = TeamFilter(model)
        super().__init__(live, model, self.filter, parent)
        bar = QHBoxLayout()
        self.group_box = QComboBox(self)
        for label, value in (
            (translate("Teams", "All teams"), None),
            (translate("Teams", "Ready to dispatch"), "ready"),
            (translate("Teams", "On a task or returning"), "busy"),
            (translate("Teams", "Out of service"), "out"),
        ):
            self.group_box.addItem(label, value)
        self.type_box = QComboBox(self)
        self.type_box.addItem(translate("Teams", "All types"), None)
        for t in TeamType:
            self.type_box.addItem(text.label(t), t.value)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(translate("Teams", "Search name or base"))
        self.search_edit.setClearButtonEnabled(True)
        for box in (self.group_box, self.type_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
            box.currentIndexChanged.connect(self._apply)
            bar.addWidget(box, 1)
        bar.addWidget(self.search_edit, 2)
        self.search_edit.textChanged.connect(self._apply)
        self.layout_.insertLayout(0, bar)

    def _apply(self) -> None:
        self.filter.set(self.group_box.currentData(), self.type_box.currentData(),
                        self.search_edit.text().strip())
