"""Widgets floating over the map: the scale bar and the legend.

Both are plain QWidgets on top of the plot's viewport: they stay the same size while the map
zooms, and they paint with the same symbols and colours as the layers (from ``style``).
"""

from __future__ import annotations

import math

from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from protocol.enums import TeamStatus, TeamType

from . import style
from .translation import tr, tr_fix

_NICE = (1, 2, 5)


def nice_length(max_km: float) -> float:
    """The largest 1/2/5 x 10^n kilometres not above ``max_km``."""
    if max_km <= 0:
        return 0.0
    exp = math.floor(math.log10(max_km))
    best = 10.0**exp
    for m in _NICE:
        if m * 10.0**exp <= max_km:
            best = m * 10.0**exp
    return best


def format_km(km: float) -> str:
    if km < 1:
        return f"{km * 1000:.0f} m"
    return f"{km:g} km"


class ScaleBar(QWidget):
    """A bar of a round length in km; ``set_km_per_px`` after every zoom."""

    MAX_PX = 140

    def __init__(self, parent: QWidget | None = None,
                 palette: style.MapPalette = style.DARK) -> None:
        super().__init__(parent)
        self.palette_ = palette
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.km = 0.0
        self.px = 0.0
        self.setFixedSize(self.MAX_PX + 24, 34)

    def set_km_per_px(self, km_per_px: float) -> None:
        km = nice_length(km_per_px * self.MAX_PX)
        px = km / km_per_px if km_per_px > 0 else 0.0
        if (km, round(px)) != (self.km, round(self.px)):
            self.km, self.px = km, px
            self.update()

    def label(self) -> str:
        return format_km(self.km)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(*self.palette_.panel))
        x0, y = 12.0, 24.0
        p.setPen(style.pen(self.palette_.text, 2.0))
        p.drawLine(QPointF(x0, y), QPointF(x0 + self.px, y))
        for x in (x0, x0 + self.px / 2, x0 + self.px):
            p.drawLine(QPointF(x, y - (5 if x != x0 + self.px / 2 else 3)), QPointF(x, y))
        p.setFont(QFont(p.font().family(), 9))
        p.drawText(QRectF(x0, 2, self.MAX_PX, 16), Qt.AlignmentFlag.AlignLeft, self.label())
        p.end()


Row = tuple[str, object, str, str]  # kind ('head' or 'symbol'), symbol, colour, text


def legend_rows() -> list[Row]:
    """What the map's symbols and colours mean, in the interface language."""
    muted, grades = style.MUTED, style.GRADE_COLOURS
    symbol = style.INCIDENT_SYMBOLS
    team = style.TEAM_SYMBOLS
    status = style.TEAM_STATUS_COLOURS
    warning = style.WARNING_COLOURS
    return [
        ("head", None, "", tr("Incidents")),
        ("symbol", "o", grades["I"], tr("Grade I")),
        ("symbol", "o", grades["II"], tr("Grade II")),
        ("symbol", "o", grades["III"], tr("Grade III")),
        ("symbol", "o", grades["IV"], tr("Grade IV")),
        ("symbol", "o", grades[None], tr("Not graded")),
        ("symbol", symbol["natural"], muted, tr("Natural disaster")),
        ("symbol", symbol["accident"], muted, tr("Accident")),
        ("symbol", symbol["other"], muted, tr("Other")),
        ("exercise", "o", grades[None], tr("Exercise (white outline)")),
        ("head", None, "", tr("Teams")),
        ("symbol", "o", status[TeamStatus.AVAILABLE], tr("Available")),
        ("symbol", "o", status[TeamStatus.STAGED], tr("Alerted / staged")),
        ("symbol", "o", status[TeamStatus.EN_ROUTE], tr("Dispatched / en route")),
        ("symbol", "o", status[TeamStatus.WORKING], tr("On scene / working")),
        ("symbol", "o", status[TeamStatus.RETURNING], tr("Released / returning")),
        ("symbol", "o", status[TeamStatus.OUT_OF_SERVICE], tr("Out of service")),
        ("symbol", team[TeamType.FIRE_RESCUE], muted, tr("Fire & rescue / hazmat")),
        ("symbol", team[TeamType.FLOOD], muted, tr("Flood rescue")),
        ("symbol", team[TeamType.FOREST_FIRE], muted, tr("Forest fire")),
        ("symbol", team[TeamType.USAR_GEO], muted, tr("Geological / mine")),
        ("symbol", team[TeamType.SOCIAL], muted, tr("Social / township / militia")),
        ("symbol", team[TeamType.PLA], muted, tr("PLA / armed police")),
        ("symbol", team[TeamType.AVIATION], muted, tr("Aviation")),
        ("symbol", team[TeamType.MEDICAL], muted, tr("Medical")),
        ("symbol", team[TeamType.POWER], muted, tr("Power / comms")),
        ("head", None, "", tr("Resources")),
        ("symbol", style.HOUSE, style.DEPOT_COLOUR, tr("Depot (red ring: low stock)")),
        ("symbol", style.SHELTER, style.SHELTER_OPEN, tr("Shelter open")),
        ("symbol", style.SHELTER, style.SHELTER_CLOSED, tr("Shelter closed")),
        ("head", None, "", tr_fix("Typhoon track")),
        ("line", None, style.HAZARD_TRACK, tr_fix("Observed track")),
        ("dash", None, style.HAZARD_TRACK, tr_fix("Forecast track")),
        ("cone", None, style.CONE, tr_fix("Forecast cone (error circles)")),
        ("head", None, "", tr("Warnings (shaded areas)")),
        ("area", None, warning["red"], tr("Red warning")),
        ("area", None, warning["orange"], tr("Orange warning")),
        ("area", None, warning["yellow"], tr("Yellow warning")),
        ("area", None, warning["blue"], tr("Blue warning")),
    ]


