"""The crew index behind "incidents my teams are on" follows the state change by change and
always equals a from-scratch computation, whatever order teams and assignments arrive in,
and through the domain handlers' own dispatch / status / release / recall sequences."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.entities import Assignment, Incident, Team
from protocol.enums import TeamStatus, TeamType
from protocol.machines import TEAM_ON_ASSIGNMENT
from server.domain import scope
from server.domain.api import CommandError
from server.state import State

from .domain_helpers import (
    HANGZHOU,
    LUCHENG,
    LUCHENG_POS,
    PROVINCE,
    TONGLU,
    TONGLU_POS,
    XIHU,
    XIHU_POS,
    World,
)

T0 = datetime(2026, 11, 28, tzinfo=UTC)
TEAMS = [f"t{i}" for i in range(5)]
ASSIGNMENTS = [f"a{i}" for i in range(5)]
INCIDENTS = [f"i{i}" for i in range(3)]
OWNERS = ["330106", "330122", "330302"]


def from_scratch(state: State) -> dict[str, dict[str, int]]:
    """The definition: per incident, per owner, the teams on it (status on-assignment and
    the named assignment exists)."""
    out: dict[str, dict[str, int]] = {}
    for team in state.all(Team):
        if team.assignment_id is None or team.status.value not in TEAM_ON_ASSIGNMENT:
            continue
        assignment = state.get(Assignment, team.assignment_id)
        if assignment is not None:
            owners = out.setdefault(assignment.incident_id, {})
            owners[team.jurisdiction] = owners.get(team.jurisdiction, 0) + 1
    return out


def team(id: str, assignment_id: str | None, status: TeamStatus, owner: str) -> Team:
    return Team(id=id, name=id, type=TeamType.FLOOD, jurisdiction=owner, base_lon=120.0,
                base_lat=30.0, status=status, assignment_id=assignment_id)


def assignment(id: str, incident_id: str) -> Assignment:
    return Assignment(id=id, team_id="", incident_id=incident_id, ordered_by="x",
                      ordered_by_jurisdiction="330000", ordered_at=T0)


put_team = st.builds(
    lambda *a: ("team", team(*a)),
    st.sampled_from(TEAMS), st.sampled_from([None, *ASSIGNMENTS]),
    st.sampled_from(list(TeamStatus)), st.sampled_from(OWNERS),
)
put_assignment = st.builds(
    lambda *a: ("assignment", assignment(*a)),
    st.sampled_from(ASSIGNMENTS), st.sampled_from(INCIDENTS),
)
drop = st.tuples(st.just("discard"), st.tuples(st.sampled_from(["team", "assignment"]),
                                                st.sampled_from(TEAMS + ASSIGNMENTS)))
steps = st.lists(st.one_of(put_team, put_assignment, drop), max_size=40)


def run(state: State, step: tuple[str, object]) -> None:
    what, arg = step
    if what == "discard":
        kind, id = arg  # type: ignore[misc]
        state.discard(kind, id)
    else:
        state.apply(arg)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(before=steps, after=steps)
def test_index_equals_a_rebuild_after_every_change(
    before: list[tuple[str, object]], after: list[tuple[str, object]]
) -> None:
    state = State()
    for step in before:  # what the index finds when first built
        run(state, step)
    index = scope.crew_index(state)
    assert index.crews == from_scratch(state)
    for step in after:  # what it must follow from then on
        run(state, step)
        assert index.crews == from_scratch(state), step
    assert scope.crew_index(state) is index


domain_moves = st.lists(
    st.tuples(
        st.sampled_from(["dispatch", "en_route", "on_scene", "working", "release", "recall",
                         "available"]),
        st.integers(0, 3),  # team
        st.integers(0, 2),  # incident
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(moves=domain_moves)
def test_index_follows_the_domain_handlers(moves: list[tuple[str, int, int]]) -> None:
    w = World()
    scope.crew_index(w.state)  # watching from the start
    teams = [w.team(HANGZHOU, code, XIHU_POS) for code in ("330106", "330122", "330106")]
    teams.append(w.team(HANGZHOU, "330100", XIHU_POS))
    fires = [w.incident(XIHU, XIHU_POS), w.incident(TONGLU, TONGLU_POS),
             w.incident(LUCHENG, LUCHENG_POS)]
    for move, t, i in moves:
        current = w.get(Team, teams[t]).assignment_id
        try:
            if move == "dispatch":
                w.run(PROVINCE, "assignment.dispatch", team_id=teams[t], incident_id=fires[i])
            elif move in ("release", "recall"):
                if current is not None:
                    w.run(HANGZHOU, f"assignment.{move}", id=current)
            elif current is not None:
                w.run(HANGZHOU, "assignment.status", id=current, status=move)
            else:
                w.run(HANGZHOU, "team.status", id=teams[t], status=move)
        except CommandError:
            pass  # a move the state machine refuses changes nothing
        assert scope.crew_index(w.state).crews == from_scratch(w.state)
    for fire in fires:
        incident = w.get(Incident, fire)
        on_it = from_scratch(w.state).get(fire, {})
        assert (scope.visible(w.state, TONGLU, incident) is not None) == (
            incident.jurisdiction == "330122" or "330122" in on_it
        )
