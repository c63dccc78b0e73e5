from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol.entities import Assignment, Incident, SupportRequest, Team
from protocol.enums import AssignmentStatus, IncidentStatus, Role, TeamStatus
from protocol.errors import ErrorCode
from protocol.machines import ASSIGNMENT_OF_TEAM_STATUS
from server.domain.api import CommandError

from .domain_helpers import (
    ADMIN,
    HANGZHOU,
    LUCHENG,
    LUCHENG_POS,
    PROVINCE,
    TONGLU,
    TONGLU_POS,
    WENZHOU,
    XIHU,
    XIHU_POS,
    World,
)


def test_team_create_and_update() -> None:
    w = World()
    tid = w.team(XIHU, "330106", XIHU_POS, capabilities=["water rescue"], headcount=30)
    team = w.get(Team, tid)
    assert (team.status, team.jurisdiction, team.capabilities) == (
        TeamStatus.AVAILABLE, "330106", ["water rescue"])
    w.run(HANGZHOU, "team.update", id=tid, headcount=25, rating=2)
    assert (w.get(Team, tid).headcount, w.get(Team, tid).version) == (25, 2)
    assert w.code(XIHU, "team.update", id=tid, headcount=-1) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "team.update", id=tid, rating=7) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "team.update", id=tid, name="") == ErrorCode.BAD_REQUEST
    assert w.code(TONGLU, "team.update", id=tid, name="x") == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "team.update", expected_version=1, id=tid, name="x") \
        == ErrorCode.CONFLICT
    assert w.code(XIHU, "team.create", name="t", type="flood", jurisdiction="330122",
                  base_lon=1.0, base_lat=1.0) == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "team.create", name="t", type="flood", jurisdiction="330199",
                  base_lon=1.0, base_lat=1.0) == ErrorCode.BAD_REQUEST
    assert w.code(ADMIN, "team.create", name="t", type="flood", jurisdiction="330106",
                  base_lon=1.0, base_lat=1.0) == ErrorCode.FORBIDDEN


def test_full_assignment_lifecycle_moves_team_and_assignment_together() -> None:
    w = World()
    tid = w.team(XIHU, "330106", XIHU_POS)
    iid = w.incident(XIHU, XIHU_POS)
    aid = w.run(XIHU, "assignment.dispatch", team_id=tid, incident_id=iid, task="fight")["id"]
    team, asg, inc = w.get(Team, tid), w.get(Assignment, aid), w.get(Incident, iid)
    assert (team.status, team.assignment_id) == (TeamStatus.DISPATCHED, aid)
    assert asg.status == AssignmentStatus.DISPATCHED and asg.ordered_by_jurisdiction == "330106"
    assert inc.status == IncidentStatus.RESPONDING and "dispatched" in inc.timeline[-1].text
    field = w.unit(Role.FIELD, tid)
    w.run(field, "assignment.acknowledge", id=aid)
    assert w.get(Assignment, aid).acknowledged_by == "unit"
    for status in ("en_route", "on_scene", "working"):
        w.tick()
        w.run(field, "assignment.status", id=aid, status=status)
        assert w.get(Team, tid).status.value == status
        assert w.get(Assignment, aid).status.value == status
    w.run(XIHU, "assignment.release", id=aid)
    assert w.get(Assignment, aid).status == AssignmentStatus.RELEASED
    w.run(field, "team.status", id=tid, status="returning")
    team, asg = w.get(Team, tid), w.get(Assignment, aid)
    assert (team.status, team.assignment_id) == (TeamStatus.RETURNING, None)
    assert asg.status == AssignmentStatus.ENDED
    assert [h.text.split(":")[0] for h in asg.history] == [
        "dispatched to " + w.get(Incident, iid).number, "acknowledged", "team en_route",
        "team on_scene", "team working", "team released", "team returning"]
    w.run(field, "team.status", id=tid, status="available")
    assert w.code(field, "assignment.status", id=aid, status="en_route") == ErrorCode.CONFLICT


