"""Both platforms on PostgreSQL (127.0.0.1:5432; skipped with a message when it does not
answer): the link's writes (forwarded commands, origins, cursors) in the group-commit
statement and the link store, through a cut and a heal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from protocol.entities import Incident
from protocol.messages import Ack
from tests.conftest import running_server
from tests.fixtures.link_proxy import LinkProxy
from tests.link.conftest import CHILD, LINK_SETTINGS, Linked, add_child, child_platform, gap_free
from tests.link.test_link_basics import RUIAN_INCIDENT
from tests.server.conftest import _drop, _pg_database

pytestmark = pytest.mark.postgres


@pytest.fixture
async def two_databases() -> AsyncIterator[tuple[str, str]]:
    names = [await _pg_database(), await _pg_database()]
    try:
        yield tuple(f"postgresql+asyncpg://postgres@127.0.0.1:5432/{n}" for n in names)  # type: ignore[misc]
    finally:
        for n in names:
            assert n is not None
            await _drop(n)


async def test_linked_platforms_on_postgresql(two_databases: tuple[str, str],
                                              tmp_path: Path) -> None:
    parent_db, child_db = two_databases
    async with running_server(parent_db, **LINK_SETTINGS) as parent:
        cred = await add_child(parent.srv, CHILD, tmp_path)
        async with LinkProxy(parent.srv.port) as proxy, child_platform(
                child_db, CHILD, proxy.url, cred) as child:
            lk = Linked(parent, child, proxy, cred)
            await lk.link_up()
            ra = await lk.child_login("ra")
            iid = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["id"]
            prov = await parent.login("prov")
            await prov.wait_replica(lambda r: r.get_typed(Incident, iid) is not None)
            proxy.cut()
            cid = await prov.send_command("incident.grade", {"id": iid, "grade": "IV"})
            await prov.read_until(lambda m: cid in prov.queued)
            more = (await ra.ok("incident.create", {**RUIAN_INCIDENT, "title": "二"})
                    ).result["id"]
            proxy.heal()
            assert isinstance(await prov.outcome(cid, within=20), Ack)
            await lk.converged()
            assert parent.srv.coordinator.state.get(Incident, more) is not None
            for c in lk.clients:
                await c.close()
            await gap_free(child)
            await gap_free(parent.srv)
