"""Terminals only (``--scenario none``): a team dispatched from a duty desk goes out, works and
comes home by itself, reporting positions on the way."""

from __future__ import annotations

import asyncio
from pathlib import Path

from protocol.entities import Team
from protocol.geo import haversine_m
from protocol.replica import Changes
from resources.demo import password
from server.app import run_server
from simulator.runner import SimConfig, Simulation


async def test_a_dispatched_team_goes_out_and_comes_home(tmp_path: Path) -> None:
    async with run_server(f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", seed="demo") as srv:
        sim = Simulation(SimConfig(url=srv.url, password=password(), scenario=None,
                                   speed=6000.0, teams=2))
        stop = asyncio.Event()
        try:
            await sim.start()
            assert len(sim.terminals) == 2
            prov = sim.desks["prov"]
            team_id = sim.terminals[0].crew.team.id
            seen: list[str] = []
            away: list[float] = []
            home = asyncio.Event()

            def watch(changes: Changes) -> None:
                team = prov.replica.get_typed(Team, team_id)
                if team is None:
                    return
                if not seen or seen[-1] != team.status.value:
                    seen.append(team.status.value)
                if team_id in changes.positions:
                    fix = prov.replica.positions[team_id]
                    away.append(haversine_m(fix.lon, fix.lat, team.base_lon, team.base_lat))
                if team.status.value == "available" and "working" in seen:
                    home.set()

            prov.on_changes = watch
            runner = asyncio.create_task(sim.run(stop))
            incident = await prov.command("incident.create", {
                "type_code": "12G00", "title": "Warehouse fire", "lon": 120.70,
                "lat": 27.95, "exercise": True})
            await prov.command("assignment.dispatch", {"team_id": team_id,
                                                       "incident_id": incident["id"]})
            await asyncio.wait_for(home.wait(), 45)
            stop.set()
            await runner
        finally:
            stop.set()
            await sim.close()
    assert seen[-6:] == ["en_route", "on_scene", "working", "released", "returning",
                         "available"]
    assert max(away) > 1000  # its positions left the base
    assert sim.stats.refused_reports == 0
