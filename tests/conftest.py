"""Fixtures every layer may use: ``server``, a running coordination server on 127.0.0.1, port 0,
with a fresh SQLite database and one user of every role (see tests/fixtures/users.py; password
'<name>-pass'): prov (province 330000), wz (city 330300 Wenzhou), yj (county 330324 Yongjia),
ra (county 330381 Ruian), liaison (represents the PLA team), field (the Yongjia flood team's
terminal), admin. ``server.teams`` maps 'pla' and 'yj_flood' to those teams' ids.

    async def test_x(server):
        client = await server.login("prov")   # a WireClient with the snapshot applied
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from protocol.messages import Ack
from server.app import RunningServer, run_server
from server.config import Settings
from server.domain.api import SYSTEM
from tests.fixtures import leftovers
from tests.fixtures.client import WireClient
from tests.fixtures.users import USERS, FixtureUser

# Short timers so tests observe background behaviour quickly (still bounded and event-driven).
TEST_SETTINGS = Settings(
    hello_timeout=2.0,
    flush_interval=0.2,
    user_poll_interval=0.2,
    peer_poll_interval=0.5,
    close_timeout=1.0,
)

FIXTURE_TEAMS: dict[str, dict[str, Any]] = {
    "yj_flood": {
        "name": "永嘉县防汛抢险队", "type": "flood", "jurisdiction": "330324",
        "base_lon": 120.69, "base_lat": 28.15, "headcount": 30, "capabilities": ["water_rescue"],
    },
    "pla": {
        "name": "解放军某部应急分队", "type": "pla", "jurisdiction": "330300",
        "base_lon": 120.65, "base_lat": 28.01, "headcount": 60, "capabilities": ["rescue"],
    },
}


@dataclass
class ServerUnderTest:
    srv: RunningServer
    teams: dict[str, str] = field(default_factory=dict)
    users: dict[str, FixtureUser] = field(default_factory=lambda: dict(USERS))
    clients: list[WireClient] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.srv.url

    @property
    def server_id(self) -> str:
        return self.srv.server_id

    @property
    def coordinator(self) -> Any:
        return self.srv.coordinator

    async def login(self, name: str, **kw: Any) -> WireClient:
        client = await WireClient.login(self.url, name, USERS[name].password, **kw)
        self.clients.append(client)
        return client


async def populate(srv: RunningServer) -> ServerUnderTest:
    """Create the fixture teams (as the system actor) and the fixture users."""
    ts = ServerUnderTest(srv)
    for key, args in FIXTURE_TEAMS.items():
        out = await srv.coordinator.execute(
            SYSTEM, "team.create", args, command_id=f"fixture-{key}"
        )
        assert isinstance(out, Ack), out
        ts.teams[key] = out.result["id"]
    for user in USERS.values():
        units = [ts.teams[user.unit_key]] if user.unit_key else []
        await srv.add_user(user.name, user.password, role=user.role,
                           jurisdiction=user.jurisdiction, units=units, cheap_hash=True)
    return ts


@asynccontextmanager
async def running_server(db_url: str, **settings: Any) -> AsyncIterator[ServerUnderTest]:
    """A populated server on ``db_url`` with TEST_SETTINGS changed by ``settings``."""
    async with run_server(db_url, settings=replace(TEST_SETTINGS, **settings)) as srv:
        ts = await populate(srv)
        try:
            yield ts
        finally:
            for client in ts.clients:
                await client.close()


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[ServerUnderTest]:
    async with running_server(f"sqlite+aiosqlite:///{tmp_path / 'server.db'}") as ts:
        yield ts


@pytest.fixture(autouse=True)
def _no_threads_left() -> Iterator[None]:
    """Fail a test that leaves a thread running. Set up before the test's event loop, so it
    checks after the loop closed (and its default executor's threads ended)."""
    before = threading.enumerate()
    yield
    left = leftovers.threads_left(before)
    if left:
        pytest.fail(leftovers.fail_message("threads", [leftovers.describe_thread(t)
                                                       for t in left]), pytrace=False)


@pytest.fixture(autouse=True)
def _no_tasks_left(_no_threads_left: None, request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail an async test that leaves an asyncio task pending on its loop once its fixtures
    are torn down (pytest-asyncio would cancel it silently when it closes the loop). Tasks
    already cancelled get to finish their cancellation first."""
    if not pytest_asyncio.is_async_test(request.node):
        yield
        return
    runner = request.getfixturevalue(f"_{request.node._loop_scope}_scoped_runner")
    yield
    loop = runner.get_loop()
    runner.run(asyncio.sleep(0))  # callbacks the teardowns scheduled run
    stopping = [t for t in leftovers.pending_tasks(loop) if t.cancelling()]
    if stopping:
        runner.run(asyncio.wait(stopping, timeout=leftovers.THREAD_GRACE))
    left = leftovers.pending_tasks(loop)
    if left:
        pytest.fail(leftovers.fail_message("asyncio tasks", [leftovers.describe_task(t)
                                                             for t in left]), pytrace=False)
