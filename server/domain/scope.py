"""Who sees what (DESIGN.md §2): the domain rules of visibility used by the fan-out.

- ``province`` sees every operational entity; ``admin`` sees principals and jurisdictions only.
- ``city``/``county`` see entities whose jurisdiction lies within theirs (per kind, below),
  plus incidents elsewhere that their own teams are on or that they reported, and teams of
  others on incidents within their jurisdiction. "On" an incident means holding its
  assignment in one of the statuses dispatched, en_route, on_scene, working
  (protocol.machines.TEAM_ON_ASSIGNMENT): a released or recalled team has left it.
- ``liaison``/``field`` see only their units (``Actor.units``), those units' assignments, the
  incidents they are on (trimmed to a few fields, the rest named in ``withheld``), orders
  addressed to their units, and the responses and warnings covering where their units are
  based.
- Jurisdictions are visible to everyone; hazard tracks (a typhoon's path) to everyone but the
  admin; principals to the admin and to themselves.

``visible`` runs per session per event, so it is O(1) per call: the only cross-entity rule
(incidents worked on by a county's teams) reads an index that follows the state's changes
(O(changed entities) per event, whatever the number of teams).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from protocol.adcodes import ancestors, is_within
from protocol.entities import (
    EPOCH,
    Assignment,
    Base,
    Depot,
    DisasterProcess,
    DutyEntry,
    Incident,
    InfoReport,
    LossReport,
    MaterialRequest,
    Order,
    Plan,
    PlanTask,
    Response,
    Shelter,
    StockItem,
    SupportRequest,
    Team,
    Warning,
    kind_of,
)
from protocol.enums import Role
from protocol.machines import TEAM_ON_ASSIGNMENT

from ..state import State
from .api import Actor
from .orders import TEAM_PREFIX

_UNIT_ROLES = frozenset({Role.LIAISON, Role.FIELD})


# -- the one cross-entity index --------------------------------------------------------------
class CrewIndex:
    """incident id -> owner adcode -> how many of that owner's teams are on it.

    A team counts for an incident while it is in an on-assignment status and its assignment
    exists. The index watches the state: a change to a team, or to the assignment a team names,
    moves at most that team's one contribution, so upkeep is O(changes), never O(teams).
    """

    def __init__(self, state: State) -> None:
        self.crews: dict[str, dict[str, int]] = {}
        self._counts_for: dict[str, tuple[str, str]] = {}  # team id -> (incident id, owner)
        self._names: dict[str, str] = {}  # team id -> the assignment id it names
        self._named_by: dict[str, set[str]] = {}  # assignment id -> team ids naming it
        for team in state.all(Team):
            self._on_team(state, team.id, team)
        state.watch(self._on_change)

    def _on_change(self, state: State, before: Base | None, after: Base | None) -> None:
        entity = after if after is not None else before
        if isinstance(entity, Team):
            self._on_team(state, entity.id, after if isinstance(after, Team) else None)
        elif isinstance(entity, Assignment):
            for team_id in list(self._named_by.get(entity.id, ())):
                self._recount(state, team_id, state.get(Team, team_id))

    def _on_team(self, state: State, team_id: str, team: Team | None) -> None:
        named = team.assignment_id if team is not None else None
        old = self._names.get(team_id)
        if old != named:
            if old is not None:
                holders = self._named_by[old]
                holders.discard(team_id)
                if not holders:
                    del self._named_by[old]
                del self._names[team_id]
            if named is not None:
                self._names[team_id] = named
                self._named_by.setdefault(named, set()).add(team_id)
        self._recount(state, team_id, team)

    def _recount(self, state: State, team_id: str, team: Team | None) -> None:
        now: tuple[str, str] | None = None
        if (team is not None and team.assignment_id is not None
                and team.status.value in TEAM_ON_ASSIGNMENT):
            assignment = state.get(Assignment, team.assignment_id)
            if assignment is not None:
                now = (assignment.incident_id, team.jurisdiction)
        was = self._counts_for.get(team_id)
        if was == now:
            return
        if was is not None:
            del self._counts_for[team_id]
            owners = self.crews[was[0]]
            owners[was[1]] -= 1
            if not owners[was[1]]:
                del owners[was[1]]
                if not owners:
                    del self.crews[was[0]]
        if now is not None:
            self._counts_for[team_id] = now
            owners = self.crews.setdefault(now[0], {})
            owners[now[1]] = owners.get(now[1], 0) + 1


_indexes: weakref.WeakKeyDictionary[State, CrewIndex] = weakref.WeakKeyDictionary()
_NO_CREW: dict[str, int] = {}


def crew_index(state: State) -> CrewIndex:
    """The state's index: built once on first use, then kept in step by watching the state."""
    index = _indexes.get(state)
    if index is None:
        index = _indexes[state] = CrewIndex(state)
    return index


def _crews(state: State, incident_id: str) -> dict[str, int]:
    """Owning jurisdictions (keys) of the teams holding an open assignment on an incident."""
    return crew_index(state).crews.get(incident_id, _NO_CREW)


