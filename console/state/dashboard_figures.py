"""What the dashboard charts show, computed from the replica's entities (no Qt, no clock).

Each function takes entities (and ``now`` where time matters) and returns plain rows that a
chart draws as they come:

- :func:`incidents_per_hour`: incidents opened (``reported_at``) and closed (the time of the
  timeline entry that ended them) in each of the last hours;
- :func:`team_status_counts`: teams per status, in the state machine's order, empty ones left
  out so the rows that fit are rows that say something;
- :func:`lowest_stock`: the stock lines furthest below their low-stock threshold, with the
  item's and the depot's names;
- :func:`response_times`: medians of received → first dispatch → first on scene over the
  incidents that got that far (an assignment's first "team on_scene" history entry is its
  arrival, or "team working" when on_scene was skipped);
- :func:`loss_by_county`: loss and transfer (relocated) totals per reporting jurisdiction,
  from each report's latest revision, for one disaster process.

Loss reports are grouped by their ``process_id`` when the protocol has one (disaster
processes, issue 9), read with ``getattr`` so this works before and after that field exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from statistics import median
from typing import Any

from protocol import statistics as stats_rules
from protocol.entities import Assignment, Depot, Incident, LossReport, StockItem, Team
from protocol.enums import IncidentStatus, TeamStatus

ENDED = frozenset({IncidentStatus.CLOSED, IncidentStatus.MERGED, IncidentStatus.FALSE_ALARM})
ARRIVALS = ("team on_scene", "team working")  # assignment history texts: the team is there
ALL_PROCESSES = "*"  # loss_by_county over every report, whatever its process


# -- incidents opened and closed per hour -----------------------------------------------------
@dataclass(frozen=True)
class HourCount:
    start: datetime  # the hour's start (in now's time zone)
    opened: int
    closed: int


def closed_at(incident: Incident) -> datetime | None:
    """When an ended incident ended: its last timeline entry (nothing changes it after), else
    its last update; None while it is open."""
    if incident.status not in ENDED:
        return None
    if incident.timeline:
        return incident.timeline[-1].ts
    return incident.updated_at


def incidents_per_hour(incidents: Iterable[Incident], now: datetime,
                       hours: int = 24) -> list[HourCount]:
    """Opened and closed counts for each of the last ``hours`` clock hours, oldest first; the
    last one is the hour ``now`` is in."""
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    first = this_hour - timedelta(hours=hours - 1)
    opened: Counter[int] = Counter()
    closed: Counter[int] = Counter()

    def slot(ts: datetime) -> int | None:
        k = int((ts - first).total_seconds() // 3600)
        return k if 0 <= k < hours and ts <= now else None

    for inc in incidents:
        k = slot(inc.reported_at)
        if k is not None:
            opened[k] += 1
        ended = closed_at(inc)
        k = slot(ended) if ended is not None else None
        if k is not None:
            closed[k] += 1
    return [HourCount(first + timedelta(hours=k), opened[k], closed[k]) for k in range(hours)]


# -- teams by status --------------------------------------------------------------------------
def team_status_counts(teams: Iterable[Team]) -> list[tuple[TeamStatus, int]]:
    """(status, count) for every status some team is in, in the enum's (the machine's) order."""
    counts = Counter(t.status for t in teams)
    return [(s, counts[s]) for s in TeamStatus if counts[s]]


# -- lowest stock -----------------------------------------------------------------------------
@dataclass(frozen=True)
class StockLine:
    stock_id: str
    item: str  # the item's name
    depot: str  # the depot's name
    available: int  # quantity less what is reserved
    threshold: int

    @property
    def ratio(self) -> float:
        return self.available / self.threshold


def lowest_stock(stock: Iterable[StockItem], depots: Mapping[str, Depot],
                 item_name: Callable[[str], str], rows: int) -> list[StockLine]:
    """The ``rows`` stock lines with the least available per threshold (lines without a
    threshold have none to fall below), lowest first; ties by id, so the order is stable."""
    lines = []
    for s in stock:
        if s.threshold <= 0:
            continue
        depot = depots.get(s.depot_id)
        lines.append(StockLine(s.id, item_name(s.item_code) or s.item_code,
                               depot.name if depot is not None else s.depot_id,
                               s.quantity - s.reserved, s.threshold))
    lines.sort(key=lambda line: (line.ratio, line.stock_id))
    return lines[:rows]


# -- response times ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Median:
    minutes: float | None  # None: no incident got that far
    count: int  # incidents it is the median of


@dataclass(frozen=True)
class ResponseTimes:
    to_dispatch: Median  # received → first dispatch
    to_scene: Median  # first dispatch → first on scene
    total: Median  # received → first on scene


def on_scene_at(assignment: Assignment) -> datetime | None:
    """When the assignment's team first reached the scene: its first on_scene (or, when that
    step was skipped, working) history entry."""
    for entry in assignment.history:
        if any(entry.text == a or entry.text.startswith(a + ":") for a in ARRIVALS):
            return entry.ts
    return None


def _median(values: list[float]) -> Median:
    return Median(median(values) if values else None, len(values))


def response_times(incidents: Iterable[Incident],
                   assignments: Iterable[Assignment]) -> ResponseTimes:
    """Medians, in minutes, over the incidents with a first dispatch (and a first arrival)."""
    dispatched: dict[str, datetime] = {}
    arrived: dict[str, datetime] = {}
    for a in assignments:
        first = dispatched.get(a.incident_id)
        if first is None or a.ordered_at < first:
            dispatched[a.incident_id] = a.ordered_at
        there = on_scene_at(a)
        if there is not None:
            seen = arrived.get(a.incident_id)
            if seen is None or there < seen:
                arrived[a.incident_id] = there
    to_dispatch, to_scene, total = [], [], []
    for inc in incidents:
        sent = dispatched.get(inc.id)
        if sent is None:
            continue
        to_dispatch.append(max(0.0, (sent - inc.reported_at).total_seconds() / 60))
        there = arrived.get(inc.id)
        if there is not None:
            to_scene.append(max(0.0, (there - sent).total_seconds() / 60))
            total.append(max(0.0, (there - inc.reported_at).total_seconds() / 60))
    return ResponseTimes(_median(to_dispatch), _median(to_scene), _median(total))


# -- losses by county -------------------------------------------------------------------------
@dataclass(frozen=True)
class CountyLoss:
    adcode: str
    affected: int
    relocated: int  # 转移安置: the transfer total
    deaths: int
    missing: int
    injured: int
    reports: int


def process_of(report: LossReport) -> str | None:
    """The disaster process a report belongs to (None: none)."""
    return report.process_id


def loss_processes(reports: Iterable[LossReport]) -> list[str | None]:
    """The processes the reports belong to: named ones sorted, then None if any has none."""
    seen = {process_of(r) for r in reports}
    out: list[str | None] = []
    out += sorted(p for p in seen if p is not None)
    return [*out, None] if None in seen else out


def standing_figures(report: LossReport, now: datetime) -> dict[str, Any]:
    """The figures a roll-up counts for the report: for a disaster-process report, its latest
    accepted revision (a returned one does not count; protocol.statistics, as stats.losses
    sums them: protocol.statistics); otherwise the report's latest figures."""
    if report.process_id is None:
        return stats_rules.figures_dict(report.figures)
    return dict(stats_rules.county_row(report.jurisdiction, report, now)["figures"])


