from __future__ import annotations

import random
import time

from protocol.adcodes import parent_of
from protocol.enums import Level
from protocol.geo import gcj02_to_wgs84, wgs84_to_gcj02
from server.domain.jurisdictions import NAMES_EN, _load, load_jurisdictions, locate


def test_province_cities_and_counties_with_names_and_parents() -> None:
    js = load_jurisdictions()
    assert len(js) == 102
    by_level = {lvl: [j for j in js if j.level == lvl] for lvl in Level}
    assert (len(by_level[Level.PROVINCE]), len(by_level[Level.CITY]),
            len(by_level[Level.COUNTY])) == (1, 11, 90)
    by_id = {j.id: j for j in js}
    assert by_id["330000"].name == "浙江省" and by_id["330000"].name_en == "Zhejiang"
    assert by_id["330000"].parent is None
    assert (by_id["330300"].name, by_id["330300"].name_en) == ("温州市", "Wenzhou")
    assert by_id["330302"].name == "鹿城区" and by_id["330302"].parent == "330300"
    assert by_id["331100"].name_en == "Lishui"
    assert {j.name_en for j in by_level[Level.CITY]} == {
        NAMES_EN[j.id] for j in by_level[Level.CITY]} and len(by_level[Level.CITY]) == 11
    for j in js:
        assert j.parent == parent_of(j.id)
        assert j.parent is None or j.parent in by_id
        assert j.name and not j.name.isdigit()


def test_centroids_lie_inside_the_province_and_their_own_county() -> None:
    js = load_jurisdictions()
    for j in js:
        assert 118.0 < j.lon < 123.2 and 27.0 < j.lat < 31.2, j
    # A county's centroid (of its largest polygon) falls inside that county for compact shapes.
    inside = sum(1 for j in js if j.level == Level.COUNTY and locate(j.lon, j.lat) == j.id)
    assert inside >= 85
    hangzhou = next(j for j in js if j.id == "330100")
    assert abs(hangzhou.lon - 119.5) < 0.5 and abs(hangzhou.lat - 29.9) < 0.4


def test_locate_known_points() -> None:
    assert locate(120.65, 28.01) == "330302"  # Wenzhou, Lucheng
    assert locate(120.155, 30.274) in ("330102", "330105", "330106")  # central Hangzhou
    assert locate(121.55, 29.87) in ("330203", "330212")  # Ningbo Haishu / Yinzhou
    assert locate(119.92, 28.47) == "331102"  # Lishui, Liandu
    assert locate(122.1, 30.0) in ("330902", "330903")  # Zhoushan islands
    assert locate(116.40, 39.90) is None  # Beijing
    assert locate(123.5, 29.0) is None  # East China Sea


def test_loaded_once_and_locate_is_fast() -> None:
    assert load_jurisdictions() == load_jurisdictions()
    start = time.perf_counter()
    for i in range(200):
        locate(119.0 + (i % 20) * 0.15, 28.0 + (i // 20) * 0.25)
    per_call = (time.perf_counter() - start) / 200
    assert per_call < 0.001, per_call


def _reference_locate(lon: float, lat: float) -> str | None:
    """The plain implementation the index replaced: every edge of every candidate polygon."""
    x, y = wgs84_to_gcj02(lon, lat)
    for boundary in _load()[1]:
        x0, y0, x1, y1 = boundary.bbox
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        for polygon in boundary.polygons:
            inside = False
            for ring in polygon:
                for (xi, yi), (xj, yj) in zip(ring, ring[-1:] + ring[:-1], strict=True):
                    if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                        inside = not inside
            if inside:
                return boundary.adcode
    return None


def test_locate_answers_as_the_plain_ray_cast_on_random_points_in_and_around_zhejiang() -> None:
    rng = random.Random(20261128)
    points = [(rng.uniform(117.5, 123.5), rng.uniform(26.8, 31.5)) for _ in range(3000)]
    # points near borders: on and around every vertex of a sample of boundary rings
    for boundary in _load()[1][::9]:
        ring = boundary.polygons[0][0]
        for gx, gy in ring[:: max(1, len(ring) // 40)]:
            lon, lat = gcj02_to_wgs84(gx, gy)
            points.append((lon + rng.uniform(-1e-4, 1e-4), lat + rng.uniform(-1e-4, 1e-4)))
    answers = [locate(lon, lat) for lon, lat in points]
    assert answers == [_reference_locate(lon, lat) for lon, lat in points]
    assert sum(a is not None for a in answers) > 1000  # most of the sample lies in counties
    assert len({a for a in answers if a is not None}) > 60


def test_every_jurisdiction_has_an_english_name() -> None:
    """Issue 10 item 15: an English interface never falls back to Chinese for a place."""
    names = {j.id: j.name_en for j in load_jurisdictions()}
    assert len(names) == 102 and all(names.values())
    assert not any("\u4e00" <= ch <= "\u9fff" for name in names.values() for ch in name)
    assert names["330381"] == "Rui'an" and names["330324"] == "Yongjia County"
    assert names["330382"] == "Yueqing" and names["330300"] == "Wenzhou"
    assert names["331127"] == "Jingning She Autonomous County"
