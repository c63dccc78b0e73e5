"""The rulebook: every reason code has a wire error code and a wording on both sides."""

from __future__ import annotations

import ast
from pathlib import Path

from console.state import guards
from protocol import rules
from protocol.entities import Incident, Team
from protocol.enums import IncidentStatus, Role, TeamStatus, TeamType
from protocol.errors import ErrorCode
from server.domain import authz
from server.domain.api import Actor

RULES = Path(rules.__file__)
YJ = Actor("yj", Role.COUNTY, "330324")
WZ = Actor("wz", Role.CITY, "330300")


def codes_given() -> set[str]:
    """Every code the rulebook's functions construct (``_r("code", ...)``)."""
    tree = ast.parse(RULES.read_text(encoding="utf-8"))
    return {node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "_r" and isinstance(node.args[0], ast.Constant)}


def test_every_code_has_an_error_and_both_wordings() -> None:
    given = codes_given() | {"not_signed_in"}
    assert given == set(rules.ERRORS)
    assert set(authz.SENTENCES) == set(rules.ERRORS)
    assert set(guards.WORDS) == set(rules.ERRORS)
    assert set(rules.ERRORS) >= rules.NOTHING_TO_DO


def incident(status: str, exercise: bool = False) -> Incident:
    return Incident(id="i", number="ZJ-1", type_code="11D01", title="t", lon=120.7, lat=28.2,
                    jurisdiction="330324", status=IncidentStatus(status), exercise=exercise)


def test_dispatch_refusals_carry_their_parameters() -> None:
    team = Team(id="t", name="Flood", type=TeamType.FLOOD, jurisdiction="330300",
                base_lon=120.6, base_lat=28.0)
    assert rules.dispatch(WZ, incident("responding"), team) is None
    refusal = rules.dispatch(YJ, incident("responding"), team)
    assert refusal == rules.Refusal("team_not_commanded",
                                    {"team": "Flood", "code": "330300", "mine": "330324"})
    assert refusal.error == ErrorCode.FORBIDDEN
    assert authz.sentence(refusal) == "team Flood belongs to 330300: 330324 may not command it"
    recovery = rules.dispatch(WZ, incident("recovery"), team)
    assert recovery is not None and recovery.code == "incident_in_recovery"
    assert recovery.error == ErrorCode.CONFLICT
    busy = Team(id="x", name="Drill", type=TeamType.FLOOD, jurisdiction="330300",
                base_lon=120.6, base_lat=28.0, status=TeamStatus.ON_SCENE, assignment_id="a")
    refused = rules.dispatch(WZ, incident("responding"), busy)
    assert refused is not None and refused.code == "team_not_dispatchable"
    # A real incident takes a team off an exercise assignment.
    assert rules.dispatch(WZ, incident("responding"), busy, on_exercise=True) is None
    assert guards.word(recovery) == "The incident is in recovery: no more dispatches."


def test_roles_are_the_enum_on_both_sides() -> None:
    admin = Actor("a", Role.ADMIN, "330000")
    refusal = rules.operator(admin)
    assert refusal is not None and refusal.params == {"role": "admin"}
    assert authz.sentence(refusal).startswith("an admin user may not")