class Legend(QWidget):
    """The map's symbols and colours: one column, or two (split at a heading) when one would
    be taller than the map allows (``fit_height``)."""

    ROW = 16
    COLUMN = 220

    def __init__(self, parent: QWidget | None = None,
                 palette: style.MapPalette = style.DARK) -> None:
        super().__init__(parent)
        self.palette_ = palette
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.rows = legend_rows()
        self.columns = [self.rows]
        self.setFixedSize(self.sizeHint())
        self._pixmap: QPixmap | None = None  # drawn once: the map repaints under it every frame

    def fit_height(self, height: int) -> None:
        """Use two columns when one column of rows is taller than ``height`` px."""
        one = 12 + self.ROW * len(self.rows)
        if one <= height:
            columns = [self.rows]
        else:
            heads = [i for i, r in enumerate(self.rows) if r[0] == "head" and i > 0]
            half = len(self.rows) / 2
            split = min(heads, key=lambda i: abs(i - half))
            columns = [self.rows[:split], self.rows[split:]]
        if [len(c) for c in columns] != [len(c) for c in self.columns]:
            self.columns = columns
            self._pixmap = None
            self.setFixedSize(self.sizeHint())
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.COLUMN * len(self.columns),
                     12 + self.ROW * max(len(c) for c in self.columns))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        ratio = self.devicePixelRatioF()
        if self._pixmap is None or self._pixmap.devicePixelRatio() != ratio:
            self._pixmap = QPixmap(self.size() * ratio)
            self._pixmap.setDevicePixelRatio(ratio)
            self._pixmap.fill(Qt.GlobalColor.transparent)
            self._draw(QPainter(self._pixmap))
        p = QPainter(self)
        p.drawPixmap(0, 0, self._pixmap)
        p.end()

    def _draw(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette_
        p.setBrush(QColor(*pal.panel))
        p.setPen(style.pen(pal.panel_border, 1.0))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        normal = QFont(p.font().family(), 9)
        bold = QFont(normal)
        bold.setBold(True)
        for col, rows in enumerate(self.columns):
            x0 = col * self.COLUMN
            y = 6.0
            for kind, symbol, colour, text in rows:
                centre = QPointF(x0 + 18, y + self.ROW / 2)
                if kind == "head":
                    p.setFont(bold)
                    p.setPen(QColor(pal.text))
                    p.drawText(QRectF(x0 + 8, y, 210, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                               text)
                else:
                    p.save()
                    if kind == "area":
                        p.setBrush(style.translucent(colour, 110))
                        p.setPen(style.pen(colour, 1.5))
                        p.drawRect(QRectF(centre.x() - 7, centre.y() - 5, 14, 10))
                    elif kind in ("line", "dash"):
                        p.setPen(style.pen(colour, 2.4) if kind == "line" else style.FORECAST_PEN)
                        p.drawLine(QPointF(centre.x() - 9, centre.y()),
                                   QPointF(centre.x() + 9, centre.y()))
                        if kind == "line":
                            p.setBrush(style.brush(colour))
                            p.setPen(style.pen(style.MARKER_OUTLINE, 1.0))
                            p.drawEllipse(centre, 3.2, 3.2)
                    elif kind == "cone":
                        p.setBrush(style.translucent(colour, style.CONE_FILL_ALPHA * 2))
                        p.setPen(style.CONE_PEN)
                        p.drawPolygon([QPointF(centre.x() - 9, centre.y()),
                                       QPointF(centre.x() + 8, centre.y() - 6),
                                       QPointF(centre.x() + 8, centre.y() + 6)])
                    else:
                        outline = (
                            style.pen(style.EXERCISE_OUTLINE, 2.0)
                            if kind == "exercise"
                            else style.pen(style.MARKER_OUTLINE, 1.0)
                        )
                        p.translate(centre)
                        drawSymbol(p, symbol, 12, outline, style.brush(colour))
                    p.restore()
                    p.setFont(normal)
                    p.setPen(QColor(pal.text))
                    p.drawText(QRectF(x0 + 34, y, 184, self.ROW),
                               Qt.AlignmentFlag.AlignVCenter, text)
                y += self.ROW
        p.end()