def test_recall_ends_on_return() -> None:
    w = World()
    tid = w.team(XIHU, "330106", XIHU_POS)
    aid = w.run(XIHU, "assignment.dispatch", team_id=tid,
                incident_id=w.incident(XIHU, XIHU_POS))["id"]
    w.run(XIHU, "assignment.recall", id=aid)
    assert (w.get(Team, tid).status, w.get(Assignment, aid).status) == (
        TeamStatus.RECALLED, AssignmentStatus.RECALLED)
    w.run(XIHU, "team.status", id=tid, status="returning")
    assert w.get(Assignment, aid).status == AssignmentStatus.ENDED
    assert w.code(XIHU, "assignment.release", id=aid) == ErrorCode.CONFLICT


def test_dispatch_authorization_by_level() -> None:
    w = World()
    xihu_team = w.team(XIHU, "330106", XIHU_POS)
    tonglu_team = w.team(TONGLU, "330122", TONGLU_POS)
    lucheng_team = w.team(LUCHENG, "330302", LUCHENG_POS)
    xihu_fire = w.incident(XIHU, XIHU_POS)
    lucheng_fire = w.incident(LUCHENG, LUCHENG_POS)
    # A county may not dispatch another county's team, nor its own team elsewhere.
    err = w.refused(XIHU, "assignment.dispatch", team_id=tonglu_team, incident_id=xihu_fire)
    assert err.code == ErrorCode.FORBIDDEN
    err = w.refused(TONGLU, "assignment.dispatch", team_id=tonglu_team, incident_id=xihu_fire)
    assert err.code == ErrorCode.FORBIDDEN and "330100" in err.message
    # The city decides between its counties, but not outside the city.
    w.run(HANGZHOU, "assignment.dispatch", team_id=tonglu_team, incident_id=xihu_fire)
    assert w.code(HANGZHOU, "assignment.dispatch", team_id=xihu_team,
                  incident_id=lucheng_fire) == ErrorCode.FORBIDDEN
    assert w.code(WENZHOU, "assignment.dispatch", team_id=xihu_team,
                  incident_id=lucheng_fire) == ErrorCode.FORBIDDEN
    # Across cities: the province.
    w.run(PROVINCE, "assignment.dispatch", team_id=xihu_team, incident_id=lucheng_fire)
    w.run(LUCHENG, "assignment.dispatch", team_id=lucheng_team, incident_id=lucheng_fire)


def test_dispatch_refusals() -> None:
    w = World()
    tid = w.team(XIHU, "330106", XIHU_POS)
    iid = w.incident(XIHU, XIHU_POS)
    assert w.code(XIHU, "assignment.dispatch", team_id="x", incident_id=iid) \
        == ErrorCode.NOT_FOUND
    assert w.code(XIHU, "assignment.dispatch", team_id=tid, incident_id="x") \
        == ErrorCode.NOT_FOUND
    assert w.code(XIHU, "assignment.dispatch", expected_version=3, team_id=tid,
                  incident_id=iid) == ErrorCode.CONFLICT
    liaison = w.unit(Role.LIAISON, tid)
    assert w.code(liaison, "assignment.dispatch", team_id=tid, incident_id=iid) \
        == ErrorCode.FORBIDDEN
    assert w.code(ADMIN, "assignment.dispatch", team_id=tid, incident_id=iid) \
        == ErrorCode.FORBIDDEN
    w.run(XIHU, "assignment.dispatch", team_id=tid, incident_id=iid)
    err = w.refused(XIHU, "assignment.dispatch", team_id=tid, incident_id=iid)
    assert err.code == ErrorCode.CONFLICT and "dispatched" in err.message
    other = w.team(XIHU, "330106", XIHU_POS)
    closed = w.incident(XIHU, XIHU_POS)
    w.run(XIHU, "incident.status", id=closed, status="false_alarm")
    assert w.code(XIHU, "assignment.dispatch", team_id=other, incident_id=closed) \
        == ErrorCode.CONFLICT
    w.run(XIHU, "team.status", id=other, status="out_of_service")
    assert w.code(XIHU, "assignment.dispatch", team_id=other, incident_id=iid) \
        == ErrorCode.CONFLICT


