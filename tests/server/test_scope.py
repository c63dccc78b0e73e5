from __future__ import annotations

import time
from datetime import timedelta

import pytest

from protocol.entities import (
    Assignment,
    Base,
    Incident,
    Jurisdiction,
    MaterialRequest,
    Order,
    Principal,
    Response,
    SupportRequest,
    Team,
    Warning,
)
from protocol.enums import Level, Role
from server.domain import scope
from server.domain.api import Actor

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


def sees(w: World, actor: Actor, cls: type[Base], id: str) -> bool:
    return scope.visible(w.state, actor, w.get(cls, id)) is not None


def test_levels_see_their_own_and_their_descendants() -> None:
    w = World()
    xihu_fire = w.incident(XIHU, XIHU_POS)
    lucheng_fire = w.incident(LUCHENG, LUCHENG_POS)
    assert sees(w, PROVINCE, Incident, xihu_fire) and sees(w, PROVINCE, Incident, lucheng_fire)
    assert sees(w, HANGZHOU, Incident, xihu_fire)
    assert not sees(w, HANGZHOU, Incident, lucheng_fire)
    assert sees(w, XIHU, Incident, xihu_fire) and not sees(w, TONGLU, Incident, xihu_fire)
    assert sees(w, WENZHOU, Incident, lucheng_fire)
    assert not sees(w, ADMIN, Incident, xihu_fire)


def test_jurisdictions_for_all_principals_for_admin_and_self() -> None:
    w = World()
    j = Jurisdiction(id="330106", name="西湖区", level=Level.COUNTY, parent="330100")
    me = Principal(id="xihu", role=Role.COUNTY, jurisdiction="330106")
    other = Principal(id="tonglu", role=Role.COUNTY, jurisdiction="330122")
    liaison = Actor("pla1", Role.LIAISON, "330100", units=("t",))
    for actor in (PROVINCE, XIHU, ADMIN, liaison):
        assert scope.visible(w.state, actor, j) is j
    assert scope.visible(w.state, XIHU, me) is me
    assert scope.visible(w.state, XIHU, other) is None
    assert scope.visible(w.state, PROVINCE, other) is None
    assert scope.visible(w.state, ADMIN, other) is other


def test_a_county_sees_another_countys_incident_while_its_team_is_on_it() -> None:
    w = World()
    tonglu_team = w.team(TONGLU, "330122", TONGLU_POS)
    xihu_fire = w.incident(XIHU, XIHU_POS)
    assert not sees(w, TONGLU, Incident, xihu_fire)
    aid = w.run(HANGZHOU, "assignment.dispatch", team_id=tonglu_team,
                incident_id=xihu_fire)["id"]
    # The dispatch changed the assignment; related() names the incident whose scope flipped.
    assignment = w.get(Assignment, aid)
    assert {e.id for e in scope.related(w.state, assignment)} == {xihu_fire, tonglu_team}
    assert sees(w, TONGLU, Incident, xihu_fire)
    assert sees(w, TONGLU, Assignment, aid) and sees(w, XIHU, Assignment, aid)
    # Xihu sees the Tonglu team working on its incident, and its positions.
    assert sees(w, XIHU, Team, tonglu_team)
    assert scope.may_see_positions_of(w.state, XIHU, tonglu_team)
    assert not scope.may_see_positions_of(w.state, LUCHENG, tonglu_team)
    assert not sees(w, LUCHENG, Incident, xihu_fire)
    w.run(TONGLU, "assignment.status", id=aid, status="en_route")
    w.run(TONGLU, "assignment.status", id=aid, status="on_scene")
    assert sees(w, TONGLU, Incident, xihu_fire)
    w.run(HANGZHOU, "assignment.release", id=aid)
    assert not sees(w, TONGLU, Incident, xihu_fire)
    assert not sees(w, XIHU, Team, tonglu_team)
    assert sees(w, TONGLU, Assignment, aid)  # its own team's record stays


def test_team_visibility_and_positions_by_owner() -> None:
    w = World()
    xihu_team = w.team(XIHU, "330106", XIHU_POS)
    assert sees(w, XIHU, Team, xihu_team) and sees(w, HANGZHOU, Team, xihu_team)
    assert not sees(w, TONGLU, Team, xihu_team) and not sees(w, WENZHOU, Team, xihu_team)
    assert scope.may_see_positions_of(w.state, PROVINCE, xihu_team)
    assert scope.may_see_positions_of(w.state, HANGZHOU, xihu_team)
    assert not scope.may_see_positions_of(w.state, TONGLU, xihu_team)
    assert not scope.may_see_positions_of(w.state, ADMIN, xihu_team)


