"""Marker layers: what each layer shows, computed from the replica, and how it is fed.

A :class:`MarkerLayer` owns one ``ScatterPlotItem`` created once. :meth:`MarkerLayer.show`
compares the new markers with the ones on screen: when only positions moved (the common case,
telemetry) it rewrites the coordinates in place, which costs microseconds; otherwise it calls
``setData`` once. The ``*_markers`` functions turn the replica into arrays; they never touch Qt
items, so the map can call them from its batching timer only.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPainterPath, QPen

from protocol.catalog import INCIDENT_TYPES, incident_category
from protocol.entities import Assignment, Depot, Incident, Position, Shelter, StockItem, Team
from protocol.enums import IncidentStatus
from protocol.replica import Replica

from . import style
from .projection import FloatArray, wgs84_to_map_array
from .translation import tr

Key = tuple[str, str]  # (kind, id)
Symbol = str | QPainterPath

HIDDEN_INCIDENT_STATUSES = frozenset(
    {IncidentStatus.CLOSED, IncidentStatus.MERGED, IncidentStatus.FALSE_ALARM}
)
"""Incidents in these states are history, not the live picture: the map leaves them out."""


@dataclass
class Markers:
    keys: list[Key]
    x: FloatArray
    y: FloatArray
    symbols: list[Symbol]
    brushes: list[QBrush]
    pens: list[QPen]

    @classmethod
    def build(
        cls,
        rows: Sequence[tuple[Key, float, float, Symbol, QBrush, QPen]],
    ) -> Markers:
        """From (key, lon, lat (WGS-84), symbol, brush, pen) rows."""
        if not rows:
            empty = np.empty(0)
            return cls([], empty, empty, [], [], [])
        keys, lon, lat, symbols, brushes, pens = zip(*rows, strict=True)
        x, y = wgs84_to_map_array(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return cls(list(keys), x, y, list(symbols), list(brushes), list(pens))

    @classmethod
    def of(
        cls,
        keys: list[Key],
        lon: list[float],
        lat: list[float],
        symbols: list[Symbol],
        brushes: list[QBrush],
        pens: list[QPen],
    ) -> Markers:
        """From columns (lon, lat WGS-84)."""
        x, y = wgs84_to_map_array(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return cls(keys, x, y, symbols, brushes, pens)

    def styles(self) -> list[Hashable]:
        return [
            (id(s), id(b), id(p))
            for s, b, p in zip(self.symbols, self.brushes, self.pens, strict=True)
        ]


class MarkerLayer:
    """One scatter item and the bookkeeping to feed it cheaply."""

    def __init__(self, name: str, kind: str, size: int, z: float) -> None:
        self.name = name
        self.kind = kind  # every marker of a layer is of one entity kind
        self.size = size  # full size (px); drawn at ``size * scale``
        self.scale = 1.0
        self.item = pg.ScatterPlotItem(pxMode=True, size=size, hoverable=True, name=name)
        self.item.setZValue(z)
        self.markers = Markers.build([])
        self._styles: list[Hashable] = []
        self._rows: dict[str, int] = {}  # entity id -> its point's index
        self._ids: list[str] = []  # entity ids in point order
        self.full_updates = 0  # setData calls (style or membership changed)
        self.moves = 0  # in-place coordinate updates

    def __len__(self) -> int:
        return len(self.markers.keys)

    def show(self, markers: Markers) -> None:
        styles = markers.styles()
        if markers.keys == self.markers.keys and styles == self._styles:
            if not (
                np.array_equal(markers.x, self.markers.x)
                and np.array_equal(markers.y, self.markers.y)
            ):
                self._move(markers.x, markers.y)
        else:
            self._fill(markers)
            self.full_updates += 1
            self._ids = [key[1] for key in markers.keys]
            self._rows = {id: i for i, id in enumerate(self._ids)}
        self.markers = markers
        self._styles = styles

    def position_of(self, key: Key) -> tuple[float, float] | None:
        i = self._rows.get(key[1]) if key[0] == self.kind else None
        if i is None:
            return None
        return float(self.markers.x[i]), float(self.markers.y[i])

    def count_in(self, left: float, bottom: float, right: float, top: float) -> int:
        """How many markers lie in a map rectangle (km)."""
        x, y = self.markers.x, self.markers.y
        return int(np.count_nonzero((x >= left) & (x <= right) & (y >= bottom) & (y <= top)))

    def set_scale(self, scale: float) -> None:
        """Draw every marker at ``scale`` times its full size (one re-fill, per style)."""
        if scale == self.scale:
            return
        self.scale = scale
        self.item.setSize(self.size * scale, update=False)
        if len(self):
            self._fill(self.markers)

    def shows_all(self, ids: Collection[str]) -> bool:
        """Whether every one of ``ids`` has a marker on this layer."""
        return (ids if isinstance(ids, (set, frozenset)) else set(ids)).issubset(self._rows)

    def ids(self) -> list[str]:
        """Entity ids in the order of the layer's points (the caller must not change it)."""
        return self._ids

    def move(self, ids: Sequence[str] | None, lon: FloatArray, lat: FloatArray) -> bool:
        """Move markers already shown (by entity id; None: all of them, in :meth:`ids` order)
        to new WGS-84 places, touching nothing else: one array write and one repaint however
        many move (no per-point Qt or pyqtgraph work, no setData).

        Python cost is one dict look-up per id. False (nothing done) when an id is not on the
        layer: the caller rebuilds the layer instead.
        """
        x, y = wgs84_to_map_array(lon, lat)
        if ids is None:
            if len(x) != len(self.markers.x):
                return False
            self.markers.x[:] = x
            self.markers.y[:] = y
        else:
            if not ids:
                return True
            get = self._rows.get
            n = len(ids)
            idx = np.fromiter(map(get, ids, repeat(-1, n)), dtype=np.intp, count=n)
            if idx.min() < 0:
                return False
            self.markers.x[idx] = x
            self.markers.y[idx] = y
        self._move(self.markers.x, self.markers.y)
        return True

    def _fill(self, markers: Markers) -> None:
        """``setData`` of every point with its own symbol, brush and pen, done per *style*
        rather than per point.

        ``ScatterPlotItem.setData`` with per-point lists makes a pen, a brush and an atlas
        key per point in Python (0.8 s for 20,000 incidents, the bulk of a province's cold
        start). A layer has a few dozen styles (category x grade x outline), so the record
        array is filled here with numpy fancy indexing from one entry per style, and the
        symbol atlas is asked once per style. The record layout is pyqtgraph's own
        (``ScatterPlotItem.data``); the result is the same as ``setData``'s (tests compare
        them).
        """
        item = self.item
        n = len(markers.keys)
        codes = np.empty(n, dtype=np.intp)
        first: dict[Hashable, int] = {}  # style -> its number
        styles: list[tuple[Symbol, QPen, QBrush]] = []
        for i, (sym, brush, pen) in enumerate(
            zip(markers.symbols, markers.brushes, markers.pens, strict=True)
        ):
            key = (id(sym), id(brush), id(pen))
            code = first.get(key)
            if code is None:
                code = first[key] = len(styles)
                styles.append((sym, pen, brush))
            codes[i] = code
        item.data["item"][...] = None  # spot items refer to the old records
        data = np.empty(n, dtype=item.data.dtype)
        data["x"] = markers.x
        data["y"] = markers.y
        data["size"] = -1  # the item's size
        data["visible"] = True
        data["hovered"] = False
        data["data"] = markers.keys
        for field, column in (("symbol", 0), ("pen", 1), ("brush", 2)):
            per_style = np.empty(len(styles), dtype=object)
            per_style[:] = [s[column] for s in styles]
            data[field] = per_style[codes]
        if item.opts["pxMode"] and item.opts["useCache"] and styles:
            size = item.opts["size"]
            rects = np.array(
                [tuple(r) for r in item.fragmentAtlas[[(s, size, p, b) for s, p, b in styles]]],
                dtype=data["sourceRect"].dtype,
            )
            data["sourceRect"] = rects[codes]
        else:
            data["sourceRect"] = 0
        item._maxSpotWidth = 0
        item._maxSpotPxWidth = 0
        item.data = data
        item.prepareGeometryChange()
        item.informViewBoundsChanged()
        item.bounds = [None, None]
        if item.opts["pxMode"] and item.opts["useCache"]:
            item._maybeRebuildAtlas()
        else:
            item.updateSpots(data)
        item._updateMaxSpotSizes(data=data)
        item.invalidate()
        item.sigPlotChanged.emit(item)

    def _move(self, x: FloatArray, y: FloatArray) -> None:
        """Same points, same looks, new places: rewrite coordinates, keep the symbol atlas."""
        item = self.item
        item.data["x"] = x
        item.data["y"] = y
        item.prepareGeometryChange()
        item.informViewBoundsChanged()
        item.bounds = [None, None]
        item.invalidate()
        self.moves += 1


