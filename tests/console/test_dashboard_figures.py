"""The dashboard's figures from plain entities: no Qt, no server, no clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from console.state.dashboard_figures import (
    ALL_PROCESSES,
    closed_at,
    incidents_per_hour,
    loss_by_county,
    loss_processes,
    loss_total,
    lowest_stock,
    response_times,
    team_status_counts,
)
from protocol.entities import (
    Assignment,
    Depot,
    Incident,
    LossFigures,
    LossReport,
    LossRevision,
    StockItem,
    Team,
    TimelineEntry,
)
from protocol.enums import IncidentStatus, LossReportKind, ReportStatus, TeamStatus

NOW = datetime(2026, 11, 28, 9, 40, tzinfo=UTC)


def incident(i: int, reported: datetime, status: str = "received",
             ended: datetime | None = None) -> Incident:
    timeline = [TimelineEntry(ts=reported, actor="u", text="created")]
    if ended is not None:
        timeline.append(TimelineEntry(ts=ended, actor="u", text="closed"))
    return Incident(id=f"i{i}", number=f"N{i}", type_code="12G00", title="t", lon=120.0,
                    lat=30.0, jurisdiction="330106", reported_at=reported,
                    status=IncidentStatus(status), timeline=timeline)


def assignment(i: int, incident_id: str, ordered: datetime,
               history: tuple[tuple[datetime, str], ...] = ()) -> Assignment:
    return Assignment(id=f"a{i}", team_id=f"t{i}", incident_id=incident_id, ordered_by="u",
                      ordered_by_jurisdiction="330100", ordered_at=ordered,
                      history=[TimelineEntry(ts=ts, actor="u", text=text)
                               for ts, text in history])


def test_opened_and_closed_per_hour() -> None:
    h = timedelta(hours=1)
    incidents = [
        incident(1, NOW - timedelta(minutes=5)),  # this hour (09:00-09:40)
        incident(2, NOW - timedelta(minutes=39)),  # 09:01: this hour
        incident(3, NOW - timedelta(minutes=41), "closed", ended=NOW - timedelta(minutes=2)),
        incident(4, NOW - 30 * h, "false_alarm", ended=NOW - 3 * h),  # opened before the span
        incident(5, NOW - 2 * h, "responding"),
    ]
    hours = incidents_per_hour(incidents, NOW, hours=24)
    assert len(hours) == 24 and hours[-1].start == datetime(2026, 11, 28, 9, tzinfo=UTC)
    assert [(x.opened, x.closed) for x in hours[-4:]] == [(0, 1), (1, 0), (1, 0), (2, 1)]
    assert sum(x.opened for x in hours) == 4 and sum(x.closed for x in hours) == 2
    assert closed_at(incidents[0]) is None
    bare = msgspec.structs.replace(incidents[2], timeline=[], updated_at=NOW)
    assert closed_at(bare) == NOW


def test_team_status_counts_skip_empty_statuses_in_machine_order() -> None:
    teams = [Team(id=f"t{i}", name="n", type="flood", jurisdiction="330106", base_lon=120,
                  base_lat=30, status=s)
             for i, s in enumerate(["on_scene", "available", "available", "out_of_service"])]
    assert team_status_counts(teams) == [(TeamStatus.AVAILABLE, 2), (TeamStatus.ON_SCENE, 1),
                                         (TeamStatus.OUT_OF_SERVICE, 1)]


def test_lowest_stock_names_item_and_depot() -> None:
    depots = {"d1": Depot(id="d1", name="杭州市救灾物资储备库", level="city",
                          jurisdiction="330100", lon=120, lat=30)}
    stock = [
        StockItem(id="d1:tent", depot_id="d1", item_code="tent", quantity=10, reserved=4,
                  threshold=20),
        StockItem(id="d1:quilt", depot_id="d1", item_code="quilt", quantity=50, threshold=40),
        StockItem(id="d2:boat", depot_id="d2", item_code="boat", quantity=1, threshold=2),
        StockItem(id="d1:pump", depot_id="d1", item_code="pump", quantity=0, threshold=0),
    ]
    names = {"tent": "帐篷", "quilt": "棉被"}
    rows = lowest_stock(stock, depots, lambda code: names.get(code, ""), rows=2)
    assert [(r.item, r.depot, r.available, r.threshold) for r in rows] == [
        ("帐篷", "杭州市救灾物资储备库", 6, 20), ("boat", "d2", 1, 2)]
    assert rows[0].ratio == 0.3


def test_response_time_medians() -> None:
    m = timedelta(minutes=1)
    t0 = NOW - timedelta(hours=3)
    incidents = [incident(1, t0), incident(2, t0), incident(3, t0), incident(4, t0)]
    assignments = [
        assignment(1, "i1", t0 + 10 * m, ((t0 + 40 * m, "team en_route"),
                                          (t0 + 50 * m, "team on_scene"))),
        assignment(2, "i1", t0 + 4 * m),  # the first dispatch of i1, never arrived
        assignment(3, "i2", t0 + 20 * m, ((t0 + 30 * m, "team working: skipped on_scene"),)),
        assignment(4, "i3", t0 + 60 * m),
    ]
    times = response_times(incidents, assignments)
    assert (times.to_dispatch.minutes, times.to_dispatch.count) == (20.0, 3)
    assert (times.to_scene.minutes, times.to_scene.count) == (28.0, 2)  # 46 and 10
    assert (times.total.minutes, times.total.count) == (40.0, 2)  # 50 and 30
    empty = response_times(incidents, [])
    assert empty.to_dispatch.minutes is None and empty.total.count == 0


def report(jurisdiction: str, process: str | None = None, returned: LossFigures | None = None,
           **figures: Any) -> LossReport:
    """A report with one accepted revision of ``figures`` (and, with ``returned``, a later
    revision the city returned)."""
    revisions = [LossRevision(revision=1, stage=LossReportKind.INITIAL,
                              figures=LossFigures(**figures), submitted_by="u",
                              submitted_at=NOW - timedelta(hours=2))]
    if returned is not None:
        revisions.append(LossRevision(
            revision=2, stage=LossReportKind.FOLLOW_UP, figures=returned, submitted_by="u",
            submitted_at=NOW - timedelta(hours=1), status=ReportStatus.RETURNED,
            returned_at=NOW - timedelta(minutes=30), reason="数字有误"))
    return LossReport(id=f"r{jurisdiction}{process}", jurisdiction=jurisdiction,
                      hazard="typhoon", process_id=process,
                      figures=returned or LossFigures(**figures), revisions=revisions)


def test_losses_by_county_for_a_process() -> None:
    reports = [
        report("330302", "p1", affected_population=5000, relocated=1200, deaths=1),
        report("330303", "p1", affected_population=800, relocated=2000, injured=3,
               returned=LossFigures(affected_population=99999)),  # returned: not counted
        report("330302", None, affected_population=90, relocated=10),  # before processes
        report("330324", "p2", affected_population=7000, missing=2),
    ]
    assert loss_processes(reports) == ["p1", "p2", None]
    rows = loss_by_county(reports, "p1", NOW)
    assert [(r.adcode, r.affected, r.relocated, r.deaths, r.injured) for r in rows] == [
        ("330302", 5000, 1200, 1, 0), ("330303", 800, 2000, 0, 3)]
    assert [r.adcode for r in loss_by_county(reports, None)] == ["330302"]
    every = loss_by_county(reports, ALL_PROCESSES)
    assert [r.adcode for r in every] == ["330324", "330302", "330303"]
    assert every[1].affected == 5090 and every[1].reports == 2
    total = loss_total(every)
    assert (total.affected, total.relocated, total.missing, total.reports) == (12890, 3210, 2, 4)