# -- per-kind rules for city and county ----------------------------------------------------
def _area_touches(scope: str, issuer: str, area: list[str]) -> bool:
    """Issued within the scope, or covering (part of) it, or covering it as a whole."""
    if is_within(issuer, scope):
        return True
    return any(is_within(code, scope) or is_within(scope, code) for code in (area or [issuer]))


def _sees_incident(state: State, scope: str, e: Incident) -> bool:
    if is_within(e.jurisdiction, scope):
        return True
    if e.reported_by_jurisdiction and is_within(e.reported_by_jurisdiction, scope):
        return True  # reported across a border: the reporter keeps seeing it
    return any(is_within(owner, scope) for owner in _crews(state, e.id))


def _sees_team(state: State, scope: str, e: Team) -> bool:
    if is_within(e.jurisdiction, scope):
        return True
    if e.assignment_id is None or e.status.value not in TEAM_ON_ASSIGNMENT:
        return False
    assignment = state.get(Assignment, e.assignment_id)
    incident = state.get(Incident, assignment.incident_id) if assignment else None
    return incident is not None and is_within(incident.jurisdiction, scope)


def _sees_assignment(state: State, scope: str, e: Assignment) -> bool:
    team = state.get(Team, e.team_id)
    if team is not None and is_within(team.jurisdiction, scope):
        return True
    incident = state.get(Incident, e.incident_id)
    return incident is not None and is_within(incident.jurisdiction, scope)


def _sees_order(state: State, scope: str, e: Order) -> bool:
    if is_within(e.issuer, scope):
        return True
    for addressee in e.addressees:
        if addressee.startswith(TEAM_PREFIX):
            team = state.get(Team, addressee[len(TEAM_PREFIX):])
            if team is not None and is_within(team.jurisdiction, scope):
                return True
        elif is_within(addressee, scope):
            return True
    return False


def _sees_material(state: State, scope: str, e: MaterialRequest) -> bool:
    if is_within(e.requester, scope) or is_within(e.decider, scope):
        return True
    depot = state.get(Depot, e.source_depot_id) if e.source_depot_id else None
    return depot is not None and is_within(depot.jurisdiction, scope)


def _sees_stock(state: State, scope: str, e: StockItem) -> bool:
    code = e.jurisdiction
    if not code:
        depot = state.get(Depot, e.depot_id)
        code = depot.jurisdiction if depot else ""
    return bool(code) and is_within(code, scope)


def _sees_support(state: State, scope: str, e: SupportRequest) -> bool:
    return is_within(e.requester, scope) or is_within(e.decider, scope)


def _sees_response(state: State, scope: str, e: Response) -> bool:
    return _area_touches(scope, e.jurisdiction, e.area)


def _sees_warning(state: State, scope: str, e: Warning) -> bool:
    return _area_touches(scope, e.issuer, e.area)


def _sees_process(state: State, scope: str, e: DisasterProcess) -> bool:
    """Opened within the scope, or listing one of its counties, or over it."""
    return _area_touches(scope, e.jurisdiction, e.counties)


def _by_jurisdiction(state: State, scope: str, e: Depot | LossReport | Plan | PlanTask | Shelter
                     | DutyEntry) -> bool:
    return is_within(e.jurisdiction, scope)


def _sees_info_report(state: State, scope: str, e: InfoReport) -> bool:
    """The incident's levels (filed there) and the submitter's (it keeps what it sent)."""
    return is_within(e.jurisdiction, scope) or is_within(e.submitted_by_jurisdiction, scope)


_OPERATOR_RULES: dict[str, Callable[[State, str, Any], bool]] = {
    "incident": _sees_incident,
    "team": _sees_team,
    "assignment": _sees_assignment,
    "support_request": _sees_support,
    "order": _sees_order,
    "response": _sees_response,
    "warning": _sees_warning,
    "material_request": _sees_material,
    "stock": _sees_stock,
    "depot": _by_jurisdiction,
    "loss_report": _by_jurisdiction,
    "plan": _by_jurisdiction,
    "plan_task": _by_jurisdiction,
    "shelter": _by_jurisdiction,
    "disaster_process": _sees_process,
    "duty_entry": _by_jurisdiction,  # the post that logged it and the levels above it
    "info_report": _sees_info_report,
}


# -- liaison and field -----------------------------------------------------------------------
_trimmed: dict[tuple[str, int], Incident] = {}
_TRIMMED_MAX = 4096


WITHHELD_FROM_UNITS = ("description", "address", "deaths", "injured", "missing", "trapped",
                       "timeline", "reported_by", "reported_at", "reported_by_jurisdiction",
                       "reporter", "reporter_phone", "occurred_at", "source")


def trimmed(incident: Incident) -> Incident:
    """An incident as a liaison or field terminal sees it: number, type, title, grade, status,
    position, jurisdiction (and the exercise flag); no description, timeline or reporter."""
    key = (incident.id, incident.version)
    out = _trimmed.get(key)
    if out is None:
        if len(_trimmed) >= _TRIMMED_MAX:
            _trimmed.clear()
        out = _trimmed[key] = Incident(
            id=incident.id, version=incident.version, updated_at=incident.updated_at,
            number=incident.number, type_code=incident.type_code, title=incident.title,
            grade=incident.grade, status=incident.status, lon=incident.lon, lat=incident.lat,
            jurisdiction=incident.jurisdiction, exercise=incident.exercise, reported_at=EPOCH,
            withheld=list(WITHHELD_FROM_UNITS),
        )
    return out


