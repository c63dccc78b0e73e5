"""The duty desk's dashboard: counts by status and grade, activity over time, low stock.

It listens to ``LiveModel.changed`` (already one merged notice per batch), marks the charts
whose kinds changed, and refreshes them from one single-shot timer, so a flood of events costs
at most one refresh per ``REFRESH_MS``. Event activity is bucketed by the events' own
timestamps; open assignments are sampled at refresh time from an injectable clock.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.qt.live import LiveModel
from console.qt.map import style as map_style
from console.qt.map.translation import tr
from protocol.catalog import MATERIALS
from protocol.entities import Assignment, Depot, Incident, StockItem, Team
from protocol.enums import AssignmentStatus, IncidentStatus, TeamStatus
from protocol.replica import Changes

from .charts import BarChart, TimeLine

STATUS_COLOUR = "#5d8fc9"
CLOSED_COLOUR = "#4a5a6e"
OK_COLOUR = "#3fb950"
LOW_COLOUR = map_style.GRADE_COLOURS["I"]
NEAR_COLOUR = map_style.GRADE_COLOURS["III"]
GRADE_CODES: list[str | None] = ["I", "II", "III", "IV", None]
_ENDED = {IncidentStatus.CLOSED, IncidentStatus.MERGED, IncidentStatus.FALSE_ALARM}
_OPEN_ASSIGNMENT = {
    AssignmentStatus.DISPATCHED,
    AssignmentStatus.EN_ROUTE,
    AssignmentStatus.ON_SCENE,
    AssignmentStatus.WORKING,
}
STOCK_ROWS = 8
LABEL_CHARS = 26
SPAN_MIN = 60
MAX_SAMPLES = 600


class DashboardWidget(QWidget):
    REFRESH_MS = 250

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
        self._dirty = {"incident", "team", "assignment", "stock"}
        self._events_per_minute: Counter[int] = Counter()
        self._open_samples: list[tuple[float, int]] = []

        self.canvas = pg.GraphicsLayoutWidget()
        pal = self.palette_ = map_style.palette(theme)
        self.canvas.setBackground(pal.chart_background)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        c = self.canvas
        self.by_status = BarChart(
            c.addPlot(row=0, col=0),
            tr("Incidents by status"),
            [s.label(lang) for s in IncidentStatus],
            [CLOSED_COLOUR if s in _ENDED else STATUS_COLOUR for s in IncidentStatus],
            palette=pal,
        )
        self.by_grade = BarChart(
            c.addPlot(row=0, col=1),
            tr("Open incidents by grade"),
            ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", tr("not graded")],
            [map_style.GRADE_COLOURS[g] for g in GRADE_CODES],
            horizontal=False,
            palette=pal,
        )
        self.teams = BarChart(
            c.addPlot(row=1, col=0),
            tr("Teams by status"),
            [s.label(lang) for s in TeamStatus],
            [map_style.TEAM_STATUS_COLOURS[s] for s in TeamStatus],
            palette=pal,
        )
        self.stock = BarChart(
            c.addPlot(row=1, col=1),
            tr("Lowest stock (% of threshold)"),
            [""] * STOCK_ROWS,
            [OK_COLOUR] * STOCK_ROWS,
            label_width=185,
            min_top=150.0,  # the threshold line (100 %) always in view
            palette=pal,
        )
        self.stock.plot.addItem(
            pg.InfiniteLine(100, angle=90, pen=pg.mkPen(pal.text, width=1, dash=[4, 3]))
        )
        self.events = TimeLine(
            c.addPlot(row=2, col=0), tr("Events per minute"), "#39c5cf", SPAN_MIN, palette=pal
        )
        self.open_assignments = TimeLine(
            c.addPlot(row=2, col=1), tr("Open assignments"), "#f778ba", SPAN_MIN, steps=True,
            palette=pal,
        )
        c.ci.layout.setColumnStretchFactor(0, 1)
        c.ci.layout.setColumnStretchFactor(1, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        live.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset:
            self._dirty.update({"incident", "team", "assignment", "stock"})
        self._dirty.update(changes.kinds() & {"incident", "team", "assignment", "stock", "depot"})
        for ev in changes.events:
            self._events_per_minute[int(ev.ts.timestamp() // 60)] += 1
        if changes.events:
            self._dirty.add("events")
        if self._dirty and not self._timer.isActive():
            self._timer.start()

    def refresh(self) -> None:
        """Redraw the charts whose data changed (the batching timer calls this)."""
        self._timer.stop()
        dirty, self._dirty = self._dirty, set()
        replica = self.live.replica
        now = self.clock()
        if "incident" in dirty:
            incidents = replica.all_typed(Incident)
            by_status = Counter(i.status for i in incidents)
            self.by_status.set_values([by_status[s] for s in IncidentStatus])
            open_grades = Counter(
                i.grade.value if i.grade is not None else None
                for i in incidents
                if i.status not in _ENDED
            )
            self.by_grade.set_values([open_grades[g] for g in GRADE_CODES])
        if "team" in dirty:
            by_team = Counter(t.status for t in replica.all_typed(Team))
            self.teams.set_values([by_team[s] for s in TeamStatus])
        if dirty & {"stock", "depot"}:
            self._refresh_stock()
        if "assignment" in dirty:
            count = sum(a.status in _OPEN_ASSIGNMENT for a in replica.all_typed(Assignment))
            self._open_samples.append((now, count))
            del self._open_samples[:-MAX_SAMPLES]
        self._refresh_lines(now)
        self.refreshes += 1

    def _refresh_stock(self) -> None:
        replica = self.live.replica
        rows = sorted(
            (
                ((s.quantity - s.reserved) / s.threshold, s)
                for s in replica.all_typed(StockItem)
                if s.threshold > 0
            ),
            key=lambda r: (r[0], r[1].id),
        )[:STOCK_ROWS]
        labels, values, texts, colours = [], [], [], []
        for ratio, item in rows:
            depot = replica.get_typed(Depot, item.depot_id)
            material = MATERIALS.get(item.item_code)
            name = (material.zh if self.lang.startswith("zh") else material.en) if material else ""
            label = f"{depot.name if depot else item.depot_id} · {name or item.item_code}"
            labels.append(label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…")
            values.append(ratio * 100)
            texts.append(f"{item.quantity - item.reserved} / {item.threshold}")
            colours.append(LOW_COLOUR if ratio < 1 else NEAR_COLOUR if ratio < 1.5 else OK_COLOUR)
        missing = STOCK_ROWS - len(rows)
        labels += [""] * missing
        values += [0.0] * missing
        texts += [""] * missing
        colours += [OK_COLOUR] * missing
        slots = self.stock._slots
        self.stock.plot.getAxis("left").setTicks([list(zip(slots.tolist(), labels, strict=True))])
        self.stock.item.setOpts(brushes=[pg.mkBrush(c) for c in colours])
        self.stock.set_values(values, texts)
        self.stock_rows = [(item.id, ratio) for ratio, item in rows]

    def _refresh_lines(self, now: float) -> None:
        this_minute = int(now // 60)
        minutes = range(this_minute - SPAN_MIN + 1, this_minute + 1)
        self.events.set_points(
            [m - this_minute for m in minutes], [self._events_per_minute[m] for m in minutes]
        )
        for m in [m for m in self._events_per_minute if m < this_minute - SPAN_MIN]:
            del self._events_per_minute[m]
        samples = [(t, n) for t, n in self._open_samples if t >= now - SPAN_MIN * 60]
        if samples:
            # held up to now: the last count stands until the next sample
            xs = [(t - now) / 60 for t, _ in samples] + [0.0]
            ys = [n for _, n in samples] + [samples[-1][1]]
            self.open_assignments.set_points(xs, ys)
