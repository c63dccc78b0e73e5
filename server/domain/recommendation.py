"""The ``team.recommend`` query: nearest capable teams the actor may send to an incident."""

from __future__ import annotations

from typing import Any

from protocol.commands import TeamRecommend
from protocol.entities import Incident, Position, Team

from .api import Tx
from .authz import covers, require_within
from .recommend import rank
from .teams import on_exercise


def recommend(tx: Tx, args: TeamRecommend) -> dict[str, Any]:
    incident = tx.get(Incident, args.incident_id)
    require_within(tx.actor, incident.jurisdiction, "incident", incident.number)
    teams = tx.all(Team)
    positions: dict[str, Position] = {}
    for team in teams:
        position = tx.position(team.id)
        if position is not None:
            positions[team.id] = position
    candidates = rank(teams, positions, incident, args.capability,
                      lambda team: covers(tx.actor, team.jurisdiction), args.limit,
                      lambda team: on_exercise(tx, team))
    return {"incident_id": incident.id, "teams": [c.as_dict() for c in candidates]}
