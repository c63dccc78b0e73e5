"""Teams and assignments: one state machine, one audit trail.

A team's status and its open assignment move together (protocol.machines): dispatch creates
the assignment and sets the team ``dispatched``; every later move of the team (through
``team.status`` or ``assignment.status``) moves the assignment to the matching status; a team
that goes ``returning``/``available``/``out_of_service`` ends its assignment and is free again.
"""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec import UNSET

from protocol import rules
from protocol.commands import (
    AssignmentAcknowledge,
    AssignmentDispatch,
    AssignmentRecall,
    AssignmentRelease,
    AssignmentStatusChange,
    TeamCreate,
    TeamStatusChange,
    TeamUpdate,
)
from protocol.entities import Assignment, Incident, Team, TimelineEntry
from protocol.enums import AssignmentStatus, IncidentStatus, TeamStatus
from protocol.machines import ASSIGNMENT_OF_TEAM_STATUS

from .api import Tx, result_of
from .authz import require, require_team_control, require_within
from .checks import (
    new_id,
    require_adcode,
    require_move,
    require_text,
)
from .entries import append
from .incidents import move_incident, timeline
from .support import link_assignment

# Incident statuses that turn into ``responding`` on the first dispatch.
_BEFORE_RESPONSE = frozenset({"received", "verifying", "assessed"})


def _entry(tx: Tx, text: str) -> TimelineEntry:
    return TimelineEntry(ts=tx.now, actor=tx.actor.user, text=text)


def _history(assignment: Assignment | None, entry: TimelineEntry) -> list[TimelineEntry]:
    return append(Assignment, "history", assignment.history if assignment else [], entry)


def _clean_list(values: list[str], what: str) -> list[str]:
    return [require_text(v, what) for v in values]


def create(tx: Tx, args: TeamCreate) -> dict[str, Any]:
    jurisdiction = require_adcode(args.jurisdiction)
    require_within(tx.actor, jurisdiction, "jurisdiction")
    team = Team(
        id=new_id(),
        name=require_text(args.name, "name"),
        type=args.type,
        jurisdiction=jurisdiction,
        base_lon=args.base_lon,
        base_lat=args.base_lat,
        base_name=args.base_name,
        headcount=args.headcount,
        capabilities=_clean_list(args.capabilities, "capability"),
        equipment=_clean_list(args.equipment, "equipment"),
        rating=args.rating,
        contact=args.contact,
        status_since=tx.now,
        exercise=args.exercise,
    )
    return result_of(tx.put("team.create", team))


def update(tx: Tx, args: TeamUpdate) -> dict[str, Any]:
    team = tx.get(Team, args.id)
    require_within(tx.actor, team.jurisdiction, "team", team.name)
    tx.check_version(team)
    patch: dict[str, Any] = {}
    if args.name is not UNSET:
        patch["name"] = require_text(args.name, "name")
    if args.headcount is not UNSET:
        patch["headcount"] = args.headcount
    if args.capabilities is not UNSET:
        patch["capabilities"] = _clean_list(args.capabilities, "capability")
    if args.equipment is not UNSET:
        patch["equipment"] = _clean_list(args.equipment, "equipment")
    if args.rating is not UNSET:
        patch["rating"] = args.rating
    if args.contact is not UNSET:
        patch["contact"] = args.contact
    if args.base_name is not UNSET:
        patch["base_name"] = args.base_name
    patch = {k: v for k, v in patch.items() if getattr(team, k) != v}
    if not patch:
        return result_of(team)
    return result_of(tx.put("team.update", msgspec.structs.replace(team, **patch)))


def move_team(tx: Tx, op: str, team: Team, dst: TeamStatus, note: str = "") -> Team:
    """Move a team and, in step, its open assignment. Refuses illegal moves with conflict."""
    require(rules.team_move(team, dst.value))
    assignment_id = team.assignment_id
    if assignment_id is not None:
        assignment = tx.get(Assignment, assignment_id)
        follow = AssignmentStatus(ASSIGNMENT_OF_TEAM_STATUS[dst.value])
        if follow != assignment.status:
            require_move("assignment", assignment.status.value, follow.value)
            text = f"team {dst.value}" + (f": {note}" if note else "")
            tx.put(op, msgspec.structs.replace(
                assignment, status=follow, history=_history(assignment, _entry(tx, text))
            ))
        if follow == AssignmentStatus.ENDED:
            assignment_id = None
    moved = msgspec.structs.replace(team, status=dst, status_since=tx.now,
                                    assignment_id=assignment_id)
    return tx.put(op, moved)


def status(tx: Tx, args: TeamStatusChange) -> dict[str, Any]:
    team = tx.get(Team, args.id)
    require_team_control(tx.actor, team)
    tx.check_version(team)
    return result_of(move_team(tx, "team.status", team, args.status, args.note))


