"""The demo seed through a real server: everything created, nothing duplicated on a rerun."""

from __future__ import annotations

import time
from pathlib import Path

from protocol.entities import Depot, Plan, Shelter, StockItem, Team
from resources.demo import load
from server.app import run_server
from server.storage import UserStore


async def test_seed_creates_the_demo_once(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    started = time.perf_counter()
    async with run_server(url, seed="demo") as srv:
        seeded_s = time.perf_counter() - started
        state = srv.coordinator.state
        counts = {cls: state.count(cls) for cls in (Team, Depot, Shelter, Plan, StockItem)}
        seq = state.seq
        teams = list(state.all(Team))
        users = await UserStore(srv.store).all()
    assert counts[Team] == len(load("teams")["teams"])
    assert counts[Depot] == len(load("depots")["depots"])
    assert counts[Shelter] == len(load("shelters")["shelters"])
    assert counts[Plan] == len(load("plans")["plans"])
    assert counts[StockItem] == sum(len(d["stock"]) for d in load("depots")["depots"])
    assert not any(t.exercise for t in teams)  # teams are real; drills use them
    by_name = {u.name: u for u in users}
    assert len(by_name) == len(load("users")["users"])
    team_ids = {t.id for t in teams}
    pla = next(t for t in teams if t.type.value == "pla")
    assert by_name["liaison-pla"].units == (pla.id,)
    assert all(set(by_name[f"field-{k['key']}"].units) <= team_ids
               for k in load("teams")["teams"])
    print(f"seeded {seq} events in {seeded_s:.2f} s")

    async with run_server(url, seed="demo") as srv:
        state = srv.coordinator.state
        assert {cls: state.count(cls) for cls in counts} == counts
        assert state.seq == seq  # a rerun changes nothing
        assert len(await UserStore(srv.store).all()) == len(users)
