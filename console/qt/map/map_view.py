"""The operations map: boundaries, incidents, teams, depots, shelters and warnings.

Every graphics item is created once in ``__init__``. The map keeps no timer of its own: the
:class:`~console.qt.live.LiveModel` is the one batching point (one merged ``changed`` at most
every 100 ms, so ≤ 10 redraws a second however many events and positions arrive), and each
``changed`` marks the layers it touches dirty and ``redraw`` feeds just those from the
replica. The map plane is kilometres of a local projection
of GCJ-02 (see ``projection``), so the boundary data draws as-is and wire positions are
converted on the way in (and picked points on the way out).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QBrush,
    QFont,
    QKeySequence,
    QPainterPath,
    QPen,
    QPolygonF,
    QShortcut,
)
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QVBoxLayout, QWidget

from console.qt.live import LiveModel
from console.state import hazard_cone, label_placement, text
from console.state.boundaries import Boundaries, load_boundaries
from console.state.marker_density import marker_scale
from protocol.adcodes import PROVINCE
from protocol.entities import HazardTrack, Jurisdiction, Principal
from protocol.entities import Warning as CapWarning
from protocol.enums import LEVEL_OF_COLOUR, LEVEL_RANK, WarningState
from protocol.replica import Changes

from . import style
from .areas import AreaLabels, FilledAreas, region_path
from .layers import (
    Key,
    MarkerLayer,
    anchor_of,
    depot_markers,
    describe,
    incident_markers,
    position_arrays,
    shelter_markers,
    team_markers,
)
from .overlays import Legend, ScaleBar
from .projection import (
    FloatArray,
    map_to_wgs84,
    project,
    project_point,
    wgs84_to_map,
    wgs84_to_map_array,
)
from .translation import tr, tr_fix

PickCallback = Callable[[float, float], None]

LAYERS = ("boundaries", "labels", "warnings", "tracks", "depots", "shelters", "teams",
          "incidents")
_LAYER_OF_KIND = {
    "incident": "incidents",
    "team": "teams",
    "depot": "depots",
    "stock": "depots",
    "shelter": "shelters",
    "warning": "warnings",
    "hazard_track": "tracks",
}
_MARKER_BUILDERS = {
    "incidents": incident_markers,
    "teams": team_markers,
    "depots": depot_markers,
    "shelters": shelter_markers,
}
_CLICK_ORDER = ("incidents", "teams", "shelters", "depots")  # topmost first
COUNTY_LABELS_BELOW_KM_PER_PX = 0.25  # county names appear once zoomed in this far
COUNTY_LABEL_PT = 9.5  # on a translucent plate: legible over land, shading and lines
LABEL_FONT = "Noto Sans CJK SC"
COARSE_OUTLINES_ABOVE_KM_PER_PX = 0.3  # coarse tolerance (~0.6 km) is then under 2 px
LEGEND_FITS = 3.2  # the legend shows by itself when the map is this many legends wide
OVERLAY_MARGIN = 10  # px between the map's edge and the legend or scale bar


class MapView(QWidget):
    def __init__(
        self,
        live: LiveModel,
        parent: QWidget | None = None,
        boundaries: Boundaries | None = None,
        lang: str = "en",
        theme: str = "dark",
    ) -> None:
        super().__init__(parent)
        self.live = live
        self.lang = lang
        self.palette_ = style.palette(theme)
        self.boundaries = boundaries if boundaries is not None else load_boundaries()
        self.redraws = 0
        self._dirty: set[str] = set(_MARKER_BUILDERS) | {"warnings", "tracks"}
        self._moved: set[str] = set()  # team ids with a new position only (telemetry)
        self._pick: PickCallback | None = None
        self._region_paths = {
            code: region_path(region) for code, region in self.boundaries.regions.items()
        }

        self.plot = pg.PlotWidget(background=self.palette_.background)
        self.plot.setAntialiasing(True)
        item = self.plot.getPlotItem()
        item.hideAxis("left")
        item.hideAxis("bottom")
        item.hideButtons()
        item.setContentsMargins(0, 0, 0, 0)
        self.view: pg.ViewBox = item.getViewBox()
        self.view.setAspectLocked(True)
        self.view.setMenuEnabled(False)
        self.view.setLimits(minXRange=2.0, maxXRange=1400.0, minYRange=2.0, maxYRange=1400.0)

        self._items: dict[str, list[pg.GraphicsObject | AreaLabels]] = {n: [] for n in LAYERS}
        self._build_boundaries()
        self._build_labels()
        self._name_cities()
        self.warning_areas = FilledAreas()
        self.warning_areas.setZValue(style.WARNING_AREA_Z)  # under every line and symbol
        self._add("warnings", self.warning_areas)
        warning_font = QFont(LABEL_FONT, 9)
        warning_font.setBold(True)
        self.warning_labels = AreaLabels(self.plot, 22, warning_font)
        self._items["warnings"].append(self.warning_labels)
        self._warning_spots: list[tuple[float, float]] = []  # where each tag would like to be
        self._build_hazard_tracks()
        self.layers = {
            "depots": MarkerLayer("depots", "depot", style.DEPOT_SIZE, 10),
            "shelters": MarkerLayer("shelters", "shelter", style.SHELTER_SIZE, 11),
            "teams": MarkerLayer("teams", "team", style.TEAM_SIZE, 12),
            "incidents": MarkerLayer("incidents", "incident", style.INCIDENT_SIZE, 13),
        }
        for name, layer in self.layers.items():
            layer.item.opts["tip"] = self._tip
            self._add(name, layer.item)
        self.track = pg.PlotDataItem(pen=style.pen(style.TRACK, 2.4), symbol="o",
                                     symbolSize=4, symbolBrush=style.brush(style.TRACK),
                                     symbolPen=None)
        self.track.setZValue(11.5)
        self.plot.addItem(self.track)
        self.track_team: str | None = None
        self.halo = pg.ScatterPlotItem(pxMode=True, size=style.HALO_SIZE, symbol=style.HALO)
        self.halo.setZValue(14)
        self.plot.addItem(self.halo)
        self.candidates = pg.ScatterPlotItem(pxMode=True, size=style.HALO_SIZE - 6,
                                             symbol=style.HALO)  # teams offered for dispatch
        self.candidates.setZValue(13.5)
        self.plot.addItem(self.candidates)
        self.candidate_ids: list[str] = []

        self.toolbar = self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.plot, 1)
        self.scale_bar = ScaleBar(self.plot, self.palette_)
        self.legend = Legend(self.plot, self.palette_)
        self._legend_fits = True
        self._fitted = False  # the view is the jurisdiction's fit (kept through resizes)
        self._fitting = False
        self.plot.installEventFilter(self)

        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.cancel_pick_mode)

        live.changed.connect(self._on_changed)
        live.selected.connect(self._on_selected)
        live.principal_changed.connect(self._on_principal_changed)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.view.sigRangeChanged.connect(self._on_range_changed)
        self.view.sigRangeChangedManually.connect(self._on_user_moved)

        self.redraw()
        self._mark_own_county()
        self.fit_jurisdiction()

    # -- construction ---------------------------------------------------------------------------
    def _add(self, layer: str, item: pg.GraphicsObject) -> None:
        self.plot.addItem(item)
        self._items[layer].append(item)

    def _build_boundaries(self) -> None:
        province = self.boundaries.regions.get(PROVINCE)
        land = FilledAreas(antialias=False)  # the province outline draws its edge
        land.setZValue(-10)
        if province is not None:
            no_pen = QPen(Qt.PenStyle.NoPen)
            land.set_areas([(self._region_paths[PROVINCE], style.brush(self.palette_.land),
                             no_pen)])
        self.plot.addItem(land)  # always shown: it is the ground, not a layer
        self.outlines: dict[str, pg.PlotCurveItem] = {}
        self._outline_xy: dict[tuple[str, bool], tuple[FloatArray, FloatArray]] = {}
        self.coarse_outlines = False
        pal = self.palette_
        pens = {"county": pal.county_pen, "city": pal.city_pen, "province": pal.province_pen}
        for z, (level, level_pen) in enumerate(pens.items()):
            for coarse in (False, True):
                pts = self.boundaries.outline(level, coarse)
                self._outline_xy[(level, coarse)] = project(pts[:, 0], pts[:, 1])
            x, y = self._outline_xy[(level, False)]
            curve = pg.PlotCurveItem(x=x, y=y, connect="finite", pen=level_pen)
            curve.setZValue(2 + z)
            self.outlines[level] = curve
            self._add("boundaries", curve)

    def _build_hazard_tracks(self) -> None:
        """A typhoon's path: fixes as a solid line with dots, the forecast dashed, the cone a
        pale veil under the boundaries, the name at the latest fix. One item each for every
        track together (lines broken by NaN)."""
        self.cones = FilledAreas()
        self.cones.setZValue(style.CONE_Z)
        self._add("tracks", self.cones)
        self.track_observed = pg.PlotCurveItem(pen=style.pen(style.HAZARD_TRACK, 2.4),
                                               connect="finite")
        self.track_forecast = pg.PlotCurveItem(pen=style.FORECAST_PEN, connect="finite")
        self.track_fixes = pg.ScatterPlotItem(pxMode=True, size=7, symbol="o",
                                              brush=style.brush(style.HAZARD_TRACK),
                                              pen=style.pen(style.MARKER_OUTLINE, 1.0))
        self.track_points = pg.ScatterPlotItem(pxMode=True, size=6, symbol="o",
                                               brush=style.brush(style.MARKER_OUTLINE),
                                               pen=style.pen(style.HAZARD_TRACK, 1.5))
        for item in (self.track_observed, self.track_forecast, self.track_fixes,
                     self.track_points):
            item.setZValue(style.HAZARD_TRACK_Z)
            self._add("tracks", item)
        name_font = QFont(LABEL_FONT, 10)
        name_font.setBold(True)
        self.track_labels = AreaLabels(self.plot, 22, name_font)
        self._items["tracks"].append(self.track_labels)

    def _show_hazard_tracks(self) -> None:
        nan = np.array([np.nan])
        obs_x: list[np.ndarray] = []
        obs_y: list[np.ndarray] = []
        fc_x: list[np.ndarray] = []
        fc_y: list[np.ndarray] = []
        cones, labels = [], []
        fill = pg.mkBrush(style.translucent(style.CONE, style.CONE_FILL_ALPHA))
        for track in self.live.replica.all_typed(HazardTrack):
            fixes = [(p.lon, p.lat) for p in track.observed]
            ahead = [(p.lon, p.lat) for p in track.forecast]
            if fixes:
                x, y = wgs84_to_map_array(*np.array(fixes, dtype=float).T)
                obs_x += [x, nan]
                obs_y += [y, nan]
            if ahead:
                x, y = wgs84_to_map_array(*np.array(fixes[-1:] + ahead, dtype=float).T)
                fc_x += [x, nan]
                fc_y += [y, nan]
            start = [(p.at, p.lon, p.lat, 0.0) for p in track.observed[-1:]]
            rings = hazard_cone.forecast_cone(
                start + [(p.at, p.lon, p.lat, p.radius_km) for p in track.forecast])
            if rings:
                path = QPainterPath()
                path.setFillRule(Qt.FillRule.WindingFill)  # overlaps paint once
                for ring in rings:
                    x, y = wgs84_to_map_array(ring[:, 0], ring[:, 1])
                    path.addPolygon(QPolygonF([QPointF(a, b) for a, b in
                                               zip(x.tolist(), y.tolist(), strict=True)]))
                cones.append((path, fill, QPen(Qt.PenStyle.NoPen)))
                cones.append((path.simplified(), QBrush(Qt.BrushStyle.NoBrush), style.CONE_PEN))
            where = fixes[-1] if fixes else ahead[0]
            x0, y0 = wgs84_to_map(*where)
            title = track.name
            if track.exercise:
                title = tr_fix("{name} (exercise)").format(name=track.name)
            labels.append((title, x0, y0 + 0.0, style.HAZARD_TRACK, style.translucent(
                self.palette_.background, 200)))

        def joined(parts: list[np.ndarray]) -> np.ndarray:
            return np.concatenate(parts) if parts else np.empty(0)

        self.track_observed.setData(x=joined(obs_x), y=joined(obs_y))
        self.track_forecast.setData(x=joined(fc_x), y=joined(fc_y))
        ox, oy = joined(obs_x), joined(obs_y)
        keep = ~np.isnan(ox)
        self.track_fixes.setData(x=ox[keep], y=oy[keep])
        fx, fy = joined(fc_x), joined(fc_y)
        keep = ~np.isnan(fx)
        self.track_points.setData(x=fx[keep], y=fy[keep])
        self.cones.set_areas(cones)
        self.track_labels.show(labels)
        for item in self.track_labels.items:
            item.setAnchor((-0.12, 1.1))  # above right of the latest fix, not on its dot

    def track_counts(self) -> dict[str, int]:
        """What the hazard-track layer draws now (for tests): fixes, forecast points, cone
        rings, names."""
        return {
            "fixes": len(self.track_fixes.data),
            "forecast": len(self.track_points.data),
            "cones": self.cones.area_count() // 2,
            "names": len(self.track_labels.texts()),
        }

    def _build_labels(self) -> None:
        self.city_labels: list[pg.TextItem] = []
        self.county_labels: list[pg.TextItem] = []
        city_font = QFont(LABEL_FONT, 11)
        city_font.setBold(True)
        county_font = QFont(LABEL_FONT)
        county_font.setPointSizeF(COUNTY_LABEL_PT)
        self._own_font = QFont(LABEL_FONT, 13)  # the county on duty's own name
        self._own_font.setBold(True)
        self._county_font = county_font
        self._city_label_of: dict[str, pg.TextItem] = {}
        self._county_label_of: dict[str, pg.TextItem] = {}
        self._own_county: str | None = None  # a county principal's jurisdiction
        self._hidden_cities: set[str] = set()  # city names that would sit on it
        for code, region in self.boundaries.regions.items():
            if region.level == "province":
                continue
            is_city = region.level == "city"
            label = pg.TextItem(
                text.place_name(code, region.name, self.lang),  # one language from the start
                color=self.palette_.city_label if is_city else self.palette_.county_label,
                anchor=(0.5, 0.5),
                fill=pg.mkBrush(*(self.palette_.label_background if is_city
                                  else self.palette_.county_label_background)),
            )
            label.setFont(city_font if is_city else county_font)
            label.setPos(*project_point(*region.label_at))
            label.setZValue(21 if is_city else 20)  # names stay readable over markers
            (self.city_labels if is_city else self.county_labels).append(label)
            if is_city:
                self._city_label_of[code] = label
            else:
                self._county_label_of[code] = label
            self._add("labels", label)

    def _build_toolbar(self) -> QToolBar:
        """Layers (a checkable menu), fit, legend: narrow enough for a docked map."""
        bar = QToolBar(tr("Map"), self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setStyleSheet(self.palette_.toolbar_style)
        menu = QMenu(tr("Layers"), bar)
        titles = {
            "boundaries": tr("Boundaries"),
            "labels": tr("Labels"),
            "warnings": tr("Warnings"),
            "tracks": tr_fix("Typhoon tracks"),
            "depots": tr("Depots"),
            "shelters": tr("Shelters"),
            "teams": tr("Teams"),
            "incidents": tr("Incidents"),
        }
        self.layer_actions: dict[str, QAction] = {}
        for name in reversed(LAYERS):  # topmost first, as they stack on the map
            action = QAction(titles[name], menu)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, n=name: self.set_layer_visible(n, on))
            menu.addAction(action)
            self.layer_actions[name] = action
        layers = QToolButton(bar)
        layers.setText(tr("Layers"))
        layers.setToolTip(tr("Show or hide map layers"))
        layers.setMenu(menu)
        layers.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(layers)
        fit = QAction(tr("Fit my jurisdiction"), bar)
        fit.setShortcut(QKeySequence("Ctrl+0"))
        fit.setToolTip(tr("Zoom to the jurisdiction you are on duty for (Ctrl+0)"))
        fit.triggered.connect(self.fit_jurisdiction)
        bar.addAction(fit)
        self.legend_action = QAction(tr("Legend"), bar)
        self.legend_action.setCheckable(True)
        self.legend_action.setChecked(True)
        self.legend_action.setToolTip(tr("Symbols and colours (hidden by itself on a small map)"))
        self.legend_action.toggled.connect(self._on_legend_toggled)
        bar.addAction(self.legend_action)
        return bar

    def _on_legend_toggled(self, on: bool) -> None:
        self.legend.setVisible(on)
        if self._fitted:
            self.fit_jurisdiction()  # the room the legend takes, or gives back

    # -- public API -----------------------------------------------------------------------------
    def set_layer_visible(self, name: str, visible: bool) -> None:
        action = self.layer_actions[name]
        if action.isChecked() != visible:
            action.setChecked(visible)  # comes back here through toggled
            return
        for item in self._items[name]:
            item.setVisible(visible)
        if name == "labels":
            self._update_county_labels()

    def layer_visible(self, name: str) -> bool:
        return self.layer_actions[name].isChecked()

    def set_pick_mode(self, callback: PickCallback) -> None:
        """The next left click on the map calls ``callback(lon, lat)`` (WGS-84); Esc cancels."""
        self._pick = callback
        self.plot.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.plot.setFocus()

    def cancel_pick_mode(self) -> None:
        self._pick = None
        self.plot.viewport().unsetCursor()

    def picking(self) -> bool:
        return self._pick is not None

    def fit_jurisdiction(self) -> None:
        """Zoom to the jurisdiction on duty, beside the legend rather than under it.

        The legend floats at the top right; the jurisdiction's box is fitted into the part of
        the map left of it (when the legend shows), so it never covers the jurisdiction's land
        (at the province view: Zhoushan's islands, the easternmost). The fit is kept through
        resizes until the user pans or zooms."""
        rect = self.jurisdiction_rect()
        if rect is None:
            return
        self._fitted = True
        w, h = max(self.plot.width(), 50), max(self.plot.height(), 50)
        reserved = self.legend.width() + 2 * OVERLAY_MARGIN if self.legend_action.isChecked() else 0
        free_w = w - reserved if w - reserved >= 0.45 * w else w
        pad = 0.04
        km_per_px = max(rect.width() / (free_w * (1 - 2 * pad)),
                        rect.height() / (h * (1 - 2 * pad)))
        left = rect.left() - (free_w * km_per_px - rect.width()) / 2
        bottom = rect.center().y() - h * km_per_px / 2
        self._fitting = True
        try:
            self.view.setRange(xRange=(left, left + w * km_per_px),
                               yRange=(bottom, bottom + h * km_per_px), padding=0)
        finally:
            self._fitting = False

    def jurisdiction_rect(self) -> QRectF | None:
        """The bounding box (map km) of the jurisdiction on duty (the province without one)."""
        principal = self.live.principal
        code = principal.jurisdiction if principal is not None else PROVINCE
        region = self.boundaries.regions.get(code) or self.boundaries.regions.get(PROVINCE)
        if region is None:
            return None
        lon0, lat0, lon1, lat1 = region.bbox()
        x0, y0 = project_point(lon0, lat0)
        x1, y1 = project_point(lon1, lat1)
        return QRectF(QPointF(x0, y0), QPointF(x1, y1))

    def legend_view_rect(self) -> QRectF:
        """Where the legend is, in map km (for tests: what land it covers)."""
        g = self.legend.geometry()
        a = self.view.mapSceneToView(self.plot.mapToScene(g.topLeft()))
        b = self.view.mapSceneToView(self.plot.mapToScene(g.bottomRight()))
        return QRectF(a, b).normalized()

    def show_track(self, team_id: str, points: list[tuple[float, float]]) -> None:
        """Draw a team's track (WGS-84 points, oldest first) as a polyline; [] clears it."""
        self.track_team = team_id if points else None
        if not points:
            self.track.setData(x=[], y=[])
            return
        xy = [wgs84_to_map(lon, lat) for lon, lat in points]
        xs, ys = [p[0] for p in xy], [p[1] for p in xy]
        self.track.setData(x=xs, y=ys)
        self._fitted = False
        self.view.setRange(xRange=(min(xs) - 2, max(xs) + 2), yRange=(min(ys) - 2, max(ys) + 2),
                           padding=0.2)

    def show_candidates(self, team_ids: list[str]) -> None:
        """Ring the teams a dispatch dialog offers (where they are now, else their base);
        [] clears the rings."""
        self.candidate_ids = list(team_ids)
        points = [p for p in (self.position_of(("team", i)) for i in team_ids) if p is not None]
        self.candidates.setData(x=[p[0] for p in points], y=[p[1] for p in points],
                                brush=style.brush(style.CANDIDATE),
                                pen=style.pen(style.CANDIDATE, 2.5))

    def map_to_scene(self, x: float, y: float) -> QPointF:
        """Map km -> scene coordinates (for tests and overlays)."""
        return self.view.mapViewToScene(QPointF(x, y))

    def marker_at(self, scene_pos: QPointF) -> Key | None:
        """The key of the topmost visible marker under a scene point."""
        for name in _CLICK_ORDER:
            item = self.layers[name].item
            if not item.isVisible():
                continue
            points = item.pointsAt(item.mapFromScene(scene_pos))
            if len(points):
                key: Key = points[0].data()
                return key
        return None

    def position_of(self, key: Key) -> tuple[float, float] | None:
        """Where a marker is drawn now (map km), or None when it is not on the map."""
        layer = self.layers.get(_LAYER_OF_KIND.get(key[0], ""))
        return layer.position_of(key) if layer is not None else None

    def _selected_position(self) -> tuple[float, float] | None:
        return self.position_of(anchor_of(self.live.replica, *self.live.selection))

    # -- live model -----------------------------------------------------------------------------
    def _name_cities(self) -> None:
        """City names as the server spells them in English (the labels start in the
        interface's language from the shipped names, so they never switch language)."""
        if self.lang.startswith("zh"):
            return
        for code, label in self._city_label_of.items():
            j = self.live.replica.get_typed(Jurisdiction, code)
            if j is not None and j.name_en and label.textItem.toPlainText() != j.name_en:
                label.setText(j.name_en)

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset:
            self._dirty.update(_MARKER_BUILDERS, {"warnings", "tracks"})
            self._name_cities()
        for kind in changes.kinds():
            layer = _LAYER_OF_KIND.get(kind)
            if layer is not None:
                self._dirty.add(layer)
        self._moved |= changes.positions
        if self._dirty or self._moved:
            self.redraw()

    def _on_selected(self, kind: str, id: str) -> None:
        if kind == "team" and self.track_team not in (None, id):
            self.show_track(id, [])  # another team: its track, if asked for, replaces this one
        self._update_halo()
        pos = self._selected_position()
        if pos is None:
            return
        rect = self.view.viewRect()
        if not rect.contains(QPointF(*pos)):
            self._fitted = False
            w, h = rect.width(), rect.height()
            self.view.setRange(
                xRange=(pos[0] - w / 2, pos[0] + w / 2),
                yRange=(pos[1] - h / 2, pos[1] + h / 2),
                padding=0,
            )

    def _on_principal_changed(self, principal: Principal) -> None:
        self._mark_own_county()
        self.fit_jurisdiction()

    def _mark_own_county(self) -> None:
        """In a county's own view its name is big and always shown, and the parent city's
        name, placed by the city's shape, no longer sits over the county (it is hidden when
        it falls inside the county or on the county's name)."""
        principal = self.live.principal
        code = principal.jurisdiction if principal is not None else None
        region = self.boundaries.regions.get(code) if code else None
        own = code if region is not None and region.level == "county" else None
        if self._own_county is not None:
            old = self._county_label_of[self._own_county]
            old.setFont(self._county_font)
            old.setColor(self.palette_.county_label)
        self._own_county = own
        self._hidden_cities = set()
        if own is not None:
            label = self._county_label_of[own]
            label.setFont(self._own_font)
            label.setColor(self.palette_.city_label)
            path = self._region_paths[own]
            for city, city_label in self._city_label_of.items():
                if city == own[:4] + "00" or path.contains(city_label.pos()):
                    self._hidden_cities.add(city)
        self._update_county_labels()

    def redraw(self) -> None:
        """Feed the dirty layers from the replica now (each batch of ``LiveModel.changed``)."""
        dirty, self._dirty = self._dirty, set()
        moved, self._moved = self._moved, set()
        replica = self.live.replica
        if moved and "teams" not in dirty:
            teams = self.layers["teams"]
            if teams.shows_all(moved):
                teams.move(*position_arrays(replica.positions, moved, teams.ids()))
            else:
                dirty.add("teams")  # a position for a team not drawn yet: rebuild the layer
        for name, build in _MARKER_BUILDERS.items():
            if name in dirty:
                self.layers[name].show(build(replica))
        if dirty & {"incidents", "teams"}:
            self._fit_marker_sizes()
        if "tracks" in dirty:
            self._show_hazard_tracks()
        if "tracks" in dirty or "warnings" in dirty:
            self._show_warnings()  # after the tracks: warning tags keep off a typhoon's name
        self._update_halo()
        self.redraws += 1

    def _show_warnings(self) -> None:
        active = [
            w for w in self.live.replica.all_typed(CapWarning) if w.state == WarningState.ACTIVE
        ]
        # most severe first: each place is filled once, by its most severe warning; a less
        # severe one over the same place (or a county inside a filled city) shows as its
        # outline only, so overlapping warnings never stack into an opaque block
        active.sort(key=lambda w: LEVEL_RANK[LEVEL_OF_COLOUR[w.colour.value]])
        areas, labels = [], []
        filled: set[str] = set()
        zh = self.lang.startswith("zh")
        no_fill = QBrush(Qt.BrushStyle.NoBrush)
        for warning in active:
            colour = style.WARNING_COLOURS[warning.colour.value]
            fill = pg.mkBrush(style.translucent(colour, style.WARNING_FILL_ALPHA))
            outline = style.pen(colour, style.WARNING_OUTLINE_WIDTH)
            points = []
            for code in warning.area:
                path = self._region_paths.get(code)
                if path is not None:
                    covered = {code, code[:4] + "00", code[:2] + "0000"} & filled
                    areas.append((path, no_fill if covered else fill, outline))
                    filled.add(code)
                    points.append(project_point(*self.boundaries.regions[code].label_at))
            if not points:
                continue
            text = (
                f"{warning.hazard.zh}{warning.colour.zh}预警"
                if zh
                else f"{warning.colour.value.title()} {warning.hazard.en.lower()} warning"
            )
            ink = "#000000" if warning.colour.value in ("yellow", "orange") else "#ffffff"
            # on the shaded region nearest the middle of the area (areas may be disjoint)
            mx = sum(p[0] for p in points) / len(points)
            my = sum(p[1] for p in points) / len(points)
            x, y = min(points, key=lambda p: (p[0] - mx) ** 2 + (p[1] - my) ** 2)
            labels.append((text, x, y, ink, style.translucent(colour, 215)))
        self.warning_areas.set_areas(areas[::-1])  # the most severe outlines paint last
        self.warning_labels.show(labels)  # the most severe places its tag first
        self._warning_spots = [(x, y) for _, x, y, _, _ in labels]
        self._place_warning_tags()

    def _label_rect_px(
        self, item: pg.TextItem, x: float, y: float
    ) -> tuple[float, float, float, float]:
        """A centred label's rect in viewport pixels (y down) if it stood at map (x, y)."""
        centre = self.view.mapViewToDevice(QPointF(x, y))
        rect = item.textItem.boundingRect()
        w, h = rect.width(), rect.height()
        return (centre.x() - w / 2, centre.y() - h / 2, w, h)

    def _place_warning_tags(self) -> None:
        """Move each warning tag off the place names it would sit on (in pixels, so again
        after every zoom)."""
        items = self.warning_labels.items[: len(self._warning_spots)]
        if not items:
            return
        fixed = [
            self._label_rect_px(lbl, lbl.pos().x(), lbl.pos().y())
            for lbl in self.city_labels + self.county_labels if lbl.isVisible()
        ]
        for name in self.track_labels.items:  # a typhoon's name, anchored above right
            if name.isVisible():
                r = self.plot.mapFromScene(name.sceneBoundingRect()).boundingRect()
                fixed.append((float(r.x()), float(r.y()), float(r.width()), float(r.height())))
        tags = []
        for item, (x, y) in zip(items, self._warning_spots, strict=True):
            left, top, w, h = self._label_rect_px(item, x, y)
            tags.append((left + w / 2, top + h / 2, w, h))
        for item, (px, py) in zip(items, label_placement.place(fixed, tags), strict=True):
            here = self.view.mapDeviceToView(QPointF(px, py))
            item.setPos(here.x(), here.y())

    def _update_halo(self) -> None:
        pos = self._selected_position()
        if pos is None:
            self.halo.setData(x=[], y=[])
        else:
            self.halo.setData(
                x=[pos[0]],
                y=[pos[1]],
                brush=style.brush("#ffffff"),
                pen=style.pen(style.MARKER_OUTLINE),
            )

    def _tip(self, x: float, y: float, data: Key) -> str:
        return describe(self.live.replica, data[0], data[1], self.lang)

    # -- mouse and view -------------------------------------------------------------------------
    def _on_scene_clicked(self, ev: object) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return
        scene_pos = ev.scenePos()  # type: ignore[attr-defined]
        if self._pick is not None:
            callback = self._pick
            self.cancel_pick_mode()
            here = self.view.mapSceneToView(scene_pos)
            callback(*map_to_wgs84(here.x(), here.y()))
            return
        key = self.marker_at(scene_pos)
        if key is not None:
            self.live.select(*key)

    def _fit_marker_sizes(self) -> None:
        """Shrink incidents and teams while so many are in view that full-size markers would
        cover the map (see ``console.state.marker_density``)."""
        rect = self.view.viewRect()
        sized = [self.layers[name] for name in ("incidents", "teams")]
        in_view = [
            (layer.count_in(rect.left(), rect.top(), rect.right(), rect.bottom()), layer.size)
            for layer in sized
        ]
        scale = marker_scale(in_view, float(self.plot.width() * self.plot.height()))
        for layer in sized:
            layer.set_scale(scale)

    def _on_range_changed(self, *_: object) -> None:
        km_per_px = self.view.viewPixelSize()[0]
        self._fit_marker_sizes()
        self.scale_bar.set_km_per_px(km_per_px)
        self._update_county_labels()
        self._place_warning_tags()
        coarse = km_per_px > COARSE_OUTLINES_ABOVE_KM_PER_PX
        if coarse != self.coarse_outlines:
            self.coarse_outlines = coarse
            for level, curve in self.outlines.items():
                curve.setData(*self._outline_xy[(level, coarse)], connect="finite")

    def _on_user_moved(self, *_: object) -> None:
        self._fitted = False

    def _update_county_labels(self) -> None:
        km_per_px = self.view.viewPixelSize()[0]
        on = self.layer_visible("labels")
        show = on and km_per_px < COUNTY_LABELS_BELOW_KM_PER_PX
        for code, label in self._county_label_of.items():
            label.setVisible(show or (on and code == self._own_county))
        for code, label in self._city_label_of.items():
            label.setVisible(on and code not in self._hidden_cities)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.plot and event.type() == QEvent.Type.Resize:
            self._place_overlays()
        return super().eventFilter(watched, event)

    def _place_overlays(self) -> None:
        margin = OVERLAY_MARGIN
        self.legend.fit_height(self.plot.height() - 2 * margin)  # two columns if need be
        self.legend.move(self.plot.width() - self.legend.width() - margin, margin)
        fits = (
            self.plot.width() >= LEGEND_FITS * self.legend.COLUMN
            and self.plot.width() - self.legend.width() >= 0.5 * self.plot.width()
            and self.plot.height() >= self.legend.height() + 2 * margin
        )
        if fits != self._legend_fits:  # follow the size when it crosses the line only,
            self._legend_fits = fits  # so a legend asked for on a small map stays
            self.legend_action.setChecked(fits)
        self.scale_bar.move(margin, self.plot.height() - self.scale_bar.height() - margin)
        self.scale_bar.set_km_per_px(self.view.viewPixelSize()[0])
        if self._fitted:
            self.fit_jurisdiction()  # the new size: fit again, beside the legend
