"""Reporting deadlines as data (DOMAIN.md "Reporting"), and the reports they make due.

:data:`NATIONAL` is the rules table of the statistics system (应急〔2020〕19号), per level:

- initial report (初报): the county within 2 h of the start of the process; the city and the
  province within 2 h of receiving it (their own roll-ups; optional, not listed as items);
- daily follow-ups (续报) under 24-hour zero reporting while the response lasts: the county by
  09:00 with figures as of 24:00 the day before, the city by 10:00, the province by 12:00;
- verified report (核报): county 2 working days, city 3, province 5 after the response ends.

Times of day are China Standard Time (Asia/Shanghai, UTC+8, no daylight saving). Working days
are Monday to Friday (public holidays are not in the table). A province tightens the table
with :func:`tightened`, which refuses to loosen it.

The functions are pure: given a process, the reports filed on it and ``now``, they compute what
is due from whom and when, the same on the server (``stats.due``) and in the console (its
attention list). Reporting time is the process's own clock (:func:`process_time`): real time
for a real process, compressed scenario time for an exercise the simulator plays fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum

from .entities import DisasterProcess, LossReport, LossRevision
from .enums import LossReportKind, ReportStatus

CST = timezone(timedelta(hours=8), "CST")
DUE_SOON = timedelta(hours=2)  # of process time: an item due within this is "due soon"


@dataclass(frozen=True)
class LevelRule:
    """The deadlines of one level."""

    initial_within: timedelta  # after the process starts (county) or after receipt (above)
    follow_up_by: time  # local time of day the daily follow-up is due
    final_working_days: int  # working days after the response ends


@dataclass(frozen=True)
class Rules:
    county: LevelRule
    city: LevelRule
    province: LevelRule


NATIONAL = Rules(
    county=LevelRule(timedelta(hours=2), time(9, 0), 2),
    city=LevelRule(timedelta(hours=2), time(10, 0), 3),
    province=LevelRule(timedelta(hours=2), time(12, 0), 5),
)


IN_FORCE: Rules = NATIONAL
"""The table the server (``stats.due``) and the console (attention) apply. A province that
tightens the national deadlines sets it here, e.g.
``tightened(NATIONAL, "county", initial_within=timedelta(hours=1))``."""


class RulesError(ValueError):
    """A tightened table that would loosen a deadline."""


def tightened(rules: Rules, level: str, **changes: object) -> Rules:
    """``rules`` with one level's deadlines made stricter (a province's own table)."""
    before: LevelRule = getattr(rules, level)
    after = replace(before, **changes)  # type: ignore[arg-type]
    if (after.initial_within > before.initial_within or after.follow_up_by > before.follow_up_by
            or after.final_working_days > before.final_working_days):
        raise RulesError(f"a province may only tighten the {level} deadlines")
    return replace(rules, **{level: after})


class DueState(str, Enum):
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


@dataclass(frozen=True)
class DueItem:
    """One report a county owes: the initial, follow-up ``number``, or the verified one."""

    process_id: str
    county: str
    kind: LossReportKind
    number: int | None
    due_at: datetime  # real time
    state: DueState
    done_at: datetime | None = None

    def as_wire(self) -> dict[str, object]:
        return {"process_id": self.process_id, "county": self.county, "kind": self.kind.value,
                "number": self.number, "due_at": self.due_at.isoformat(),
                "state": self.state.value,
                "done_at": self.done_at.isoformat() if self.done_at else None}

    def due_soon(self, now: datetime, scale: float = 1.0) -> bool:
        return self.state == DueState.DUE and self.due_at - now <= DUE_SOON / scale


# -- the process clock -----------------------------------------------------------------------
def _origin(p: DisasterProcess) -> datetime:
    return p.scenario_start or p.started_at


def process_time(p: DisasterProcess, real: datetime) -> datetime:
    """The process's reporting clock at the real moment ``real``."""
    return _origin(p) + (real - p.started_at) * p.time_scale


