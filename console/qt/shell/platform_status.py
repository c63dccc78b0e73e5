"""Linked platforms in the main window: the status-bar indicator of this platform's links and
the marks on replicas whose owner is cut off (incident and team tables, the detail pane).

The words and the decision are :mod:`console.state.platform_links`; this is their Qt edge. It
listens to :attr:`Connection.link_status_changed` (the server's LinkStatus) and to the
picture's changes, and says :attr:`PlatformStatus.changed` when the marks moved, so the
detail pane re-renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from html import escape

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from console.qt.live import LiveModel
from console.qt.shell.connection import Connection
from console.qt.widgets.table_model import EntityTableModel
from console.state import platform_links as pl
from console.state import text
from protocol.messages import LinkStatus
from protocol.replica import Changes

MARKED = ("incident", "team")  # the tables that mark stale replicas
_WATCHED = {"incident", "team", "assignment"}  # a team's move changes its assignments' owner
_COLOUR = {pl.OK: "#1e8e3e", pl.DEGRADED: "#9a6700", pl.DOWN: "#c5221f"}
NOTE_COLOUR = "#9a6700"
INDICATOR_TEXT_PX = 560  # the indicator's text at most (all of it in its tooltip)


class PlatformStatus(QObject):
    changed = Signal()  # the stale-replica marks changed

    def __init__(self, live: LiveModel, connection: Connection,
                 models: Mapping[str, EntityTableModel], parent: QWidget) -> None:
        super().__init__(parent)
        self.live = live
        self.models = models
        self.status: LinkStatus | None = None
        self.marks: dict[str, dict[str, pl.ReplicaOf]] = {kind: {} for kind in MARKED}
        self.indicator = QToolButton(parent)  # clicking it shows the commands it holds
        self.indicator.setObjectName("platform_links")
        self.indicator.setAutoRaise(True)
        self.indicator.hide()
        connection.link_status_changed.connect(self.set_status)
        live.changed.connect(self._on_changed)
        if connection.link_status is not None:
            self.set_status(connection.link_status)

    def set_status(self, status: LinkStatus) -> None:
        self.status = status
        self._show_indicator()
        self._mark()

    def note(self, kind: str, id: str) -> str | None:
        """The detail pane's line for a stale replica ("replica from … as of …"), else None."""
        ent = self.live.replica.get(kind, id) if kind else None
        if ent is None:
            return None
        found = pl.replica_of(self.status, ent, pl.team_home_in(self.live.replica))
        return None if found is None else pl.replica_note(found, self._place, _now())

    def note_html(self, kind: str, id: str) -> str:
        said = self.note(kind, id)
        return "" if said is None else (
            f"<p style='color:{NOTE_COLOUR}'><i>{escape(said)}</i></p>")

    def _place(self, code: str) -> str:
        return text.place(self.live.replica, code)

    def _show_indicator(self) -> None:
        shown = pl.indicator(self.status, self._place, _now())
        self.indicator.setVisible(bool(shown.text))
        metrics = self.indicator.fontMetrics()  # a long line must not widen the window
        self.indicator.setText(metrics.elidedText(shown.text, Qt.TextElideMode.ElideRight,
                                                  INDICATOR_TEXT_PX))
        self.indicator.setToolTip(f"{shown.text}\n{shown.tooltip}")
        self.indicator.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.indicator.setStyleSheet(
            f"color:{_COLOUR.get(shown.level, '#888')}; font-weight:bold;")

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset or changes.kinds() & _WATCHED:
            self._mark()

    def _mark(self) -> None:
        marks = pl.stale_replicas(self.status, self.live.replica, MARKED)
        if marks == self.marks:
            return
        self.marks = marks
        now = _now()
        for kind, found in marks.items():
            model = self.models.get(kind)
            if model is not None:
                model.set_replicas({id: pl.replica_note(r, self._place, now)
                                    for id, r in found.items()})
        self.changed.emit()


def _now() -> datetime:
    return datetime.now(UTC)
