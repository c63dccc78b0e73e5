"""Qt models over a hand-fed replica: one merged notification per batch, filters, model tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from console.net.outbox import Outbox
from console.qt.incidents.incident_panel import OPEN, IncidentFilter
from console.qt.live import LiveModel
from console.qt.shell.command_list import CommandListModel
from console.qt.shell.event_log import EventLogModel
from console.qt.widgets.table_model import EntityTableModel, table_model
from console.state import tables
from protocol.entities import Incident, Jurisdiction, StockItem
from protocol.enums import Grade, IncidentStatus, Level
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error, Event, Snapshot

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def incident(n: int, **kw: Any) -> Incident:
    base: dict[str, Any] = dict(
        id=f"i{n:03d}", number=f"ZJ-20261128-{n:04d}", type_code="11D01", title=f"slide {n}",
        lon=120.7, lat=28.2, jurisdiction="330324",
    )
    base.update(kw)
    return Incident(**base)


def event(seq: int, entity: Any, removed: bool = False) -> Event:
    return Event(seq=seq, ts=NOW, actor="yj", op="incident.update", entity=entity,
                 removed=removed)


@pytest.fixture
def live(qapp: Any) -> LiveModel:
    live = LiveModel(interval_ms=10_000)  # batches flushed by hand
    places = [
        Jurisdiction(id="330300", name="温州市", name_en="Wenzhou", level=Level.CITY),
        Jurisdiction(id="330324", name="永嘉县", level=Level.COUNTY, parent="330300"),
        Jurisdiction(id="330100", name="杭州市", name_en="Hangzhou", level=Level.CITY),
    ]
    snap = Snapshot(seq=10, entities=[*places, *(incident(n) for n in range(10))])
    live.feed(live.replica.apply(snap))
    live.flush()
    return live


class Recorder:
    def __init__(self, model: EntityTableModel) -> None:
        self.calls: list[tuple[str, int, int]] = []
        model.rowsInserted.connect(lambda _p, a, b: self.calls.append(("insert", a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.calls.append(("remove", a, b)))
        model.dataChanged.connect(
            lambda tl, br, _r=(): self.calls.append(("changed", tl.row(), br.row())))
        model.modelReset.connect(lambda: self.calls.append(("reset", 0, 0)))


def test_one_merged_notification_per_batch(live: LiveModel, qtmodeltester: Any) -> None:
    model = table_model(live, tables.incident_table(live))
    qtmodeltester.check(model)
    assert model.rowCount() == 10
    rec = Recorder(model)
    r = live.replica
    # One batch: three new, two updated (rows 2 and 5), two removed (rows 7 and 8), fed as
    # several replica applications before the batching timer fires.
    ids = model.ids()
    live.feed(r.apply_events([event(11, incident(10)), event(12, incident(11))]))
    live.feed(r.apply_events([event(13, incident(int(ids[2][1:]), title="renamed"))]))
    live.feed(r.apply_events([event(14, incident(int(ids[5][1:]), grade=Grade.II)),
                              event(15, incident(int(ids[7][1:])), removed=True),
                              event(16, incident(int(ids[8][1:])), removed=True),
                              event(17, incident(12))]))
    assert rec.calls == []  # nothing before the batch is flushed
    live.flush()
    kinds = [c[0] for c in rec.calls]
    assert kinds == ["remove", "changed", "insert"], rec.calls
    assert rec.calls[0][1:] == (7, 8)  # one contiguous removal
    assert rec.calls[1][1:] == (2, 5)  # one ranged repaint
    assert rec.calls[2][1:] == (8, 10)  # one block of three new rows
    assert model.rowCount() == 11
    assert model.data(model.index(model.row_of(ids[5]), 0)) == "Ⅱ"
    qtmodeltester.check(model)
    # A reset (new snapshot) is the only thing that resets the model.
    rec.calls.clear()
    live.feed(r.apply(Snapshot(seq=30, entities=[incident(1)])))
    live.flush()
    assert rec.calls == [("reset", 0, 0)] and model.rowCount() == 1


def test_incident_filters(live: LiveModel, qtmodeltester: Any) -> None:
    r = live.replica
    live.feed(r.apply_events([
        event(11, incident(20, grade=Grade.I, exercise=True)),
        event(12, incident(21, status=IncidentStatus.CLOSED)),
        event(13, incident(22, type_code="12G00", jurisdiction="330106")),
    ]))
    live.flush()
    model = table_model(live, tables.incident_table(live))
    proxy = IncidentFilter(model)
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 12  # open ones: the closed incident is hidden
    proxy.set(status=None)
    assert proxy.rowCount() == 13
    proxy.set(status=OPEN, grade="I")
    assert proxy.rowCount() == 1
    proxy.set(grade=None, exercise=True)
    assert proxy.rowCount() == 1
    proxy.set(exercise=None, type_prefix="12")
    assert proxy.rowCount() == 1
    proxy.set(type_prefix=None, jurisdiction="330300")
    assert proxy.rowCount() == 11
    proxy.set(jurisdiction=None, search="slide 2")
    assert proxy.rowCount() == 3  # slide 2, slide 20, slide 22
    with pytest.raises(AttributeError):
        proxy.set(nonsense=1)
    qtmodeltester.check(proxy)


def test_grade_colour_paired_with_text(live: LiveModel) -> None:
    live.feed(live.replica.apply_events([event(11, incident(30, grade=Grade.I))]))
    live.flush()
    model = table_model(live, tables.incident_table(live))
    idx = model.index(model.row_of("i030"), 0)
    assert model.data(idx) == "Ⅰ"
    assert model.data(idx, Qt.ItemDataRole.BackgroundRole).color().name() == "#d7191c"
    assert model.data(idx, Qt.ItemDataRole.ToolTipRole) == Grade.I.en


def test_low_stock_highlight(live: LiveModel, qtmodeltester: Any) -> None:
    items = [StockItem(id=f"d1:{code}", depot_id="d1", item_code=code, quantity=q,
                       threshold=t) for code, q, t in (("1010101", 5, 20), ("2010101", 90, 20))]
    live.feed(live.replica.apply_events([event(11 + n, s) for n, s in enumerate(items)]))
    live.flush()
    model = table_model(live, tables.stock_table(live))
    qtmodeltester.check(model)
    low = {model.entity(r).item_code: model.data(model.index(r, 5))  # type: ignore[union-attr]
           for r in range(model.rowCount())}
    assert low == {"1010101": "LOW", "2010101": ""}


def test_event_log_is_bounded_newest_first(live: LiveModel, qtmodeltester: Any) -> None:
    log = EventLogModel(live, limit=5)
    live.feed(live.replica.apply_events([event(20 + n, incident(n)) for n in range(8)]))
    live.flush()
    assert log.rowCount() == 5
    assert [log.event_at(r).seq for r in range(5)] == [27, 26, 25, 24, 23]
    qtmodeltester.check(log)


def test_command_list(qapp: Any, qtmodeltester: Any) -> None:
    box = Outbox(":memory:")
    model = CommandListModel(box)
    a = box.add("incident.note", {"id": "x", "text": "t"})
    model.on_queued(a)
    b = box.add("incident.grade", {"id": "x", "grade": "I"})
    model.on_queued(b)
    model.on_answered(box.resolve(Error(id=b.id, code=ErrorCode.FORBIDDEN, message="no")), None)
    model.on_answered(box.resolve(Ack(id=a.id, seq=3)), None)
    qtmodeltester.check(model)
    assert [model.data(model.index(r, 1)) for r in range(2)] == ["refused", "done"]
    assert model.data(model.index(0, 3)) == "forbidden: no"


def test_team_filters(live: LiveModel, qtmodeltester: Any) -> None:
    from console.qt.teams.team_panel import TeamFilter
    from protocol.entities import Team
    from protocol.enums import TeamStatus, TeamType

    teams = [
        Team(id="t1", name="永嘉消防", type=TeamType.FIRE_RESCUE, jurisdiction="330324",
             base_lon=120.7, base_lat=28.2),
        Team(id="t2", name="瑞安防汛", type=TeamType.FLOOD, jurisdiction="330381",
             base_lon=120.6, base_lat=27.8, status=TeamStatus.EN_ROUTE),
        Team(id="t3", name="停用队", type=TeamType.FLOOD, jurisdiction="330381",
             base_lon=120.6, base_lat=27.8, status=TeamStatus.OUT_OF_SERVICE),
    ]
    live.feed(live.replica.apply_events([event(11 + n, t) for n, t in enumerate(teams)]))
    live.flush()
    model = table_model(live, tables.team_table(live))
    proxy = TeamFilter(model)
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 3
    proxy.set("ready", None, "")
    assert proxy.rowCount() == 1
    proxy.set("busy", None, "")
    assert proxy.rowCount() == 1
    proxy.set(None, "flood", "")
    assert proxy.rowCount() == 2
    proxy.set(None, None, "永嘉")
    assert proxy.rowCount() == 1
    qtmodeltester.check(proxy)


def test_a_table_that_starts_empty_fits_its_columns_to_the_first_rows(qapp: Any) -> None:
    from console.qt.widgets.table_panel import TablePanel

    live = LiveModel(interval_ms=10_000)
    model = table_model(live, tables.incident_table(live))
    panel = TablePanel(live, model)
    panel.resize(900, 300)
    panel.show()
    header = panel.view.horizontalHeader()
    before = [header.sectionSize(c) for c in range(3)]
    long_title = "永嘉县岩头镇后山村山体滑坡致民房倒塌多人被困"
    live.feed(live.replica.apply(Snapshot(seq=1, entities=[])))
    live.flush()  # the picture arrives empty; the first incident comes later, live
    live.feed(live.replica.apply_events([event(2, incident(1, title=long_title))]))
    live.flush()
    after = [header.sectionSize(c) for c in range(3)]
    assert after[0] < before[0]  # the grade column shrinks to "Grade"
    assert after[2] > before[2]  # the title column grows to show the title
    panel.close()


def test_an_empty_table_says_so(qapp: Any) -> None:
    from console.qt.widgets.table_panel import TableView

    live = LiveModel(interval_ms=10_000)
    shots = []
    for hint in ("No incident matches these filters.", " "):
        view = TableView(empty_text=hint)
        view.setModel(table_model(live, tables.incident_table(live)))
        view.resize(500, 200)
        view.show()
        shots.append(view.viewport().grab().toImage())
        view.close()
    assert shots[0] != shots[1]  # the hint is painted on the empty viewport
    assert TableView().empty_text == "Nothing here in your area yet."
