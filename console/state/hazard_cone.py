"""A hazard track's forecast cone as polygons (pure geometry, no Qt).

The cone is the union of the forecast's error circles swept along the track: between two
forecast points (and from the last fix, where the error is nil) the centre and the radius
move linearly in time, sampled every ``step_h`` hours, and each pair of neighbouring circles
is wrapped in its convex hull. The union of those hulls is the cone; the map fills them as one
path (a winding fill paints the overlaps once) and strokes its simplified outline.

Circles are drawn in a local plane (km east and north of the track's middle; the scale error
over a typhoon's few hundred kilometres is under one per cent) and returned as lon/lat.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import numpy.typing as npt

KM_PER_DEG_LAT = 111.2
Coords = npt.NDArray[np.float64]
Point = tuple[datetime, float, float, float]  # time, lon, lat, radius km


def _hull(points: Coords) -> Coords:
    """Convex hull (Andrew's monotone chain), counter-clockwise, closed."""
    pts = sorted(set(map(tuple, points.tolist())))
    if len(pts) < 3:
        return np.array(pts + pts[:1], dtype=float)

    def cross(o: tuple[float, ...], a: tuple[float, ...], b: tuple[float, ...]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, ...]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, ...]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    ring = lower[:-1] + upper[:-1]
    return np.array(ring + ring[:1], dtype=float)


def sample(points: Sequence[Point], step_h: float = 3.0) -> list[tuple[float, float, float]]:
    """(lon, lat, radius) every ``step_h`` hours along the points, each point included."""
    out: list[tuple[float, float, float]] = []
    for (t0, x0, y0, r0), (t1, x1, y1, r1) in zip(points, points[1:], strict=False):
        hours = (t1 - t0).total_seconds() / 3600
        n = max(1, math.ceil(hours / step_h))
        out += [(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n, r0 + (r1 - r0) * i / n)
                for i in range(n)]
    if points:
        _, x, y, r = points[-1]
        out.append((x, y, r))
    return out


def forecast_cone(points: Sequence[Point], step_h: float = 3.0, segments: int = 48
                  ) -> list[Coords]:
    """The cone over ``points`` (time, lon, lat, radius km; the last fix first with radius 0,
    then the forecast) as closed convex rings of (lon, lat); [] without a forecast."""
    if len(points) < 2 and not (points and points[0][3] > 0):
        return []
    circles = sample(points, step_h)
    lat0 = sum(c[1] for c in circles) / len(circles)
    kx = KM_PER_DEG_LAT * math.cos(math.radians(lat0))
    lon0 = circles[0][0]
    angles = np.linspace(0.0, 2 * math.pi, segments, endpoint=False)
    ring = np.column_stack([np.cos(angles), np.sin(angles)])

    def disc(c: tuple[float, float, float]) -> Coords:
        centre = np.array([(c[0] - lon0) * kx, (c[1] - lat0) * KM_PER_DEG_LAT])
        return centre + ring * max(c[2], 1e-6)

    pairs = list(zip(circles, circles[1:], strict=False)) or [(circles[0], circles[0])]
    out = []
    for a, b in pairs:
        hull = _hull(np.vstack([disc(a), disc(b)]))
        out.append(np.column_stack([hull[:, 0] / kx + lon0, hull[:, 1] / KM_PER_DEG_LAT + lat0]))
    return out


def contains(rings: Sequence[Coords], lon: float, lat: float) -> bool:
    """Whether a point lies in any ring (even-odd crossing test; rings are convex)."""
    for ring in rings:
        x, y = ring[:, 0], ring[:, 1]
        inside = False
        for i in range(len(ring) - 1):
            if (y[i] > lat) != (y[i + 1] > lat):
                at = x[i] + (lat - y[i]) * (x[i + 1] - x[i]) / (y[i + 1] - y[i])
                if lon < at:
                    inside = not inside
        if inside:
            return True
    return False
