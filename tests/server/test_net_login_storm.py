"""A reconnect storm on SQLite: many consoles logging in at once while commands commit. Session
writes take the coordinator's write lock in-process, so no login waits on SQLite's (unfair)
busy handler: with a short busy timeout, logins used to fail with "database is locked" and the
connection was closed with 1011."""

from __future__ import annotations

import asyncio

from protocol.messages import Ack
from server.domain.api import SYSTEM
from server.login_throttle import Rule, ThrottlePolicy
from tests.conftest import running_server
from tests.fixtures.client import WireClient


async def test_concurrent_logins_all_succeed_while_commands_commit(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'storm.db'}"
    never = Rule(free=10**6, base=0.0, cap=0.0)  # logins in flight count as failures
    async with running_server(url, busy_timeout=0.05, max_sessions_per_user=None,
                              login_throttle=ThrottlePolicy(never, never, never)) as ts:
        async def commands() -> None:
            for i in range(20):
                out = await ts.coordinator.execute(SYSTEM, "incident.create", {
                    "type_code": "11A01", "title": f"storm {i}", "lon": 120.69, "lat": 28.15})
                assert isinstance(out, Ack)

        clients = await asyncio.gather(
            commands(), *(WireClient.login(ts.url, "wz", "wz-pass") for _ in range(30)))
        try:
            assert all(c.welcome is not None for c in clients[1:])
        finally:
            await asyncio.gather(*(c.close() for c in clients[1:]))
