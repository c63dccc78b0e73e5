from __future__ import annotations

import pytest

from protocol.geo import haversine_m
from simulator.movement import ROAD_FACTOR, Leg, bearing_deg, route, travel_speed_kmh

RUIAN = (120.655, 27.779)
YONGJIA = (120.70, 28.40)


def test_ground_leg_takes_road_distance_at_type_speed() -> None:
    leg = Leg.plan(RUIAN, YONGJIA, "fire_rescue", start_s=100.0, salt="t1")
    km = haversine_m(*RUIAN, *YONGJIA) / 1000
    assert leg.duration_s == pytest.approx(km * ROAD_FACTOR / 50.0 * 3600)
    assert leg.end_s == pytest.approx(100.0 + leg.duration_s)
    assert len(leg.points) == 4  # bent, not a ruler line


def test_aviation_flies_straight_and_faster() -> None:
    air = Leg.plan(RUIAN, YONGJIA, "aviation", start_s=0.0)
    road = Leg.plan(RUIAN, YONGJIA, "aviation_unknown_type", start_s=0.0)
    assert air.points == (RUIAN, YONGJIA)
    assert air.duration_s < road.duration_s / 4
    assert travel_speed_kmh("aviation") > 4 * travel_speed_kmh("township")


def test_position_moves_monotonically_from_start_to_destination() -> None:
    leg = Leg.plan(RUIAN, YONGJIA, "flood", start_s=0.0, salt="x")
    before = leg.fix_at(-10.0)
    assert (before.lon, before.lat) == RUIAN and before.speed_kmh == 0
    remaining = [haversine_m(f.lon, f.lat, *YONGJIA)
                 for f in (leg.fix_at(leg.duration_s * k / 10) for k in range(11))]
    assert remaining == sorted(remaining, reverse=True)
    assert remaining[-1] == pytest.approx(0.0, abs=1.0)
    mid = leg.fix_at(leg.duration_s / 2)
    assert mid.speed_kmh == travel_speed_kmh("flood") and mid.heading is not None
    end = leg.fix_at(leg.end_s + 1)
    assert (end.lon, end.lat) == YONGJIA and end.speed_kmh == 0 and leg.arrived(leg.end_s)


def test_route_is_reproducible_and_stays_near_the_straight_line() -> None:
    a = route(RUIAN, YONGJIA, airborne=False, salt="team-7")
    assert a == route(RUIAN, YONGJIA, airborne=False, salt="team-7")
    assert a != route(RUIAN, YONGJIA, airborne=False, salt="team-8")
    straight = haversine_m(*RUIAN, *YONGJIA)
    for p in a[1:-1]:
        assert haversine_m(*RUIAN, *p) + haversine_m(*p, *YONGJIA) < 1.1 * straight


def test_bearing() -> None:
    assert bearing_deg((120.0, 28.0), (120.0, 29.0)) == pytest.approx(0.0, abs=1e-6)
    assert bearing_deg((120.0, 28.0), (121.0, 28.0)) == pytest.approx(90.0, abs=0.5)