def test_team_status_rules() -> None:
    w = World()
    tid = w.team(XIHU, "330106", XIHU_POS)
    err = w.refused(XIHU, "team.status", id=tid, status="on_scene")
    assert err.code == ErrorCode.CONFLICT and "available" in err.message
    assert w.code(XIHU, "team.status", id=tid, status="dispatched") == ErrorCode.CONFLICT
    w.run(XIHU, "team.status", id=tid, status="staged")
    w.run(XIHU, "team.status", id=tid, status="alerted")
    assert w.get(Team, tid).status == TeamStatus.ALERTED
    # out_of_service from an assignment ends it.
    aid = w.run(XIHU, "assignment.dispatch", team_id=tid,
                incident_id=w.incident(XIHU, XIHU_POS))["id"]
    w.run(XIHU, "team.status", id=tid, status="out_of_service", note="engine failure")
    assert w.get(Assignment, aid).status == AssignmentStatus.ENDED
    assert w.get(Team, tid).assignment_id is None


def test_liaison_and_field_act_only_on_their_own_units() -> None:
    w = World()
    pla = w.team(PROVINCE, "330100", XIHU_POS, type="pla")
    other = w.team(PROVINCE, "330100", XIHU_POS, type="pap")
    iid = w.incident(XIHU, XIHU_POS)
    aid = w.run(HANGZHOU, "assignment.dispatch", team_id=pla, incident_id=iid)["id"]
    oid = w.run(HANGZHOU, "assignment.dispatch", team_id=other, incident_id=iid)["id"]
    for role in (Role.LIAISON, Role.FIELD):
        unit = w.unit(role, pla)
        assert w.code(unit, "assignment.acknowledge", id=oid) == ErrorCode.FORBIDDEN
        assert w.code(unit, "assignment.status", id=oid, status="en_route") \
            == ErrorCode.FORBIDDEN
        assert w.code(unit, "team.status", id=other, status="out_of_service") \
            == ErrorCode.FORBIDDEN
        assert w.code(unit, "assignment.release", id=aid) == ErrorCode.FORBIDDEN
        assert w.code(unit, "incident.note", id=iid, text="hi") == ErrorCode.FORBIDDEN
        assert w.code(unit, "team.update", id=pla, name="x") == ErrorCode.FORBIDDEN
    liaison = w.unit(Role.LIAISON, pla)
    w.run(liaison, "assignment.acknowledge", id=aid)
    w.run(liaison, "assignment.status", id=aid, status="en_route")
    assert w.get(Team, pla).status == TeamStatus.EN_ROUTE
    assert w.code(ADMIN, "team.status", id=pla, status="on_scene") == ErrorCode.FORBIDDEN


def test_release_by_ordering_level_or_owner_only() -> None:
    w = World()
    tid = w.team(TONGLU, "330122", TONGLU_POS)
    aid = w.run(HANGZHOU, "assignment.dispatch", team_id=tid,
                incident_id=w.incident(XIHU, XIHU_POS))["id"]
    w.run(TONGLU, "assignment.status", id=aid, status="en_route")
    w.run(TONGLU, "assignment.status", id=aid, status="on_scene")
    assert w.code(XIHU, "assignment.release", id=aid) == ErrorCode.FORBIDDEN
    assert w.code(LUCHENG, "assignment.release", id=aid) == ErrorCode.FORBIDDEN
    assert w.code(TONGLU, "assignment.release", expected_version=1, id=aid) \
        == ErrorCode.CONFLICT
    w.run(TONGLU, "assignment.release", id=aid)
    assert w.get(Team, tid).status == TeamStatus.RELEASED


def test_support_request_flow() -> None:
    w = World()
    iid = w.incident(XIHU, XIHU_POS)
    sid = w.run(XIHU, "support.request", incident_id=iid, capability="water rescue",
                count=2, note="boats")["id"]
    req = w.get(SupportRequest, sid)
    assert (req.requester, req.decider, req.status.value) == ("330106", "330100", "requested")
    assert w.code(TONGLU, "support.accept", id=sid) == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "support.accept", id=sid) == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "support.reject", id=sid, reason=" ") == ErrorCode.BAD_REQUEST
    t1 = w.team(TONGLU, "330122", TONGLU_POS)
    t2 = w.team(HANGZHOU, "330100", TONGLU_POS)
    assert w.code(HANGZHOU, "assignment.dispatch", team_id=t1, incident_id=iid,
                  support_request_id=sid) == ErrorCode.CONFLICT
    w.run(HANGZHOU, "support.accept", id=sid)
    assert w.code(HANGZHOU, "support.accept", id=sid) == ErrorCode.CONFLICT
    a1 = w.run(HANGZHOU, "assignment.dispatch", team_id=t1, incident_id=iid,
               support_request_id=sid)["id"]
    assert w.get(SupportRequest, sid).assignment_ids == [a1]
    a2 = w.run(HANGZHOU, "assignment.dispatch", team_id=t2, incident_id=iid,
               support_request_id=sid)["id"]
    req = w.get(SupportRequest, sid)
    assert req.status.value == "fulfilled" and req.assignment_ids == [a1, a2]
    assert w.get(Assignment, a2).support_request_id == sid


