"""The forecast cone's geometry (pure, no Qt)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np

from console.state.hazard_cone import KM_PER_DEG_LAT, contains, forecast_cone, sample

T0 = datetime(2026, 9, 10, tzinfo=UTC)


def _pt(hours: float, lon: float, lat: float, r: float) -> tuple[datetime, float, float, float]:
    return (T0 + timedelta(hours=hours), lon, lat, r)


# the last fix (no error), then 12 h and 24 h forecasts growing to 60 and 120 km
TRACK = [_pt(0, 125.0, 25.0, 0.0), _pt(12, 123.5, 26.0, 60.0), _pt(24, 121.5, 27.6, 120.0)]


def _east(lon: float, lat: float, km: float) -> tuple[float, float]:
    return lon + km / (KM_PER_DEG_LAT * math.cos(math.radians(lat))), lat


def test_the_cone_holds_each_forecast_circle_and_little_more() -> None:
    cone = forecast_cone(TRACK)
    assert len(cone) == 8  # 3-hourly circles: 4 + 4 steps, a hull per neighbouring pair
    for _, lon, lat, _r in TRACK:
        assert contains(cone, lon, lat)
    _, lon, lat, r = TRACK[-1]
    assert contains(cone, lon, lat + 0.97 * r / KM_PER_DEG_LAT)  # north: ahead of the track
    assert not contains(cone, lon, lat + 1.05 * r / KM_PER_DEG_LAT)  # past the last circle
    assert contains(cone, *_east(lon, lat, 0.97 * r))
    assert not contains(cone, *_east(lon, lat, 1.6 * r))


def test_the_cone_narrows_to_the_last_fix() -> None:
    cone = forecast_cone(TRACK)
    _, lon, lat, _ = TRACK[0]
    assert contains(cone, *_east(lon, lat, -1.0)) is False  # behind the fix: nothing
    width = [np.ptp(ring[:, 0]) for ring in cone]
    assert width[0] < width[-1]


def test_rings_are_closed_convex_and_in_lon_lat() -> None:
    for ring in forecast_cone(TRACK):
        assert np.allclose(ring[0], ring[-1])
        assert ring[:, 0].min() > 119 and ring[:, 0].max() < 127
        d = np.diff(ring, axis=0)
        turns = d[:-1, 0] * d[1:, 1] - d[:-1, 1] * d[1:, 0]
        assert (turns >= -1e-12).all()  # counter-clockwise, no reflex corner


def test_no_forecast_no_cone_and_sampling_keeps_every_point() -> None:
    assert forecast_cone([TRACK[0]]) == []
    assert forecast_cone([]) == []
    samples = sample(TRACK)
    assert len(samples) == 9 and samples[4] == (123.5, 26.0, 60.0) and samples[-1][2] == 120.0