# -- what each layer shows ----------------------------------------------------------------------
def incident_markers(replica: Replica) -> Markers:
    real = style.pen("#0b1420", 1.2)
    drill = style.pen(style.EXERCISE_OUTLINE, 2.0)
    pending = style.PENDING_PEN
    local = replica.local_ids("incident")
    looks: dict[tuple[str, str | None], tuple[Symbol, QBrush]] = {}
    keys: list[Key] = []
    lon: list[float] = []
    lat: list[float] = []
    symbols: list[Symbol] = []
    brushes: list[QBrush] = []
    pens: list[QPen] = []
    for inc in replica.all_typed(Incident):  # 20,000 at a province: the looks once per style
        if inc.status in HIDDEN_INCIDENT_STATUSES:
            continue
        grade = inc.grade.value if inc.grade is not None else None
        outline = pending if inc.id in local else drill if inc.exercise else real
        look = looks.get((inc.type_code, grade))
        if look is None:
            look = looks[(inc.type_code, grade)] = (
                style.INCIDENT_SYMBOLS[incident_category(inc.type_code)],
                style.brush(style.GRADE_COLOURS[grade]),
            )
        keys.append(("incident", inc.id))
        lon.append(inc.lon)
        lat.append(inc.lat)
        symbols.append(look[0])
        brushes.append(look[1])
        pens.append(outline)
    return Markers.of(keys, lon, lat, symbols, brushes, pens)


