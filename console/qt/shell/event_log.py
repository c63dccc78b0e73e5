"""The live event log (bottom dock): the newest events first, bounded, as a list model.

Rows come from the ``events`` of each merged LiveModel batch, so a batch of many events is one
``beginInsertRows`` at the top (and one trim at the bottom), never one notification per event.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QWidget

from console.qt.live import LiveModel
from console.qt.widgets.newest_first import Index, NewestFirstModel
from console.qt.widgets.table_panel import TableView
from console.state import text
from console.state.operations import kind_name, op_name
from protocol.entities import Assignment, Incident, Response, SupportRequest, Team, kind_of
from protocol.messages import Event
from protocol.replica import Changes, Replica

translate = QCoreApplication.translate


def describe(ev: Event, replica: Replica) -> str:
    """One line saying what happened, from the event's entity."""
    ent = ev.entity
    if isinstance(ent, Assignment):
        team = replica.get_typed(Team, ent.team_id)
        inc = replica.get_typed(Incident, ent.incident_id)
        ent_name = (
            f"{team.name if team else ent.team_id} → {inc.number if inc else ent.incident_id}"
        )
        return f"{ent_name}: {text.label(ent.status)}"
    if isinstance(ent, Response):
        level = f"{text.numeral(ent.level.value)}"
        return translate("EventLog", "{place} {hazard} response, level {level} → {status}").format(
            place=text.place(replica, ent.jurisdiction), hazard=text.label(ent.hazard),
            level=level, status=text.label(ent.status))
    if isinstance(ent, SupportRequest):
        inc = replica.get_typed(Incident, ent.incident_id)
        return f"{text.capability(ent.capability)} ×{ent.count}" + (
            f" → {inc.number}" if inc else "") + f": {text.label(ent.status)}"
    name = str(  # an information report's number is a count
        getattr(ent, "number", None) or getattr(ent, "name", None)
        or getattr(ent, "headline", None) or getattr(ent, "title", None)
        or getattr(ent, "text", None) or getattr(ent, "place", None)
        or kind_name(kind_of(ent))
    )
    if len(name) > 60:
        name = name[:59] + "…"
    state = getattr(ent, "status", None) or getattr(ent, "state", None)
    suffix = f" → {text.label(state)}" if state is not None and hasattr(state, "label") else ""
    if ev.removed:
        suffix = " " + translate("EventLog", "(left your scope)")
    return f"{name}{suffix}"


class EventLogModel(NewestFirstModel[Event]):
    def __init__(self, live: LiveModel, limit: int = 2000) -> None:
        headers = [
            translate("EventLog", "Time"),
            translate("EventLog", "Seq"),
            translate("EventLog", "Who"),
            translate("EventLog", "Operation"),
            translate("EventLog", "Kind"),
            translate("EventLog", "What"),
        ]
        super().__init__(headers, limit)
        self.replica = live.replica
        live.changed.connect(self._on_changed)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ev = self.row_at(index.row()) if index.isValid() else None
        if ev is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return text.cst(ev.ts)
            if col == 1:
                return str(ev.seq)
            if col == 2:
                return ev.actor
            if col == 3:
                return op_name(ev.op)
            if col == 4:
                return kind_name(kind_of(ev.entity))
            if col == 5:
                return describe(ev, self.replica)
        if role == Qt.ItemDataRole.UserRole:
            return (kind_of(ev.entity), ev.entity.id)
        return None

    def event_at(self, row: int) -> Event | None:
        return self.row_at(row)

    def _on_changed(self, changes: Changes) -> None:
        self.prepend(list(reversed(changes.events[-self.limit :])))


class EventLogView(TableView):
    """The event log; double-click selects the event's entity."""

    def __init__(self, live: LiveModel, model: EventLogModel, parent: QWidget | None = None):
        super().__init__(parent, translate(
            "", "Changes in your area appear here as they happen, newest first."))
        self.setSortingEnabled(False)
        self.setModel(model)
        self.live = live
        self.doubleClicked.connect(self._on_double_clicked)
        for col, width in enumerate((70, 60, 110, 150, 110)):
            self.setColumnWidth(col, width)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        kind, id = index.data(Qt.ItemDataRole.UserRole)
        self.live.select(kind, id)