def test_support_reject_cancel_and_refusals() -> None:
    w = World()
    iid = w.incident(XIHU, XIHU_POS)
    sid = w.run(XIHU, "support.request", incident_id=iid, capability="hazmat")["id"]
    w.run(PROVINCE, "support.reject", id=sid, reason="use the city's hazmat team")
    req = w.get(SupportRequest, sid)
    assert req.status.value == "rejected" and req.decided_by == "prov"
    assert w.code(XIHU, "support.cancel", id=sid) == ErrorCode.CONFLICT
    sid2 = w.run(XIHU, "support.request", incident_id=iid, capability="hazmat")["id"]
    assert w.code(TONGLU, "support.cancel", id=sid2) == ErrorCode.FORBIDDEN
    w.run(XIHU, "support.cancel", id=sid2, note="handled")
    assert w.get(SupportRequest, sid2).status.value == "cancelled"
    assert w.code(XIHU, "support.request", incident_id=iid, capability="x", count=0) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "support.request", incident_id="nope", capability="x") \
        == ErrorCode.NOT_FOUND
    assert w.code(TONGLU, "support.request", incident_id=iid, capability="x") \
        == ErrorCode.FORBIDDEN
    assert w.code(PROVINCE, "support.request", incident_id=iid, capability="x") \
        == ErrorCode.BAD_REQUEST
    sid3 = w.run(HANGZHOU, "support.request", incident_id=iid, capability="aviation")["id"]
    assert w.get(SupportRequest, sid3).decider == "330000"
    w.run(PROVINCE, "support.accept", id=sid3)
    w.run(HANGZHOU, "support.fulfil", id=sid3)
    assert w.get(SupportRequest, sid3).status.value == "fulfilled"


def test_an_incident_holding_teams_cannot_end() -> None:
    w = World()
    a = w.team(XIHU, "330106", XIHU_POS)
    b = w.team(XIHU, "330106", XIHU_POS)
    iid = w.incident(XIHU, XIHU_POS)
    first = w.run(XIHU, "assignment.dispatch", team_id=a, incident_id=iid)["id"]
    w.run(XIHU, "assignment.dispatch", team_id=b, incident_id=iid, task="cordon")
    inc = w.get(Incident, iid)
    assert [e.text for e in inc.timeline[-2:]] == [
        f"responding: {w.get(Team, a).name} dispatched", f"{w.get(Team, b).name} dispatched"]
    assert w.code(XIHU, "incident.status", id=iid, status="merged") == ErrorCode.BAD_REQUEST
    other = w.incident(XIHU, XIHU_POS)
    err = w.refused(XIHU, "incident.merge", id=iid, into=other)
    assert err.code == ErrorCode.CONFLICT and "2 team(s)" in err.message
    w.run(XIHU, "incident.status", id=iid, status="response_ended")  # not terminal: allowed
    assert w.code(XIHU, "incident.close", id=iid) == ErrorCode.CONFLICT
    w.run(XIHU, "assignment.recall", id=first)
    w.run(XIHU, "team.status", id=a, status="returning")
    w.run(XIHU, "team.status", id=b, status="out_of_service")
    w.run(XIHU, "incident.close", id=iid)
    assert w.get(Incident, iid).status == IncidentStatus.CLOSED


