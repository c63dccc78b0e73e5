"""The duty desk's dashboard: what matters in a disaster, one readable chart card each.

Cards, most important first, in a horizontal strip that scrolls when the dock is narrower
than they need (each keeps ``CARD_MIN_WIDTH``) and shares the width when it is wider; a dock
made taller (or floated) gets them in more rows (``ROW_MIN_HEIGHT`` each):
loss and transfer totals by county for the selected disaster process; incidents opened and
closed per hour; response times (received → first dispatch → first on scene); teams by
status; the lowest stock with item and depot names; open incidents by grade; incidents by
status. The figures come from ``console.state.dashboard_figures`` (no Qt).

It listens to ``LiveModel.changed`` (already one merged notice per batch), marks the cards
whose kinds changed, and refreshes them from one single-shot timer, so a flood of events
costs at most one refresh per ``REFRESH_MS``. The hour chart also moves on with the clock
(an injectable ``clock``) once a minute while the dashboard is shown.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from console.qt.live import LiveModel
from console.qt.map import style as map_style
from console.state import dashboard_figures as figures
from console.state import text
from protocol.catalog import MATERIALS
from protocol.entities import Assignment, Depot, Incident, LossReport, StockItem, Team
from protocol.enums import IncidentStatus
from protocol.replica import Changes

from .charts import OVERLAY_COLOUR, BarCard, HourCard, Row, tr

STATUS_COLOUR = "#5d8fc9"
CLOSED_COLOUR = "#4a5a6e"
OK_COLOUR = "#3fb950"
OPENED_COLOUR = "#e3b341"
LOW_COLOUR = map_style.GRADE_COLOURS["I"]
NEAR_COLOUR = map_style.GRADE_COLOURS["III"]
AFFECTED_COLOUR = "#8957e5"
TIME_COLOURS = ("#39c5cf", "#58a6ff", "#f778ba")
GRADE_CODES: list[str | None] = ["I", "II", "III", "IV", None]
STOCK_ROWS = 12  # computed; as many as fit are drawn
HOURS = 24
CARD_MIN_WIDTH = 380
CARD_MIN_HEIGHT = 150
ROW_MIN_HEIGHT = 260  # the dashboard's height per row of cards when it has room for more
KINDS = {"incident", "team", "assignment", "stock", "depot", "loss_report", "disaster_process",
         "jurisdiction"}


def _grouped(n: int) -> str:
    return f"{n:,}"


class DashboardWidget(QWidget):
    REFRESH_MS = 250
    CLOCK_MS = 60_000

    def __init__(
        self,
        live: LiveModel,
        parent: QWidget | None = None,
        lang: str = "en",
        clock: Callable[[], float] = time.time,
        theme: str = "dark",
    ) -> None:
        super().__init__(parent)
        self.live = live
        self.lang = lang
        self.clock = clock
        self.refreshes = 0
        self._dirty = set(KINDS)
        pal = self.palette_ = map_style.palette(theme)

        self.losses = BarCard("losses", tr("Losses and transfers by county"), pal,
                              empty=tr("no loss reports"))
        self.losses.add_key([(AFFECTED_COLOUR, tr("affected")),
                             (OVERLAY_COLOUR, tr("transferred"))])
        self.process = QComboBox(self.losses)
        self.process.setObjectName("loss_process")
        self.process.setToolTip(tr("Disaster process"))
        self.process.setMinimumContentsLength(10)
        self.process.currentIndexChanged.connect(lambda _i: self._refresh_losses())
        self.losses.tools.insertWidget(0, self.process)
        self.per_hour = HourCard("per_hour", tr("Incidents per hour"),
                                 (tr("opened"), tr("closed")), (OPENED_COLOUR, CLOSED_COLOUR),
                                 pal)
        self.times = BarCard("response_times", tr("Response times (median)"), pal,
                             empty=tr("no dispatches yet"))
        self.teams = BarCard("teams", tr("Teams by status"), pal, empty=tr("no teams"))
        self.stock = BarCard("stock", tr("Lowest stock (available / threshold)"), pal,
                             empty=tr("no stock with a threshold"))
        self.by_grade = BarCard("grades", tr("Open incidents by grade"), pal)
        self.by_status = BarCard("incident_status", tr("Incidents by status"), pal)
        self.cards = [self.losses, self.per_hour, self.times, self.teams, self.stock,
                      self.by_grade, self.by_status]

        strip = QWidget()
        self.grid = QGridLayout(strip)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setSpacing(6)
        for card in self.cards:
            card.setMinimumWidth(CARD_MIN_WIDTH)
            card.setMinimumHeight(CARD_MIN_HEIGHT)
        self.rows = 0
        self._reflow(1)
        self.strip_area = QScrollArea(self)
        self.strip_area.setWidgetResizable(True)
        self.strip_area.setWidget(strip)
        self.strip_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.strip_area.setStyleSheet(f"QScrollArea, QScrollArea > QWidget > QWidget "
                                  f"{{ background: {pal.chart_background}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.strip_area)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._minute = QTimer(self)
        self._minute.setInterval(self.CLOCK_MS)
        self._minute.timeout.connect(self._refresh_hours)
        live.changed.connect(self._on_changed)
        self.refresh()

    # -- layout ------------------------------------------------------------------------------
    def _reflow(self, rows: int) -> None:
        """Lay the cards out in ``rows`` rows (one in the docked strip; more when the dock is
        made tall or floated), most important first, row by row."""
        if rows == self.rows:
            return
        self.rows = rows
        columns = -(-len(self.cards) // rows)
        for card in self.cards:
            self.grid.removeWidget(card)
        for k, card in enumerate(self.cards):
            self.grid.addWidget(card, k // columns, k % columns)
        for c in range(len(self.cards)):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        fit = max(1, self.height() // ROW_MIN_HEIGHT)
        self._reflow(min(fit, len(self.cards)))

    # -- refreshing --------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._minute.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self._minute.stop()

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset:
            self._dirty.update(KINDS)
        self._dirty.update(changes.kinds() & KINDS)
        if self._dirty and not self._timer.isActive():
            self._timer.start()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    def refresh(self) -> None:
        """Redraw the cards whose data changed (the batching timer calls this)."""
        self._timer.stop()
        dirty, self._dirty = self._dirty, set()
        replica = self.live.replica
        if "incident" in dirty:
            incidents = replica.all_typed(Incident)
            by_status = Counter(i.status for i in incidents)
            self.by_status.set_rows([
                Row(s.label(self.lang), by_status[s], str(by_status[s]),
                    CLOSED_COLOUR if s in figures.ENDED else STATUS_COLOUR)
                for s in IncidentStatus if by_status[s]])
            grades = Counter(i.grade.value if i.grade is not None else None
                             for i in incidents if i.status not in figures.ENDED)
            names = ["Ⅰ " + tr("particularly serious"), "Ⅱ " + tr("serious"),
                     "Ⅲ " + tr("relatively serious"), "Ⅳ " + tr("general"), tr("not graded")]
            self.by_grade.set_rows([
                Row(name, grades[g], str(grades[g]), map_style.GRADE_COLOURS[g])
                for name, g in zip(names, GRADE_CODES, strict=True)])
            self._refresh_hours()
        if "team" in dirty:
            self.teams.set_rows([
                Row(s.label(self.lang), n, str(n), map_style.TEAM_STATUS_COLOURS[s])
                for s, n in figures.team_status_counts(replica.all_typed(Team))])
        if dirty & {"stock", "depot"}:
            self._refresh_stock()
        if dirty & {"incident", "assignment"}:
            self._refresh_times()
        if dirty & {"loss_report", "disaster_process", "jurisdiction"}:
            self._refresh_processes()
            self._refresh_losses()
        self.refreshes += 1

    def _refresh_hours(self) -> None:
        now = self.now()
        hours = figures.incidents_per_hour(self.live.replica.all_typed(Incident), now, HOURS)
        local = [h.start.astimezone(text.CST) for h in hours]
        self.per_hour.set_counts([f"{t:%H}" + tr("h") for t in local],
                                 [h.opened for h in hours], [h.closed for h in hours])

    def _item_name(self, code: str) -> str:
        m = MATERIALS.get(code)
        if m is None:
            return code
        return m.zh if self.lang.startswith("zh") else m.en

    def _refresh_stock(self) -> None:
        replica = self.live.replica
        depots = {d.id: d for d in replica.all_typed(Depot)}
        lines = figures.lowest_stock(replica.all_typed(StockItem), depots, self._item_name,
                                     STOCK_ROWS)
        self.stock_rows = [(line.stock_id, line.ratio) for line in lines]
        self.stock.set_rows([
            Row(f"{line.item} · {line.depot}", line.ratio * 100,
                f"{_grouped(line.available)} / {_grouped(line.threshold)}",
                LOW_COLOUR if line.ratio < 1 else NEAR_COLOUR if line.ratio < 1.5 else OK_COLOUR)
            for line in lines])

    def _refresh_times(self) -> None:
        replica = self.live.replica
        times = figures.response_times(replica.all_typed(Incident),
                                       replica.all_typed(Assignment))
        self.response_times = times
        rows = []
        for (label, m), colour in zip((
            (tr("received → first dispatch"), times.to_dispatch),
            (tr("dispatch → first on scene"), times.to_scene),
            (tr("received → first on scene"), times.total),
        ), TIME_COLOURS, strict=True):
            if m.minutes is None:
                rows.append(Row(label, 0, tr("none yet"), colour))
            else:
                shown = f"{m.minutes:.0f}" if m.minutes >= 1 else "<1"
                rows.append(Row(label, m.minutes, tr("{m} min (n={n})").format(
                    m=shown, n=m.count), colour))
        self.times.set_rows(rows if times.to_dispatch.count else [])

    def _process_name(self, process_id: str | None) -> str:
        if process_id is None:
            return tr("no disaster process")
        ent = self.live.replica.get("disaster_process", process_id)
        name = getattr(ent, "name", None)
        return str(name) if name else process_id

    def _refresh_processes(self) -> None:
        reports = self.live.replica.all_typed(LossReport)
        wanted: list[tuple[str, object]] = [(tr("all reports"), figures.ALL_PROCESSES)]
        wanted += [(self._process_name(p), p) for p in figures.loss_processes(reports)]
        current = self.process.currentData() if self.process.count() else None
        if [(self.process.itemText(i), self.process.itemData(i))
                for i in range(self.process.count())] == wanted:
            return
        self.process.blockSignals(True)
        self.process.clear()
        for label, data in wanted:
            self.process.addItem(label, data)
        keep = next((i for i, (_, d) in enumerate(wanted) if d == current), None)
        if keep is None:  # the newest named process first: the disaster of the day
            named = [i for i, (_, d) in enumerate(wanted) if isinstance(d, str)
                     and d != figures.ALL_PROCESSES]
            keep = named[-1] if named else 0
        self.process.setCurrentIndex(keep)
        self.process.blockSignals(False)

    def selected_process(self) -> str | None:
        data = self.process.currentData()
        return data if isinstance(data, str) else None

    def _refresh_losses(self) -> None:
        replica = self.live.replica
        rows = figures.loss_by_county(replica.all_typed(LossReport),
                                      self.selected_process() if self.process.count() else
                                      figures.ALL_PROCESSES)
        self.loss_rows = rows
        drawn = []
        if rows:
            total = figures.loss_total(rows)
            drawn.append(self._loss_row(tr("Total"), total, bar=False))
        drawn += [self._loss_row(text.place(replica, r.adcode), r) for r in rows]
        self.losses.set_rows(drawn)

    def _loss_row(self, name: str, c: figures.CountyLoss, bar: bool = True) -> Row:
        shown = f"{_grouped(c.affected)} / {_grouped(c.relocated)}"
        hurt = [tr("{n} dead").format(n=c.deaths) if c.deaths else "",
                tr("{n} missing").format(n=c.missing) if c.missing else "",
                tr("{n} injured").format(n=c.injured) if c.injured else ""]
        if any(hurt):
            shown += " · " + tr(", ").join(h for h in hurt if h)
        return Row(name, c.affected if bar else 0.0, shown, AFFECTED_COLOUR,
                   second=float(c.relocated) if bar else None)