def team_markers(replica: Replica) -> Markers:
    outline = style.pen("#0b1420", 1.0)
    positions = replica.positions
    looks: dict[tuple[str, str], tuple[Symbol, QBrush]] = {}
    keys: list[Key] = []
    lon: list[float] = []
    lat: list[float] = []
    symbols: list[Symbol] = []
    brushes: list[QBrush] = []
    for team in replica.all_typed(Team):
        pos = positions.get(team.id)
        if pos is not None:
            lon.append(pos.lon)
            lat.append(pos.lat)
        else:
            lon.append(team.base_lon)
            lat.append(team.base_lat)
        look = looks.get((team.type, team.status))
        if look is None:
            look = looks[(team.type, team.status)] = (
                style.TEAM_SYMBOLS[team.type],
                style.brush(style.TEAM_STATUS_COLOURS[team.status]),
            )
        keys.append(("team", team.id))
        symbols.append(look[0])
        brushes.append(look[1])
    return Markers.of(keys, lon, lat, symbols, brushes, [outline] * len(keys))


def low_stock_depots(replica: Replica) -> set[str]:
    return {
        s.depot_id for s in replica.all_typed(StockItem) if s.quantity - s.reserved < s.threshold
    }


def depot_markers(replica: Replica) -> Markers:
    low = low_stock_depots(replica)
    normal = style.pen("#0b1420", 1.0)
    warning = style.pen(style.GRADE_COLOURS["I"], 2.0)
    rows = [
        (
            ("depot", d.id),
            d.lon,
            d.lat,
            style.HOUSE,
            style.brush(style.DEPOT_COLOUR),
            warning if d.id in low else normal,
        )
        for d in replica.all_typed(Depot)
    ]
    return Markers.build(rows)


