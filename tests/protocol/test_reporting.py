"""Reporting deadlines (protocol/reporting.py) computed from given times: no clock, no server."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from protocol.entities import DisasterProcess, LossFigures, LossReport, LossRevision
from protocol.enums import Hazard, LossReportKind, ReportStatus
from protocol.reporting import (
    CST,
    NATIONAL,
    DueState,
    RulesError,
    due_items,
    next_follow_up,
    owed,
    process_time,
    real_time,
    tightened,
)

# Thursday 2026-09-10, 01:00 China Standard Time.
START = datetime(2026, 9, 10, 1, 0, tzinfo=CST)


def process(**kw: object) -> DisasterProcess:
    args: dict[str, object] = {"id": "p", "name": "台风", "hazard": Hazard.TYPHOON,
                               "jurisdiction": "330300", "counties": ["330324", "330381"],
                               "started_at": START}
    args.update(kw)
    return DisasterProcess(**args)  # type: ignore[arg-type]


def rev(n: int, stage: str, at: datetime, number: int = 0, **kw: object) -> LossRevision:
    return LossRevision(revision=n, stage=LossReportKind(stage), figures=LossFigures(),
                        submitted_by="yj", submitted_at=at, number=number, **kw)  # type: ignore[arg-type]


def report(county: str, *revisions: LossRevision) -> LossReport:
    return LossReport(id=f"r{county}", jurisdiction=county, hazard=Hazard.TYPHOON,
                      process_id="p", revisions=list(revisions))


def cst(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 9, day, hour, minute, tzinfo=CST)


def test_initial_due_two_hours_after_the_start_then_overdue() -> None:
    p = process()
    items = due_items(p, {}, cst(10, 2, 59))
    assert [(i.county, i.kind.value, i.due_at, i.state) for i in items] == [
        ("330324", "initial", cst(10, 3), DueState.DUE),
        ("330381", "initial", cst(10, 3), DueState.DUE)]
    assert items[0].due_soon(cst(10, 2, 59)) and not items[0].due_soon(cst(10, 0, 30))
    late = due_items(p, {}, cst(10, 3, 1))
    assert {i.state for i in late} == {DueState.OVERDUE}


def test_follow_ups_daily_by_nine_with_zero_reports_counting() -> None:
    p = process()
    reports = {"330324": report("330324", rev(1, "initial", cst(10, 2)),
                                rev(2, "follow_up", cst(11, 8, 30), number=1, zero=True))}
    items = due_items(p, reports, cst(11, 9, 30))
    yj = [(i.kind.value, i.number, i.due_at, i.state) for i in items if i.county == "330324"]
    assert yj == [("initial", None, cst(10, 3), DueState.DONE),
                  ("follow_up", 1, cst(11, 9), DueState.DONE),
                  ("follow_up", 2, cst(12, 9), DueState.DUE)]  # a day ahead: listed as due
    ra = [(i.kind.value, i.number, i.state) for i in items if i.county == "330381"]
    assert ra == [("initial", None, DueState.OVERDUE), ("follow_up", 1, DueState.OVERDUE),
                  ("follow_up", 2, DueState.DUE)]


def test_a_late_report_is_done_with_its_time_and_a_returned_one_is_not() -> None:
    p = process()
    late = report("330324", rev(1, "initial", cst(10, 5)))
    item = due_items(p, {"330324": late}, cst(10, 6), counties=["330324"])[0]
    assert item.state == DueState.DONE and item.done_at == cst(10, 5)
    returned = report("330324", rev(1, "initial", cst(10, 2), status=ReportStatus.RETURNED,
                                    returned_at=cst(10, 2, 30)))
    assert due_items(p, {"330324": returned}, cst(10, 2, 20), ["330324"])[0].state \
        == DueState.DONE  # not returned yet at 02:20
    assert due_items(p, {"330324": returned}, cst(10, 3, 30), ["330324"])[0].state \
        == DueState.OVERDUE


def test_follow_ups_stop_with_the_response_and_the_verified_report_counts_working_days() -> None:
    # The response ends on Friday 11 September at 15:00: follow-up 1 (figures as of 24:00 on
    # the 10th) is owed, follow-up 2 (as of 24:00 on the 11th) is not. Two working days after
    # Friday: Monday 14th and Tuesday 15th, so the verified report is due by 24:00 on Tuesday.
    p = process(response_ended_at=cst(11, 15))
    kinds = [(o.kind.value, o.number, o.due) for o in owed(p, cst(20, 0))]
    assert kinds == [("initial", None, cst(10, 3)), ("follow_up", 1, cst(11, 9)),
                     ("final", None, cst(16, 0))]
    city = [(o.kind.value, o.due) for o in owed(p, cst(20, 0), level="city")]
    assert city[1] == ("follow_up", cst(11, 10)) and city[2] == ("final", cst(17, 0))
    province = [(o.kind.value, o.due) for o in owed(p, cst(20, 0), level="province")]
    assert province[1] == ("follow_up", cst(11, 12)) and province[2] == ("final", cst(19, 0))


def test_next_follow_up_skips_returned_numbers() -> None:
    r = report("330324", rev(1, "initial", cst(10, 2)),
               rev(2, "follow_up", cst(11, 8), number=1),
               rev(3, "follow_up", cst(12, 8), number=2, status=ReportStatus.RETURNED,
                   returned_at=cst(12, 9)))
    assert next_follow_up(r) == 2


def test_a_compressed_exercise_clock() -> None:
    # 3600 x: one scenario hour per real second, from scenario 01:00 at the real start.
    real_start = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    p = process(started_at=real_start, exercise=True, time_scale=3600.0, scenario_start=START)
    assert process_time(p, real_start + timedelta(seconds=2)) == cst(10, 3)
    assert real_time(p, cst(10, 3)) == real_start + timedelta(seconds=2)
    items = due_items(p, {}, real_start + timedelta(seconds=2.5), ["330324"])
    assert items[0].due_at == real_start + timedelta(seconds=2)
    assert items[0].state == DueState.OVERDUE
    assert len(items) == 1  # follow-up 1 (11th 09:00) is more than a scenario day ahead
    later = due_items(p, {}, real_start + timedelta(seconds=9), ["330324"])
    assert later[1].due_at == real_start + timedelta(seconds=32)  # 32 scenario h: 11th 09:00


def test_a_province_tightens_but_never_loosens() -> None:
    strict = tightened(NATIONAL, "county", initial_within=timedelta(hours=1),
                       follow_up_by=time(8, 0))
    assert owed(process(), cst(10, 2), strict)[0].due == cst(10, 2)
    with pytest.raises(RulesError):
        tightened(NATIONAL, "city", final_working_days=10)