def loss_by_county(reports: Iterable[LossReport], process: str | None = ALL_PROCESSES,
                   now: datetime | None = None) -> list[CountyLoss]:
    """Totals per reporting jurisdiction for ``process`` (a process id, None for reports of no
    process, or ALL_PROCESSES), most affected first (then most transferred, then adcode).
    Transferred is 紧急避险转移 + 紧急转移安置, as the statistics count it."""
    at = now or datetime.now(UTC)
    sums: dict[str, list[int]] = {}
    for r in reports:
        if process != ALL_PROCESSES and process_of(r) != process:
            continue
        f = standing_figures(r, at)
        row = sums.setdefault(r.jurisdiction, [0, 0, 0, 0, 0, 0])
        for i, value in enumerate((f["affected_population"], stats_rules.transferred(f),
                                   f["deaths"], f["missing"], f["injured"], 1)):
            row[i] += int(value)
    rows = [CountyLoss(code, *values) for code, values in sums.items()]
    rows.sort(key=lambda c: (-c.affected, -c.relocated, c.adcode))
    return rows


def loss_total(rows: Iterable[CountyLoss]) -> CountyLoss:
    """The sum of the rows (adcode empty)."""
    rows = list(rows)
    return CountyLoss("", sum(c.affected for c in rows), sum(c.relocated for c in rows),
                      sum(c.deaths for c in rows), sum(c.missing for c in rows),
                      sum(c.injured for c in rows), sum(c.reports for c in rows))
