"""Where a moving team is: routes, legs and travel speeds. Pure functions of simulated time.

A ground team follows a plausible road-like polyline (the straight line bent by two offset
waypoints, so markers do not all slide along the same ruler line) at a speed that fits its type;
the travel time uses the straight distance times a road factor. Aviation flies straight.
Simulated time is seconds since the scenario's start (a float).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from protocol.geo import haversine_m

LonLat = tuple[float, float]

# Average travel speed (km/h) by team type on mixed roads in Zhejiang's hills and plains, and
# the factor from straight-line to road distance. [G] values; keep them data.
SPEED_KMH: dict[str, float] = {
    "fire_rescue": 50.0,
    "national_mobile": 60.0,
    "forest_fire": 45.0,
    "flood": 45.0,
    "usar_geo": 50.0,
    "mine": 50.0,
    "hazmat": 45.0,
    "aviation": 220.0,
    "social": 45.0,
    "township": 35.0,
    "militia": 40.0,
    "pla": 50.0,
    "pap": 50.0,
    "medical": 55.0,
    "power": 45.0,
    "comms": 50.0,
}
DEFAULT_SPEED_KMH = 45.0
ROAD_FACTOR = 1.35
AIR_TYPES = frozenset({"aviation"})


def travel_speed_kmh(team_type: str) -> float:
    return SPEED_KMH.get(team_type, DEFAULT_SPEED_KMH)


def _unit_hash(text: str) -> float:
    """A stable number in [-1, 1) from text (no global random state: routes are reproducible)."""
    digest = hashlib.blake2b(text.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") / 2**31 - 1.0


def route(start: LonLat, end: LonLat, *, airborne: bool, salt: str = "") -> list[LonLat]:
    """The points a team passes: straight for aircraft, a gently bent line on the ground."""
    if airborne or start == end:
        return [start, end]
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    bend = 0.12 * _unit_hash(salt + "a")
    bend2 = 0.08 * _unit_hash(salt + "b")
    # perpendicular offsets at a third and two thirds of the way
    p1 = (x0 + dx / 3 - dy * bend, y0 + dy / 3 + dx * bend)
    p2 = (x0 + 2 * dx / 3 - dy * bend2, y0 + 2 * dy / 3 + dx * bend2)
    return [start, p1, p2, end]


def bearing_deg(a: LonLat, b: LonLat) -> float:
    """Initial bearing from a to b, degrees clockwise from north."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    dl = lon2 - lon1
    x = math.sin(dl) * math.cos(lat2)
    y = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


@dataclass(frozen=True)
class Fix:
    """A position at one moment: WGS-84, speed over ground and heading."""

    lon: float
    lat: float
    speed_kmh: float
    heading: float | None


@dataclass(frozen=True)
class Leg:
    """One journey along ``points`` starting at simulated time ``start_s``."""

    points: tuple[LonLat, ...]
    start_s: float
    duration_s: float
    speed_kmh: float

    @classmethod
    def plan(cls, start: LonLat, end: LonLat, team_type: str, start_s: float,
             salt: str = "") -> Leg:
        airborne = team_type in AIR_TYPES
        pts = route(start, end, airborne=airborne, salt=salt)
        straight_km = haversine_m(*start, *end) / 1000.0
        road_km = straight_km * (1.0 if airborne else ROAD_FACTOR)
        speed = travel_speed_kmh(team_type)
        return cls(points=tuple(pts), start_s=start_s, duration_s=road_km / speed * 3600.0,
                   speed_kmh=speed)

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s

    @property
    def destination(self) -> LonLat:
        return self.points[-1]

    def arrived(self, now_s: float) -> bool:
        return now_s >= self.end_s

    def fix_at(self, now_s: float) -> Fix:
        """Where the team is at ``now_s`` (clamped to the start and the end of the leg).

        Progress along the polyline is proportional to elapsed time: the road factor stretches
        the time, not the drawn line.
        """
        if self.duration_s <= 0 or now_s >= self.end_s:
            lon, lat = self.destination
            return Fix(lon, lat, 0.0, None)
        if now_s <= self.start_s:
            a, b = self.points[0], self.points[1]
            return Fix(a[0], a[1], 0.0, bearing_deg(a, b))
        segments = list(zip(self.points, self.points[1:], strict=False))
        lengths = [haversine_m(*a, *b) for a, b in segments]
        target = (now_s - self.start_s) / self.duration_s * sum(lengths)
        for (a, b), length in zip(segments, lengths, strict=True):
            if target <= length:
                t = target / length if length > 0 else 1.0
                return Fix(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t,
                           self.speed_kmh, bearing_deg(a, b))
            target -= length
        lon, lat = self.destination
        return Fix(lon, lat, 0.0, None)
