"""Filled regions: the land under the outlines, and warnings shading their areas.

One graphics item paints any number of (path, fill, outline) areas, so a change of the active
warnings is one ``set_areas`` call on an item created once, not items added and removed.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from console.state.boundaries import Region

from .projection import project

Area = tuple[QPainterPath, QBrush, QPen]


def region_path(region: Region) -> QPainterPath:
    """A region's rings as one path in map km (odd-even fill keeps holes open)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in region.rings:
        x, y = project(ring[:, 0], ring[:, 1])
        path.moveTo(float(x[0]), float(y[0]))
        for px, py in zip(x[1:].tolist(), y[1:].tolist(), strict=True):
            path.lineTo(px, py)
        path.closeSubpath()
    return path


class FilledAreas(pg.GraphicsObject):
    """``antialias=False`` suits areas whose edge another item strokes: it halves the cost."""

    def __init__(self, antialias: bool = True) -> None:
        super().__init__()
        self.antialias = antialias
        self._areas: list[Area] = []
        self._bounds = QRectF()

    def set_areas(self, areas: Sequence[Area]) -> None:
        """Replace what is painted; later areas paint over earlier ones."""
        self.prepareGeometryChange()
        self._areas = list(areas)
        bounds = QRectF()
        for path, _, _ in self._areas:
            bounds = bounds.united(path.boundingRect())
        self._bounds = bounds
        self.informViewBoundsChanged()
        self.update()

    def area_count(self) -> int:
        return len(self._areas)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._bounds

    def paint(
        self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, self.antialias)
        for path, fill, outline in self._areas:
            p.setBrush(fill)
            p.setPen(outline)
            p.drawPath(path)


class AreaLabels:
    """Text tags on shaded areas (a warning's hazard and colour in words), from a reused pool."""

    def __init__(self, plot: pg.PlotWidget, z: float, font: QFont) -> None:
        self._plot = plot
        self._z = z
        self._font = font
        self.items: list[pg.TextItem] = []
        self._visible = True
        self._count = 0

    def show(self, labels: Sequence[tuple[str, float, float, str, QColor]]) -> None:
        """(text, x, y, text colour, background colour) per label; the rest of the pool hides."""
        while len(self.items) < len(labels):
            item = pg.TextItem("", anchor=(0.5, 0.5))
            item.setFont(self._font)
            item.setZValue(self._z)
            self._plot.addItem(item)
            self.items.append(item)
        for item, (text, x, y, colour, background) in zip(self.items, labels, strict=False):
            item.setText(text, color=colour)
            item.fill = pg.mkBrush(background)
            item.border = pg.mkPen(None)
            item.setPos(x, y)
            item.setVisible(self._visible)
        for item in self.items[len(labels) :]:
            item.setVisible(False)
        self._count = len(labels)

    def texts(self) -> list[str]:
        return [item.toPlainText() for item in self.items if item.isVisible()]

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - matches QGraphicsItem
        self._visible = visible
        for item in self.items[: self._count]:
            item.setVisible(visible)