def on_exercise(tx: Tx, team: Team) -> bool:
    """Whether the team's open assignment is on an exercise incident."""
    assignment = tx.find(Assignment, team.assignment_id) if team.assignment_id else None
    incident = tx.find(Incident, assignment.incident_id) if assignment else None
    return incident is not None and incident.exercise


def _take_from_exercise(tx: Tx, team: Team, incident: Incident) -> Team:
    """A real emergency takes a team from a drill: its exercise assignment ends, with a note."""
    assignment = tx.get(Assignment, team.assignment_id or "")
    require_move("assignment", assignment.status.value, AssignmentStatus.ENDED.value)
    tx.put("assignment.dispatch", msgspec.structs.replace(
        assignment, status=AssignmentStatus.ENDED, history=_history(assignment, _entry(
            tx, f"released from the exercise: taken for real incident {incident.number}"))))
    return msgspec.structs.replace(team, assignment_id=None)


def dispatch(tx: Tx, args: AssignmentDispatch) -> dict[str, Any]:
    team = tx.get(Team, args.team_id)
    incident = tx.get(Incident, args.incident_id)
    drill = on_exercise(tx, team)
    require(rules.dispatch(tx.actor, incident, team, on_exercise=drill))
    tx.check_version(team)
    if team.assignment_id is not None:  # allowed only when a real incident takes it from a drill
        team = _take_from_exercise(tx, team, incident)
    assignment = Assignment(
        id=new_id(),
        team_id=team.id,
        incident_id=incident.id,
        task=args.task.strip(),
        ordered_by=tx.actor.user,
        ordered_by_jurisdiction=tx.actor.jurisdiction,
        ordered_at=tx.now,
        support_request_id=args.support_request_id,
        history=_history(None, _entry(tx, f"dispatched to {incident.number}"
                                      + (f": {args.task.strip()}" if args.task.strip() else ""))),
    )
    if args.support_request_id is not None:
        link_assignment(tx, args.support_request_id, assignment)
    assignment = tx.put("assignment.dispatch", assignment)
    tx.put("assignment.dispatch", msgspec.structs.replace(
        team, status=TeamStatus.DISPATCHED, status_since=tx.now, assignment_id=assignment.id
    ))
    if incident.status.value in _BEFORE_RESPONSE:
        move_incident(tx, "assignment.dispatch", incident, IncidentStatus.RESPONDING,
                      "responding", {"team": team.name})
    else:
        tx.put("assignment.dispatch", msgspec.structs.replace(
            incident, timeline=timeline(tx, incident, "dispatched", {"team": team.name})))
    return result_of(assignment)


def _open_assignment(tx: Tx, assignment_id: str) -> tuple[Assignment, Team]:
    assignment = tx.get(Assignment, assignment_id)
    team = tx.get(Team, assignment.team_id)
    require(rules.open_assignment(team, assignment))
    return assignment, team


def acknowledge(tx: Tx, args: AssignmentAcknowledge) -> dict[str, Any]:
    assignment, team = _open_assignment(tx, args.id)
    why = rules.assignment_ack(tx.actor, team, assignment)
    if why is None or why.code not in rules.NOTHING_TO_DO:
        require(why)
    tx.check_version(assignment)
    if why is not None:
        return result_of(assignment)
    acked = msgspec.structs.replace(
        assignment, acknowledged_at=tx.now, acknowledged_by=tx.actor.user,
        history=_history(assignment, _entry(tx, "acknowledged")),
    )
    return result_of(tx.put("assignment.acknowledge", acked))


def assignment_status(tx: Tx, args: AssignmentStatusChange) -> dict[str, Any]:
    assignment, team = _open_assignment(tx, args.id)
    require_team_control(tx.actor, team)
    tx.check_version(assignment)
    move_team(tx, "assignment.status", team, args.status, args.note)
    return result_of(tx.get(Assignment, assignment.id))


def _command_move(tx: Tx, op: str, assignment_id: str, dst: TeamStatus, note: str) -> Assignment:
    assignment, team = _open_assignment(tx, assignment_id)
    require(rules.assignment_control(tx.actor, team, assignment, dst.value))
    tx.check_version(assignment)
    move_team(tx, op, team, dst, note)
    return tx.get(Assignment, assignment.id)


def release(tx: Tx, args: AssignmentRelease) -> dict[str, Any]:
    return result_of(_command_move(tx, "assignment.release", args.id, TeamStatus.RELEASED,
                                   args.note))


def recall(tx: Tx, args: AssignmentRecall) -> dict[str, Any]:
    return result_of(_command_move(tx, "assignment.recall", args.id, TeamStatus.RECALLED,
                                   args.note))
