"""The fast paths a province-scale picture takes: the table model sorting itself, the map
layer filled per style and moved from position columns. Each is checked against the slow,
obvious path it replaces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from console.qt.incidents.incident_panel import IncidentFilter
from console.qt.live import LiveModel
from console.qt.map import style
from console.qt.map.layers import MarkerLayer, Markers, incident_markers, position_arrays
from console.qt.widgets.table_model import SORT_ROLE, FilterProxy, table_model
from console.state import tables
from protocol.entities import Incident, Jurisdiction, Position
from protocol.enums import Grade, IncidentStatus, Level
from protocol.messages import Event, Snapshot
from protocol.replica import Replica

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
GRADES = [Grade.I, Grade.II, Grade.III, Grade.IV, None]


def incident(n: int, **kw: Any) -> Incident:
    base: dict[str, Any] = dict(
        id=f"i{n:03d}", number=f"ZJ-20261128-{n:04d}", type_code="11D01", title=f"slide {n}",
        lon=120.7 + n * 0.001, lat=28.2, jurisdiction="330324", grade=GRADES[n % 5],
        reported_at=NOW + timedelta(minutes=(n * 37) % 101),
    )
    base.update(kw)
    return Incident(**base)


def event(seq: int, entity: Any) -> Event:
    return Event(seq=seq, ts=NOW, actor="yj", op="incident.update", entity=entity)


@pytest.fixture
def live(qapp: Any) -> LiveModel:
    live = LiveModel(interval_ms=10_000)  # batches flushed by hand
    places = [Jurisdiction(id="330324", name="永嘉县", level=Level.COUNTY, parent="330300")]
    live.feed(live.replica.apply(
        Snapshot(seq=10, entities=[*places, *(incident(n) for n in range(40))])))
    live.flush()
    return live


def expected_order(live: LiveModel, column: int, descending: bool = False) -> list[str]:
    """The order Qt's stable sort by the column's sort key would give (source order: ids as
    the model loaded them)."""
    model = table_model(live, tables.incident_table(live))
    col = model.columns[column]
    ids = model.ids()
    ents = {i: live.replica.get("incident", i) for i in ids}
    key = col.sort if col.sort is not None else col.text
    return sorted(ids, key=lambda i: key(ents[i]), reverse=descending)  # type: ignore[arg-type]


@pytest.mark.parametrize("column", [0, 1, 7])  # grade (a rank), number (text), reported (time)
def test_model_sorts_itself_like_a_stable_sort(live: LiveModel, column: int,
                                               qtmodeltester: Any) -> None:
    model = table_model(live, tables.incident_table(live))
    model.sort(column, Qt.SortOrder.AscendingOrder)
    assert model.ids() == expected_order(live, column)
    model.sort(column, Qt.SortOrder.DescendingOrder)
    assert model.ids() == expected_order(live, column, descending=True)
    qtmodeltester.check(model)


def grades_in_order(model: Any) -> bool:
    ranks = [model.data(model.index(r, 0), SORT_ROLE) for r in range(model.rowCount())]
    return ranks == sorted(ranks)


def test_sorted_model_keeps_order_through_reset_inserts_and_updates(live: LiveModel) -> None:
    model = table_model(live, tables.incident_table(live))
    model.sort(0, Qt.SortOrder.AscendingOrder)  # by grade
    inserted: list[tuple[int, int]] = []
    moved: list[str] = []
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    model.layoutChanged.connect(lambda *_: moved.append("layout"))
    r = live.replica
    live.feed(r.apply_events([event(11, incident(100, grade=Grade.I)),
                              event(12, incident(101, grade=None))]))
    live.flush()
    assert grades_in_order(model) and model.rowCount() == 42
    assert len(inserted) == 2 and all(a == b for a, b in inserted)  # one row each, in place
    assert model.row_of("i100") == 8  # after the eight grade I rows there, before grade II
    # an update that keeps its place changes no layout; one that moves a row (IV -> I) does
    live.feed(r.apply_events([event(13, incident(8, title="renamed"))]))
    live.flush()
    assert moved == []
    live.feed(r.apply_events([event(14, incident(3, grade=Grade.I))]))
    live.flush()
    assert moved == ["layout"] and grades_in_order(model)
    assert model.row_of("i003") < model.row_of("i001")  # grade I now, before grade II
    live.feed(r.apply(Snapshot(seq=20, entities=[incident(n) for n in range(60)])))
    live.flush()  # a snapshot: the reset loads sorted
    assert model.ids() == expected_order(live, 0)
    assert model.sorted_by() == (0, False)


def test_selection_follows_its_row_through_a_resort(live: LiveModel) -> None:
    model = table_model(live, tables.incident_table(live))
    held = QPersistentModelIndex(model.index(model.row_of("i007"), 2))
    model.sort(7, Qt.SortOrder.DescendingOrder)
    assert held.row() == model.row_of("i007") and held.column() == 2
    assert model.data(model.index(held.row(), 2)) == "slide 7"


def test_filter_proxy_hands_sorting_to_the_model(live: LiveModel, qtmodeltester: Any) -> None:
    model = table_model(live, tables.incident_table(live))
    live.feed(live.replica.apply_events([event(11, incident(50, status=IncidentStatus.CLOSED,
                                                            grade=Grade.I))]))
    live.flush()
    proxy = IncidentFilter(model)
    proxy.setSourceModel(model)
    assert isinstance(proxy, FilterProxy)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    assert shown == [i for i in expected_order(live, 0) if i != "i050"]  # closed: filtered out
    assert model.sorted_by() == (0, False)
    qtmodeltester.check(proxy)


def test_filter_proxy_over_another_model_sorts_as_qt_does(qapp: Any) -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    source = QStandardItemModel()
    for word in ("pear", "apple", "fig"):
        source.appendRow(QStandardItem(word))
    proxy = FilterProxy()
    proxy.setSourceModel(source)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["apple", "fig", "pear"]


# -- map ------------------------------------------------------------------------------------------
def _markers(replica: Replica) -> Markers:
    for n in range(30):
        replica.put_local(incident(200 + n, type_code=("11D01", "12G00", "11A01")[n % 3],
                                   exercise=n % 4 == 0))
    return incident_markers(replica)


def test_layer_fill_equals_setdata(qapp: Any) -> None:
    replica = Replica()
    replica.apply(Snapshot(seq=1, entities=[incident(n) for n in range(25)]))
    markers = _markers(replica)
    layer = MarkerLayer("incidents", "incident", style.INCIDENT_SIZE, 13)
    layer.show(markers)
    plain = pg.ScatterPlotItem(pxMode=True, size=style.INCIDENT_SIZE, hoverable=True)
    plain.setData(x=markers.x, y=markers.y, symbol=markers.symbols, brush=markers.brushes,
                  pen=markers.pens, data=markers.keys)
    ours, theirs = layer.item.data, plain.data
    assert len(ours) == len(theirs) == len(markers.keys)
    for field in ("x", "y", "size", "visible", "hovered"):
        assert np.array_equal(ours[field], theirs[field]), field
    for field in ("symbol", "pen", "brush", "data"):
        assert list(ours[field]) == list(theirs[field]), field
    assert np.array_equal(ours["sourceRect"], theirs["sourceRect"])  # same atlas places
    assert layer.item.boundingRect() == plain.boundingRect()


def test_position_arrays_whole_layer_and_subset() -> None:
    positions = {f"t{n}": Position(team_id=f"t{n}", lon=120 + n, lat=29 - n, ts=NOW)
                 for n in range(6)}
    shown = [f"t{n}" for n in range(6)]
    ids, lon, lat = position_arrays(positions, set(shown), shown)
    assert ids is None  # every shown team moved: the layer's own order, no look-ups
    assert list(lon) == [120 + n for n in range(6)] and list(lat) == [29 - n for n in range(6)]
    ids, lon, lat = position_arrays(positions, {"t4", "gone"}, shown)
    assert ids == ["t4"] and list(lon) == [124.0] and list(lat) == [25.0]


def test_layer_moves_by_id_or_all(qapp: Any) -> None:
    layer = MarkerLayer("teams", "team", style.TEAM_SIZE, 12)
    keys = [("team", f"t{n}") for n in range(3)]
    layer.show(Markers.of(keys, [120.0, 121.0, 122.0], [29.0, 29.0, 29.0],
                          [style.HOUSE] * 3, [style.brush("#ffffff")] * 3,
                          [style.pen("#000000")] * 3))
    before = layer.position_of(("team", "t0"))
    assert layer.move(["t2"], np.array([120.0]), np.array([29.0]))
    assert layer.position_of(("team", "t2")) == before
    assert not layer.move(["nope"], np.array([120.0]), np.array([29.0]))
    assert layer.move(None, np.array([121.0, 121.0, 121.0]), np.array([29.0, 29.0, 29.0]))
    assert layer.position_of(("team", "t0")) == layer.position_of(("team", "t1"))
    assert layer.position_of(("incident", "t0")) is None  # another kind's key
    assert layer.full_updates == 1

