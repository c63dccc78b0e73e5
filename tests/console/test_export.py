"""The exports without a server: the picture as GeoJSON (checked against RFC 7946 by structure,
by the geojson package and, for ring validity, by shapely) and a table as CSV."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import geojson
import msgspec
import pytest
from shapely.geometry import shape

from console.state import i18n, text
from console.state.picture_geojson import covering, picture_geojson, write_geojson
from console.state.table_csv import write_csv
from console.state.tables import TABLES, incident_table
from console.state.ts_translations import ts_translator
from protocol.entities import Depot, Entity, Incident, Position, Principal, Shelter, Team, Warning
from protocol.messages import Snapshot
from protocol.replica import Replica
from tests.fixtures.rfc7946 import check_feature_collection

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


class _Picture:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.principal: Principal | None = None


def picture() -> Replica:
    entities = [
        Incident(id="i1", number="ZJ-20260901-0001", type_code="11A01", title="瓯江堤防管涌",
                 lon=120.6981234567, lat=28.0123456789, jurisdiction="330302", exercise=True,
                 reported_at=NOW),
        Incident(id="i2", number="ZJ-20260901-0002", type_code="11A01", title="山体滑坡",
                 lon=120.69, lat=28.3, jurisdiction="330324"),
        Team(id="t1", name="永嘉县防汛抢险队", type="flood", jurisdiction="330324",
             base_lon=120.69, base_lat=28.15, exercise=True),
        Team(id="t2", name="解放军某部应急分队", type="pla", jurisdiction="330300",
             base_lon=120.65, base_lat=28.01),
        Depot(id="d1", name="温州市救灾物资储备库", level="city", jurisdiction="330300",
              lon=120.7, lat=28.0),
        Shelter(id="s1", name="鹿城区避灾安置点", tier="county", jurisdiction="330302",
                lon=120.66, lat=28.02, capacity=500, open=True, occupancy=120),
        Warning(id="w1", identifier="cap-1", hazard="typhoon", colour="orange",
                area=["330300", "330302", "330324", "331000"], headline="台风橙色预警",
                issuer="330000", issued_by="prov", onset=NOW, expires=NOW + timedelta(hours=12),
                msg_status="Exercise"),
    ]
    r = Replica()
    r.apply(Snapshot(seq=5, positions=[Position(team_id="t1", lon=120.71, lat=28.16, ts=NOW)],
                     # through the codec, so that codes become the protocol's enums
                     entities=msgspec.json.decode(msgspec.json.encode(entities),
                                                  type=list[Entity])))
    return r


def test_covering_drops_codes_inside_others() -> None:
    assert covering(["330300", "330302", "330324", "331000", "330302"]) == ["330300", "331000"]
    assert covering(["330302", "330000"]) == ["330000"]


def test_geojson_is_rfc_7946(tmp_path: Path) -> None:
    r = picture()
    doc = picture_geojson(r)
    assert check_feature_collection(doc) == []
    out = tmp_path / "picture.geojson"
    assert write_geojson(doc, out) == 7
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and "瓯江堤防管涌".encode() in raw  # UTF-8 as is
    parsed = geojson.loads(raw.decode("utf-8"))
    assert parsed.is_valid, parsed.errors()
    by_id = {f["id"]: f for f in json.loads(raw)["features"]}
    assert {f["properties"]["kind"] for f in by_id.values()} == {
        "incident", "team", "depot", "shelter", "warning"}

    i1 = by_id["i1"]
    assert i1["geometry"] == {"type": "Point", "coordinates": [120.698123, 28.012346]}  # lon, lat
    assert i1["properties"]["exercise"] is True and i1["properties"]["title"] == "瓯江堤防管涌"
    assert i1["properties"]["reported_at"] == NOW.isoformat()
    assert by_id["t1"]["geometry"]["coordinates"] == [120.71, 28.16]  # last reported position
    assert by_id["t1"]["properties"]["position"] == "reported"
    assert by_id["t2"]["geometry"]["coordinates"] == [120.65, 28.01]  # no report: its base
    assert by_id["t2"]["properties"]["position"] == "base"
    assert by_id["s1"]["properties"]["occupancy"] == 120

    w1 = by_id["w1"]
    assert w1["properties"]["exercise"] is True and w1["properties"]["colour"] == "orange"
    area = shape(w1["geometry"])
    assert w1["geometry"]["type"] == "MultiPolygon" and area.geoms
    for polygon in area.geoms:
        assert polygon.is_valid
    # Wenzhou and Taizhou, in WGS-84: the incidents in Lucheng and Yongjia lie inside.
    assert area.buffer(0).contains(shape(i1["geometry"]))
    assert area.buffer(0).contains(shape(by_id["i2"]["geometry"]))
    minx, miny, maxx, maxy = area.bounds
    assert 119.3 < minx < maxx < 122.5 and 27.0 < miny < maxy < 29.7


def test_a_warning_without_known_boundaries_has_no_geometry() -> None:
    r = picture()
    doc = picture_geojson(r, polygons=lambda codes: {})
    w1 = next(f for f in doc["features"] if f["id"] == "w1")
    assert w1["geometry"] is None
    assert check_feature_collection(doc) == []


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_every_table_as_csv(kind: str, tmp_path: Path) -> None:
    r = picture()
    table = TABLES[kind](_Picture(r))
    out = tmp_path / f"{kind}.csv"
    assert write_csv(table, r, out) == r.count(table.kind)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [c.title for c in table.columns]
    assert len(rows) == 1 + r.count(table.kind)


def test_csv_in_chinese(tmp_path: Path) -> None:
    r = picture()
    was = text.language()
    text.set_language("zh")
    translator = i18n.install(ts_translator("zh"))
    try:
        table = incident_table(_Picture(r))
        write_csv(table, r, tmp_path / "incidents.csv")
    finally:
        i18n.install(translator)
        text.set_language(was)
    with (tmp_path / "incidents.csv").open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header[0] == "等级" and header[1] == "编号"
    assert sorted(row[1] for row in rows) == ["ZJ-20260901-0001", "ZJ-20260901-0002"]
    assert any("瓯江堤防管涌" in row for row in rows)
