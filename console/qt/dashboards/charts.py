"""Chart cards for the dashboards: a titled frame around one pyqtgraph plot, exportable to PNG.

Every chart is readable at the dock's default size: bars are horizontal with their names as
axis labels, elided to the width the axis may take, and a chart shows only as many rows as
its height fits at the tick font's line height (the first rows, which callers sort by what
matters), so labels never overlap; each bar carries its number as text, so a reader never has
to judge a colour or a length alone. Each card exports itself to PNG from its "PNG…" button
or its right-click menu, through a non-modal file dialog (``export_dialog``) that tests fill
as a person would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.qt.map.style import DARK, MapPalette

CONTEXT = "Dashboards"
TICK_PT = 9
TITLE_PT = 10
LABEL_SHARE = 0.46  # of the plot's width, at most, for the category names
ROW_LINES = 1.35  # a row is this many tick-font lines high at least
OVERLAY_COLOUR = "#e3b341"  # the thinner second bar of a row


def tr(s: str) -> str:
    return QCoreApplication.translate(CONTEXT, s)


def tick_font() -> QFont:
    font = QFont("Noto Sans CJK SC")
    font.setPointSize(TICK_PT)
    return font


@dataclass(frozen=True)
class Row:
    label: str
    value: float
    text: str  # the number as a person reads it, drawn next to the bar
    colour: str
    second: float | None = None  # an overlaid thinner bar (e.g. relocated beside affected)


class ChartCard(QFrame):
    """A titled card holding one plot; ``header`` takes extra controls (a selector)."""

    def __init__(self, name: str, title: str, palette: MapPalette = DARK,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"chart_{name}")
        self.name = name
        self.palette_ = palette
        self.export_dialog: QFileDialog | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"QFrame#chart_{name} {{ background: {palette.chart_background}; "
                           f"border: 1px solid {palette.panel_border}; }}"
                           f"QLabel, QToolButton {{ color: {palette.text}; border: none; }}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        self.header = QHBoxLayout()
        self.header.setSpacing(6)
        self.title = QLabel(title, self)
        font = self.title.font()
        font.setPointSize(TITLE_PT)
        font.setBold(True)
        self.title.setFont(font)
        self.header.addWidget(self.title, 1)
        self.export_action = QAction(tr("Export PNG…"), self)
        self.export_action.triggered.connect(self.ask_export)
        button = QToolButton(self)
        button.setObjectName(f"export_{name}")
        button.setText(tr("PNG…"))
        button.setToolTip(tr("Export this chart as a PNG image"))
        button.setAutoRaise(True)
        button.clicked.connect(self.ask_export)
        self.header.addWidget(button)
        layout.addLayout(self.header)
        self.tools = QHBoxLayout()  # colour keys and selectors, under the title
        self.tools.setSpacing(10)
        self.tools.addStretch(1)
        layout.addLayout(self.tools)
        self.plot_widget = pg.PlotWidget(self, background=palette.chart_background)
        self.plot_widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.plot_widget.customContextMenuRequested.connect(self._menu)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        layout.addWidget(self.plot_widget, 1)
        self.plot: pg.PlotItem = self.plot_widget.getPlotItem()
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getViewBox().setMenuEnabled(False)
        for axis_name in ("left", "bottom"):
            axis = self.plot.getAxis(axis_name)
            axis.setPen(pg.mkPen(palette.panel_border))
            axis.setTextPen(pg.mkPen(palette.text))
            axis.setStyle(tickFont=tick_font())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # pyqtgraph sizes a hidden axis to nothing: lay it out again once it can be seen
        super().showEvent(event)
        self._draw()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._draw()

    def _draw(self) -> None:
        """Lay the chart out for the card's present size (subclasses)."""

    def add_key(self, entries: Sequence[tuple[str, str]]) -> None:
        """Colour keys (colour, label) under the title."""
        for colour, label in entries:
            key = QLabel(f"<span style='color:{colour}'>■</span> {label}", self)
            key.setFont(tick_font())
            self.tools.insertWidget(self.tools.count() - 1, key)

    def _menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.export_action)
        sender = self.sender()
        origin = sender if isinstance(sender, QWidget) else self
        menu.popup(origin.mapToGlobal(pos))

    def ask_export(self) -> None:
        dialog = QFileDialog(self, tr("Export chart as PNG"), f"{self.name}.png",
                             tr("PNG images (*.png)"))
        dialog.setObjectName("chart_export")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("png")
        dialog.fileSelected.connect(self.export_png)
        dialog.finished.connect(dialog.deleteLater)
        self.export_dialog = dialog
        dialog.open()

    def export_png(self, path: str | Path) -> bool:
        """Save the card as it is on screen (title, chart and numbers) to ``path``."""
        return bool(self.grab().save(str(path), "PNG"))


