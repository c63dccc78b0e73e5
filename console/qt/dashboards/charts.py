"""Chart building blocks for the dashboards: bar charts with value labels, and time lines.

Each chart owns items created once; ``set_values`` feeds them. Every bar carries its number as
text next to it, so a reader never has to judge a colour or a length alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont

from console.qt.map.style import DARK, MapPalette
from console.qt.map.translation import tr

TITLE_SIZE = "10pt"


def style_plot(plot: pg.PlotItem, title: str, palette: MapPalette) -> None:
    plot.setTitle(title, color=palette.text, size=TITLE_SIZE)
    plot.hideButtons()
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(palette.panel_border))
        axis.setTextPen(pg.mkPen(palette.text))
        axis.setStyle(tickFont=QFont("Noto Sans CJK SC", 8))


class BarChart:
    """Bars for a fixed list of categories; horizontal bars read best with long labels."""

    def __init__(
        self,
        plot: pg.PlotItem,
        title: str,
        labels: Sequence[str],
        colours: Sequence[str],
        horizontal: bool = True,
        label_width: int = 110,
        min_top: float = 1.0,
        palette: MapPalette = DARK,
    ) -> None:
        style_plot(plot, title, palette)
        self.plot = plot
        self.horizontal = horizontal
        self.min_top = min_top
        self._n = len(labels)
        slots = np.arange(self._n, dtype=float)
        brushes = [pg.mkBrush(c) for c in colours]
        if horizontal:
            slots = slots[::-1]  # first category on top
            self.item = pg.BarGraphItem(
                x0=0, y=slots, width=np.zeros(self._n), height=0.7, brushes=brushes, pen=None
            )
            plot.getAxis("left").setTicks([list(zip(slots.tolist(), labels, strict=True))])
            plot.getAxis("left").setWidth(label_width)
            plot.hideAxis("bottom")
        else:
            self.item = pg.BarGraphItem(
                x=slots, y0=0, height=np.zeros(self._n), width=0.7, brushes=brushes, pen=None
            )
            plot.getAxis("bottom").setTicks([list(zip(slots.tolist(), labels, strict=True))])
            plot.hideAxis("left")
        self._slots = slots
        plot.addItem(self.item)
        self._texts = []
        for _ in range(self._n):
            text = pg.TextItem("", color=palette.text, anchor=(0, 0.5) if horizontal else (0.5, 1))
            plot.addItem(text)
            self._texts.append(text)
        self._values = np.zeros(self._n)

    def values(self) -> list[float]:
        return self._values.tolist()

    def set_values(self, values: Sequence[float], texts: Sequence[str] | None = None) -> None:
        vals = np.asarray(values, dtype=float)
        self._values = vals
        top = max(float(vals.max()) if vals.size else 0.0, self.min_top)
        if self.horizontal:
            self.item.setOpts(width=vals)
            self.plot.setXRange(0, top * 1.22, padding=0)
            self.plot.setYRange(-0.6, self._n - 0.4, padding=0)
        else:
            self.item.setOpts(height=vals)
            self.plot.setYRange(0, top * 1.25, padding=0)
            self.plot.setXRange(-0.6, self._n - 0.4, padding=0)
        labels = texts if texts is not None else [f"{v:g}" for v in vals]
        for text, slot, value, label in zip(self._texts, self._slots, vals, labels, strict=True):
            text.setText(label)
            if self.horizontal:
                text.setPos(float(value) + top * 0.02, float(slot))
            else:
                text.setPos(float(slot), float(value))


class TimeLine:
    """One series over the last ``span_min`` minutes; x is minutes relative to now (≤ 0)."""

    def __init__(
        self,
        plot: pg.PlotItem,
        title: str,
        colour: str,
        span_min: float = 60.0,
        steps: bool = False,
        palette: MapPalette = DARK,
    ) -> None:
        style_plot(plot, title, palette)
        self.plot = plot
        self.span_min = span_min
        self.curve = pg.PlotDataItem(
            [],
            [],
            pen=pg.mkPen(colour, width=2),
            fillLevel=0,
            brush=pg.mkBrush(colour + "40"),
            stepMode="right" if steps else None,  # a count holds until it changes
        )
        plot.addItem(self.curve)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setLabel("bottom", tr("minutes"), color=palette.text)
        plot.setXRange(-span_min, 0, padding=0.02)

    def set_points(self, minutes_ago: Sequence[float], values: Sequence[float]) -> None:
        self.curve.setData(np.asarray(minutes_ago, dtype=float), np.asarray(values, dtype=float))
        top = max(values, default=0)
        self.plot.setYRange(0, max(1.0, float(top)) * 1.15, padding=0)

    def points(self) -> tuple[list[float], list[float]]:
        x, y = self.curve.getData()
        return ([] if x is None else x.tolist()), ([] if y is None else y.tolist())