def _on_incident(state: State, actor: Actor, incident_id: str) -> bool:
    for team_id in actor.units:
        team = state.get(Team, team_id)
        if team is None or team.assignment_id is None or (
            team.status.value not in TEAM_ON_ASSIGNMENT
        ):
            continue
        assignment = state.get(Assignment, team.assignment_id)
        if assignment is not None and assignment.incident_id == incident_id:
            return True
    return False


def _unit_view(state: State, actor: Actor, entity: Base) -> Base | None:
    if isinstance(entity, Team):
        return entity if entity.id in actor.units else None
    if isinstance(entity, Assignment):
        return entity if entity.team_id in actor.units else None
    if isinstance(entity, Incident):
        return trimmed(entity) if _on_incident(state, actor, entity.id) else None
    if isinstance(entity, Order):
        units = {TEAM_PREFIX + u for u in actor.units}
        return entity if units.intersection(entity.addressees) else None
    if isinstance(entity, (Response, Warning)):  # in force where its units are based
        return entity if any(_covers_unit(state, u, entity) for u in actor.units) else None
    return None


def _covers_unit(state: State, team_id: str, entity: Response | Warning) -> bool:
    team = state.get(Team, team_id)
    if team is None:
        return False
    if isinstance(entity, Response):
        return _area_touches(team.jurisdiction, entity.jurisdiction, entity.area)
    return _area_touches(team.jurisdiction, entity.issuer, entity.area)


# -- the contract ------------------------------------------------------------------------------
def visible(state: State, actor: Actor, entity: Base) -> Base | None:
    """The entity as this actor may see it (a liaison gets a trimmed incident), or None."""
    kind = kind_of(entity)
    if kind == "jurisdiction":
        return entity
    if kind == "hazard_track":  # a typhoon's path concerns every post and unit, like the weather
        return entity if actor.role != Role.ADMIN else None
    if kind == "principal":
        return entity if actor.role == Role.ADMIN or entity.id == actor.user else None
    role = actor.role
    if role == Role.PROVINCE:
        return entity
    if role == Role.ADMIN:
        return None
    if role in _UNIT_ROLES:
        return _unit_view(state, actor, entity)
    rule = _OPERATOR_RULES.get(kind)
    return entity if rule is not None and rule(state, actor.jurisdiction, entity) else None


def related(state: State, entity: Base) -> list[Base]:
    """Entities whose visibility may flip when ``entity`` changes."""
    out: list[Base] = []
    if isinstance(entity, Assignment):
        incident = state.get(Incident, entity.incident_id)
        team = state.get(Team, entity.team_id)
        out.extend(e for e in (incident, team) if e is not None)
    elif isinstance(entity, Team) and entity.assignment_id is not None:
        assignment = state.get(Assignment, entity.assignment_id)
        if assignment is not None:
            out.append(assignment)
            incident = state.get(Incident, assignment.incident_id)
            if incident is not None:
                out.append(incident)
    return out


ALL_POSITIONS = "*"  # the key of every team's positions (the province sees them all)


def position_keys(state: State, team_id: str) -> frozenset[str]:
    """The keys under which a team's positions are seen: every team's (``ALL_POSITIONS``), its
    own (``unit:<id>``: its field terminals and liaisons), and the jurisdictions whose city and
    county officers see it: the team's own and each one above it, and, while it is on an
    assignment, the incident's and each one above that (what ``_sees_team`` allows).
    :func:`position_sight` gives an actor's keys; the two meet exactly where
    :func:`may_see_positions_of` holds, and fan-out groups a positions batch by key once
    instead of asking for every team and every console."""
    team = state.get(Team, team_id)
    if team is None:
        return frozenset()
    keys = {ALL_POSITIONS, f"unit:{team_id}", *ancestors(team.jurisdiction)}
    if team.assignment_id is not None and team.status.value in TEAM_ON_ASSIGNMENT:
        assignment = state.get(Assignment, team.assignment_id)
        incident = state.get(Incident, assignment.incident_id) if assignment else None
        if incident is not None:
            keys.update(ancestors(incident.jurisdiction))
    return frozenset(keys)


def position_sight(actor: Actor) -> frozenset[str]:
    """The position keys an actor sees (see :func:`position_keys`)."""
    if actor.role == Role.PROVINCE:
        return frozenset({ALL_POSITIONS})
    if actor.role == Role.ADMIN:
        return frozenset()
    if actor.role in _UNIT_ROLES:
        return frozenset(f"unit:{u}" for u in actor.units)
    return frozenset({actor.jurisdiction})


def may_see_positions_of(state: State, actor: Actor, team_id: str) -> bool:
    return not position_sight(actor).isdisjoint(position_keys(state, team_id))