def shelter_markers(replica: Replica) -> Markers:
    outline = style.pen("#0b1420", 1.0)
    rows = [
        (
            ("shelter", s.id),
            s.lon,
            s.lat,
            style.SHELTER,
            style.brush(style.SHELTER_OPEN if s.open else style.SHELTER_CLOSED),
            outline,
        )
        for s in replica.all_typed(Shelter)
    ]
    return Markers.build(rows)


def anchor_of(replica: Replica, kind: str, id: str) -> Key:
    """The marker that stands for a selection: an assignment is its team, a stock line its
    depot, a request or report its incident; map entities stand for themselves."""
    ent = replica.get(kind, id)
    if isinstance(ent, Assignment):
        return ("team", ent.team_id)
    if isinstance(ent, StockItem):
        return ("depot", ent.depot_id)
    incident_id = getattr(ent, "incident_id", None)
    if isinstance(incident_id, str):
        return ("incident", incident_id)
    return (kind, id)


def describe(replica: Replica, kind: str, id: str, lang: str = "en") -> str:
    """The hover tooltip of one marker: name, then state in words (never colour alone)."""
    ent = replica.get(kind, id)
    if isinstance(ent, Incident):
        itype = INCIDENT_TYPES.get(ent.type_code)
        lines = [
            f"{ent.number}  {ent.title}",
            f"{itype.zh if lang.startswith('zh') else itype.en}" if itype else ent.type_code,
            ent.grade.label(lang) if ent.grade is not None else tr("Not graded"),
            ent.status.label(lang),
        ]
        if ent.deaths or ent.injured or ent.missing or ent.trapped:
            lines.append(
                tr("deaths {d} · injured {i} · missing {m} · trapped {t}").format(
                    d=ent.deaths, i=ent.injured, m=ent.missing, t=ent.trapped
                )
            )
        if ent.exercise:
            lines.insert(0, tr("EXERCISE"))
        if replica.is_local(kind, id):
            lines.insert(0, tr("PENDING — not yet accepted by the server"))
        return "\n".join(lines)
    if isinstance(ent, Team):
        pos = replica.positions.get(ent.id)
        lines = [
            ent.name,
            ent.type.label(lang),
            ent.status.label(lang),
            tr("{n} people").format(n=ent.headcount),
        ]
        if pos is not None and pos.speed_kmh is not None:
            lines.append(f"{pos.speed_kmh:.0f} km/h")
        return "\n".join(lines)
    if isinstance(ent, Depot):
        low = ent.id in low_stock_depots(replica)
        return "\n".join([ent.name, ent.level.label(lang)] + (["LOW STOCK"] if low else []))
    if isinstance(ent, Shelter):
        state = tr("Open") if ent.open else tr("Closed")
        return f"{ent.name}\n{ent.tier.label(lang)}\n{state} · {ent.occupancy}/{ent.capacity}"
    return f"{kind} {id}"


_LON = attrgetter("lon")
_LAT = attrgetter("lat")


def position_arrays(
    positions: Mapping[str, Position], team_ids: Collection[str], shown: Sequence[str]
) -> tuple[list[str] | None, FloatArray, FloatArray]:
    """The ids among ``team_ids`` that have a position, and their WGS-84 lon and lat arrays,
    for :meth:`MarkerLayer.move`; telemetry moves thousands of markers a batch, so no
    per-point tuple or dict is built.

    When most of the layer moved (``shown``: the layer's ids in point order) and every shown
    team has a position, the whole layer is taken in its own order: ids None, no index
    look-ups at all."""
    if 2 * len(team_ids) >= len(shown):
        every = list(map(positions.get, shown))
        if None not in every:
            lon, lat = _lon_lat(every)
            return None, lon, lat
    ids = list(team_ids)
    found = list(map(positions.get, ids))
    if None in found:  # a team dropped since its fix arrived
        ids = [i for i, p in zip(ids, found, strict=True) if p is not None]
        found = [p for p in found if p is not None]
    lon, lat = _lon_lat(found)
    return ids, lon, lat


def _lon_lat(found: Sequence[Position | None]) -> tuple[FloatArray, FloatArray]:
    n = len(found)
    return (np.fromiter(map(_LON, found), dtype=float, count=n),
            np.fromiter(map(_LAT, found), dtype=float, count=n))
