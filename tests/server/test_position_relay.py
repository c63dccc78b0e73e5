"""Positions across instances: the relay's payloads (pure), and two instances on one PostgreSQL
database where a team reporting to A moves on B's consoles."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import msgspec

from protocol.entities import Position
from protocol.messages import PositionReport, Positions
from server.app import run_server
from server.position_relay import PAYLOAD_LIMIT, parse, payloads
from tests.conftest import TEST_SETTINGS, running_server
from tests.fixtures.client import WireClient

T0 = datetime(2026, 9, 14, 2, 0, 0, 250000, tzinfo=UTC)


def positions(n: int) -> list[Position]:
    return [Position(team_id=f"team-{i:05d}-{'长' * 4}", lon=120.0 + i / 1e4, lat=28.0,
                     ts=T0 + timedelta(seconds=i), speed_kmh=None if i % 2 else 35.5,
                     heading=90.0) for i in range(n)]


def test_payloads_stay_under_the_notify_limit_and_round_trip() -> None:
    batch = positions(400)
    out = payloads("inst-a", batch)
    assert len(out) > 1 and all(len(p.encode()) < PAYLOAD_LIMIT for p in out)
    back = [parse(p) for p in out]
    assert all(b is not None and b[0] == "inst-a" for b in back)
    assert [p for b in back if b is not None for p in b[1]] == batch
    assert payloads("inst-a", []) == []


def test_a_payload_that_is_not_a_batch_is_refused_whole() -> None:
    good = payloads("a", positions(2))[0]
    for bad in ("", "no separator", "a|", "a|[1,2]", "a|[[\"t\",1.0,2.0]]",
                'a|[["t",1.0,2.0,"noon",null,null]]', 'a|[["t",NaN,2.0,1.0,null,null]]',
                good[:-3]):
        assert parse(bad) is None, bad


async def test_a_team_reporting_to_one_instance_moves_on_the_other(pg_url: str) -> None:
    async with contextlib.AsyncExitStack() as stack:
        a = await stack.enter_async_context(running_server(pg_url))
        b = await stack.enter_async_context(run_server(pg_url, settings=TEST_SETTINGS))
        assert a.srv.relay is not None and b.relay is not None
        await a.srv.relay.ready.wait()
        await b.relay.ready.wait()
        team = a.teams["yj_flood"]
        on_b = await WireClient.login(b.url, "wz", "wz-pass")
        stack.push_async_callback(on_b.close)
        on_a = await a.login("wz")
        field = await a.login("field")
        for i in range(5):
            await field.send(PositionReport(team_id=team, lon=120.6 + i / 100, lat=28.1,
                                            ts=T0 + timedelta(seconds=i)))
        newest = T0 + timedelta(seconds=4)
        for console in (on_a, on_b):
            await console.wait_replica(
                lambda r: team in r.positions and r.positions[team].ts == newest, within=10)
        assert b.coordinator.state.positions[team].lon == 120.64
        assert len([m for m in on_b.received if isinstance(m, Positions)]) <= 5
        # No echo: B relays nothing back, A received nothing from B.
        assert b.relay.sent == 0 and a.srv.relay.received == 0
        assert 1 <= b.relay.received <= 5  # conflated on A: newest per team per tick
        # An older position relayed late never moves B's marker back.
        b.telemetry.relayed([msgspec.structs.replace(b.coordinator.state.positions[team], ts=T0,
                                                     lon=1.0)])
        assert b.coordinator.state.positions[team].ts == newest
