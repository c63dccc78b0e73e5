"""A realistic operations picture over Zhejiang, and screenshots of the map showing it.

``picture_snapshot`` builds the protocol Snapshot a province duty officer would receive on a
busy typhoon day: hundreds of incidents and teams spread over the 90 counties, depots with
stock (some below threshold), shelters, and warnings. The map and dashboard tests and the
benchmark feed it to a real Replica. The screenshots land in artifacts/screenshots/ for a
person to look at.
"""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.state.boundaries import load_boundaries
from protocol.catalog import INCIDENT_TYPES, MATERIALS
from protocol.entities import (
    Base,
    Depot,
    Incident,
    Position,
    Principal,
    Shelter,
    StockItem,
    Team,
)
from protocol.entities import Warning as CapWarning
from protocol.enums import (
    DepotLevel,
    Grade,
    Hazard,
    IncidentStatus,
    Role,
    ShelterTier,
    TeamStatus,
    TeamType,
    WarningColour,
)
from protocol.geo import gcj02_to_wgs84
from protocol.messages import Snapshot

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NOW = datetime(2026, 9, 14, 6, 30, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

_GRADES = [None] * 6 + [Grade.IV] * 10 + [Grade.III] * 4 + [Grade.II] * 2 + [Grade.I]
_LIVE_STATUSES = [
    IncidentStatus.RECEIVED,
    IncidentStatus.VERIFYING,
    IncidentStatus.ASSESSED,
    IncidentStatus.RESPONDING,
    IncidentStatus.RESPONDING,
    IncidentStatus.RECOVERY,
]
_TEAM_STATUSES = (
    [TeamStatus.AVAILABLE] * 8
    + [TeamStatus.ALERTED, TeamStatus.STAGED, TeamStatus.DISPATCHED, TeamStatus.EN_ROUTE]
    + [TeamStatus.ON_SCENE, TeamStatus.WORKING, TeamStatus.WORKING, TeamStatus.RETURNING]
    + [TeamStatus.OUT_OF_SERVICE]
)
_TEAM_TYPES = [TeamType.FIRE_RESCUE] * 5 + [TeamType.FLOOD] * 3 + list(TeamType)
WARNINGS = [  # colour, hazard, area
    (WarningColour.RED, Hazard.TYPHOON, ["330302", "330303", "330305", "330381", "330382"]),
    (WarningColour.ORANGE, Hazard.RAINSTORM, ["331002", "331003", "331004", "331081"]),
    (WarningColour.YELLOW, Hazard.GEOLOGICAL, ["331123", "331124", "331126"]),
    (WarningColour.BLUE, Hazard.GALE, ["330200"]),
]


def _counties() -> list[tuple[str, float, float]]:
    """(adcode, lon, lat WGS-84) of the 90 counties' label points."""
    regions = load_boundaries().of_level("county")
    return [(r.adcode, *gcj02_to_wgs84(*r.label_at)) for r in regions]


def picture_snapshot(
    incidents: int = 300, teams: int = 400, depots: int = 60, shelters: int = 120, seed: int = 7
) -> Snapshot:
    rng = random.Random(seed)
    counties = _counties()
    types = list(INCIDENT_TYPES)
    ents: list[Base] = []
    positions: list[Position] = []

    def near(spread: float) -> tuple[str, float, float]:
        code, lon, lat = rng.choice(counties)
        return code, lon + rng.gauss(0, spread), lat + rng.gauss(0, spread)

    for i in range(incidents):
        code, lon, lat = near(0.06)
        ents.append(
            Incident(
                id=f"inc-{i}",
                number=f"ZJ-20260914-{i + 1:04d}",
                type_code=rng.choice(types),
                title=f"Incident {i + 1}",
                grade=rng.choice(_GRADES),
                status=rng.choice(_LIVE_STATUSES),
                lon=lon,
                lat=lat,
                jurisdiction=code,
                deaths=rng.choice([0] * 12 + [1, 2, 4]),
                injured=rng.choice([0] * 6 + [1, 3, 7]),
                exercise=rng.random() < 0.04,
                reported_at=NOW - timedelta(minutes=rng.randint(1, 600)),
            )
        )
    for i in range(teams):
        code, lon, lat = near(0.05)
        status = rng.choice(_TEAM_STATUSES)
        ents.append(
            Team(
                id=f"team-{i}",
                name=f"Team {i + 1}",
                type=rng.choice(_TEAM_TYPES),
                jurisdiction=code,
                base_lon=lon,
                base_lat=lat,
                headcount=rng.randint(6, 60),
                status=status,
            )
        )
        if status not in (TeamStatus.AVAILABLE, TeamStatus.OUT_OF_SERVICE):
            positions.append(
                Position(
                    team_id=f"team-{i}",
                    lon=lon + rng.gauss(0, 0.03),
                    lat=lat + rng.gauss(0, 0.03),
                    ts=NOW,
                    speed_kmh=rng.uniform(0, 70),
                )
            )
    items = list(MATERIALS)
    for i in range(depots):
        code, lon, lat = near(0.02)
        ents.append(
            Depot(
                id=f"depot-{i}",
                name=f"Depot {i + 1}",
                level=DepotLevel.COUNTY if i > 11 else DepotLevel.CITY,
                jurisdiction=code,
                lon=lon,
                lat=lat,
            )
        )
        for item in rng.sample(items, 4):
            threshold = rng.choice([20, 50, 100, 200])
            ents.append(
                StockItem(
                    id=f"depot-{i}:{item}",
                    depot_id=f"depot-{i}",
                    item_code=item,
                    quantity=int(threshold * rng.uniform(0.3, 6.0)),
                    threshold=threshold,
                    jurisdiction=code,
                )
            )
    for i in range(shelters):
        code, lon, lat = near(0.05)
        ents.append(
            Shelter(
                id=f"shelter-{i}",
                name=f"Shelter {i + 1}",
                tier=ShelterTier.TOWNSHIP,
                jurisdiction=code,
                lon=lon,
                lat=lat,
                capacity=rng.choice([200, 500, 1200]),
                open=rng.random() < 0.4,
            )
        )
    for i, (colour, hazard, area) in enumerate(WARNINGS):
        ents.append(
            CapWarning(
                id=f"warning-{i}",
                identifier=f"ZJ-W-{i}",
                hazard=hazard,
                colour=colour,
                area=area,
                headline=f"{colour.en} {hazard.en} warning",
                issuer="330000",
                issued_by="duty",
                onset=NOW,
                expires=NOW + timedelta(hours=12),
            )
        )
    return Snapshot(seq=1000, entities=ents, positions=positions)  # type: ignore[arg-type]


PROVINCE_DUTY = Principal(id="duty", role=Role.PROVINCE, jurisdiction="330000")


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def test_map_screenshot_of_a_busy_day(qtbot, screenshots: Path) -> None:
    from console.qt.live import LiveModel
    from console.qt.map.map_view import MapView
    from protocol.replica import Replica

    replica = Replica()
    replica.apply(picture_snapshot())
    live = LiveModel(replica)
    live.set_principal(PROVINCE_DUTY)
    view = MapView(live)
    qtbot.addWidget(view)
    view.resize(1400, 1000)
    view.show()
    qtbot.waitExposed(view)
    view.fit_jurisdiction()
    live.select("incident", "inc-3")
    path = screenshots / "map_province.png"
    assert view.grab().save(str(path))
    assert path.stat().st_size > 50_000  # a real picture, not an empty canvas


def test_map_screenshots_full_hd_and_zoomed(qtbot, screenshots: Path) -> None:
    from console.qt.live import LiveModel
    from console.qt.map.map_view import MapView
    from protocol.replica import Replica

    replica = Replica()
    replica.apply(picture_snapshot())
    live = LiveModel(replica)
    live.set_principal(Principal(id="hz", role=Role.CITY, jurisdiction="330100"))
    view = MapView(live)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    qtbot.waitExposed(view)
    view.fit_jurisdiction()  # Hangzhou: county names appear at this zoom
    assert all(lbl.isVisible() for lbl in view.county_labels)
    assert view.toolbar.sizeHint().width() < 1100  # fits the map's share of a 1920 window
    assert view.grab().save(str(screenshots / "map_hangzhou_1920x1080.png"))
    live.set_principal(Principal(id="wz", role=Role.CITY, jurisdiction="330300"))
    view.resize(1100, 800)  # about the map's share of the main window at 1920×1080
    view.fit_jurisdiction()
    assert view.grab().save(str(screenshots / "map_wenzhou_typhoon.png"))


@pytest.fixture
def chinese(qapp):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTranslator

    import resources.translations

    translator = QTranslator()
    assert translator.load("watchfloor_zh_CN", str(Path(resources.translations.__file__).parent))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_map_and_dashboard_in_chinese(qtbot, screenshots: Path, chinese) -> None:  # type: ignore[no-untyped-def]
    from console.qt.dashboards.dashboard import DashboardWidget
    from console.qt.live import LiveModel
    from console.qt.map.map_view import MapView
    from protocol.replica import Replica

    replica = Replica()
    replica.apply(picture_snapshot())
    live = LiveModel(replica)
    live.set_principal(PROVINCE_DUTY)
    view = MapView(live, lang="zh")
    qtbot.addWidget(view)
    view.resize(1400, 1000)
    view.show()
    qtbot.waitExposed(view)
    assert view.legend.rows[0][3] == "事件"
    assert view.legend_action.text() == "图例"
    assert "台风红色预警" in view.warning_labels.texts()
    assert view.grab().save(str(screenshots / "map_province_zh.png"))
    dash = DashboardWidget(live, lang="zh")
    qtbot.addWidget(dash)
    dash.resize(1200, 800)
    dash.show()
    qtbot.waitExposed(dash)
    assert dash.losses.title.text() == "各县（市、区）灾情与转移安置"
    assert dash.stock.labels()[0].split(" · ")[0] in {m.zh for m in MATERIALS.values()}
    assert dash.grab().save(str(screenshots / "dashboard_zh.png"))
