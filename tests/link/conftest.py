"""Linked platforms on 127.0.0.1: a province platform (the populated test server) and a Ruian
county platform (330381) linked through a :class:`LinkProxy` the test controls.

    async def test_x(linked):
        prov = await linked.parent.login("prov")
        ra = await linked.child_login("ra")
        linked.proxy.cut() ... linked.proxy.heal()
        await linked.converged()
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import msgspec
import pytest
import sqlalchemy as sa

from protocol import adcodes
from protocol.link import LOCAL_KINDS, home_of
from server.app import RunningServer, run_server
from server.link import CredentialFile
from server.storage import schema
from server.storage.links import LinkStore
from tests.conftest import TEST_SETTINGS, ServerUnderTest, running_server
from tests.fixtures.client import WireClient
from tests.fixtures.link_proxy import LinkProxy
from tests.fixtures.users import USERS

CHILD = "330381"  # Ruian
LINK_SETTINGS = dict(link_status_interval=0.1, link_retry_max=0.3)


@dataclass
class Linked:
    parent: ServerUnderTest
    child: RunningServer
    proxy: LinkProxy
    credential_file: Path
    clients: list[WireClient] = field(default_factory=list)

    async def child_login(self, name: str) -> WireClient:
        client = await WireClient.login(self.child.url, name, USERS[name].password)
        self.clients.append(client)
        return client

    async def link_up(self, within: float = 10.0) -> None:
        await self.link_up_of(self.child, within)

    @staticmethod
    async def link_up_of(srv: RunningServer, within: float = 10.0) -> None:
        assert srv.links is not None and srv.links.uplink is not None
        async with asyncio.timeout(within):
            await srv.links.uplink.connected.wait()

    async def converged(self, within: float = 20.0, child: RunningServer | None = None,
                        parent: RunningServer | None = None, code: str = CHILD) -> None:
        """Until the child's entities and the parent's entities of the child's jurisdiction
        are the same, versions included, and nothing waits on either side."""
        child = child or self.child
        parent = parent or self.parent.srv
        diff: list[str] = []
        try:
            async with asyncio.timeout(within):
                while True:
                    diff = await picture_diff(parent, child, code)
                    if not diff:
                        return
                    await asyncio.sleep(0.05)  # polled: two servers' states, no signal spans both
        except TimeoutError:
            raise AssertionError(f"not converged: {diff[:8]}") from None


async def picture_diff(parent: RunningServer, child: RunningServer, code: str) -> list[str]:
    ps, cs = parent.coordinator.state, child.coordinator.state
    out = []

    def team_home(state: Any) -> Any:
        def th(tid: str) -> str | None:
            t = state.get_kind("team", tid)
            return t.jurisdiction if t is not None else None
        return th

    for kind, table in cs.tables():
        if kind in LOCAL_KINDS:
            continue
        for id, ent in table.items():
            home = home_of(ent, team_home(cs))
            if home is None or not adcodes.is_within(home, code):
                continue  # a replica of the parent's: checked from the other side
            other = ps.get_kind(kind, id)
            if other != ent:
                out.append(f"child {kind} {id} v{ent.version} vs parent "
                           f"{other.version if other else None}")
    for kind, table in ps.tables():
        if kind in LOCAL_KINDS:
            continue
        for id, ent in table.items():
            home = home_of(ent, team_home(ps))
            if home is not None and adcodes.is_within(home, code) and \
                    cs.get_kind(kind, id) != ent:
                out.append(f"parent {kind} {id} v{ent.version} missing/different on child")
    for srv in (parent, child):
        links = srv.links
        assert links is not None
        for peer in links.peers:
            if await links.store.waiting(peer):
                out.append(f"{peer}: outbox not empty")
    up = child.links.uplink if child.links else None
    if up is not None and up.applied is not None and up.applied.seq < child.coordinator.state.seq \
            and await child.links.store.count_for_peer(up.applied.seq, "^"):  # type: ignore[union-attr]
        out.append("child events not yet applied by the parent")
    return out


async def gap_free(srv: RunningServer) -> None:
    async with srv.store.connect() as conn:
        seqs = [r[0] for r in await conn.execute(
            sa.select(schema.events.c.seq).order_by(schema.events.c.seq))]
    assert seqs == list(range(1, len(seqs) + 1)), "seq gap in the log"


async def add_child(parent: RunningServer, code: str, directory: Path,
                    parent_code: str = adcodes.PROVINCE) -> Path:
    credential = await LinkStore(parent.store).add_platform(code)
    path = directory / f"link-{code}.json"
    path.write_bytes(msgspec.json.encode(CredentialFile(platform=code, parent=parent_code,
                                                        credential=credential)))
    assert parent.links is not None
    await parent.links.refresh_children()
    return path


@asynccontextmanager
async def child_platform(db: str, code: str, upstream: str, credential: Path,
                         users: tuple[str, ...] = ("ra",), **settings: Any
                         ) -> AsyncIterator[RunningServer]:
    conf = replace(TEST_SETTINGS, platform=code, upstream=upstream,
                   link_credential=str(credential), **{**LINK_SETTINGS, **settings})
    async with run_server(db, settings=conf) as srv:
        for name in users:
            u = USERS[name]
            if not await srv.users.get(name):
                await srv.add_user(u.name, u.password, role=u.role,
                                   jurisdiction=u.jurisdiction, cheap_hash=True)
        yield srv


@pytest.fixture
async def linked(tmp_path: Path) -> AsyncIterator[Linked]:
    async with running_server(f"sqlite+aiosqlite:///{tmp_path / 'province.db'}",
                              **LINK_SETTINGS) as parent:
        cred = await add_child(parent.srv, CHILD, tmp_path)
        async with LinkProxy(parent.srv.port) as proxy, child_platform(
                f"sqlite+aiosqlite:///{tmp_path / 'ruian.db'}", CHILD, proxy.url, cred) as child:
            lk = Linked(parent, child, proxy, cred)
            try:
                await lk.link_up()
                yield lk
            finally:
                for c in lk.clients:
                    await c.close()