class BarCard(ChartCard):
    """Horizontal bars, one row per category, as many rows as fit; the first row on top."""

    def __init__(self, name: str, title: str, palette: MapPalette = DARK,
                 parent: QWidget | None = None, empty: str = "") -> None:
        super().__init__(name, title, palette, parent)
        self.plot.hideAxis("bottom")
        self.plot.getAxis("left").setStyle(tickLength=0)  # the names are the ticks
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.66, brushes=[], pen=None)
        self.overlay = pg.BarGraphItem(x0=[], y=[], width=[], height=0.3, brushes=[],
                                       pen=None)
        self.plot.addItem(self.bars)
        self.plot.addItem(self.overlay)
        self._texts: list[pg.TextItem] = []
        self._rows: list[Row] = []
        self.shown: list[Row] = []  # the rows drawn (those that fit)
        self.empty = pg.TextItem(empty, color=palette.text, anchor=(0.5, 0.5))
        self.plot.addItem(self.empty)
        self._metrics = QFontMetrics(tick_font())

    def rows_that_fit(self) -> int:
        height = self.plot_widget.height() - 12  # the plot's margins; no bottom axis
        return max(1, int(height // (self._metrics.height() * ROW_LINES)))

    def set_rows(self, rows: Sequence[Row]) -> None:
        self._rows = list(rows)
        self._draw()

    def _draw(self) -> None:
        rows = self._rows[: self.rows_that_fit()]
        self.shown = rows
        n = len(rows)
        slots = np.arange(n, dtype=float)[::-1]  # first row on top
        values = np.array([r.value for r in rows], dtype=float)
        self.bars.setOpts(x0=np.zeros(n), y=slots, width=values,
                          brushes=[pg.mkBrush(r.colour) for r in rows])
        seconds = [(s, r) for s, r in zip(slots, rows, strict=True) if r.second is not None]
        self.overlay.setOpts(x0=np.zeros(len(seconds)),
                             y=np.array([s for s, _ in seconds], dtype=float),
                             width=np.array([r.second for _, r in seconds], dtype=float),
                             brushes=[pg.mkBrush(OVERLAY_COLOUR) for _ in seconds])
        axis = self.plot.getAxis("left")
        longest = max((self._metrics.horizontalAdvance(r.label) for r in rows), default=0)
        axis_px = min(max(60, int(self.plot_widget.width() * LABEL_SHARE)), longest + 12)
        axis.setWidth(axis_px)
        # the start of a name says what it is (the item before its depot): elide the end
        labels = [self._metrics.elidedText(r.label, Qt.TextElideMode.ElideRight, axis_px - 10)
                  for r in rows]
        axis.setTicks([list(zip(slots.tolist(), labels, strict=True)), []])
        ends = np.array([max(r.value, r.second or 0.0) for r in rows], dtype=float)
        top = max(float(ends.max()) if n else 0.0, 1.0)
        texts = self._texts
        while len(texts) < n:
            item = pg.TextItem("", color=self.palette_.text, anchor=(0, 0.5))
            item.setFont(tick_font())
            self.plot.addItem(item)
            texts.append(item)
        # room on the right for the longest number, in data units
        plot_px = max(40.0, self.plot_widget.width() - axis_px - 24.0)
        text_px = max((self._metrics.horizontalAdvance(r.text) for r in rows), default=0) + 12
        scale = top / max(plot_px - text_px, 20.0)
        right = top + text_px * scale
        for k, item in enumerate(texts):
            if k < n:
                item.setText(rows[k].text)
                item.setPos(float(ends[k]) + 4 * scale, float(slots[k]))
                item.show()
            else:
                item.hide()
        self.empty.setVisible(n == 0)
        self.empty.setPos(right / 2, 0)
        self.plot.setXRange(0, right, padding=0)
        # rows keep their thickness and sit at the top, however few there are
        fit = max(self.rows_that_fit(), n, 1)
        self.plot.setYRange(max(n, 1) - fit - 0.6, max(n, 1) - 0.4, padding=0)
        self.plot.layout.activate()  # the axis width now, not at the next event loop pass

    def values(self) -> list[float]:
        return [r.value for r in self.shown]

    def labels(self) -> list[str]:
        return [r.label for r in self.shown]


class HourCard(ChartCard):
    """Two counts per hour side by side (opened and closed), hour labels spaced to fit."""

    def __init__(self, name: str, title: str, series: tuple[str, str],
                 colours: tuple[str, str], palette: MapPalette = DARK,
                 parent: QWidget | None = None) -> None:
        super().__init__(name, title, palette, parent)
        self.colours = colours
        self.add_key(list(zip(colours, series, strict=True)))
        self.plot.getAxis("left").setWidth(QFontMetrics(tick_font()).horizontalAdvance("888") + 12)
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        self.first = pg.BarGraphItem(x=[], height=[], width=0.4, brush=colours[0], pen=None)
        self.second = pg.BarGraphItem(x=[], height=[], width=0.4, brush=colours[1], pen=None)
        self.plot.addItem(self.first)
        self.plot.addItem(self.second)
        self._texts: list[pg.TextItem] = []
        self._labels: list[str] = []
        self._a: list[int] = []
        self._b: list[int] = []
        self._metrics = QFontMetrics(tick_font())

    def set_counts(self, labels: Sequence[str], a: Sequence[int], b: Sequence[int]) -> None:
        self._labels, self._a, self._b = list(labels), list(a), list(b)
        self._draw()

    def counts(self) -> tuple[list[int], list[int]]:
        return list(self._a), list(self._b)

    def _draw(self) -> None:
        n = len(self._labels)
        xs = np.arange(n, dtype=float)
        self.first.setOpts(x=xs - 0.21, height=np.asarray(self._a, dtype=float))
        self.second.setOpts(x=xs + 0.21, height=np.asarray(self._b, dtype=float))
        per_label = max(self._metrics.horizontalAdvance(x) for x in self._labels) + 10 \
            if self._labels else 1
        width = max(1, self.plot_widget.width() - 20)
        step = max(1, int(np.ceil(per_label * n / width))) if n else 1
        ticks = [(float(k), self._labels[k]) for k in range(n - 1, -1, -step)]
        self.plot.getAxis("bottom").setTicks([ticks, []])
        top = max([*self._a, *self._b, 1])
        # the numbers over the bars, where there is room (a bar pair wider than "88")
        room = width / max(n, 1) > self._metrics.horizontalAdvance("88") * 2.2
        texts = self._texts
        while len(texts) < 2 * n:
            item = pg.TextItem("", color=self.palette_.text, anchor=(0.5, 1))
            item.setFont(tick_font())
            self.plot.addItem(item)
            texts.append(item)
        for k, item in enumerate(texts):
            if k < 2 * n and room:
                value = (self._a if k % 2 == 0 else self._b)[k // 2]
                item.setText(str(value) if value else "")
                item.setPos(float(k // 2) + (-0.21 if k % 2 == 0 else 0.21), float(value))
                item.show()
            else:
                item.hide()
        self.plot.setXRange(-0.6, n + 0.4, padding=0)  # room for the last hour's label
        self.plot.setYRange(0, top * 1.25, padding=0)
        self.plot.getAxis("left").setTicks(None if top > 4 else [
            [(float(v), str(v)) for v in range(top + 1)], []])
        self.plot.layout.activate()
