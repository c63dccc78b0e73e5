"""Province -> Wenzhou city -> Ruian and Yongjia counties, each its own platform: a Yongjia
team sent by the city to a Ruian incident reaches Ruian through the city, the province sees
it all, and every pair of platforms converges (no echo, nothing dropped as a duplicate)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from protocol.entities import Assignment, Incident, Team
from protocol.messages import Ack
from server.app import RunningServer
from tests.conftest import ServerUnderTest, running_server
from tests.fixtures.client import WireClient
from tests.fixtures.link_proxy import LinkProxy
from tests.fixtures.users import USERS
from tests.link.conftest import (
    LINK_SETTINGS,
    Linked,
    add_child,
    child_platform,
    gap_free,
    picture_diff,
)
from tests.link.test_link_basics import RUIAN_INCIDENT

CITY, RUIAN, YONGJIA = "330300", "330381", "330324"


class Tree3:
    def __init__(self, province: ServerUnderTest, city: RunningServer, ruian: RunningServer,
                 yongjia: RunningServer, proxies: dict[str, LinkProxy]) -> None:
        self.province, self.city, self.ruian, self.yongjia = province, city, ruian, yongjia
        self.proxies = proxies

    async def login(self, srv: RunningServer, name: str) -> WireClient:
        return await WireClient.login(srv.url, name, USERS[name].password)

    async def converged(self, within: float = 30.0) -> None:
        pairs = [(self.province.srv, self.city, CITY), (self.city, self.ruian, RUIAN),
                 (self.city, self.yongjia, YONGJIA)]
        diffs: list[str] = []
        try:
            async with asyncio.timeout(within):
                while True:
                    diffs = [d for p, c, code in pairs for d in await picture_diff(p, c, code)]
                    if not diffs:
                        return
                    await asyncio.sleep(0.05)  # polled: four servers, no signal spans them
        except TimeoutError:
            raise AssertionError(f"not converged: {diffs[:8]}") from None


@pytest.fixture
async def tree3(tmp_path: Path) -> AsyncIterator[Tree3]:
    async with AsyncExitStack() as stack:
        prov = await stack.enter_async_context(running_server(
            f"sqlite+aiosqlite:///{tmp_path / 'province.db'}", **LINK_SETTINGS))
        city_cred = await add_child(prov.srv, CITY, tmp_path)
        p1 = await stack.enter_async_context(LinkProxy(prov.srv.port))
        city = await stack.enter_async_context(child_platform(
            f"sqlite+aiosqlite:///{tmp_path / 'city.db'}", CITY, p1.url, city_cred, ("wz",)))
        proxies = {CITY: p1}
        counties = {}
        for code, user in ((RUIAN, "ra"), (YONGJIA, "yj")):
            cred = await add_child(city, code, tmp_path, parent_code=CITY)
            proxy = await stack.enter_async_context(LinkProxy(city.port))
            counties[code] = await stack.enter_async_context(child_platform(
                f"sqlite+aiosqlite:///{tmp_path / f'{code}.db'}", code, proxy.url, cred,
                (user,)))
            proxies[code] = proxy
        tree = Tree3(prov, city, counties[RUIAN], counties[YONGJIA], proxies)
        for srv in (city, *counties.values()):
            await Linked.link_up_of(srv)
        yield tree


async def test_a_county_team_in_another_county_through_the_city(tree3: Tree3) -> None:
    await tree3.converged()  # the handover: the fixture teams went down to their owners
    yj_team = tree3.province.teams["yj_flood"]
    assert tree3.yongjia.coordinator.state.get(Team, yj_team) is not None
    ra = await tree3.login(tree3.ruian, "ra")
    iid = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["id"]
    wz = await tree3.login(tree3.city, "wz")
    await wz.wait_replica(lambda r: r.get_typed(Incident, iid) is not None)
    cid = await wz.send_command("assignment.dispatch", {"team_id": yj_team, "incident_id": iid})
    out = await wz.outcome(cid, within=20)
    assert isinstance(out, Ack), out
    assert wz.queued[cid].owner == YONGJIA  # decided by the team's owner
    await ra.wait_replica(lambda r: (t := r.get_typed(Team, yj_team)) is not None
                          and t.status == "dispatched", within=20)
    await ra.wait_replica(lambda r: (i := r.get_typed(Incident, iid)) is not None
                          and i.status == "responding", within=20)
    prov = await tree3.province.login("prov")
    await prov.wait_replica(lambda r: any(a.team_id == yj_team
                                          for a in r.all_typed(Assignment)), within=20)
    await tree3.converged()
    for srv in (tree3.province.srv, tree3.city, tree3.ruian, tree3.yongjia):
        await gap_free(srv)
    for c in (ra, wz):
        await c.close()
