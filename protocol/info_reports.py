"""When incident information reports (突发事件信息报送) are owed: the deadlines as data, and pure
functions computing the due, overdue and done items of an incident from (incident, its info
reports, now). The server answers ``info.due`` with them; the console computes the same items
from its replica for its attention list.

The values are DOMAIN.md's ("Event information", "Work-safety accidents"); Zhejiang's own may
differ [?], so they live in the tables below, not in the code:

- Event information, by grade: Ⅰ/Ⅱ (重大+) by phone within 15 min and in writing within
  35 min; Ⅲ (较大) in writing within 1 h; Ⅳ (一般, and an ungraded incident) within 6 h.
  Ⅲ and above: a follow-up before 08:00 and before 17:00 (CST) every day until the final
  report. Limits run from the incident's receipt (``Incident.reported_at``).
- Work-safety accidents (生产安全事故报告和调查处理条例): the unit to the county regulator within
  1 h, then each level onward within 2 h of the level below: 一般 up to the city, 较大 to the
  province, 重大/特别重大 to the State Council department (the province sends it). Skipping
  levels is allowed: a hop is done by an initial report from its sender's level or above.
  Follow-ups: 一般/较大 daily, 重大+ twice daily, from the first initial report.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from functools import cache

from .adcodes import level_of, parent_of
from .entities import Incident, InfoReport

CST = timezone(timedelta(hours=8), "CST")

LEVELS = ("county", "city", "province", "state")
"""Reporting levels from the bottom; "state" is the State Council department."""


@dataclass(frozen=True)
class EventRule:
    """Event-information limits of one grade."""

    phone: timedelta | None  # the initial report by phone
    written: timedelta  # the initial written report
    follow_up_times: tuple[time, ...]  # CST times of day a follow-up is due by


_TWICE_DAILY = (time(8, 0), time(17, 0))
EVENT_RULES: dict[str, EventRule] = {
    "I": EventRule(timedelta(minutes=15), timedelta(minutes=35), _TWICE_DAILY),
    "II": EventRule(timedelta(minutes=15), timedelta(minutes=35), _TWICE_DAILY),
    "III": EventRule(None, timedelta(hours=1), _TWICE_DAILY),
    "IV": EventRule(None, timedelta(hours=6), ()),
}
UNGRADED = "IV"  # an incident not yet graded is held to the 一般 limits


@dataclass(frozen=True)
class WorkSafetyRule:
    """Work-safety limits of one grade: how far up the initial report goes, and how often
    follow-ups are due."""

    top: str  # the highest level the report reaches (LEVELS)
    follow_up_every: timedelta


WORK_SAFETY_FIRST = timedelta(hours=1)  # the unit to the county regulator
WORK_SAFETY_ONWARD = timedelta(hours=2)  # each level onward, from the level below's limit
WORK_SAFETY_RULES: dict[str, WorkSafetyRule] = {
    "I": WorkSafetyRule("state", timedelta(hours=12)),
    "II": WorkSafetyRule("state", timedelta(hours=12)),
    "III": WorkSafetyRule("province", timedelta(hours=24)),
    "IV": WorkSafetyRule("city", timedelta(hours=24)),
}
WORK_SAFETY_TYPES = ("12A", "12B", "12C", "12D", "12E", "12F", "12G", "12H", "12J", "12K",
                     "12N", "12P")
"""Incident type prefixes (GB/T 35561-style, DOMAIN.md) of production-safety accidents: the
accident categories but environmental pollution (12Q, a separate regime)."""

FOLLOW_UPS_SHOWN = 6
"""Follow-up slots listed per incident: the most recent ones up to the next one to come."""
LOOK_BACK = timedelta(days=FOLLOW_UPS_SHOWN)  # more than the slots shown, at two a day


LONGEST_INITIAL = max([r.written for r in EVENT_RULES.values()]
                      + [WORK_SAFETY_FIRST + (len(LEVELS) - 1) * WORK_SAFETY_ONWARD])
"""The latest an initial report falls due after the incident's receipt: an incident received
longer ago than this with no report owes nothing due later."""


def is_work_safety(type_code: str) -> bool:
    return type_code.startswith(WORK_SAFETY_TYPES)


@dataclass(frozen=True)
class DueItem:
    incident_id: str
    kind: str  # initial | follow_up
    number: int | None  # follow-ups: the number the report will carry
    channel: str  # phone | written
    due_at: datetime
    state: str  # due | overdue | done
    done_at: datetime | None
    rule: str  # event | work_safety
    to: str  # the level it goes to (LEVELS), "" where the rule names none
    owes: str  # adcode of the jurisdiction that owes it

    def to_wire(self) -> dict[str, object]:
        return {"incident_id": self.incident_id, "kind": self.kind, "number": self.number,
                "channel": self.channel, "due_at": self.due_at.isoformat(),
                "state": self.state,
                "done_at": self.done_at.isoformat() if self.done_at else None,
                "rule": self.rule, "to": self.to, "owes": self.owes}


def _state(due_at: datetime, done_at: datetime | None, now: datetime) -> str:
    if done_at is not None:
        return "done"
    return "overdue" if now > due_at else "due"


@cache
def _level_rank(adcode: str) -> int:
    return LEVELS.index(level_of(adcode))


@cache
def _at_level(adcode: str, level: str) -> str:
    """The jurisdiction of ``level`` containing ``adcode`` (itself when higher already)."""
    code = adcode
    while _level_rank(code) < LEVELS.index(level):
        parent = parent_of(code)
        if parent is None:
            break
        code = parent
    return code


def _first(reports: Sequence[InfoReport], kind: str, channel: str | None = None,
           min_level: int = 0) -> datetime | None:
    if not reports:
        return None
    times = [r.submitted_at for r in reports if r.stage == kind
             and (channel is None or r.channel == channel)
             and _level_rank(r.submitted_by_jurisdiction) >= min_level]
    return min(times) if times else None


def _slots(start: datetime, now: datetime, times: Sequence[time]) -> list[datetime]:
    """The CST times of day after ``start``, up to and including the first after ``now``."""
    out: list[datetime] = []
    day = start.astimezone(CST).date()
    while True:
        for t in times:
            slot = datetime.combine(day, t, tzinfo=CST)
            if slot <= start:
                continue
            out.append(slot)
            if slot > now:
                return out
        day += timedelta(days=1)


def _every(start: datetime, now: datetime, step: timedelta) -> list[datetime]:
    """``start`` + k·``step`` for the last few k up to the first after ``now``."""
    skip = max(0, (now - start) // step - FOLLOW_UPS_SHOWN)
    out = [start + (skip + 1) * step]
    while out[-1] <= now:
        out.append(out[-1] + step)
    return out


def _follow_ups(incident: Incident, reports: list[InfoReport], slots: list[datetime],
                now: datetime, rule: str, owes: str) -> list[DueItem]:
    """One item per slot: done by the first follow-up submitted after the slot before it
    (or the initial report) and by the slot."""
    follow_ups = sorted((r for r in reports if r.stage == "follow_up"),
                        key=lambda r: r.submitted_at)
    next_number = max((r.number for r in follow_ups), default=0) + 1
    items: list[DueItem] = []
    previous: datetime | None = None
    for slot in slots:
        done = next((r for r in follow_ups if r.submitted_at <= slot
                     and (previous is None or r.submitted_at > previous)), None)
        done_at = done.submitted_at if done is not None else None
        items.append(DueItem(incident.id, "follow_up",
                             done.number if done is not None else next_number, "written", slot,
                             _state(slot, done_at, now), done_at, rule, "", owes))
        previous = slot
    return items[-FOLLOW_UPS_SHOWN:]


def due_items(incident: Incident, reports: Iterable[InfoReport], now: datetime) -> list[DueItem]:
    """The information reports owed on ``incident`` as of ``now``: done, due or overdue.

    ``reports`` are the incident's info reports (others are ignored); those submitted after
    ``now`` do not count. Nothing is owed once the final report is in, on a merged or
    false-alarm incident, or before the incident was received.
    """
    if incident.status in ("merged", "false_alarm") or incident.reported_at > now:
        return []  # nothing owed on a merged incident, nor yet on one not received by then
    mine = [r for r in reports if r.incident_id == incident.id and r.submitted_at <= now]
    if _first(mine, "final") is not None:
        return []
    grade = incident.grade.value if incident.grade is not None else UNGRADED
    start = incident.reported_at
    owes = incident.jurisdiction
    items: list[DueItem] = []
    event = EVENT_RULES[grade]
    if event.phone is not None:
        done = _first(mine, "initial", "phone")
        items.append(DueItem(incident.id, "initial", None, "phone", start + event.phone,
                             _state(start + event.phone, done, now), done, "event", "", owes))
    done = _first(mine, "initial", "written")
    items.append(DueItem(incident.id, "initial", None, "written", start + event.written,
                         _state(start + event.written, done, now), done, "event", "", owes))
    initial = _first(mine, "initial")
    work_safety = is_work_safety(incident.type_code)
    if work_safety:
        rule = WORK_SAFETY_RULES[grade]
        due_at = start + WORK_SAFETY_FIRST
        for hop, to in enumerate(LEVELS[: LEVELS.index(rule.top) + 1]):
            sender = max(hop - 1, 0)  # the county regulator's hop is the unit's, done by any
            done = _first(mine, "initial", min_level=sender)
            items.append(DueItem(incident.id, "initial", None, "written", due_at,
                                 _state(due_at, done, now), done, "work_safety", to,
                                 _at_level(owes, LEVELS[sender])))
            due_at += WORK_SAFETY_ONWARD
        if initial is not None:
            items += _follow_ups(incident, mine, _every(initial, now, rule.follow_up_every),
                                 now, "work_safety", owes)
    elif initial is not None and event.follow_up_times:
        recent = max(initial, now - LOOK_BACK)  # slots before it are not shown anyway
        items += _follow_ups(incident, mine, _slots(recent, now, event.follow_up_times), now,
                             "event", owes)
    return items


_STATE_ORDER = {"overdue": 0, "due": 1, "done": 2}


def urgency(item: DueItem) -> tuple[int, datetime, str]:
    """The sort key of items: overdue first, then due, then done, each by due time."""
    return (_STATE_ORDER[item.state], item.due_at, item.incident_id)


def due_for(incidents: Iterable[Incident], reports: Iterable[InfoReport], now: datetime,
            limit: int | None = None) -> list[DueItem]:
    """:func:`due_items` of many incidents by :func:`urgency`; with ``limit``, the first
    ``limit`` of them (without sorting the rest)."""
    by_incident: dict[str, list[InfoReport]] = {}
    for r in reports:
        by_incident.setdefault(r.incident_id, []).append(r)
    items = [item for inc in incidents for item in due_items(inc, by_incident.get(inc.id, []),
                                                             now)]
    if limit is not None:
        return heapq.nsmallest(limit, items, key=urgency)
    return sorted(items, key=urgency)
