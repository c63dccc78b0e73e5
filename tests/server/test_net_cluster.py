"""Two server instances on one PostgreSQL database: a change committed through one reaches the
other's sessions (LISTEN/NOTIFY wake-up, then the log read back by seq)."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from protocol.messages import Ack
from server.app import run_server
from server.storage import Store
from tests.conftest import TEST_SETTINGS, running_server
from tests.fixtures.client import WireClient


async def test_sessions_on_either_instance_see_each_others_changes(pg_url: str) -> None:
    async with contextlib.AsyncExitStack() as stack:
        a = await stack.enter_async_context(running_server(pg_url, peer_poll_interval=30.0))
        # The second instance shares the database: same server id, users and teams exist.
        b_srv = await stack.enter_async_context(
            run_server(pg_url, settings=replace(TEST_SETTINGS, peer_poll_interval=30.0))
        )
        assert b_srv.server_id == a.server_id
        on_a = await a.login("prov")
        on_b = await WireClient.login(b_srv.url, "wz", "wz-pass")
        stack.push_async_callback(on_b.close)
        ids = []
        for i in range(5):
            out = await on_a.command("incident.create", {"type_code": "11A01", "title": f"A{i}",
                                                         "lon": 120.69, "lat": 28.15})
            assert isinstance(out, Ack)
            ids.append(out.result["id"])
            out = await on_b.command("incident.create", {"type_code": "11A01", "title": f"B{i}",
                                                         "lon": 120.69, "lat": 28.15})
            assert isinstance(out, Ack)
            ids.append(out.result["id"])
        # Woken by NOTIFY (the poll interval is 30 s, far beyond the wait).
        await on_b.wait_replica(lambda r: all(r.get("incident", i) for i in ids), within=10)
        await on_a.wait_replica(lambda r: all(r.get("incident", i) for i in ids), within=10)
        assert a.coordinator.state.seq == b_srv.coordinator.state.seq
        store = await Store.open(pg_url)
        try:
            seqs = [e.seq for e in await store.events_after(0)]
        finally:
            await store.close()
        assert seqs == list(range(1, len(seqs) + 1))
