"""MapView on a real Replica fed with protocol messages (no server: the map only reads)."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from console.qt.live import LiveModel
from console.qt.map import style
from console.qt.map.layers import HIDDEN_INCIDENT_STATUSES, describe, low_stock_depots
from console.qt.map.map_view import MapView
from console.qt.map.overlays import format_km, nice_length
from console.qt.map.projection import wgs84_to_map
from console.state.boundaries import Boundaries, load_boundaries
from protocol.entities import (
    Assignment,
    Depot,
    Incident,
    Position,
    Principal,
    Shelter,
    StockItem,
    Team,
)
from protocol.entities import Warning as CapWarning
from protocol.enums import Role, TeamStatus, WarningState
from protocol.geo import haversine_m
from protocol.messages import Event, Positions
from protocol.replica import Replica
from tests.console.test_map_picture import NOW, PROVINCE_DUTY, picture_snapshot

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="module")
def boundaries() -> Boundaries:
    return load_boundaries()


@pytest.fixture(scope="module")
def snapshot():  # type: ignore[no-untyped-def]
    return picture_snapshot(incidents=120, teams=150, depots=20, shelters=30)


@pytest.fixture
def live(snapshot) -> LiveModel:  # type: ignore[no-untyped-def]
    replica = Replica()
    replica.apply(snapshot)
    model = LiveModel(replica, interval_ms=20)
    model.set_principal(PROVINCE_DUTY)
    return model


@pytest.fixture
def view(qtbot, live: LiveModel, boundaries: Boundaries) -> MapView:  # type: ignore[no-untyped-def]
    v = MapView(live, boundaries=boundaries)
    qtbot.addWidget(v)
    v.resize(1200, 900)
    v.show()
    qtbot.waitExposed(v)
    v.fit_jurisdiction()
    return v


def _viewport_point(view: MapView, x: float, y: float) -> QPoint:
    return view.plot.mapFromScene(view.map_to_scene(x, y))


def _click(view: MapView, x: float, y: float) -> None:
    QTest.mouseClick(
        view.plot.viewport(), Qt.MouseButton.LeftButton, pos=_viewport_point(view, x, y)
    )


def _km_per_px(view: MapView) -> float:
    return float(view.view.viewPixelSize()[0])


def _event(seq: int, entity, op: str = "changed") -> Event:  # type: ignore[no-untyped-def]
    return Event(seq=seq, ts=NOW, actor="duty", op=op, entity=entity)


def test_snapshot_fills_every_layer(view: MapView, live: LiveModel) -> None:
    replica = live.replica
    shown = [i for i in replica.all_typed(Incident) if i.status not in HIDDEN_INCIDENT_STATUSES]
    assert len(view.layers["incidents"]) == len(shown) > 0
    assert len(view.layers["teams"]) == replica.count("team") == 150
    assert len(view.layers["depots"]) == 20
    assert len(view.layers["shelters"]) == 30
    assert view.layers["teams"].item.data.size == 150
    areas = sum(len(w.area) for w in replica.all_typed(CapWarning))
    assert view.warning_areas.area_count() == areas


def test_positions_are_drawn_in_gcj02(view: MapView, live: LiveModel) -> None:
    inc = live.replica.all_typed(Incident)[0]
    assert view.position_of(("incident", inc.id)) == pytest.approx(wgs84_to_map(inc.lon, inc.lat))
    team = live.replica.all_typed(Team)[0]
    pos = live.replica.positions.get(team.id)
    lon, lat = (pos.lon, pos.lat) if pos else (team.base_lon, team.base_lat)
    assert view.position_of(("team", team.id)) == pytest.approx(wgs84_to_map(lon, lat))


def test_many_position_updates_make_few_redraws(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    teams = view.layers["teams"]
    before = (view.redraws, teams.full_updates, teams.moves)
    ids = [t.id for t in live.replica.all_typed(Team)]
    for step in range(1, 201):  # 200 telemetry batches of all 150 teams, as fast as they come
        batch = [
            Position(
                team_id=tid,
                lon=120.0 + 0.001 * step,
                lat=29.0 + 0.01 * k,
                ts=NOW + timedelta(seconds=step),
            )
            for k, tid in enumerate(ids)
        ]
        live.feed(live.replica.apply(Positions(positions=batch)))
    target = wgs84_to_map(120.2, 29.0)
    qtbot.waitUntil(
        lambda: view.position_of(("team", ids[0])) == pytest.approx(target), timeout=3000
    )
    redraws = view.redraws - before[0]
    assert 1 <= redraws <= 3
    assert teams.full_updates == before[1]  # nothing but places changed: no setData at all
    assert 1 <= teams.moves - before[2] <= 3
    assert tuple(teams.item.data["x"][:1]) == pytest.approx((target[0],))


def test_a_status_change_restyles_the_marker(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    teams = view.layers["teams"]
    team = live.replica.all_typed(Team)[0]
    full = teams.full_updates
    changed = msgspec.structs.replace(team, status=TeamStatus.WORKING, version=9)
    live.feed(live.replica.apply(_event(live.replica.seq + 1, changed)))
    qtbot.waitUntil(lambda: teams.full_updates == full + 1, timeout=3000)
    assert "Working" in describe(live.replica, "team", team.id)


def test_click_on_a_marker_selects_it(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    shelter = live.replica.all_typed(Shelter)[0]
    view.set_layer_visible("incidents", False)  # nothing may sit on top of the shelter
    view.set_layer_visible("teams", False)
    x, y = view.position_of(("shelter", shelter.id))  # type: ignore[misc]
    with qtbot.waitSignal(live.selected, timeout=2000) as sig:
        _click(view, x, y)
    assert sig.args == ["shelter", shelter.id]
    assert live.selection == ("shelter", shelter.id)
    assert view.halo.data.size == 1
    assert (view.halo.data["x"][0], view.halo.data["y"][0]) == pytest.approx((x, y))


def test_selection_from_elsewhere_is_highlighted_and_centred(
    view: MapView, live: LiveModel
) -> None:
    view.view.setRange(xRange=(-300, -250), yRange=(-300, -250), padding=0)  # far out at sea
    width = view.view.viewRect().width()
    inc = live.replica.all_typed(Incident)[5]
    live.select("incident", inc.id)
    pos = view.position_of(("incident", inc.id))
    assert pos is not None
    assert view.view.viewRect().contains(QPointF(*pos))
    assert view.view.viewRect().width() == pytest.approx(width, rel=0.01)  # zoom kept
    assert view.halo.data.size == 1
    live.select("", "")
    assert view.halo.data.size == 0


def test_pick_mode_returns_wgs84_of_the_clicked_point(qtbot, view: MapView) -> None:  # type: ignore[no-untyped-def]
    picked: list[tuple[float, float]] = []
    view.set_layer_visible("incidents", False)
    view.set_layer_visible("teams", False)
    view.set_pick_mode(lambda lon, lat: picked.append((lon, lat)))
    assert view.picking()
    assert view.plot.viewport().cursor().shape() == Qt.CursorShape.CrossCursor
    lon, lat = 120.155, 30.274  # West Lake, WGS-84
    _click(view, *wgs84_to_map(lon, lat))
    assert len(picked) == 1
    error_m = haversine_m(*picked[0], lon, lat)
    assert error_m < 2 * _km_per_px(view) * 1000, error_m
    assert not view.picking()
    assert view.plot.viewport().cursor().shape() != Qt.CursorShape.CrossCursor


def test_escape_cancels_pick_mode(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    picked: list[tuple[float, float]] = []
    view.set_pick_mode(lambda lon, lat: picked.append((lon, lat)))
    view.plot.setFocus()
    QTest.keyClick(view.plot, Qt.Key.Key_Escape)
    assert not view.picking()
    _click(view, 0.0, 0.0)
    assert picked == []


def test_layer_toggle_hides_items_and_their_clicks(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    view.layer_actions["teams"].trigger()
    assert not view.layer_visible("teams")
    assert not view.layers["teams"].item.isVisible()
    team = live.replica.all_typed(Team)[0]
    x, y = view.position_of(("team", team.id))  # type: ignore[misc]
    assert view.marker_at(view.map_to_scene(x, y)) != ("team", team.id)
    view.layer_actions["boundaries"].trigger()
    assert not any(c.isVisible() for c in view.outlines.values())
    view.layer_actions["labels"].trigger()
    assert not any(lbl.isVisible() for lbl in view.city_labels + view.county_labels)
    view.layer_actions["teams"].trigger()
    assert view.layers["teams"].item.isVisible()


def test_scale_bar_follows_zoom_and_county_labels_appear(view: MapView) -> None:
    wide_km = view.scale_bar.km
    assert wide_km >= 10 and not any(lbl.isVisible() for lbl in view.county_labels)
    assert view.scale_bar.px <= view.scale_bar.MAX_PX
    assert view.scale_bar.km / view.scale_bar.px == pytest.approx(_km_per_px(view), rel=0.01)
    assert view.coarse_outlines  # the whole province: the light outline is enough
    wide_points = len(view.outlines["county"].getData()[0])
    view.view.scaleBy((0.1, 0.1))
    assert view.scale_bar.km < wide_km
    assert all(lbl.isVisible() for lbl in view.county_labels)
    assert not view.coarse_outlines
    assert len(view.outlines["county"].getData()[0]) > wide_points


def test_fit_to_my_jurisdiction(view: MapView, live: LiveModel) -> None:
    province = view.view.viewRect()
    live.set_principal(Principal(id="xihu", role=Role.COUNTY, jurisdiction="330106"))
    county = view.view.viewRect()
    assert county.width() < province.width() / 10
    assert county.contains(QPointF(*wgs84_to_map(120.13, 30.25)))  # inside Xihu district


def test_cancelled_warning_stops_shading(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    warnings = live.replica.all_typed(CapWarning)
    assert sorted(view.warning_labels.texts()) == sorted(
        f"{w.colour.value.title()} {w.hazard.en.lower()} warning" for w in warnings
    )
    warning = warnings[0]
    before = view.warning_areas.area_count()
    cancelled = msgspec.structs.replace(warning, state=WarningState.CANCELLED)
    live.feed(live.replica.apply(_event(live.replica.seq + 1, cancelled)))
    qtbot.waitUntil(
        lambda: view.warning_areas.area_count() == before - len(warning.area), timeout=3000
    )
    assert len(view.warning_labels.texts()) == len(warnings) - 1
    view.set_layer_visible("warnings", False)
    assert view.warning_labels.texts() == [] and not view.warning_areas.isVisible()


def test_hover_shows_a_tooltip_in_words(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    view.set_layer_visible("teams", False)
    view.set_layer_visible("shelters", False)
    view.set_layer_visible("depots", False)
    view.view.setRange(xRange=(-400, -350), yRange=(-400, -350), padding=0)  # empty sea
    inc = next(i for i in live.replica.all_typed(Incident) if i.grade is not None)
    live.select("incident", inc.id)  # centres it
    x, y = view.position_of(("incident", inc.id))  # type: ignore[misc]
    QTest.mouseMove(view.plot.viewport(), _viewport_point(view, x, y))
    qtbot.waitUntil(lambda: inc.number in view.view.toolTip(), timeout=2000)
    assert inc.grade.en in view.view.toolTip()  # type: ignore[union-attr]


def test_removed_incident_leaves_the_map(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    inc = next(
        i for i in live.replica.all_typed(Incident) if i.status not in HIDDEN_INCIDENT_STATUSES
    )
    n = len(view.layers["incidents"])
    gone = Event(seq=live.replica.seq + 1, ts=NOW, actor="x", op="x", entity=inc, removed=True)
    live.feed(live.replica.apply(gone))
    qtbot.waitUntil(lambda: len(view.layers["incidents"]) == n - 1, timeout=3000)
    assert view.position_of(("incident", inc.id)) is None


def test_tooltips_say_in_words_what_colour_shows(live: LiveModel) -> None:
    graded = next(i for i in live.replica.all_typed(Incident) if i.grade is not None)
    text = describe(live.replica, "incident", graded.id)
    assert graded.number in text and graded.grade.en in text  # type: ignore[union-attr]
    assert "部分" not in text
    assert graded.grade.zh in describe(live.replica, "incident", graded.id, "zh")  # type: ignore[union-attr]


def test_nice_scale_lengths() -> None:
    assert nice_length(140) == 100
    assert nice_length(37) == 20
    assert nice_length(0.7) == pytest.approx(0.5)
    assert format_km(0.5) == "500 m" and format_km(20) == "20 km"


def test_legend_gives_way_on_a_small_map(qtbot, view: MapView) -> None:  # type: ignore[no-untyped-def]
    assert view.legend.isVisible()
    view.resize(500, 700)  # docked between wide tables
    qtbot.waitUntil(lambda: not view.legend.isVisible(), timeout=2000)
    assert view.toolbar.sizeHint().width() <= 500
    view.legend_action.trigger()  # asked for: shown even though it is small
    assert view.legend.isVisible()
    view.resize(1200, 900)
    assert view.legend.isVisible()


def test_selecting_an_assignment_or_stock_line_highlights_its_marker(
    qtbot,  # type: ignore[no-untyped-def]
    view: MapView,
    live: LiveModel,
) -> None:
    team = live.replica.all_typed(Team)[3]
    inc = live.replica.all_typed(Incident)[3]
    assignment = Assignment(
        id="asg-1",
        team_id=team.id,
        incident_id=inc.id,
        ordered_by="duty",
        ordered_by_jurisdiction="330000",
        ordered_at=NOW,
    )
    live.feed(live.replica.apply(_event(live.replica.seq + 1, assignment)))
    live.flush()  # the batch the timer would deliver: the view draws the assignment
    live.select("assignment", "asg-1")
    halo = (view.halo.data["x"][0], view.halo.data["y"][0])
    assert halo == pytest.approx(view.position_of(("team", team.id)))
    stock = live.replica.all_typed(StockItem)[0]
    live.select("stock", stock.id)
    halo = (view.halo.data["x"][0], view.halo.data["y"][0])
    assert halo == pytest.approx(view.position_of(("depot", stock.depot_id)))


def test_low_stock_depots_are_ringed_and_say_so(view: MapView, live: LiveModel) -> None:
    low = low_stock_depots(live.replica)
    depots = [d.id for d in live.replica.all_typed(Depot)]
    assert low and set(depots) - low  # the picture has both kinds
    layer = view.layers["depots"]
    for depot_id in depots:
        pen = layer.markers.pens[layer.markers.keys.index(("depot", depot_id))]
        is_low = depot_id in low
        assert (pen.color().name() == style.GRADE_COLOURS["I"]) == is_low
        assert ("LOW STOCK" in describe(live.replica, "depot", depot_id)) == is_low


def test_mouse_drag_pans_and_wheel_zooms(qtbot, view: MapView) -> None:  # type: ignore[no-untyped-def]
    viewport = view.plot.viewport()
    before = view.view.viewRect()
    start = viewport.rect().center()
    end = start + QPoint(200, 0)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        QTest.mouseMove(viewport, start + QPoint(20 * step, 0))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    after = view.view.viewRect()
    assert after.width() == pytest.approx(before.width())
    assert before.left() - after.left() == pytest.approx(200 * _km_per_px(view), rel=0.1)
    wheel = QWheelEvent(
        QPointF(start),
        QPointF(viewport.mapToGlobal(start)),
        QPoint(0, 0),
        QPoint(0, 120 * 3),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert view.view.viewRect().width() < 0.9 * after.width()  # zoomed in


def test_labels_start_and_stay_in_one_language(qtbot: Any) -> None:
    """Issue 10 items 14/15: English labels from the start (shipped names), counties too; no
    switch from Chinese to English when data arrives."""
    from console.qt.live import LiveModel
    from console.qt.map.map_view import MapView

    view = MapView(LiveModel(), lang="en")
    qtbot.addWidget(view)
    cities = {label.textItem.toPlainText() for label in view.city_labels}
    counties = {label.textItem.toPlainText() for label in view.county_labels}
    assert {"Wenzhou", "Lishui", "Hangzhou"} <= cities
    assert "Rui'an" in counties and "Yongjia County" in counties
    assert not any("\u4e00" <= ch <= "\u9fff" for name in cities | counties for ch in name)
    chinese = MapView(LiveModel(), lang="zh")
    qtbot.addWidget(chinese)
    assert "瑞安市" in {label.textItem.toPlainText() for label in chinese.county_labels}


def _county_boxes(view: MapView, under: str) -> list[Any]:
    from PySide6.QtCore import QRectF

    from console.qt.map.projection import project_point

    boxes = []
    for code, region in view.boundaries.regions.items():
        if region.level != "county" or not code.startswith(under):
            continue
        lon0, lat0, lon1, lat1 = region.bbox()
        boxes.append((code, QRectF(QPointF(*project_point(lon0, lat0)),
                                   QPointF(*project_point(lon1, lat1)))))
    return boxes


@pytest.mark.parametrize("size", [(1200, 900), (1500, 760), (1000, 800), (1500, 600)])
def test_legend_covers_no_county_of_the_province_view(qtbot, view: MapView, size) -> None:  # type: ignore[no-untyped-def]
    view.resize(*size)
    qtbot.waitUntil(lambda: view.plot.width() > 0.8 * size[0], timeout=2000)
    view.fit_jurisdiction()
    assert view.legend.isVisible()
    assert view.legend.geometry().bottom() < view.plot.height()  # whole: two columns if short
    assert len(view.legend.columns) == (2 if size[1] < 700 else 1)
    legend = view.legend_view_rect()
    boxes = _county_boxes(view, "33")
    assert len(boxes) > 80
    covered = [code for code, box in boxes if box.intersects(legend)]
    assert covered == []  # Zhoushan (3309xx), the easternmost, included
    province = view.jurisdiction_rect()
    assert province is not None and view.view.viewRect().contains(province)
    beside = view.view.viewRect().center().x()
    view.legend_action.trigger()  # hidden: the province takes the room back, centred
    assert not view.legend.isVisible()
    assert view.view.viewRect().center().x() == pytest.approx(province.center().x(), abs=1)
    assert view.view.viewRect().center().x() < beside


def test_legend_keeps_off_a_county_in_its_own_view(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    live.set_principal(Principal(id="ruian", role=Role.COUNTY, jurisdiction="330381"))
    view.resize(1300, 800)
    qtbot.waitUntil(lambda: view.plot.width() > 1000, timeout=2000)
    ruian = [box for code, box in _county_boxes(view, "330381")]
    assert len(ruian) == 1 and not ruian[0].intersects(view.legend_view_rect())
    assert view.view.viewRect().contains(ruian[0])


def _px_rect(view: MapView, item: Any) -> Any:
    from PySide6.QtCore import QRectF

    x, y, w, h = view._label_rect_px(item, item.pos().x(), item.pos().y())
    return QRectF(x, y, w, h)


def test_warning_tags_keep_off_the_city_names(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    warning = live.replica.all_typed(CapWarning)[0]
    on_cities = msgspec.structs.replace(warning, id="w-cities", area=["330300", "330200"])
    live.feed(live.replica.apply(_event(live.replica.seq + 1, on_cities)))
    qtbot.waitUntil(lambda: len(view.warning_labels.texts()) == 5, timeout=3000)
    for zoom in (1.0, 0.5):
        view.view.scaleBy((zoom, zoom))
        tags = [_px_rect(view, t) for t in view.warning_labels.items if t.isVisible()]
        names = [_px_rect(view, n) for n in view.city_labels + view.county_labels
                 if n.isVisible()]
        assert len(tags) == 5 and len(names) >= 11
        assert not [(t, n) for t in tags for n in names if t.intersects(n)]
        assert not [(a, b) for i, a in enumerate(tags) for b in tags[i + 1:] if a.intersects(b)]


def test_warning_shading_is_a_tint_under_lines_and_symbols(view: MapView, live: LiveModel) -> None:
    z = view.warning_areas.zValue()
    assert all(z < curve.zValue() for curve in view.outlines.values())
    assert all(z < layer.item.zValue() for layer in view.layers.values())
    assert all(z < label.zValue() for label in view.city_labels + view.county_labels)
    areas = view.warning_areas._areas
    assert areas
    fills = [b.color().alpha() for _, b, _ in areas if b.style() != Qt.BrushStyle.NoBrush]
    assert fills and max(fills) <= 60
    assert all(p.widthF() >= 2 for _, _, p in areas)  # the colour is carried by the edge


def test_overlapping_warnings_fill_each_place_once(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    red = next(w for w in live.replica.all_typed(CapWarning) if w.colour.value == "red")
    # a city-wide yellow over Wenzhou, whose counties the red warning already covers
    over = msgspec.structs.replace(red, id="w-over", colour=type(red.colour)("yellow"),
                                   area=["330300", "330381"])
    live.feed(live.replica.apply(_event(live.replica.seq + 1, over)))
    qtbot.waitUntil(lambda: len(view.warning_labels.texts()) == 5, timeout=3000)
    ruian = view._region_paths["330381"]
    on_ruian = [b for path, b, _ in view.warning_areas._areas if path is ruian]
    filled = [b for b in on_ruian if b.style() != Qt.BrushStyle.NoBrush]
    assert len(on_ruian) == 2 and len(filled) == 1
    assert filled[0].color().red() == 255 and filled[0].color().green() < 100  # the red one


def test_county_names_are_legible_plates(view: MapView) -> None:
    assert all(lbl.textItem.font().pointSizeF() >= 9 for lbl in view.county_labels)
    assert all(lbl.fill.color().alpha() > 0 for lbl in view.county_labels)  # a plate behind


def test_a_county_view_names_the_county_not_its_city(qtbot, view: MapView, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    live.set_principal(Principal(id="ruian", role=Role.COUNTY, jurisdiction="330381"))
    view.view.scaleBy((4, 4))  # zoomed out past the county-names threshold: its own stays
    own = view._county_label_of["330381"]
    assert own.isVisible() and own.textItem.font().pointSizeF() > 12
    assert not any(lbl.isVisible() for code, lbl in view._county_label_of.items()
                   if code != "330381")
    ruian = view._region_paths["330381"]
    own_rect = _px_rect(view, own)
    for label in view.city_labels:
        if label.isVisible():
            assert not ruian.contains(label.pos())
            assert not _px_rect(view, label).intersects(own_rect)
    assert not view._city_label_of["330300"].isVisible()  # Wenzhou, Ruian's city
    assert view._city_label_of["330100"].isVisible()
    live.set_principal(PROVINCE_DUTY)  # back to the province: every city named again
    assert all(lbl.isVisible() for lbl in view.city_labels)
    assert own.textItem.font().pointSizeF() < 12


def _ink(symbol: Any, size: int = 24) -> set[tuple[int, int]]:
    """The pixels a marker symbol paints, drawn the way the scatter layers draw it."""
    from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size * 2, size * 2, QImage.Format.Format_ARGB32)
    image.fill(0)
    p = QPainter(image)
    p.translate(size, size)
    drawSymbol(p, symbol, size, style.pen("#000000", 1.0), style.brush("#ffffff"))
    p.end()
    return {(x, y) for x in range(size * 2) for y in range(size * 2)
            if image.pixelColor(x, y).alpha() > 128}


def test_shelters_do_not_look_like_natural_disasters(view: MapView, live: LiveModel) -> None:
    from console.qt.map.overlays import legend_rows

    shelter = _ink(style.SHELTER)
    # pixel overlap (intersection over union); the old tent: 0.67 and 0.65, now 0.33 and 0.56
    for other, most in ((style.INCIDENT_SYMBOLS["natural"], 0.4), (style.HOUSE, 0.6)):
        drawn = _ink(other)
        assert len(shelter & drawn) / len(shelter | drawn) < most
    symbols = view.layers["shelters"].markers.symbols
    assert symbols and all(s is style.SHELTER for s in symbols)
    rows = [r for r in legend_rows() if r[1] is style.SHELTER]
    assert len(rows) == 2  # open and closed, in the legend with the same symbol


def test_a_typhoon_track_draws_its_fixes_forecast_and_cone(  # type: ignore[no-untyped-def]
    qtbot, view: MapView, live: LiveModel
) -> None:
    from protocol.entities import HazardTrack, TrackFix, TrackForecast
    from protocol.enums import Hazard

    assert view.track_counts() == {"fixes": 0, "forecast": 0, "cones": 0, "names": 0}
    t = NOW
    track = HazardTrack(
        id="ht-1", version=1, name="Haiyan-D", hazard=Hazard.TYPHOON, exercise=True,
        observed=[TrackFix(at=t, lon=126.5, lat=24.0), TrackFix(at=t + timedelta(hours=6),
                                                               lon=125.4, lat=25.1)],
        forecast=[TrackForecast(at=t + timedelta(hours=12), lon=124.2, lat=26.2, radius_km=60),
                  TrackForecast(at=t + timedelta(hours=24), lon=121.0, lat=27.7,
                                radius_km=120)])
    live.feed(live.replica.apply(_event(live.replica.seq + 1, track)))
    qtbot.waitUntil(lambda: view.track_counts()["names"] == 1, timeout=3000)
    assert view.track_counts() == {"fixes": 2, "forecast": 3, "cones": 1, "names": 1}
    assert view.track_labels.texts() == ["Haiyan-D (exercise)"]
    # the cone reaches 120 km round the last forecast point, and not far beyond
    x, y = wgs84_to_map(121.0, 27.7)
    bounds = view.cones.boundingRect()
    assert bounds.left() == pytest.approx(x - 120, abs=4)
    assert bounds.contains(QPointF(*wgs84_to_map(124.2, 26.2)))
    assert not bounds.contains(QPointF(*wgs84_to_map(126.5, 24.0)))  # no cone over the past
    z = view.cones.zValue()
    assert view.warning_areas.zValue() < z < min(c.zValue() for c in view.outlines.values())
    assert view.track_observed.zValue() < min(layer.item.zValue() for layer in view.layers.values())
    view.set_layer_visible("tracks", False)
    assert not view.cones.isVisible() and view.track_labels.texts() == []


def test_warning_tags_keep_off_a_typhoon_name(  # type: ignore[no-untyped-def]
    qtbot, view: MapView, live: LiveModel
) -> None:
    from console.qt.map.projection import map_to_wgs84
    from protocol.entities import HazardTrack, TrackFix
    from protocol.enums import Hazard

    x, y = view._warning_spots[0]  # where the first tag wants to be
    lon, lat = map_to_wgs84(x - 10 * _km_per_px(view), y - 12 * _km_per_px(view))
    track = HazardTrack(id="ht-2", version=1, name="Haiyan-D", hazard=Hazard.TYPHOON,
                        observed=[TrackFix(at=NOW, lon=lon, lat=lat)])
    live.feed(live.replica.apply(_event(live.replica.seq + 1, track)))
    qtbot.waitUntil(lambda: view.track_counts()["names"] == 1, timeout=3000)
    name = view.plot.mapFromScene(view.track_labels.items[0].sceneBoundingRect()).boundingRect()
    tags = [_px_rect(view, t) for t in view.warning_labels.items if t.isVisible()]
    assert tags and not [t for t in tags if t.intersects(name.toRectF())]
