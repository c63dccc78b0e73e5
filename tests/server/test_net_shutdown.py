"""Shutdown: nothing acknowledged is lost, track points are flushed; the CLI runs and stops on
SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from protocol.errors import CLOSE_UNAUTHORIZED
from protocol.messages import Ack, PositionReport
from server.storage import Store
from tests.conftest import running_server
from tests.fixtures.client import WireClient

ROOT = Path(__file__).resolve().parents[2]


async def test_shutdown_loses_nothing_acknowledged(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'sd.db'}"
    stack = contextlib.AsyncExitStack()
    ts = await stack.enter_async_context(running_server(url, commands_per_second=1000.0,
                                                        command_burst=1000, flush_interval=60.0))
    team = ts.teams["yj_flood"]
    # Clients of our own (ts.login's are closed by the fixture before the server stops).
    prov = await WireClient.login(ts.url, "prov", "prov-pass")
    field = await WireClient.login(ts.url, "field", "field-pass")
    for i in range(10):
        await field.send(PositionReport(team_id=team, lon=120.6 + i / 1000, lat=28.1))
    await prov.wait_replica(lambda r: team in r.positions and r.positions[team].lon > 120.6085)
    ids = [
        await prov.send_command("incident.create", {"type_code": "11A01", "title": f"#{i}",
                                                    "lon": 120.7, "lat": 28.1})
        for i in range(60)
    ]
    await prov.outcome(ids[5])  # some are through, most still in flight
    closing = asyncio.create_task(stack.aclose())
    with contextlib.suppress(ConnectionClosed, TimeoutError):
        await prov.read_until(lambda m: False, within=20)
    await closing
    assert prov.ws.close_code == 1001
    acked = {cid for cid, out in prov.outcomes.items() if isinstance(out, Ack)}
    assert len(acked) >= 6

    store = await Store.open(url)
    try:
        async with store.connect() as conn:
            for cid in acked:
                assert await store.command_outcome(conn, cid) is not None, cid
        titles = {getattr(e, "title", None) for e in await store.load_entities()}
        assert {f"#{ids.index(cid)}" for cid in acked} <= titles
        track = await store.track(team, datetime(2000, 1, 1, tzinfo=UTC), None, 100)
        assert len(track) == 10  # flushed at shutdown, though the flush interval is a minute
    finally:
        await store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
async def test_cli_prints_its_address_serves_and_stops_on_sigterm(tmp_path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    py = sys.executable
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    add = await asyncio.create_subprocess_exec(
        py, "-m", "watchfloor", "user", "add", "duty", "--role", "province", "--jurisdiction",
        "330000", "--db", db, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        cwd=ROOT, env=env,
    )
    out, _ = await asyncio.wait_for(add.communicate(b"correct horse\n"), 60)
    assert add.returncode == 0, out
    second = await asyncio.create_subprocess_exec(
        py, "-m", "watchfloor", "user", "add", "night", "--role", "county", "--jurisdiction",
        "330324", "--db", db, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        cwd=ROOT, env=env,
    )
    out, _ = await asyncio.wait_for(second.communicate(b"battery staple\n"), 60)
    assert second.returncode == 0, out
    proc = await asyncio.create_subprocess_exec(
        py, "-m", "watchfloor", "server", "--port", "0", "--db", db,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=ROOT, env=env,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        assert line.startswith("listening on ws://127.0.0.1:"), line
        url = line.split()[-1]
        client = await WireClient.login(url, "duty", "correct horse")
        assert client.replica.count("jurisdiction") == 102
        night = await WireClient.login(url, "night", "battery staple")
        # `watchfloor user disable` in another process reaches the running server (it polls).
        disable = await asyncio.create_subprocess_exec(
            py, "-m", "watchfloor", "user", "disable", "night", "--db", db,
            stdout=asyncio.subprocess.PIPE, cwd=ROOT, env=env,
        )
        out, _ = await asyncio.wait_for(disable.communicate(), 60)
        assert disable.returncode == 0 and b"disabled night" in out
        with pytest.raises(ConnectionClosed):
            await night.read_until(lambda m: False, within=20)
        assert night.ws.close_code == CLOSE_UNAUTHORIZED
        listing = await asyncio.create_subprocess_exec(
            py, "-m", "watchfloor", "user", "list", "--db", db,
            stdout=asyncio.subprocess.PIPE, cwd=ROOT, env=env,
        )
        out, _ = await asyncio.wait_for(listing.communicate(), 60)
        assert [line.split()[:2] for line in out.decode().splitlines()] == [
            ["duty", "province"], ["night", "county"]]
        assert "disabled" in out.decode().splitlines()[1]
        proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(ConnectionClosed, TimeoutError):
            await client.read_until(lambda m: False, within=20)
        assert client.ws.close_code == 1001
        rest, _ = await asyncio.wait_for(proc.communicate(), 30)
        assert proc.returncode == 0 and b"stopped" in rest
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
