"""DashboardWidget: on a real Replica (counts match, refreshes are batched, rows fit), and in
the console against a real server, docked at its default size in a 1920×1080 window: every
card readable (rows that fit, labels that do not overlap), exported to PNG from its dialog."""

from __future__ import annotations

import os
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication, QMenu

from console.qt.dashboards.charts import BarCard, tick_font
from console.qt.dashboards.dashboard import DashboardWidget
from console.qt.live import LiveModel
from console.state import dashboard_figures as figures
from console.state import text
from protocol.entities import (
    Incident,
    LossFigures,
    LossReport,
    StockItem,
    Team,
)
from protocol.enums import IncidentStatus
from protocol.messages import Event
from protocol.replica import Replica
from tests.console.conftest import SCREENSHOTS, until
from tests.console.test_map_picture import NOW, picture_snapshot

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class Clock:
    def __init__(self) -> None:
        self.now = NOW.timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def snapshot():  # type: ignore[no-untyped-def]
    return picture_snapshot(incidents=200, teams=250, depots=30, shelters=10)


@pytest.fixture
def live(snapshot) -> LiveModel:  # type: ignore[no-untyped-def]
    replica = Replica()
    replica.apply(snapshot)
    return LiveModel(replica, interval_ms=20)


@pytest.fixture
def dash(qtbot, live: LiveModel) -> DashboardWidget:  # type: ignore[no-untyped-def]
    d = DashboardWidget(live, clock=Clock())
    qtbot.addWidget(d)
    d.resize(2900, 320)
    d.show()
    qtbot.waitExposed(d)
    d.refresh()
    return d


def _feed(live: LiveModel, entities: list, minutes_ago: float = 0.0) -> None:  # type: ignore[type-arg]
    events = [
        Event(seq=live.replica.seq + 1 + k, ts=NOW - timedelta(minutes=minutes_ago),
              actor="duty", op="x", entity=ent)
        for k, ent in enumerate(entities)
    ]
    live.feed(live.replica.apply_events(events))


def test_counts_match_the_replica(dash: DashboardWidget, live: LiveModel) -> None:
    teams = Counter(t.status for t in live.replica.all_typed(Team))
    assert dash.teams.values() == [n for s, n in figures.team_status_counts(
        live.replica.all_typed(Team))][:len(dash.teams.shown)]
    assert sum(teams.values()) == 250 and len(dash.teams.shown) >= 5
    incidents = live.replica.all_typed(Incident)
    grades = Counter(i.grade.value if i.grade else None
                     for i in incidents if i.status not in figures.ENDED)
    assert dash.by_grade.values() == [grades[g] for g in ["I", "II", "III", "IV", None]]
    opened, _closed = dash.per_hour.counts()
    assert sum(opened) == sum(1 for i in incidents
                              if NOW - timedelta(hours=24) < i.reported_at <= NOW)


def test_lowest_stock_rows_name_item_and_depot(dash: DashboardWidget, live: LiveModel) -> None:
    ratios = sorted((s.quantity - s.reserved) / s.threshold
                    for s in live.replica.all_typed(StockItem) if s.threshold > 0)
    shown = len(dash.stock.shown)
    assert shown >= 5
    assert dash.stock.values() == pytest.approx([r * 100 for r in ratios[:shown]])
    first = live.replica.get_typed(StockItem, dash.stock_rows[0][0])
    assert first is not None
    depot = live.replica.get("depot", first.depot_id)
    assert dash.stock.labels()[0].endswith(f" · {depot.name}")  # type: ignore[union-attr]


def test_rows_never_overlap(qtbot, dash: DashboardWidget) -> None:  # type: ignore[no-untyped-def]
    line = QFontMetrics(tick_font()).height()
    for height in (150, 220, 400):
        dash.resize(2900, height)
        qtbot.waitUntil(lambda h=height: dash.height() == h, timeout=2000)
        for card in dash.cards:
            if isinstance(card, BarCard) and card.shown:
                pitch = (card.plot_widget.height() - 12) / len(card.shown)
                assert pitch >= line, (card.name, height, pitch, line)


def test_a_tall_dashboard_takes_more_rows(qtbot, dash: DashboardWidget) -> None:  # type: ignore[no-untyped-def]
    dash.resize(1300, 800)  # floated, or the dock dragged taller
    qtbot.waitUntil(lambda: dash.rows == 3, timeout=2000)
    positions = [dash.grid.getItemPosition(dash.grid.indexOf(c))[:2] for c in dash.cards]
    assert positions == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0)]
    qtbot.waitUntil(lambda: dash.cards[3].y() > dash.cards[0].y() + 200, timeout=2000)
    assert all(c.width() >= 380 for c in dash.cards)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert dash.grab().save(str(SCREENSHOTS / "dashboard-tall.png"))
    dash.resize(1300, 200)
    qtbot.waitUntil(lambda: dash.rows == 1, timeout=2000)


def test_right_click_offers_export(qtbot, dash: DashboardWidget, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = dash.teams
    view = card.plot_widget.viewport()
    at = QPoint(40, 40)
    QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at,
                                                    view.mapToGlobal(at)))
    menu = next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMenu) and w.isVisible())
    assert [a.text() for a in menu.actions()] == ["Export PNG…"]
    menu.actions()[0].trigger()
    menu.close()
    dialog = card.export_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(tmp_path / "teams.png"))
    dialog.accept()
    image = QImage(str(tmp_path / "teams.png"))
    assert (image.width(), image.height()) == (card.width(), card.height())