def real_time(p: DisasterProcess, moment: datetime) -> datetime:
    """The real moment the process clock shows ``moment``."""
    return p.started_at + (moment - _origin(p)) / p.time_scale


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=CST)


def _working_days_after(day: date, n: int) -> date:
    """The ``n``-th working day after ``day``."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


# -- what is owed --------------------------------------------------------------------------
@dataclass(frozen=True)
class Owed:
    kind: LossReportKind
    number: int | None
    due: datetime  # process time


def owed(p: DisasterProcess, now: datetime, rules: Rules = IN_FORCE,
         level: str = "county") -> list[Owed]:
    """What each county owes on ``p`` as of ``now`` (real): the initial report; follow-up k
    for each day k = 1, 2, ... whose figures (as of 24:00 before it) fall in the response and
    whose deadline is not more than a day ahead; the verified report once the response ended."""
    rule: LevelRule = getattr(rules, level)
    start = process_time(p, p.started_at)
    out = [Owed(LossReportKind.INITIAL, None, start + rule.initial_within)]
    ended = process_time(p, p.response_ended_at) if p.response_ended_at else None
    horizon = process_time(p, now) + timedelta(days=1)
    first_day = start.astimezone(CST).date()
    k = 1
    while True:
        as_of = _local_midnight(first_day + timedelta(days=k))  # 24:00 of day k-1
        if ended is not None and as_of > ended:
            break
        due = datetime.combine(as_of.date(), rule.follow_up_by, tzinfo=CST)
        if due > horizon:
            break
        out.append(Owed(LossReportKind.FOLLOW_UP, k, due))
        k += 1
    if ended is not None:
        last = _working_days_after(ended.astimezone(CST).date(), rule.final_working_days)
        out.append(Owed(LossReportKind.FINAL, None, _local_midnight(last + timedelta(days=1))))
    return out


def accepted(revisions: Iterable[LossRevision], at: datetime | None = None) -> list[LossRevision]:
    """The revisions submitted by ``at`` and not returned by then."""
    out = []
    for r in revisions:
        if at is not None and r.submitted_at > at:
            continue
        returned = r.status == ReportStatus.RETURNED and (
            at is None or r.returned_at is None or r.returned_at <= at)
        if not returned:
            out.append(r)
    return out


def _done_at(revisions: list[LossRevision], o: Owed) -> datetime | None:
    for r in revisions:
        if r.stage != o.kind:
            continue
        if o.kind == LossReportKind.FOLLOW_UP and r.number != o.number:
            continue
        return r.submitted_at
    return None


def due_items(p: DisasterProcess, reports: Mapping[str, LossReport], now: datetime,
              counties: Iterable[str] | None = None, rules: Rules = IN_FORCE) -> list[DueItem]:
    """The items of every county of ``p`` (or of ``counties`` among them) as of ``now``:
    ``done`` when the report came (on time or late: ``done_at`` says), else ``overdue`` once
    its deadline passed, else ``due``. ``reports``: county adcode -> its report on ``p``."""
    wanted = set(counties) if counties is not None else None
    out: list[DueItem] = []
    owed_now = owed(p, now, rules)
    for county in p.counties:
        if wanted is not None and county not in wanted:
            continue
        report = reports.get(county)
        revisions = accepted(report.revisions, now) if report is not None else []
        for o in owed_now:
            due_at = real_time(p, o.due)
            done = _done_at(revisions, o)
            if done is not None:
                state = DueState.DONE
            elif now > due_at:
                state = DueState.OVERDUE
            else:
                state = DueState.DUE
            out.append(DueItem(p.id, county, o.kind, o.number, due_at, state, done))
    return out


def next_follow_up(report: LossReport) -> int:
    """The number the next follow-up revision of ``report`` takes."""
    numbers = [r.number for r in accepted(report.revisions)
               if r.stage == LossReportKind.FOLLOW_UP]
    return max(numbers, default=0) + 1