def test_teams_are_real_and_a_real_emergency_takes_them_from_a_drill() -> None:
    """Issue 10 item 2: a drill uses real teams on exercise incidents; a real incident takes
    any team, drill or not, and the exercise assignment is released with a note."""
    w = World()
    team = w.team(XIHU, "330106", XIHU_POS)
    drill = w.incident(XIHU, XIHU_POS, exercise=True)
    drill_job = w.run(XIHU, "assignment.dispatch", team_id=team, incident_id=drill)["id"]
    real = w.incident(XIHU, XIHU_POS)
    offered = w.run(XIHU, "team.recommend", incident_id=real)["teams"]
    assert [(t["team_id"], t["on_exercise"]) for t in offered] == [(team, True)]
    assert w.run(XIHU, "team.recommend", incident_id=drill)["teams"] == []  # busy for a drill
    real_job = w.run(XIHU, "assignment.dispatch", team_id=team, incident_id=real)["id"]
    ended = w.get(Assignment, drill_job)
    assert ended.status == "ended"
    assert "taken for real incident" in ended.history[-1].text
    moved = w.get(Team, team)
    assert (moved.status, moved.assignment_id) == ("dispatched", real_job)
    # A team on a real incident is not taken, by a drill or by another real incident.
    other_drill = w.incident(XIHU, XIHU_POS, exercise=True)
    assert w.code(XIHU, "assignment.dispatch", team_id=team, incident_id=other_drill) \
        == ErrorCode.CONFLICT
    assert w.code(XIHU, "assignment.dispatch", team_id=team, incident_id=w.incident(
        XIHU, XIHU_POS)) == ErrorCode.CONFLICT


def test_teams_that_fit_the_incident_type_come_first() -> None:
    """A landslide wants geological / collapse rescue before the nearest fire station."""
    w = World()
    near = w.team(XIHU, "330106", XIHU_POS, type="fire_rescue", capabilities=["fire"])
    far = w.team(XIHU, "330106", (XIHU_POS[0] + 0.2, XIHU_POS[1] + 0.2), type="usar_geo",
                 capabilities=["geological", "collapse_search"])
    slide = w.incident(XIHU, XIHU_POS, type_code="11D01")
    offered = w.run(XIHU, "team.recommend", incident_id=slide)["teams"]
    assert [t["team_id"] for t in offered] == [far, near]
    assert offered[0]["fits"] == ["collapse_search", "geological", "usar_geo"]
    assert offered[1]["fits"] == [] and offered[0]["eta_min"] > offered[1]["eta_min"]
    fire = w.incident(XIHU, XIHU_POS, type_code="12G00")
    assert [t["team_id"] for t in w.run(XIHU, "team.recommend", incident_id=fire)["teams"]] \
        == [near, far]


ASSIGNMENT_ONLY = {"dispatched", "en_route", "on_scene", "working", "released", "recalled"}
TEAM_MOVES = st.tuples(
    st.sampled_from(["dispatch", "team", "assignment", "release", "recall"]),
    st.integers(0, 2),  # which team
    st.sampled_from([s.value for s in TeamStatus]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEAM_MOVES, max_size=30))
def test_team_and_assignment_never_drift_apart(moves: list[tuple[str, int, str]]) -> None:
    """Whatever is tried, a team holds at most one assignment, that assignment is open and
    mirrors the team's status; every other assignment of the team has ended."""
    w = World()
    teams = [w.team(XIHU, "330106", XIHU_POS) for _ in range(3)]
    incident = w.incident(XIHU, XIHU_POS)
    for kind, which, status in moves:
        team = w.get(Team, teams[which])
        try:
            if kind == "dispatch":
                w.run(XIHU, "assignment.dispatch", team_id=team.id, incident_id=incident)
            elif kind == "team":
                w.run(XIHU, "team.status", id=team.id, status=status)
            elif team.assignment_id is None:
                continue
            elif kind == "assignment":
                w.run(XIHU, "assignment.status", id=team.assignment_id, status=status)
            else:
                w.run(XIHU, f"assignment.{kind}", id=team.assignment_id)
        except CommandError as exc:
            assert exc.code == ErrorCode.CONFLICT, exc
        for tid in teams:
            team = w.get(Team, tid)
            mine = [a for a in w.state.all(Assignment) if a.team_id == tid]
            open_ = [a for a in mine if a.status != AssignmentStatus.ENDED]
            if team.assignment_id is None:
                assert open_ == [] and team.status.value not in ASSIGNMENT_ONLY
            else:
                assert [a.id for a in open_] == [team.assignment_id]
                assert open_[0].status.value == ASSIGNMENT_OF_TEAM_STATUS[team.status.value]
