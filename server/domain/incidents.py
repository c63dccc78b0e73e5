"""Incident commands: create, update, grade, status, merge, close, exercise flag, note."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from msgspec import UNSET

from protocol import rules
from protocol.adcodes import is_within
from protocol.catalog import is_valid_incident_type
from protocol.commands import (
    IncidentClose,
    IncidentCreate,
    IncidentGrade,
    IncidentMerge,
    IncidentNote,
    IncidentSetExercise,
    IncidentStatusChange,
    IncidentUpdate,
)
from protocol.entities import Assignment, Incident, Team, TimelineEntry
from protocol.enums import IncidentStatus
from protocol.machines import INCIDENT_TERMINAL
from protocol.timeline import FIELD, entry_text

from .api import Tx, result_of
from .authz import covers, require, require_operator, require_within
from .checks import (
    bad_request,
    new_id,
    past_time,
    require_adcode,
    require_text,
)
from .entries import append
from .grading import suggest_grade
from .jurisdictions import locate
from .numbering import INCIDENT_PREFIX, next_number


def timeline(tx: Tx, incident: Incident, what: str, params: dict[str, str] | None = None,
             note: str = "") -> list[TimelineEntry]:
    """The incident's timeline with one entry appended (a new list; entities are shared),
    as long as an incident keeps it. The entry is data (``what``, ``params``) and words
    (``text``: protocol.timeline.entry_text)."""
    params = params or {}
    entry = TimelineEntry(ts=tx.now, actor=tx.actor.user, what=what, params=params,
                          text=entry_text(what, params, note))
    return append(Incident, "timeline", incident.timeline, entry)


def incident_for_change(tx: Tx, incident_id: str, open_only: bool = False) -> Incident:
    """The incident, if the actor may act on it (version checked); ``open_only``: and it is
    not in a final state."""
    incident = tx.get(Incident, incident_id)
    check = rules.incident_open if open_only else rules.incident_change
    require(check(tx.actor, incident))
    tx.check_version(incident)
    return incident


def _crews(tx: Tx, incident: Incident, status: str) -> int:
    """Teams holding an assignment on the incident (counted only for a final state)."""
    if status not in INCIDENT_TERMINAL:
        return 0
    count = 0
    for team in tx.all(Team):  # an open assignment is always its team's assignment_id
        assignment = tx.find(Assignment, team.assignment_id) if team.assignment_id else None
        if assignment is not None and assignment.incident_id == incident.id:
            count += 1
    return count


def move_incident(
    tx: Tx, op: str, incident: Incident, status: IncidentStatus, what: str,
    params: dict[str, str] | None = None, note: str = ""
) -> Incident:
    require(rules.incident_move(tx.actor, incident, status.value,
                                crews=_crews(tx, incident, status.value)))
    changed = msgspec.structs.replace(
        incident, status=status, timeline=timeline(tx, incident, what, params, note)
    )
    return tx.put(op, changed)


def _suggestion(incident: Incident) -> str | None:
    """The grade the casualty figures suggest (the officer decides with incident.grade)."""
    grade = suggest_grade(incident.type_code, deaths=incident.deaths, injured=incident.injured)
    return grade.value if grade is not None else None


def county_at(lon: float, lat: float) -> str:
    """The county of Zhejiang containing the point, or bad_request: the point is outside."""
    county = locate(lon, lat)
    if county is None:
        raise bad_request(f"the point ({lon}, {lat}) lies outside Zhejiang (in none of its "
                          "counties)")
    return county


def _jurisdiction_for(tx: Tx, args: IncidentCreate, county: str) -> str:
    """Where the incident is filed: the county containing its point, unless an explicit
    jurisdiction names that county's city or the province (only an actor over it may)."""
    if args.jurisdiction is None or args.jurisdiction == county:
        return county
    code = require_adcode(args.jurisdiction)
    if not is_within(county, code):
        raise bad_request(f"the point lies in {county}, outside the jurisdiction {code}")
    require_within(tx.actor, code, "jurisdiction")
    return code


def moved_jurisdiction(incident: Incident, lon: float, lat: float) -> str:
    """The jurisdiction after the point moved: unchanged while it still contains the point,
    else the county where the point now lies (which then owns the incident)."""
    county = county_at(lon, lat)
    return incident.jurisdiction if is_within(county, incident.jurisdiction) else county


def _reported(tx: Tx, title: str, jurisdiction: str) -> TimelineEntry:
    params = {"title": title}
    if not covers(tx.actor, jurisdiction):
        params |= {"by": tx.actor.jurisdiction, "into": jurisdiction}
    return TimelineEntry(ts=tx.now, actor=tx.actor.user, what="reported", params=params,
                         text=entry_text("reported", params), n=1)


def create(tx: Tx, args: IncidentCreate) -> dict[str, Any]:
    require_operator(tx.actor)
    if not is_valid_incident_type(args.type_code):
        raise bad_request(f"unknown incident type {args.type_code!r}")
    title = require_text(args.title, "title")
    jurisdiction = _jurisdiction_for(tx, args, county_at(args.lon, args.lat))
    occurred = (past_time(args.occurred_at, tx.now, "occurred_at")
                if args.occurred_at is not None else None)
    number = next_number(tx, Incident, INCIDENT_PREFIX, tx.now)
    incident = Incident(
        id=new_id(),
        number=number,
        type_code=args.type_code,
        title=title,
        description=args.description,
        grade=args.grade,
        lon=args.lon,
        lat=args.lat,
        jurisdiction=jurisdiction,
        address=args.address,
        deaths=args.deaths,
        injured=args.injured,
        missing=args.missing,
        trapped=args.trapped,
        exercise=args.exercise,
        reported_by=tx.actor.user,
        reported_at=tx.now,
        timeline=[_reported(tx, title, jurisdiction)],
        reported_by_jurisdiction=tx.actor.jurisdiction,
        reporter=args.reporter.strip(),
        reporter_phone=args.reporter_phone.strip(),
        occurred_at=occurred,
        source=args.source,
    )
    incident = tx.put("incident.create", incident)
    return {**result_of(incident), "number": incident.number,
            "suggested_grade": _suggestion(incident)}


