"""How the map draws things: symbols, colours, pens. One place, so the legend cannot lie.

Grade and warning colours follow the national red/orange/yellow/blue convention; every colour
is paired with a shape (category, team type) and with text in the tooltip and the legend, so
colour is never the only cue. QPen/QBrush objects are created once and reused: pyqtgraph's
symbol atlas is keyed by them, so fresh objects per redraw would defeat its cache.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF

from protocol.enums import TeamStatus, TeamType

BACKGROUND = "#0b1420"
LAND = "#13202f"
PROVINCE_PEN = QPen(QColor("#8fb3d9"), 2.4)
CITY_PEN = QPen(QColor("#5d7fa3"), 1.3)
COUNTY_PEN = QPen(QColor(93, 127, 163, 110), 0.6)
for _pen in (PROVINCE_PEN, CITY_PEN, COUNTY_PEN):
    _pen.setCosmetic(True)

LABEL_BACKGROUND = (11, 20, 32, 160)
CITY_LABEL = "#dbe7f3"
COUNTY_LABEL = "#a9bdd1"
TEXT = "#dce6f0"
EXERCISE_OUTLINE = "#e6edf3"
TOOLBAR_STYLE = """
QToolBar { background: #0f1b2a; border: none; border-bottom: 1px solid #24364a; spacing: 2px; }
QToolButton { color: #dce6f0; padding: 3px 8px; border: 1px solid transparent; }
QToolButton:checked { background: #1d3550; border-color: #3b5f86; }
QToolButton[checkable="true"]:!checked { color: #7f8ea3; }
QToolButton:hover { border-color: #5d7fa3; }
QToolButton::menu-indicator { subcontrol-origin: padding; subcontrol-position: right center; }
QMenu { background: #0f1b2a; color: #dce6f0; border: 1px solid #24364a; }
QMenu::item:selected { background: #1d3550; }
"""
MUTED = "#8b9bb0"
MARKER_OUTLINE = "#0b1420"

LIGHT_TOOLBAR_STYLE = """
QToolBar { background: #e9eef3; border: none; border-bottom: 1px solid #b7c3d0; spacing: 2px; }
QToolButton { color: #1d2b3a; padding: 3px 8px; border: 1px solid transparent; }
QToolButton:checked { background: #cfdceb; border-color: #7d98b5; }
QToolButton[checkable="true"]:!checked { color: #6a7886; }
QToolButton:hover { border-color: #7d98b5; }
QToolButton::menu-indicator { subcontrol-origin: padding; subcontrol-position: right center; }
QMenu { background: #f6f8fa; color: #1d2b3a; border: 1px solid #b7c3d0; }
QMenu::item:selected { background: #cfdceb; }
"""


@dataclass(frozen=True)
class MapPalette:
    """The map's ground, lines, labels and overlay panels under one theme. Markers, grade and
    warning colours are the same in both themes (the national convention)."""

    background: str
    land: str
    province_pen: QPen
    city_pen: QPen
    county_pen: QPen
    label_background: tuple[int, int, int, int]
    county_label_background: tuple[int, int, int, int]
    city_label: str
    county_label: str
    text: str
    panel: tuple[int, int, int, int]  # legend and scale bar backgrounds
    panel_border: str
    toolbar_style: str
    chart_background: str  # dashboards


def _cosmetic(colour: QColor, width: float) -> QPen:
    p = QPen(colour, width)
    p.setCosmetic(True)
    return p


DARK = MapPalette(
    background=BACKGROUND, land=LAND, province_pen=PROVINCE_PEN, city_pen=CITY_PEN,
    county_pen=COUNTY_PEN, label_background=LABEL_BACKGROUND,
    county_label_background=(11, 20, 32, 120), city_label=CITY_LABEL,
    county_label=COUNTY_LABEL, text=TEXT, panel=(11, 20, 32, 215), panel_border="#2b3d52",
    toolbar_style=TOOLBAR_STYLE, chart_background=BACKGROUND,
)
LIGHT = MapPalette(
    background="#d6e2ee", land="#f8f7f2",
    province_pen=_cosmetic(QColor("#2f4f70"), 2.4),
    city_pen=_cosmetic(QColor("#5a7896"), 1.3),
    county_pen=_cosmetic(QColor(90, 120, 150, 120), 0.6),
    label_background=(255, 255, 255, 200), county_label_background=(255, 255, 255, 150),
    city_label="#13283d", county_label="#3f5368",
    text="#13283d", panel=(255, 255, 255, 225), panel_border="#9fb0c2",
    toolbar_style=LIGHT_TOOLBAR_STYLE, chart_background="#ffffff",
)


def palette(theme: str) -> MapPalette:
    """The map palette of a console theme ("dark" or "light")."""
    return LIGHT if theme == "light" else DARK

GRADE_COLOURS = {
    "I": "#ff3b30",  # red
    "II": "#ff9500",  # orange
    "III": "#ffd60a",  # yellow
    "IV": "#2f80ff",  # blue
    None: "#9aa0a6",  # not graded yet
}
WARNING_FILL_ALPHA = 46  # of 255: a tint the boundaries, names and symbols read through
WARNING_OUTLINE_WIDTH = 2.2  # px: the area's edge carries the colour
WARNING_AREA_Z = 1.5  # above the land (-10), under the outlines (2-4) and markers (10-13)
WARNING_COLOURS = {"red": "#ff3b30", "orange": "#ff9500", "yellow": "#ffd60a", "blue": "#2f80ff"}


def _path(points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    path.closeSubpath()
    return path


def _burst() -> QPainterPath:
    """An eight-pointed burst: accidents (explosions, fires, collapses)."""
    pts = []
    for i in range(16):
        r = 0.5 if i % 2 == 0 else 0.24
        a = math.pi * i / 8
        pts.append((r * math.sin(a), -r * math.cos(a)))
    return _path(pts)


def _house() -> QPainterPath:
    """A storehouse with a roof: material depots."""
    return _path([(-0.45, 0.45), (-0.45, -0.1), (0.0, -0.5), (0.45, -0.1), (0.45, 0.45)])


def _shelter() -> QPainterPath:
    """A square sign with a house cut out of it: shelters (the 应急避难场所 sign's idea). Square
    and framed, so it reads apart from the natural-disaster triangle and the solid depot."""
    sign = QPainterPath()
    sign.addRoundedRect(QRectF(-0.46, -0.46, 0.92, 0.92), 0.12, 0.12)
    house = _path([(-0.24, 0.3), (-0.24, 0.0), (0.0, -0.26), (0.24, 0.0), (0.24, 0.3)])
    return sign.subtracted(house)


def _ring() -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QRectF(-0.5, -0.5, 1.0, 1.0))
    path.addEllipse(QRectF(-0.38, -0.38, 0.76, 0.76))
    return path


BURST = _burst()
HOUSE = _house()
SHELTER = _shelter()
HALO = _ring()

# incident category (protocol.catalog.incident_category) -> symbol
INCIDENT_SYMBOLS: dict[str, str | QPainterPath] = {
    "natural": "t1",  # warning triangle
    "accident": BURST,
    "health": "d",
    "social": "d",
    "other": "d",
}

# team type -> symbol, grouped by what the force does
TEAM_SYMBOLS: dict[TeamType, str] = {
    TeamType.FIRE_RESCUE: "s",
    TeamType.NATIONAL_MOBILE: "s",
    TeamType.HAZMAT: "s",
    TeamType.FOREST_FIRE: "p",
    TeamType.AVIATION: "star",
    TeamType.FLOOD: "o",
    TeamType.USAR_GEO: "h",
    TeamType.MINE: "h",
    TeamType.SOCIAL: "t",
    TeamType.TOWNSHIP: "t",
    TeamType.MILITIA: "t",
    TeamType.PLA: "t3",
    TeamType.PAP: "t3",
    TeamType.MEDICAL: "+",
    TeamType.POWER: "x",
    TeamType.COMMS: "x",
}

TEAM_STATUS_COLOURS: dict[TeamStatus, str] = {
    TeamStatus.AVAILABLE: "#3fb950",
    TeamStatus.ALERTED: "#a371f7",
    TeamStatus.STAGED: "#a371f7",
    TeamStatus.DISPATCHED: "#39c5cf",
    TeamStatus.EN_ROUTE: "#39c5cf",
    TeamStatus.ON_SCENE: "#f778ba",
    TeamStatus.WORKING: "#f778ba",
    TeamStatus.RELEASED: "#8b949e",
    TeamStatus.RETURNING: "#8b949e",
    TeamStatus.RECALLED: "#8b949e",
    TeamStatus.OUT_OF_SERVICE: "#484f58",
}

HAZARD_TRACK = "#ff7ad9"  # a typhoon's path: observed solid, forecast dashed
CONE = "#e6edf3"  # its forecast cone: a pale veil with a dashed edge
CONE_FILL_ALPHA = 40
HAZARD_TRACK_Z = 9.0  # over lines and shading, under markers (10-13) and names (20+)
CONE_Z = 1.7  # over the warning tint (1.5), under the boundaries (2-4)


def dashed(colour: str, width: float) -> QPen:
    """A cosmetic dashed pen (the forecast part of a track, the cone's edge)."""
    p = QPen(QColor(colour), width)
    p.setCosmetic(True)
    p.setStyle(Qt.PenStyle.DashLine)
    return p


FORECAST_PEN = dashed(HAZARD_TRACK, 2.0)
CONE_PEN = dashed(CONE, 1.0)
DEPOT_COLOUR = "#d4a373"
TRACK = "#39c5cf"  # a team's played-back track
SHELTER_OPEN = "#3fb950"
SHELTER_CLOSED = "#6e7681"

INCIDENT_SIZE = 15
TEAM_SIZE = 9
DEPOT_SIZE = 11
SHELTER_SIZE = 12
HALO_SIZE = 34
CANDIDATE = "#1a73e8"  # rings around teams offered in the dispatch dialog

_brushes: dict[str, QBrush] = {}
_pens: dict[tuple[str, float], QPen] = {}


def brush(colour: str) -> QBrush:
    """The shared brush of a colour (created once)."""
    found = _brushes.get(colour)
    if found is None:
        found = _brushes[colour] = QBrush(QColor(colour))
    return found


def pen(colour: str, width: float = 1.0) -> QPen:
    """The shared cosmetic pen of a colour and width (created once)."""
    found = _pens.get((colour, width))
    if found is None:
        found = QPen(QColor(colour), width)
        found.setCosmetic(True)
        _pens[(colour, width)] = found
    return found


def translucent(colour: str, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


def _pending_pen() -> QPen:
    """The outline of something shown before the server has it: grey and dashed."""
    found = QPen(QColor("#6b6b6b"), 2.5)
    found.setCosmetic(True)
    found.setStyle(Qt.PenStyle.DashLine)
    return found


PENDING_PEN = _pending_pen()
