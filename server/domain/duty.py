"""The duty desk (值班日志, 接、报、传、跟): a call is logged with the checklist, reported to the
duty leader, passed on, followed up, and then becomes an incident or is closed with a reason.
Every step is timed (the server's now) and attributed (the actor) in the entry's ``steps``."""

from __future__ import annotations

from typing import Any

import msgspec

from protocol import rules
from protocol.catalog import INCIDENT_TYPES, is_valid_incident_type
from protocol.commands import DutyClose, DutyLog, DutyStepArgs, DutyToIncident, IncidentCreate
from protocol.duty import STEP_OF_STATE, DutyState, DutyStepKind
from protocol.entities import DutyEntry, DutyStep, Incident
from protocol.limits import TEXT, keep_newest

from .api import Tx, result_of
from .authz import require
from .checks import CLOCK_SKEW, bad_request, local_time, new_id, past_time, require_text
from .incidents import create as create_incident
from .incidents import timeline


def _step(tx: Tx, entry: DutyEntry, what: DutyStepKind, text: str) -> list[DutyStep]:
    """The entry's steps with one appended, numbered and trimmed as the entity keeps them."""
    last = entry.steps[-1].n if entry.steps else 0
    step = DutyStep(what=what, at=tx.now, by=tx.actor.user, text=text, n=last + 1)
    return keep_newest(DutyEntry, "steps", [*entry.steps, step])


def _entry_for(tx: Tx, entry_id: str, dst: str) -> DutyEntry:
    entry = tx.get(DutyEntry, entry_id)
    require(rules.duty_step(tx.actor, entry, dst))
    tx.check_version(entry)
    return entry


def _move(tx: Tx, op: str, entry: DutyEntry, dst: DutyState, text: str,
          **fields: Any) -> DutyEntry:
    changed = msgspec.structs.replace(entry, state=dst, **fields,
                                      steps=_step(tx, entry, STEP_OF_STATE[dst.value], text))
    return tx.put(op, changed)


def log(tx: Tx, args: DutyLog) -> dict[str, Any]:
    require(rules.duty_log(tx.actor))
    caller = require_text(args.caller, "caller")
    phone = require_text(args.phone, "phone")
    place = require_text(args.place, "place")
    if not is_valid_incident_type(args.type_code):
        raise bad_request(f"unknown incident type {args.type_code!r}")
    if (args.lon is None) != (args.lat is None):
        raise bad_request("lon and lat go together")
    received = local_time(args.received_at) if args.received_at is not None else tx.now
    if received > tx.now + CLOCK_SKEW:
        raise bad_request("received_at lies in the future")
    received = min(received, tx.now).replace(second=0, microsecond=0)
    occurred = past_time(args.occurred_at, tx.now, "occurred_at")
    entry = DutyEntry(
        id=new_id(), jurisdiction=tx.actor.jurisdiction, received_at=received,
        logged_by=tx.actor.user, caller=caller, caller_unit=args.caller_unit.strip(),
        phone=phone, type_code=args.type_code, occurred_at=occurred, place=place,
        lon=args.lon, lat=args.lat, grade=args.grade, deaths=args.deaths, injured=args.injured,
        missing=args.missing, trapped=args.trapped, summary=args.summary.strip(),
        actions=args.actions.strip(), help_wanted=args.help_wanted.strip(),
        exercise=args.exercise,
        steps=[DutyStep(what=DutyStepKind.LOGGED, at=tx.now, by=tx.actor.user,
                        text=f"{caller} {phone}: {place}", n=1)],
    )
    return result_of(tx.put("duty.log", entry))


def report_leader(tx: Tx, args: DutyStepArgs) -> dict[str, Any]:
    entry = _entry_for(tx, args.id, DutyState.REPORTED_TO_LEADER.value)
    return result_of(_move(tx, "duty.report_leader", entry, DutyState.REPORTED_TO_LEADER,
                           args.text.strip()))


def pass_on(tx: Tx, args: DutyStepArgs) -> dict[str, Any]:
    entry = _entry_for(tx, args.id, DutyState.PASSED_ON.value)
    text = require_text(args.text, "text (to whom, and what was passed on)")
    return result_of(_move(tx, "duty.pass_on", entry, DutyState.PASSED_ON, text))


def follow_up(tx: Tx, args: DutyStepArgs) -> dict[str, Any]:
    entry = _entry_for(tx, args.id, DutyState.FOLLOWING_UP.value)
    text = require_text(args.text, "text (what the follow-up found)")
    return result_of(_move(tx, "duty.follow_up", entry, DutyState.FOLLOWING_UP, text))


def close(tx: Tx, args: DutyClose) -> dict[str, Any]:
    entry = _entry_for(tx, args.id, DutyState.CLOSED.value)
    reason = require_text(args.reason, "reason")
    return result_of(_move(tx, "duty.close", entry, DutyState.CLOSED, reason,
                           close_reason=reason))


def _clip(text: str, limit: int) -> str:
    data = text.encode()
    return text if len(data) <= limit else data[:limit].decode(errors="ignore")


def _description(entry: DutyEntry) -> str:
    """The incident's description from the checklist: what was said, done and wanted, and
    who called."""
    caller = f"{entry.caller}（{entry.caller_unit}）" if entry.caller_unit else entry.caller
    lines = [entry.summary,
             f"已采取措施：{entry.actions}" if entry.actions else "",
             f"需要支援：{entry.help_wanted}" if entry.help_wanted else "",
             f"报告人：{caller} {entry.phone}"]
    return _clip("\n".join(line for line in lines if line), TEXT)


def to_incident(tx: Tx, args: DutyToIncident) -> dict[str, Any]:
    """The incident made from the entry by incident.create's own code, in this command; the
    entry names the incident and the incident's timeline names the entry. The incident was
    received (``reported_at``) when the call was, so its reporting deadlines run from then."""
    entry = _entry_for(tx, args.id, DutyState.BECAME_INCIDENT.value)
    lon = args.lon if args.lon is not None else entry.lon
    lat = args.lat if args.lat is not None else entry.lat
    if lon is None or lat is None:
        raise bad_request("the entry has no point: give lon and lat for the incident")
    kind = INCIDENT_TYPES.get(entry.type_code)
    title = args.title.strip() or f"{entry.place}{kind.zh if kind else entry.type_code}"
    created = create_incident(tx, IncidentCreate(
        type_code=entry.type_code, title=_clip(title, 200), lon=lon, lat=lat,
        jurisdiction=args.jurisdiction, description=_description(entry), address=entry.place,
        grade=entry.grade, deaths=entry.deaths, injured=entry.injured, missing=entry.missing,
        trapped=entry.trapped, exercise=entry.exercise, reporter=entry.caller,
        reporter_phone=entry.phone, occurred_at=entry.occurred_at, source=args.source))
    incident = tx.get(Incident, created["id"])
    received = {"entry": entry.id, "received": f"{entry.received_at:%Y-%m-%d %H:%M}"}
    incident = tx.put("incident.create", msgspec.structs.replace(
        incident, reported_at=entry.received_at,
        timeline=timeline(tx, incident, "from_duty_log", received)))
    text = f"incident {incident.number}" + (f": {args.text.strip()}" if args.text.strip() else "")
    changed = _move(tx, "duty.to_incident", entry, DutyState.BECAME_INCIDENT, text,
                    incident_id=incident.id)
    return {**result_of(changed), "incident_id": incident.id, "number": incident.number,
            "suggested_grade": created.get("suggested_grade")}
