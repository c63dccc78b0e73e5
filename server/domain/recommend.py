"""Nearest capable teams: who can get to an incident soonest.

Pure ranking over teams: a team qualifies when it is dispatchable and has the capability
asked for (matched against its capabilities, its type code or its type's English label,
ignoring case and treating ``_``, ``-`` and spaces alike: "Water rescue" finds ``water_rescue``).
Travel time is the great-circle distance from the team's latest reported
position (or its base) times a road factor, at a typical speed for the team's type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from protocol.catalog import fitting
from protocol.entities import Incident, Position, Team
from protocol.enums import TeamType
from protocol.geo import haversine_m
from protocol.machines import TEAM_DISPATCHABLE

ROAD_FACTOR = 1.3  # road distance / straight-line distance, typical for Zhejiang's hills [G]
SPEED_KMH: dict[TeamType, float] = {  # typical convoy speeds [G]
    TeamType.FIRE_RESCUE: 50,
    TeamType.NATIONAL_MOBILE: 60,
    TeamType.FOREST_FIRE: 45,
    TeamType.FLOOD: 45,
    TeamType.USAR_GEO: 50,
    TeamType.MINE: 50,
    TeamType.HAZMAT: 45,
    TeamType.AVIATION: 200,
    TeamType.SOCIAL: 40,
    TeamType.TOWNSHIP: 35,
    TeamType.MILITIA: 40,
    TeamType.PLA: 50,
    TeamType.PAP: 50,
    TeamType.MEDICAL: 55,
    TeamType.POWER: 45,
    TeamType.COMMS: 50,
}
AIRBORNE = frozenset({TeamType.AVIATION})  # fly straight: no road factor


@dataclass(frozen=True)
class Candidate:
    team: Team
    distance_km: float  # along the way it travels (road factor applied unless airborne)
    eta_min: float
    from_position: bool  # measured from the latest reported position, not the base
    matched: str | None  # the capability that matched, if one was asked for
    fits: tuple[str, ...] = ()  # its capabilities (or type) that fit the incident's type
    on_exercise: bool = False  # on an exercise assignment: a real incident takes it from it

    @property
    def reason(self) -> str:
        parts = [self.team.type.value, f"{self.distance_km:.0f} km", f"~{self.eta_min:.0f} min"]
        if not self.from_position:
            parts.append("from base")
        if self.matched is not None:
            parts.append(f"capability: {self.matched}")
        if self.on_exercise:
            parts.append("taken from an exercise")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "team_id": self.team.id,
            "name": self.team.name,
            "type": self.team.type.value,
            "jurisdiction": self.team.jurisdiction,
            "distance_km": round(self.distance_km, 1),
            "eta_min": round(self.eta_min, 1),
            "reason": self.reason,
            "headcount": self.team.headcount,
            "from_position": self.from_position,
            "matched": self.matched,
            "fits": list(self.fits),
            "on_exercise": self.on_exercise,
        }


def _norm(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").casefold().split())


def matching_capability(team: Team, capability: str | None) -> tuple[bool, str | None]:
    """(qualifies, the matched capability text) for a capability or team type wanted."""
    if capability is None or not capability.strip():
        return True, None
    wanted = _norm(capability)
    for cap in team.capabilities:
        if _norm(cap) == wanted:
            return True, cap
    if wanted in (_norm(team.type.value), _norm(team.type.en)):
        return True, team.type.value
    return False, None


def travel(team: Team, position: Position | None, lon: float, lat: float) -> tuple[float, float]:
    """(distance km, minutes) from where the team is (or its base) to a point."""
    start = (position.lon, position.lat) if position is not None else (team.base_lon,
                                                                       team.base_lat)
    km = haversine_m(start[0], start[1], lon, lat) / 1000.0
    if team.type not in AIRBORNE:
        km *= ROAD_FACTOR
    return km, km / SPEED_KMH.get(team.type, 40.0) * 60.0


def rank(
    teams: Iterable[Team],
    positions: Mapping[str, Position],
    incident: Incident,
    capability: str | None,
    allowed: Callable[[Team], bool],
    limit: int,
    on_exercise: Callable[[Team], bool] = lambda _team: False,
) -> list[Candidate]:
    """Qualified, allowed teams: those whose capabilities fit the incident's type first, then
    by estimated travel time (then distance, then name). Free teams qualify; for a real
    incident, so do teams busy on an exercise (``on_exercise``): a real emergency takes any
    team, and its exercise assignment is released."""
    wanted = fitting(incident.type_code)
    out = []
    for team in teams:
        busy = team.status.value not in TEAM_DISPATCHABLE or team.assignment_id is not None
        drill = busy and not incident.exercise and on_exercise(team)
        if busy and not drill:
            continue
        ok, matched = matching_capability(team, capability)
        if not ok or not allowed(team):
            continue
        position = positions.get(team.id)
        km, minutes = travel(team, position, incident.lon, incident.lat)
        fits = tuple(sorted(c for c in {*team.capabilities, team.type.value} if c in wanted))
        out.append(Candidate(team, km, minutes, position is not None, matched, fits, drill))
    out.sort(key=lambda c: (not c.fits, c.eta_min, c.distance_km, c.team.name))
    return out[:limit]