_PATCHABLE = ("title", "description", "address", "type_code", "lon", "lat",
              "deaths", "injured", "missing", "trapped",
              "reporter", "reporter_phone", "occurred_at", "source")
_LONG = frozenset({"description", "address"})  # the timeline names them, without the value


def _shown(value: Any) -> str:
    """A value as the timeline words it: a time in UTC to the minute, ``2026-12-01 08:30Z``;
    an enumeration by its code."""
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M}Z"
    return repr(getattr(value, "value", value))


def _what_changed(incident: Incident, patch: dict[str, Any]) -> dict[str, str]:
    """``f.title: "'旧' → '新'", f.description: "", f.deaths: "0 → 3"``: short values
    old → new, long ones by name only (the entity carries the value; the timeline must stay
    small)."""
    return {
        FIELD + name: "" if name in _LONG else
        f"{_shown(getattr(incident, name))} → {_shown(value)}"
        for name, value in patch.items()
    }


def update(tx: Tx, args: IncidentUpdate) -> dict[str, Any]:
    incident = incident_for_change(tx, args.id, open_only=True)
    patch = {name: getattr(args, name) for name in _PATCHABLE if getattr(args, name) is not UNSET}
    if "title" in patch:
        patch["title"] = require_text(patch["title"], "title")
    if "occurred_at" in patch:
        patch["occurred_at"] = past_time(patch["occurred_at"], tx.now, "occurred_at")
    for name in ("reporter", "reporter_phone"):
        if name in patch:
            patch[name] = patch[name].strip()
    if "type_code" in patch and not is_valid_incident_type(patch["type_code"]):
        raise bad_request(f"unknown incident type {patch['type_code']!r}")
    patch = {k: v for k, v in patch.items() if getattr(incident, k) != v}
    if "lon" in patch or "lat" in patch:
        patch["jurisdiction"] = moved_jurisdiction(incident, patch.get("lon", incident.lon),
                                                   patch.get("lat", incident.lat))
        patch = {k: v for k, v in patch.items() if getattr(incident, k) != v}
    if not patch and not args.note:
        return {**result_of(incident), "suggested_grade": _suggestion(incident)}
    entries = timeline(tx, incident, "updated", _what_changed(incident, patch), args.note)
    changed = msgspec.structs.replace(incident, **patch, timeline=entries)
    changed = tx.put("incident.update", changed)
    return {**result_of(changed), "suggested_grade": _suggestion(changed)}


def grade(tx: Tx, args: IncidentGrade) -> dict[str, Any]:
    incident = incident_for_change(tx, args.id, open_only=True)
    changed = msgspec.structs.replace(incident, grade=args.grade, timeline=timeline(
        tx, incident, "graded", {"grade": args.grade.value}, args.note))
    return result_of(tx.put("incident.grade", changed))


def status(tx: Tx, args: IncidentStatusChange) -> dict[str, Any]:
    incident = incident_for_change(tx, args.id)
    if args.status == IncidentStatus.MERGED:
        raise bad_request("use incident.merge to merge an incident")
    return result_of(move_incident(tx, "incident.status", incident, args.status, "status",
                                   {"status": args.status.value}, args.note))


def merge(tx: Tx, args: IncidentMerge) -> dict[str, Any]:
    incident = incident_for_change(tx, args.id)
    if args.into == args.id:
        raise bad_request("an incident cannot be merged into itself")
    target = tx.get(Incident, args.into)
    require(rules.incident_open(tx.actor, target))
    dst = IncidentStatus.MERGED.value
    require(rules.incident_move(tx.actor, incident, dst, crews=_crews(tx, incident, dst)))
    merged = msgspec.structs.replace(
        incident, status=IncidentStatus.MERGED, merged_into=target.id,
        timeline=timeline(tx, incident, "merged_into", {"number": target.number}, args.note),
    )
    tx.put("incident.merge", merged)
    target = msgspec.structs.replace(target, timeline=timeline(
        tx, target, "merged_from", {"number": incident.number}, args.note))
    tx.put("incident.merge", target)
    return result_of(merged)


def close(tx: Tx, args: IncidentClose) -> dict[str, Any]:
    incident = incident_for_change(tx, args.id)
    return result_of(move_incident(tx, "incident.close", incident, IncidentStatus.CLOSED,
                                   "closed", note=args.note))


def set_exercise(tx: Tx, args: IncidentSetExercise) -> dict[str, Any]:
    incident = incident_for_change(tx, args.id, open_only=True)
    if incident.exercise == args.exercise:
        return result_of(incident)
    what = "exercise_on" if args.exercise else "exercise_off"
    changed = msgspec.structs.replace(incident, exercise=args.exercise,
                                      timeline=timeline(tx, incident, what))
    return result_of(tx.put("incident.set_exercise", changed))


def note(tx: Tx, args: IncidentNote) -> dict[str, Any]:
    incident = incident_for_change(tx, args.id, open_only=True)
    text = require_text(args.text, "note")
    changed = msgspec.structs.replace(incident, timeline=timeline(tx, incident, "note",
                                                                  note=text))
    return result_of(tx.put("incident.note", changed))
