"""The map's plane: a local equirectangular projection of GCJ-02 lon/lat onto kilometres.

Zhejiang spans about 27°–31.5° N, so one scale factor cos(29.2°) for longitude keeps shapes
true to within a few per cent, and map units in kilometres make the scale bar exact on the
central parallel. Wire positions (WGS-84) pass through GCJ-02 first, like the boundary data.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from protocol.geo import gcj02_to_wgs84, wgs84_to_gcj02

LON0 = 120.5
LAT0 = 29.2
KM_PER_DEG_LAT = 111.2
KM_PER_DEG_LON = KM_PER_DEG_LAT * math.cos(math.radians(LAT0))

_A = 6378245.0  # Krasovsky 1940, as in protocol.geo
_EE = 0.00669342162296594323

FloatArray = npt.NDArray[np.float64]


def wgs84_to_gcj02_array(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Vectorised :func:`protocol.geo.wgs84_to_gcj02` for whole marker layers (China only).

    The same formula as the scalar version (tests hold them equal); thousands of moving
    markers per redraw make the per-point Python call too slow.
    """
    x = lon - 105.0
    y = lat - 35.0
    sx = np.sqrt(np.abs(x))
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sx
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sx
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat += common
    dlon += common
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    return lon + dlon, lat + dlat


def wgs84_to_map_array(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Wire positions (WGS-84) -> map km, vectorised."""
    glon, glat = wgs84_to_gcj02_array(lon, lat)
    return project(glon, glat)


def project(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 degrees -> map km (vectorised)."""
    return (lon - LON0) * KM_PER_DEG_LON, (lat - LAT0) * KM_PER_DEG_LAT


def project_point(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 degrees -> map km, one point."""
    return (lon - LON0) * KM_PER_DEG_LON, (lat - LAT0) * KM_PER_DEG_LAT


def unproject(x: float, y: float) -> tuple[float, float]:
    """Map km -> GCJ-02 degrees."""
    return LON0 + x / KM_PER_DEG_LON, LAT0 + y / KM_PER_DEG_LAT


def wgs84_to_map(lon: float, lat: float) -> tuple[float, float]:
    """A wire position (WGS-84) -> map km."""
    glon, glat = wgs84_to_gcj02(lon, lat)
    return (glon - LON0) * KM_PER_DEG_LON, (glat - LAT0) * KM_PER_DEG_LAT


def map_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """Map km -> WGS-84 (for positions picked on the map and sent on the wire)."""
    glon, glat = unproject(x, y)
    return gcj02_to_wgs84(glon, glat)
