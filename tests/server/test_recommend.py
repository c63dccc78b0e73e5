from __future__ import annotations

from datetime import UTC, datetime

from protocol.entities import Position
from protocol.errors import ErrorCode
from protocol.geo import haversine_m
from server.domain.recommend import ROAD_FACTOR, SPEED_KMH

from .domain_helpers import (
    ADMIN,
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


def ids(result: dict[str, object]) -> list[str]:
    return [str(t["team_id"]) for t in result["teams"]]  # type: ignore[attr-defined]


def test_ranked_by_travel_time_with_reasons() -> None:
    w = World()
    fire = w.incident(PROVINCE, XIHU_POS)
    near = w.team(XIHU, "330106", (120.12, 30.26), capabilities=["water rescue"])
    far = w.team(TONGLU, "330122", TONGLU_POS, capabilities=["Water_Rescue", "diving"])
    lucheng = w.team(LUCHENG, "330302", LUCHENG_POS, capabilities=["water rescue"])
    heli = w.team(PROVINCE, "330100", (119.28, 29.48), type="aviation")  # Jiande
    w.team(XIHU, "330106", XIHU_POS, type="medical")  # lacks the capability
    res = w.run(PROVINCE, "team.recommend", incident_id=fire, capability="water rescue")
    assert w.last is not None and w.last.changes == []
    assert ids(res) == [near, far, lucheng]
    first = res["teams"][0]
    assert first["reason"].startswith("fire_rescue, ")
    assert first["reason"].endswith("from base, capability: water rescue")
    assert res["teams"][1]["reason"].endswith("capability: Water_Rescue")
    # Travel time: road factor and type speed.
    lucheng_entry = res["teams"][2]
    assert abs(lucheng_entry["eta_min"]
               - lucheng_entry["distance_km"] / SPEED_KMH["fire_rescue"] * 60) < 0.2
    # A team type matches too; aircraft fly straight and fast.
    air = w.run(PROVINCE, "team.recommend", incident_id=fire, capability="Aviation rescue")
    assert ids(air) == [heli]
    straight_km = haversine_m(119.28, 29.48, *XIHU_POS) / 1000
    assert abs(air["teams"][0]["distance_km"] - straight_km) < 0.1
    assert abs(air["teams"][0]["eta_min"] - straight_km / SPEED_KMH["aviation"] * 60) < 0.2
    assert "capability: aviation" in air["teams"][0]["reason"]
    assert ROAD_FACTOR > 1


def test_latest_position_beats_the_base_and_busy_teams_are_skipped() -> None:
    w = World()
    fire = w.incident(PROVINCE, LUCHENG_POS)
    a = w.team(PROVINCE, "330302", (120.70, 28.05))
    b = w.team(PROVINCE, "330302", (120.90, 28.20))
    assert ids(w.run(PROVINCE, "team.recommend", incident_id=fire))[:2] == [a, b]
    w.state.positions[b] = Position(team_id=b, lon=120.651, lat=28.011,
                                    ts=datetime(2026, 11, 28, tzinfo=UTC))
    res = w.run(PROVINCE, "team.recommend", incident_id=fire)
    assert ids(res)[:2] == [b, a]
    assert "from base" not in res["teams"][0]["reason"]
    w.run(PROVINCE, "assignment.dispatch", team_id=b, incident_id=fire)
    assert ids(w.run(PROVINCE, "team.recommend", incident_id=fire)) == [a]
    assert ids(w.run(PROVINCE, "team.recommend", incident_id=fire, limit=1)) == [a]


def test_only_teams_the_actor_may_dispatch() -> None:
    w = World()
    fire = w.incident(XIHU, XIHU_POS)
    xihu = w.team(XIHU, "330106", XIHU_POS)
    tonglu = w.team(TONGLU, "330122", TONGLU_POS)
    lucheng = w.team(LUCHENG, "330302", LUCHENG_POS)
    assert ids(w.run(XIHU, "team.recommend", incident_id=fire)) == [xihu]
    assert ids(w.run(HANGZHOU, "team.recommend", incident_id=fire)) == [xihu, tonglu]
    assert ids(w.run(PROVINCE, "team.recommend", incident_id=fire)) == [xihu, tonglu, lucheng]
    assert w.code(TONGLU, "team.recommend", incident_id=fire) == ErrorCode.FORBIDDEN
    assert w.code(ADMIN, "team.recommend", incident_id=fire) == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "team.recommend", incident_id="x") == ErrorCode.NOT_FOUND
    assert w.code(XIHU, "team.recommend", incident_id=fire, limit=0) == ErrorCode.BAD_REQUEST