@pytest.mark.parametrize("role", [Role.LIAISON, Role.FIELD])
def test_units_see_only_themselves_and_trimmed_incidents(role: Role) -> None:
    w = World()
    pla = w.team(PROVINCE, "330100", XIHU_POS, type="pla")
    other = w.team(PROVINCE, "330100", XIHU_POS, type="pap")
    fire = w.incident(XIHU, XIHU_POS, description="secret details", deaths=2,
                      reporter="王建国", reporter_phone="13905710000")
    elsewhere = w.incident(XIHU, XIHU_POS)
    aid = w.run(HANGZHOU, "assignment.dispatch", team_id=pla, incident_id=fire)["id"]
    oid = w.run(HANGZHOU, "assignment.dispatch", team_id=other, incident_id=elsewhere)["id"]
    order = w.run(HANGZHOU, "order.issue", text="report hourly",
                  addressees=[f"team:{pla}", "330106"])["id"]
    other_order = w.run(HANGZHOU, "order.issue", text="x", addressees=["330106"])["id"]
    liaison = w.unit(role, pla)
    assert sees(w, liaison, Team, pla) and not sees(w, liaison, Team, other)
    assert sees(w, liaison, Assignment, aid) and not sees(w, liaison, Assignment, oid)
    assert not sees(w, liaison, Incident, elsewhere)
    seen = scope.visible(w.state, liaison, w.get(Incident, fire))
    assert isinstance(seen, Incident)
    full = w.get(Incident, fire)
    assert (seen.number, seen.title, seen.status, seen.lon, seen.jurisdiction) == (
        full.number, full.title, full.status, full.lon, full.jurisdiction)
    assert (seen.description, seen.timeline, seen.reported_by, seen.deaths) == ("", [], "", 0)
    assert {"deaths", "injured", "missing", "trapped", "description"} <= set(seen.withheld)
    # The caller's name and phone stay with the command posts.
    assert (seen.reporter, seen.reporter_phone) == ("", "") and full.reporter == "王建国"
    assert {"reporter", "reporter_phone", "occurred_at", "source"} <= set(seen.withheld)
    assert full.withheld == []  # the whole incident withholds nothing
    assert seen.version == full.version
    assert sees(w, liaison, Order, order) and not sees(w, liaison, Order, other_order)
    assert scope.may_see_positions_of(w.state, liaison, pla)
    assert not scope.may_see_positions_of(w.state, liaison, other)
    # Once released, the incident leaves the liaison's picture.
    w.run(liaison, "assignment.status", id=aid, status="en_route")
    w.run(HANGZHOU, "assignment.recall", id=aid)
    assert not sees(w, liaison, Incident, fire)


def test_support_orders_materials_follow_their_parties() -> None:
    w = World()
    fire = w.incident(XIHU, XIHU_POS)
    sid = w.run(XIHU, "support.request", incident_id=fire, capability="boats")["id"]
    assert sees(w, XIHU, SupportRequest, sid) and sees(w, HANGZHOU, SupportRequest, sid)
    assert not sees(w, TONGLU, SupportRequest, sid)
    oid = w.run(HANGZHOU, "order.issue", text="prepare", addressees=["330122"])["id"]
    assert sees(w, TONGLU, Order, oid) and sees(w, HANGZHOU, Order, oid)
    assert not sees(w, XIHU, Order, oid)
    mid = w.run(XIHU, "material.create", lines=[{"item_code": "1010101", "quantity": 5}])["id"]
    assert sees(w, HANGZHOU, MaterialRequest, mid) and not sees(w, TONGLU, MaterialRequest, mid)


def test_warnings_and_responses_reach_the_areas_they_cover() -> None:
    w = World()
    province_wide = w.run(PROVINCE, "response.start", headquarters="flood_drought",
                          hazard="typhoon", level="IV")["id"]
    wenzhou_only = w.run(PROVINCE, "response.start", headquarters="flood_drought",
                         hazard="typhoon", level="III", area=["330300"])["id"]
    assert sees(w, XIHU, Response, province_wide) and sees(w, LUCHENG, Response, province_wide)
    assert sees(w, LUCHENG, Response, wenzhou_only) and not sees(w, XIHU, Response, wenzhou_only)
    warn = w.run(WENZHOU, "warning.publish", hazard="rainstorm", colour="orange",
                 area=["330302"], headline="暴雨橙色预警",
                 expires=(w.now + timedelta(hours=6)).isoformat())["id"]
    assert sees(w, LUCHENG, Warning, warn) and sees(w, WENZHOU, Warning, warn)
    assert not sees(w, XIHU, Warning, warn) and not sees(w, HANGZHOU, Warning, warn)


