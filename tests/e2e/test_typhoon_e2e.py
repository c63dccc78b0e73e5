"""End to end: a real server with the demo seed, the simulator playing Haiyan-D at high speed
(a child process, as a user runs it), a provincial duty officer's session watching, and the
console rendering the picture offscreen to a screenshot."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from console.net.cache import PictureCache
from protocol.entities import (
    DisasterProcess,
    Incident,
    MaterialRequest,
    Order,
    Response,
    Team,
    Warning,
)
from protocol.geo import haversine_m
from protocol.replica import Changes, Replica
from resources.demo import password
from server.app import run_server
from simulator.desk import Desk

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
SPEED = 4000.0  # 400 scenario seconds a tick, each as soon as the previous one is answered
UNTIL_H = 55.0  # materials are received at hour 52; warnings end at hour 58


class Watch:
    """What the provincial desk has seen so far."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.received = asyncio.Event()
        self.moved: set[str] = set()  # teams seen away from base
        self.moving_fixes = 0  # position fixes with a speed over ground
        desk.on_changes = self._on_changes

    def _on_changes(self, changes: Changes) -> None:
        replica = self.desk.replica
        if any(r.status.value == "received" for r in replica.all_typed(MaterialRequest)):
            self.received.set()
        for team_id in changes.positions:
            fix = replica.positions[team_id]
            team = replica.get_typed(Team, team_id)
            if team is not None and haversine_m(fix.lon, fix.lat, team.base_lon,
                                                team.base_lat) > 500:
                self.moved.add(team_id)
            if fix.speed_kmh:
                self.moving_fixes += 1


async def _stop(proc: asyncio.subprocess.Process, sig: int) -> None:
    if proc.returncode is None:
        proc.send_signal(sig)
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            await proc.wait()


@pytest.mark.timeout(150)
async def test_typhoon_exercise_end_to_end(tmp_path: Path) -> None:
    started = time.monotonic()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WATCHFLOOR_PASSWORD": password(),
           "WATCHFLOOR_DATA_DIR": str(tmp_path / "console"), "PYTHONUNBUFFERED": "1"}
    async with run_server(f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", seed="demo") as srv:
        watcher = Desk(srv.url, "prov", password())
        await watcher.start()
        watch = Watch(watcher)
        sim_log = (tmp_path / "sim.log").open("wb")
        sim = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "watchfloor", "sim", "--server", srv.url,
            "--speed", str(SPEED), "--stepped", "--until", str(UNTIL_H), env=env,
            stdout=sim_log, stderr=asyncio.subprocess.STDOUT)
        try:
            await asyncio.wait_for(watch.received.wait(), 75)
            received_at = time.monotonic() - started
            assert await asyncio.wait_for(sim.wait(), 60) == 0  # it stops at hour UNTIL_H
            shot = SHOTS / "e2e-typhoon-prov.png"
            shot.unlink(missing_ok=True)
            console = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "watchfloor", "console", "--server", srv.url,
                "--user", "prov", "--screenshot", str(shot), "--screenshot-after", "20",
                "--screenshot-extra",
                env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
            _, err = await asyncio.wait_for(console.communicate(), 40)
            assert console.returncode == 0, err.decode(errors="replace")[-2000:]
            process = next(iter(watcher.replica.all_typed(DisasterProcess)))
            roll = await watcher.command("stats.losses", {"process_id": process.id})
            due = await watcher.command("stats.due", {})
        finally:
            await _stop(sim, signal.SIGINT)
            sim_log.close()
            with contextlib.suppress(Exception):
                await watcher.close()
            seen_by_console = Replica()  # the picture the console held, from its cache at exit
        cache = PictureCache.for_profile(srv.url, "prov", base=tmp_path / "console")
        assert cache.load(seen_by_console)
        replica = watcher.replica

    assert {i.id for i in seen_by_console.all_typed(Incident)} == {
        i.id for i in replica.all_typed(Incident)}
    # The demo's pictures: the dashboards, the replay, a situation report (issue 9).
    for suffix in ("dashboard", "replay", "report"):
        assert shot.with_name(f"{shot.stem}-{suffix}.png").stat().st_size > 10_000, suffix
    sitrep = shot.with_name(f"{shot.stem}-report.md").read_text(encoding="utf-8")
    assert "Taishun County" in sitrep.split("Not yet reported")[1].splitlines()[0]
    assert shot.with_name(f"{shot.stem}-report.pdf").read_bytes().startswith(b"%PDF")
    assert {w.id for w in seen_by_console.all_typed(Warning)} == {
        w.id for w in replica.all_typed(Warning)}
    assert {r.id for r in seen_by_console.all_typed(Response)} == {
        r.id for r in replica.all_typed(Response)}
    assert any(m.status.value == "received"
               for m in seen_by_console.all_typed(MaterialRequest))
    assert len(seen_by_console.positions) >= 100  # every simulated team is on its map
    assert seen_by_console.get_typed(DisasterProcess, process.id) is not None

    # The roll-up at hour 55: Taishun has filed nothing and is overdue, Pingyang's latest is a
    # zero report (零报告), the six other counties reported; figures add up per city.
    assert roll["missing"] == ["330329"] and roll["zero"] == ["330326"]
    assert roll["returned"] == []
    assert [c["adcode"] for c in roll["cities"]] == ["330300", "331000"]
    assert roll["figures"]["evacuated"] == sum(c["figures"]["evacuated"] for c in roll["cities"])
    assert roll["transferred"] > 0 and roll["shelters"]["open"] > 0
    taishun = {(i["kind"], i["number"]): i["state"] for i in due["items"]
               if i["county"] == "330329"}
    assert taishun[("initial", None)] == "overdue", taishun

    incidents = {i.type_code: i for i in replica.all_typed(Incident)}
    assert {"11B01", "11A02", "11D01", "12D02", "11A01"} <= set(incidents)
    assert all(i.exercise for i in incidents.values())
    active = [r for r in replica.all_typed(Response) if r.status.value == "active"]
    assert {(r.jurisdiction, r.hazard.value) for r in active} >= {("330000", "typhoon"),
                                                                   ("330300", "typhoon")}
    assert {w.hazard.value for w in replica.all_typed(Warning)
            if w.state.value == "active"} >= {"typhoon", "flash_flood"}
    staging = next(o for o in replica.all_typed(Order)
                   if all(a.startswith("team:") for a in o.addressees))
    assert set(staging.acks) == set(staging.addressees)  # the field terminals acknowledged
    request = next(iter(replica.all_typed(MaterialRequest)))
    assert request.status.value == "received"
    assert len(watch.moved) >= 8, watch.moved
    assert watch.moving_fixes >= 4
    assert shot.stat().st_size > 50_000
    log = (tmp_path / "sim.log").read_text(errors="replace")
    assert "simulation running" in log and log.splitlines()[-1].count("(0 refused)") == 2, log[
        -3000:
    ]
    print(f"materials received {received_at:.1f} s after start; {len(watch.moved)} teams moved; "
          f"{watch.moving_fixes} moving fixes; total {time.monotonic() - started:.1f} s")
