"""``watchfloor export geojson|csv`` as a separate process against a real server with the demo
seed: what it writes holds exactly the entities the server sends this user."""

from __future__ import annotations

import csv
import json
import socket
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import geojson
import pytest
from shapely.geometry import shape

from console.state.tables import TABLES
from protocol.entities import Principal
from protocol.replica import Replica
from resources.demo import password as demo_password
from server.app import run_server
from tests.fixtures.cli import run_watchfloor
from tests.fixtures.client import WireClient
from tests.fixtures.rfc7946 import check_feature_collection

pytestmark = pytest.mark.timeout(120)


class _Picture:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.principal: Principal | None = None


async def export(*args: str, password: str | None = None) -> tuple[int, str, str]:
    return await run_watchfloor("export", *args, password=password or demo_password())


async def test_export_geojson_and_csv(tmp_path: Path) -> None:
    async with run_server(f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", seed="demo") as srv:
        prov = await WireClient.login(srv.url, "prov", demo_password())
        try:
            await prov.ok("incident.create", {
                "type_code": "11A01", "title": "瓯江堤防管涌", "lon": 120.69, "lat": 28.15,
                "jurisdiction": "330324"})
            expires = (datetime.now(UTC) + timedelta(hours=12)).isoformat()
            await prov.ok("warning.publish", {
                "hazard": "typhoon", "colour": "orange", "area": ["330300", "330324"],
                "headline": "台风橙色预警", "expires": expires, "msg_status": "Exercise"})
        finally:
            await prov.close()
        # what the same user is sent: the reference to compare the files with
        seen = await WireClient.login(srv.url, "prov", demo_password())
        await seen.close()
        replica = seen.replica

        out = tmp_path / "picture.geojson"
        code, stdout, err = await export("geojson", "--server", srv.url, "--user", "prov",
                                         "--out", str(out))
        assert code == 0, err
        assert "features" in stdout

        incidents = tmp_path / "incidents.csv"
        code, _, err = await export("csv", "--server", srv.url, "--user", "prov",
                                    "--table", "incident", "--out", str(incidents))
        assert code == 0, err
        teams = tmp_path / "teams.csv"
        code, _, err = await export("csv", "--server", srv.url, "--user", "prov",
                                    "--table", "team", "--lang", "en", "--out", str(teams))
        assert code == 0, err

    doc = json.loads(out.read_text(encoding="utf-8"))
    assert check_feature_collection(doc) == []
    assert geojson.loads(out.read_text(encoding="utf-8")).is_valid
    kinds = Counter(f["properties"]["kind"] for f in doc["features"])
    assert kinds == {k: replica.count(k) for k in ("incident", "team", "depot", "shelter",
                                                   "warning") if replica.count(k)}
    assert kinds["incident"] == 1 and kinds["warning"] == 1 and kinds["team"] > 0
    assert {f["id"] for f in doc["features"]} == {
        e.id for k in kinds for e in replica.all(k)}
    warning = next(f for f in doc["features"] if f["properties"]["kind"] == "warning")
    assert warning["properties"]["exercise"] is True
    assert warning["properties"]["headline"] == "台风橙色预警"
    assert all(p.is_valid for p in shape(warning["geometry"]).geoms)

    with incidents.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header[:2] == ["等级", "编号"]  # the interface language, Chinese by default
    assert len(rows) == replica.count("incident") == 1 and "瓯江堤防管涌" in rows[0]
    with teams.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header == [c.title for c in TABLES["team"](_Picture(replica)).columns]
    assert len(rows) == replica.count("team")


async def test_a_refused_login_exits_1_with_one_line(tmp_path: Path) -> None:
    async with run_server(f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", seed="demo") as srv:
        code, _, err = await export("geojson", "--server", srv.url, "--user", "prov",
                                    "--out", str(tmp_path / "x.geojson"), password="wrong")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "login of prov refused" in err, err
    assert not (tmp_path / "x.geojson").exists()


async def test_an_unreachable_server_exits_1_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, _, err = await export("csv", "--server", f"ws://127.0.0.1:{port}", "--user", "prov",
                                "--out", str(tmp_path / "x.csv"))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "cannot reach" in err, err


async def test_export_of_a_past_moment(tmp_path: Path) -> None:
    """--at: the picture as this user could see it then (history.picture), not now."""
    async with run_server(f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", seed="demo") as srv:
        prov = await WireClient.login(srv.url, "prov", demo_password())
        try:
            made = await prov.ok("incident.create", {
                "type_code": "11A01", "title": "瓯江堤防管涌", "lon": 120.69, "lat": 28.15,
                "jurisdiction": "330324"})
            then = datetime.now(UTC)
            await prov.ok("incident.update", {"id": made.result["id"], "title": "瓯江堤防溃口"})
            await prov.ok("incident.create", {
                "type_code": "11D01", "title": "后来的滑坡", "lon": 120.69, "lat": 28.2})
        finally:
            await prov.close()
        past, now = tmp_path / "then.geojson", tmp_path / "now.geojson"
        code, _, err = await export("geojson", "--server", srv.url, "--user", "prov",
                                    "--at", then.isoformat(), "--out", str(past))
        assert code == 0, err
        code, _, err = await export("geojson", "--server", srv.url, "--user", "prov",
                                    "--out", str(now))
        assert code == 0, err

    def titles(path: Path) -> set[str]:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        return {f["properties"]["title"] for f in features
                if f["properties"].get("kind") == "incident"}

    assert titles(past) == {"瓯江堤防管涌"}
    assert titles(now) == {"瓯江堤防溃口", "后来的滑坡"}
    assert check_feature_collection(json.loads(past.read_text(encoding="utf-8"))) == []
