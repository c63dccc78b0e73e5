"""DashboardWidget on a real Replica: counts match, refreshes are batched, timelines bucket."""

from __future__ import annotations

import os
from collections import Counter
from datetime import timedelta

import msgspec
import pytest

from console.qt.dashboards.dashboard import GRADE_CODES, STOCK_ROWS, DashboardWidget
from console.qt.live import LiveModel
from protocol.entities import Assignment, Incident, StockItem, Team
from protocol.enums import AssignmentStatus, IncidentStatus, TeamStatus
from protocol.messages import Event
from protocol.replica import Replica
from tests.console.test_map_picture import NOW, SCREENSHOTS, picture_snapshot

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ENDED = {IncidentStatus.CLOSED, IncidentStatus.MERGED, IncidentStatus.FALSE_ALARM}


class Clock:
    def __init__(self) -> None:
        self.now = NOW.timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def snapshot():  # type: ignore[no-untyped-def]
    return picture_snapshot(incidents=200, teams=250, depots=30, shelters=10)


@pytest.fixture
def live(snapshot) -> LiveModel:  # type: ignore[no-untyped-def]
    replica = Replica()
    replica.apply(snapshot)
    return LiveModel(replica, interval_ms=20)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def dash(qtbot, live: LiveModel, clock: Clock) -> DashboardWidget:  # type: ignore[no-untyped-def]
    d = DashboardWidget(live, clock=clock)
    qtbot.addWidget(d)
    d.resize(1200, 800)
    d.show()
    qtbot.waitExposed(d)
    return d


def _assignment(i: int, status: AssignmentStatus = AssignmentStatus.DISPATCHED) -> Assignment:
    return Assignment(
        id=f"asg-{i}",
        team_id=f"team-{i}",
        incident_id=f"inc-{i}",
        ordered_by="duty",
        ordered_by_jurisdiction="330000",
        ordered_at=NOW,
        status=status,
    )


def _feed(live: LiveModel, entities: list, minutes_ago: float = 0.0) -> None:  # type: ignore[type-arg]
    events = [
        Event(
            seq=live.replica.seq + 1 + k,
            ts=NOW - timedelta(minutes=minutes_ago),
            actor="duty",
            op="x",
            entity=ent,
        )
        for k, ent in enumerate(entities)
    ]
    live.feed(live.replica.apply_events(events))


def test_counts_match_the_replica(dash: DashboardWidget, live: LiveModel) -> None:
    incidents = live.replica.all_typed(Incident)
    by_status = Counter(i.status for i in incidents)
    assert dash.by_status.values() == [by_status[s] for s in IncidentStatus]
    grades = Counter(i.grade.value if i.grade else None for i in incidents if i.status not in ENDED)
    assert dash.by_grade.values() == [grades[g] for g in GRADE_CODES]
    assert sum(dash.by_grade.values()) > 0
    teams = Counter(t.status for t in live.replica.all_typed(Team))
    assert dash.teams.values() == [teams[s] for s in TeamStatus]
    assert sum(dash.teams.values()) == 250


def test_lowest_stock_rows_in_order(dash: DashboardWidget, live: LiveModel) -> None:
    ratios = sorted(
        (s.quantity - s.reserved) / s.threshold for s in live.replica.all_typed(StockItem)
    )
    assert [r for _, r in dash.stock_rows] == pytest.approx(ratios[:STOCK_ROWS])
    assert dash.stock.values() == pytest.approx([r * 100 for r in ratios[:STOCK_ROWS]])


def test_a_flood_of_events_is_one_refresh(qtbot, dash: DashboardWidget, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    before = dash.refreshes
    incidents = live.replica.all_typed(Incident)
    for k, inc in enumerate(incidents):  # one event per batch: the worst case
        _feed(live, [msgspec.structs.replace(inc, status=IncidentStatus.CLOSED, version=k + 2)])
    qtbot.waitUntil(lambda: dash.by_status.values()[-3] == len(incidents), timeout=3000)
    assert 1 <= dash.refreshes - before <= 3
    assert sum(dash.by_grade.values()) == 0  # all closed: none open by grade


def test_events_per_minute_by_event_time(qtbot, dash: DashboardWidget, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    teams = live.replica.all_typed(Team)
    _feed(live, [msgspec.structs.replace(t, version=5) for t in teams[:12]], minutes_ago=5)
    _feed(live, [msgspec.structs.replace(t, version=6) for t in teams[:3]], minutes_ago=0.5)
    qtbot.waitUntil(lambda: max(dash.events.points()[1], default=0) == 12, timeout=3000)
    xs, ys = dash.events.points()
    per_minute = dict(zip(xs, ys, strict=True))
    assert per_minute[-5.0] == 12
    assert per_minute[0.0] + per_minute[-1.0] == 3
    assert sum(ys) == 15


def test_open_assignments_over_time(
    qtbot,  # type: ignore[no-untyped-def]
    dash: DashboardWidget,
    live: LiveModel,
    clock: Clock,
) -> None:
    def samples() -> int:  # one sample per refresh that saw assignments change, plus "now"
        return len(dash.open_assignments.points()[0]) - 1

    assert samples() == 1  # the snapshot's count, at construction
    _feed(live, [_assignment(i) for i in range(4)])
    qtbot.waitUntil(lambda: samples() == 2, timeout=3000)
    clock.now += 600
    _feed(live, [_assignment(0, AssignmentStatus.ENDED), _assignment(9)])
    qtbot.waitUntil(lambda: samples() == 3, timeout=3000)
    clock.now += 60
    _feed(live, [_assignment(1, AssignmentStatus.ENDED)])
    qtbot.waitUntil(lambda: samples() == 4, timeout=3000)
    xs, ys = dash.open_assignments.points()
    assert ys == [0, 4, 4, 3, 3]
    assert xs == pytest.approx([-11.0, -11.0, -1.0, 0.0, 0.0])


def test_dashboard_screenshot(qtbot, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    clock.now -= 45 * 60
    dash = DashboardWidget(live, clock=clock)
    qtbot.addWidget(dash)
    dash.resize(1200, 800)
    teams = live.replica.all_typed(Team)
    for minute in range(60, 0, -1):
        batch = teams[: 8 + (60 - minute) // 2 + (minute * 7) % 9]
        _feed(live, [msgspec.structs.replace(t, version=minute) for t in batch], minute)
    live.flush()
    for step in range(8):
        clock.now = NOW.timestamp() - (8 - step) * 300
        _feed(live, [_assignment(step * 3 + k) for k in range(3)])
        live.flush()
        dash.refresh()
    clock.now = NOW.timestamp()
    dash.refresh()
    assert sum(dash.events.points()[1]) > 1000
    assert dash.open_assignments.points()[1][-1] == 24
    dash.show()
    qtbot.waitExposed(dash)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "dashboard.png"
    assert dash.grab().save(str(path))
    assert path.stat().st_size > 20_000