def test_a_flood_of_events_is_one_refresh(qtbot, dash: DashboardWidget, live: LiveModel) -> None:  # type: ignore[no-untyped-def]
    before = dash.refreshes
    incidents = live.replica.all_typed(Incident)
    for k, inc in enumerate(incidents):  # one event per batch: the worst case
        _feed(live, [msgspec.structs.replace(inc, status=IncidentStatus.CLOSED, version=k + 2)])
    qtbot.waitUntil(lambda: sum(dash.by_grade.values()) == 0, timeout=3000)
    assert 1 <= dash.refreshes - before <= 3


def test_losses_by_county_for_the_selected_process(qtbot, dash: DashboardWidget,  # type: ignore[no-untyped-def]
                                                   live: LiveModel) -> None:
    reports = [
        LossReport(id="r1", jurisdiction="330302", hazard="typhoon",
                   figures=LossFigures(affected_population=5200, relocated=1800, deaths=1)),
        LossReport(id="r2", jurisdiction="330324", hazard="typhoon",
                   figures=LossFigures(affected_population=900, relocated=3000)),
        LossReport(id="r3", jurisdiction="330302", hazard="typhoon",
                   figures=LossFigures(affected_population=100, missing=2)),
    ]
    _feed(live, reports)
    qtbot.waitUntil(lambda: len(dash.losses.shown) == 3, timeout=3000)
    labels = dash.losses.labels()
    assert labels == ["Total", text.place(live.replica, "330302"),
                      text.place(live.replica, "330324")]
    assert [r.text for r in dash.losses.shown] == [
        "6,200 / 4,800 · 1 dead, 2 missing", "5,300 / 1,800 · 1 dead, 2 missing",
        "900 / 3,000"]
    items = [dash.process.itemText(i) for i in range(dash.process.count())]
    assert items == ["all reports", "no disaster process"]


# -- in the console, against the real server ------------------------------------------------
async def _seed(server: Any) -> None:
    prov = await server.login("prov")
    yj = await server.login("yj")
    created = []
    for k, (lon, lat) in enumerate([(120.69, 28.15), (120.70, 28.2), (120.66, 28.1)]):
        ack = await yj.ok("incident.create", {"type_code": "11A01", "title": f"堤防管涌{k}",
                                              "lon": lon, "lat": lat})
        created.append(ack.result["id"])
    ack = await prov.ok("assignment.dispatch", {"team_id": server.teams["yj_flood"],
                                                "incident_id": created[0]})
    await prov.ok("assignment.status", {"id": ack.result["id"], "status": "en_route"})
    await prov.ok("assignment.status", {"id": ack.result["id"], "status": "on_scene"})
    await prov.ok("incident.status", {"id": created[2], "status": "false_alarm"})
    for code, affected, relocated in (("330324", 12400, 3600), ("330381", 5100, 900)):
        await prov.ok("loss.submit", {"hazard": "typhoon", "jurisdiction": code, "figures": {
            "affected_population": affected, "relocated": relocated, "injured": 2}})
    depot = (await prov.ok("depot.create", {
        "name": "温州市救灾物资储备库", "level": "city", "jurisdiction": "330300",
        "lon": 120.7, "lat": 28.0})).result["id"]
    for item, qty, threshold in (("1010101", 40, 200), ("2010101", 300, 250)):
        await prov.ok("stock.restock", {"depot_id": depot, "item_code": item, "quantity": qty,
                                        "threshold": threshold})


async def test_docked_at_default_size_every_card_reads_and_exports(
        server: Any, console: Any, tmp_path: Path) -> None:
    await _seed(server)
    c = await console("prov")
    window = c.window
    window.resize(1920, 1080)
    dock = window.docks["dashboards"]
    dock.raise_()
    dash = window.dashboard
    await until(lambda: dash.isVisible() and dash.width() > 800)
    await c.until(lambda: len(c.replica.all_typed(LossReport)) == 2
                  and len(c.replica.all_typed(StockItem)) == 2)
    dash.refresh()
    assert dash.losses.labels() == ["Total", "Yongjia County", "Rui'an"]  # English names
    assert dash.stock.labels()[0].endswith(" · 温州市救灾物资储备库")
    assert dash.response_times.to_dispatch.count == 1
    assert dash.response_times.to_scene.count == 1
    assert sum(dash.per_hour.counts()[0]) == 3 and sum(dash.per_hour.counts()[1]) == 1
    line = QFontMetrics(tick_font()).height()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "dashboard-docked.png"))
    for card in dash.cards:
        assert card.width() >= 360 and card.plot_widget.height() >= 3 * line, (
            card.name, card.size())
        if isinstance(card, BarCard) and card.shown:
            assert (card.plot_widget.height() - 12) / len(card.shown) >= line, card.name
        card.ask_export()
        dialog = card.export_dialog
        assert dialog is not None and dialog.isVisible()
        target = tmp_path / f"{card.name}.png"
        dialog.selectFile(str(target))
        dialog.accept()
        image = QImage(str(target))
        assert (image.width(), image.height()) == (card.width(), card.height()), card.name
        card.export_png(SCREENSHOTS / f"dashboard-{card.name}.png")
