"""The incidents panel: the incident table with filters (status, grade, type, jurisdiction,
exercise). Filters live in :class:`IncidentFilter`, a proxy over the incident model."""

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
from protocol.adcodes import is_within
from protocol.catalog import INCIDENT_TYPES
from protocol.entities import Incident, Jurisdiction
from protocol.enums import Grade, IncidentStatus
from protocol.machines import INCIDENT_TERMINAL

translate = QCoreApplication.translate
OPEN = "__open__"


class IncidentFilter(FilterProxy):
    """Accepts incidents matching every set criterion (None: any)."""

    def __init__(self, model: EntityTableModel) -> None:
        super().__init__()
        self._model = model
        self.status: str | None = OPEN
        self.grade: str | None = None
        self.type_prefix: str | None = None
        self.jurisdiction: str | None = None
        self.exercise: bool | None = None
        self.search = ""

    def set(self, **criteria: object) -> None:
        for key, value in criteria.items():
            if not hasattr(self, key) or key.startswith("_"):
                raise AttributeError(key)
            setattr(self, key, value)
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        inc = self._model.entity(row)
        if not isinstance(inc, Incident):
            return False
        if self.status == OPEN:
            if inc.status in INCIDENT_TERMINAL:
                return False
        elif self.status is not None and inc.status != self.status:
            return False
        if self.grade is not None and (inc.grade or "") != self.grade:
            return False
        if self.type_prefix is not None and not inc.type_code.startswith(self.type_prefix):
            return False
        if self.jurisdiction is not None and not is_within(inc.jurisdiction, self.jurisdiction):
            return False
        if self.exercise is not None and inc.exercise != self.exercise:
            return False
        if self.search:
            hay = f"{inc.number} {inc.title} {inc.address}".lower()
            if self.search.lower() not in hay:
                return False
        return True


class IncidentPanel(TablePanel):
    def __init__(self, live: LiveModel, model: EntityTableModel, parent: QWidget | None = None):
        self.filter = IncidentFilter(model)
        super().__init__(live, model, self.filter, parent)
        bar = QHBoxLayout()
        bar.setSpacing(2)
        self.status_box = QComboBox(self)
        self.status_box.addItem(translate("Incidents", "Open incidents"), OPEN)
        self.status_box.addItem(translate("Incidents", "All statuses"), None)
        for st in IncidentStatus:
            self.status_box.addItem(text.label(st), st.value)
        self.grade_box = QComboBox(self)
        self.grade_box.addItem(translate("Incidents", "All grades"), None)
        for g in Grade:
            self.grade_box.addItem(text.grade_name(g.value), g.value)
        self.grade_box.addItem(translate("Incidents", "Not graded"), "")
        self.type_box = QComboBox(self)
        self.type_box.addItem(translate("Incidents", "All types"), None)
        self.type_box.addItem(translate("Incidents", "Natural disasters"), "11")
        self.type_box.addItem(translate("Incidents", "Accidents"), "12")
        for code in INCIDENT_TYPES:
            self.type_box.addItem(f"{code} {text.incident_type(code)}", code)
        self.place_box = QComboBox(self)
        self.exercise_box = QComboBox(self)
        self.exercise_box.addItem(translate("Incidents", "Real and exercise"), None)
        self.exercise_box.addItem(translate("Incidents", "Real only"), False)
        self.exercise_box.addItem(translate("Incidents", "Exercise only"), True)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(translate("Incidents", "Search number or title"))
        self.search_edit.setClearButtonEnabled(True)
        # Two rows of three, so "Open incidents" and "Real and exercise" show whole in a
        # narrow dock (the popups show whole labels anyway).
        second = QHBoxLayout()
        second.setSpacing(2)
        for row, w in ((bar, self.status_box), (bar, self.grade_box), (bar, self.type_box),
                       (second, self.place_box), (second, self.exercise_box)):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(9)
            w.currentIndexChanged.connect(self._apply)
            row.addWidget(w, 1)
        second.addWidget(self.search_edit, 1)
        self.search_edit.textChanged.connect(self._apply)
        self.view.empty_text = translate("Incidents", "No incident matches these filters.")
        self.layout_.insertLayout(0, bar)
        self.layout_.insertLayout(1, second)
        self._fill_places()
        live.changed.connect(self._on_changed)

    def _fill_places(self) -> None:
        current = self.place_box.currentData()
        self.place_box.blockSignals(True)
        self.place_box.clear()
        self.place_box.addItem(translate("Incidents", "All places"), None)
        cities = sorted(
            (j for j in self.live.replica.all_typed(Jurisdiction) if j.level != "county"),
            key=lambda j: j.id,
        )
        for j in cities:
            self.place_box.addItem(text.place(self.live.replica, j.id), j.id)
        idx = self.place_box.findData(current)
        self.place_box.setCurrentIndex(max(0, idx))
        self.place_box.blockSignals(False)

    def _on_changed(self, changes: object) -> None:
        if getattr(changes, "reset", False) or "jurisdiction" in getattr(changes, "changed", {}):
            self._fill_places()

    def _apply(self) -> None:
        self.filter.set(
            status=self.status_box.currentData(),
            grade=self.grade_box.currentData(),
            type_prefix=self.type_box.currentData(),
            jurisdiction=self.place_box.currentData(),
            exercise=self.exercise_box.currentData(),
            search=self.search_edit.text().strip(),
        )
