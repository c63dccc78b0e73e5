"""Marker layers: what each layer shows, computed from the replica, and how it is fed.

A :class:`MarkerLayer` owns one ``ScatterPlotItem`` created once. :meth:`MarkerLayer.show`
compares the new markers with the ones on screen: when only positions moved (the common case,
telemetry) it rewrites the coordinates in place, which costs microseconds; otherwise it calls
``setData`` once. The ``*_markers`` functions turn the replica into arrays; they never touch Qt
items, so the map can call them from its batching timer only.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPainterPath, QPen

from protocol.catalog import INCIDENT_TYPES, incident_category
from protocol.entities import Assignment, Depot, Incident, Shelter, StockItem, Team
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

    def styles(self) -> list[Hashable]:
        return [
            (id(s), id(b), id(p))
            for s, b, p in zip(self.symbols, self.brushes, self.pens, strict=True)
        ]


class MarkerLayer:
    """One scatter item and the bookkeeping to feed it cheaply."""

    def __init__(self, name: str, size: int, z: float) -> None:
        self.name = name
        self.item = pg.ScatterPlotItem(pxMode=True, size=size, hoverable=True, name=name)
        self.item.setZValue(z)
        self.markers = Markers.build([])
        self._styles: list[Hashable] = []
        self._index: dict[Key, int] = {}
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
            self.item.setData(
                x=markers.x,
                y=markers.y,
                symbol=markers.symbols,
                brush=markers.brushes,
                pen=markers.pens,
                data=markers.keys,
            )
            self.full_updates += 1
            self._index = {key: i for i, key in enumerate(markers.keys)}
        self.markers = markers
        self._styles = styles

    def position_of(self, key: Key) -> tuple[float, float] | None:
        i = self._index.get(key)
        if i is None:
            return None
        return float(self.markers.x[i]), float(self.markers.y[i])

    def move(self, moves: dict[Key, tuple[float, float]]) -> bool:
        """Move markers already shown to new WGS-84 places, touching nothing else.

        Cost grows with the number moved, not the layer's size. False (nothing done) when a
        key is not on the layer: the caller rebuilds the layer instead.
        """
        if not moves:
            return True
        idx: list[int] = []
        for key in moves:
            i = self._index.get(key)
            if i is None:
                return False
            idx.append(i)
        lonlat = np.array(list(moves.values()), dtype=float)
        x, y = wgs84_to_map_array(lonlat[:, 0], lonlat[:, 1])
        self.markers.x[idx] = x
        self.markers.y[idx] = y
        self._move(self.markers.x, self.markers.y)
        return True

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
    rows = []
    local = replica.local_ids("incident")
    for inc in replica.all_typed(Incident):
        if inc.status in HIDDEN_INCIDENT_STATUSES:
            continue
        grade = inc.grade.value if inc.grade is not None else None
        rows.append(
            (
                ("incident", inc.id),
                inc.lon,
                inc.lat,
                style.INCIDENT_SYMBOLS[incident_category(inc.type_code)],
                style.brush(style.GRADE_COLOURS[grade]),
                pending if inc.id in local else drill if inc.exercise else real,
            )
        )
    return Markers.build(rows)


def team_markers(replica: Replica) -> Markers:
    outline = style.pen("#0b1420", 1.0)
    rows = []
    for team in replica.all_typed(Team):
        pos = replica.positions.get(team.id)
        lon, lat = (pos.lon, pos.lat) if pos is not None else (team.base_lon, team.base_lat)
        rows.append(
            (
                ("team", team.id),
                lon,
                lat,
                style.TEAM_SYMBOLS[team.type],
                style.brush(style.TEAM_STATUS_COLOURS[team.status]),
                outline,
            )
        )
    return Markers.build(rows)


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
