"""Who sees what (DESIGN.md §2): the domain rules of visibility used by the fan-out.

- ``province`` sees every operational entity; ``admin`` sees principals and jurisdictions only.
- ``city``/``county`` see entities whose jurisdiction lies within theirs (per kind, below),
  plus incidents elsewhere that their own teams are on, and teams of others on incidents
  within their jurisdiction. "On" an incident means holding its assignment in one of the
  statuses dispatched, en_route, on_scene, working (protocol.machines.TEAM_ON_ASSIGNMENT):
  a released or recalled team has left it.
- ``liaison``/``field`` see only their units (``Actor.units``), those units' assignments, the
  incidents they are on (trimmed to a few fields) and orders addressed to their units.
- Jurisdictions are visible to everyone; principals to the admin and to themselves.

``visible`` runs per session per event, so it is O(1) per call: the only cross-entity rule
(incidents worked on by a county's teams) reads an index rebuilt once per applied seq.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from protocol.adcodes import is_within
from protocol.entities import (
    EPOCH,
    Assignment,
    Base,
    Depot,
    Incident,
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

from .domain.api import Actor
from .domain.orders import TEAM_PREFIX
from .state import State

_UNIT_ROLES = frozenset({Role.LIAISON, Role.FIELD})


# -- the one cross-entity index --------------------------------------------------------------
@dataclass
class _Index:
    seq: int
    crews: dict[str, set[str]] = field(default_factory=dict)  # incident id -> owner adcodes


_indexes: weakref.WeakKeyDictionary[State, _Index] = weakref.WeakKeyDictionary()


def _build_index(state: State) -> _Index:
    index = _Index(seq=state.seq)
    for team in state.all(Team):
        if team.assignment_id is None or team.status.value not in TEAM_ON_ASSIGNMENT:
            continue
        assignment = state.get(Assignment, team.assignment_id)
        if assignment is not None:
            index.crews.setdefault(assignment.incident_id, set()).add(team.jurisdiction)
    return index


def _crews(state: State, incident_id: str) -> set[str]:
    """Owning jurisdictions of the teams holding an open assignment on an incident.

    Cached per applied seq; a state whose seq is not maintained (0) is always recomputed.
    """
    index = _indexes.get(state)
    if index is None or index.seq != state.seq or state.seq == 0:
        index = _build_index(state)
        _indexes[state] = index
    return index.crews.get(incident_id, set())


# -- per-kind rules for city and county ----------------------------------------------------
def _area_touches(scope: str, issuer: str, area: list[str]) -> bool:
    """Issued within the scope, or covering (part of) it, or covering it as a whole."""
    if is_within(issuer, scope):
        return True
    return any(is_within(code, scope) or is_within(scope, code) for code in (area or [issuer]))


def _sees_incident(state: State, scope: str, e: Incident) -> bool:
    if is_within(e.jurisdiction, scope):
        return True
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


def _by_jurisdiction(state: State, scope: str, e: Depot | LossReport | Plan | PlanTask | Shelter
                     ) -> bool:
    return is_within(e.jurisdiction, scope)


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
}


# -- liaison and field -----------------------------------------------------------------------
_trimmed: dict[tuple[str, int], Incident] = {}
_TRIMMED_MAX = 4096


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
    return None


# -- the contract ------------------------------------------------------------------------------
def visible(state: State, actor: Actor, entity: Base) -> Base | None:
    """The entity as this actor may see it (a liaison gets a trimmed incident), or None."""
    kind = kind_of(entity)
    if kind == "jurisdiction":
        return entity
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


def may_see_positions_of(state: State, actor: Actor, team_id: str) -> bool:
    if actor.role == Role.PROVINCE:
        return True
    if actor.role == Role.ADMIN:
        return False
    if actor.role in _UNIT_ROLES:
        return team_id in actor.units
    team = state.get(Team, team_id)
    return team is not None and _sees_team(state, actor.jurisdiction, team)