def test_province_fast_path_is_fast() -> None:
    """Visibility runs per session per event: measure the per-call cost of both paths."""
    w = World()
    teams = [w.team(PROVINCE, "330106", XIHU_POS) for _ in range(200)]
    fires = [w.incident(PROVINCE, LUCHENG_POS) for _ in range(20)]
    for team, fire in zip(teams, fires, strict=False):
        w.run(PROVINCE, "assignment.dispatch", team_id=team, incident_id=fire)
    entities = list(w.state.all_entities())
    start = time.perf_counter()
    for _ in range(20):
        for e in entities:
            scope.visible(w.state, XIHU, e)
    county = (time.perf_counter() - start) / (20 * len(entities))
    start = time.perf_counter()
    for _ in range(20):
        for e in entities:
            scope.visible(w.state, PROVINCE, e)
    province = (time.perf_counter() - start) / (20 * len(entities))
    assert county < 20e-6 and province < 5e-6, (county, province)
    assert all(sees(w, XIHU, Incident, f) for f in fires)  # its teams are on them


@pytest.mark.parametrize("role", [Role.LIAISON, Role.FIELD])
def test_units_see_the_responses_and_warnings_where_they_are_based(role: Role) -> None:
    w = World()
    pla = w.team(PROVINCE, "330100", XIHU_POS, type="pla")  # based in Xihu (Hangzhou)
    unit = w.unit(role, pla)
    province_wide = w.run(PROVINCE, "response.start", headquarters="flood_drought",
                          hazard="typhoon", level="IV")["id"]
    wenzhou_only = w.run(PROVINCE, "response.start", headquarters="flood_drought",
                         hazard="typhoon", level="III", area=["330300"])["id"]
    here = w.run(HANGZHOU, "warning.publish", hazard="rainstorm", colour="orange",
                 area=["330106"], headline="暴雨橙色预警",
                 expires=(w.now + timedelta(hours=6)).isoformat())["id"]
    there = w.run(WENZHOU, "warning.publish", hazard="rainstorm", colour="orange",
                  area=["330302"], headline="暴雨橙色预警",
                  expires=(w.now + timedelta(hours=6)).isoformat())["id"]
    assert sees(w, unit, Response, province_wide) and not sees(w, unit, Response, wenzhou_only)
    assert sees(w, unit, Warning, here) and not sees(w, unit, Warning, there)


def test_position_keys_meet_an_actors_sight_exactly_where_it_may_see_the_team() -> None:
    """may_see_positions_of is the meeting of position_keys and position_sight; the keys must
    say what _sees_team says for every city and county, for teams at home and on assignment
    across a border, before, during and after the assignment."""
    w = World()
    tonglu_team = w.team(TONGLU, "330122", TONGLU_POS)
    xihu_team = w.team(XIHU, "330106", XIHU_POS)
    lucheng_team = w.team(LUCHENG, "330302", LUCHENG_POS)
    xihu_fire = w.incident(XIHU, XIHU_POS)
    actors = [XIHU, TONGLU, HANGZHOU, LUCHENG, WENZHOU]

    def agree() -> None:
        for actor in actors:
            for t in (tonglu_team, xihu_team, lucheng_team):
                team = w.get(Team, t)
                assert (actor.jurisdiction in scope.position_keys(w.state, t)) == (
                    scope._sees_team(w.state, actor.jurisdiction, team)), (actor, t)

    agree()
    aid = w.run(HANGZHOU, "assignment.dispatch", team_id=tonglu_team,
                incident_id=xihu_fire)["id"]
    agree()
    assert scope.may_see_positions_of(w.state, XIHU, tonglu_team)
    w.run(TONGLU, "assignment.status", id=aid, status="en_route")
    w.run(TONGLU, "assignment.status", id=aid, status="on_scene")
    agree()
    w.run(HANGZHOU, "assignment.release", id=aid)
    agree()
    assert not scope.may_see_positions_of(w.state, XIHU, tonglu_team)
    assert scope.position_sight(PROVINCE) == {scope.ALL_POSITIONS}
    assert not scope.position_sight(ADMIN)
    assert scope.position_keys(w.state, "no-such-team") == frozenset()
