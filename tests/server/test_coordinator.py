"""The coordinator without sockets: idempotency, conflict, gap-free seq, restart, two instances."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import sqlalchemy as sa

import server.domain.scope
from protocol.entities import Incident, Jurisdiction
from protocol.enums import Level, Role
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error
from server.config import Settings
from server.coordinator import Coordinator
from server.domain import HANDLERS
from server.domain.api import Actor
from server.fanout import ScopeRules
from server.hub import Hub
from server.state import State
from server.storage import Store, schema

PROV = Actor("prov", Role.PROVINCE, "330000")
YJ = Actor("yj", Role.COUNTY, "330324")
RA = Actor("ra", Role.COUNTY, "330381")


def few_jurisdictions() -> list[Jurisdiction]:
    return [
        Jurisdiction(id="330000", name="浙江省", level=Level.PROVINCE),
        Jurisdiction(id="330300", name="温州市", level=Level.CITY, parent="330000"),
        Jurisdiction(id="330324", name="永嘉县", level=Level.COUNTY, parent="330300"),
        Jurisdiction(id="330381", name="瑞安市", level=Level.COUNTY, parent="330300"),
    ]


@asynccontextmanager
async def core(url: str) -> AsyncIterator[Coordinator]:
    store = await Store.open(url)
    try:
        state = State()
        hub = Hub(state, ScopeRules.of(server.domain.scope), replace(Settings()))
        coord = Coordinator(store, state, hub, HANDLERS, server_id=await store.server_id())
        await coord.load(few_jurisdictions)
        yield coord
    finally:
        await store.close()


def create_args(title: str = "堤防管涌", county: str = "330324") -> dict[str, object]:
    return {"type_code": "11A01", "title": title, "lon": 120.69, "lat": 28.15,
            "jurisdiction": county}


async def event_seqs(store: Store) -> list[int]:
    async with store.connect() as conn:
        return list((await conn.execute(sa.select(schema.events.c.seq).order_by("seq"))).scalars())


async def test_same_command_id_same_outcome_applied_once_even_after_restart(db_url: str) -> None:
    async with core(db_url) as coord:
        first = await coord.execute(YJ, "incident.create", create_args(), command_id="c-1")
        assert isinstance(first, Ack) and first.seq == 5  # 4 jurisdictions were seq 1..4
        again = await coord.execute(YJ, "incident.create", create_args(), command_id="c-1")
        assert again == first
        assert coord.state.count(Incident) == 1
    async with core(db_url) as coord:  # a restarted server still knows the id
        assert coord.state.count(Incident) == 1 and coord.state.seq == 5
        resent = await coord.execute(YJ, "incident.create", create_args(), command_id="c-1")
        assert resent == first
        assert coord.state.count(Incident) == 1
        assert await event_seqs(coord.store) == [1, 2, 3, 4, 5]


async def test_refusals_change_nothing_and_are_recorded(db_url: str) -> None:
    async with core(db_url) as coord:
        ack = await coord.execute(YJ, "incident.create", create_args())
        assert isinstance(ack, Ack)
        iid = ack.result["id"]
        stale = await coord.execute(YJ, "incident.update", {"id": iid, "title": "x"},
                                    command_id="stale", expected_version=7)
        assert isinstance(stale, Error) and stale.code == ErrorCode.CONFLICT
        assert isinstance(stale.entity, Incident) and stale.entity.version == 1
        forbidden = await coord.execute(RA, "incident.update", {"id": iid, "title": "x"})
        assert isinstance(forbidden, Error) and forbidden.code == ErrorCode.FORBIDDEN
        bad = await coord.execute(YJ, "incident.update", {"id": iid, "title": 3})
        assert isinstance(bad, Error) and bad.code == ErrorCode.BAD_REQUEST
        unknown = await coord.execute(YJ, "incident.explode", {})
        assert isinstance(unknown, Error) and unknown.code == ErrorCode.BAD_REQUEST
        missing = await coord.execute(YJ, "incident.update", {"id": "nope", "title": "x"})
        assert isinstance(missing, Error) and missing.code == ErrorCode.NOT_FOUND
        inc = coord.state.get(Incident, iid)
        assert inc is not None and inc.version == 1 and inc.title == "堤防管涌"
        # The refusal is the command's outcome for good: a resend gets the same conflict even
        # with a now-correct version.
        resend = await coord.execute(YJ, "incident.update", {"id": iid, "title": "x"},
                                     command_id="stale", expected_version=1)
        assert resend == stale
        assert coord.audit_backlog == 2  # refused before a batch: bad args, unknown op
        await coord.flush_audit()
        outcomes = [r.outcome for r in await coord.store.audit_rows()]
        assert {"ok", "conflict", "forbidden", "bad_request", "not_found"} <= set(outcomes)


async def test_concurrent_commands_get_gap_free_seq_in_commit_order(db_url: str) -> None:
    async with core(db_url) as coord:
        outs = await asyncio.gather(
            *(coord.execute(YJ, "incident.create", create_args(f"#{i}")) for i in range(40))
        )
        seqs = sorted(o.seq for o in outs if isinstance(o, Ack) and o.seq is not None)
        assert seqs == list(range(5, 45))
        assert await event_seqs(coord.store) == list(range(1, 45))
        assert coord.state.seq == 44


async def test_two_instances_on_one_postgres_interleave_and_converge(pg_url: str) -> None:
    async with core(pg_url) as a, core(pg_url) as b:
        assert a.server_id == b.server_id
        assert a.state.seq == b.state.seq == 4  # b found the jurisdictions a logged in

        async def burst(coord: Coordinator, who: str) -> list[Ack | Error]:
            return [
                await coord.execute(YJ, "incident.create", create_args(f"{who}{i}"),
                                    command_id=f"{who}-{i}-{uuid.uuid4().hex}")
                for i in range(15)
            ]

        outs = await asyncio.gather(burst(a, "a"), burst(b, "b"))
        assert all(isinstance(o, Ack) for batch in outs for o in batch)
        assert await event_seqs(a.store) == list(range(1, 35))
        await a.sync_from_log()
        await b.sync_from_log()
        assert a.state.seq == b.state.seq == 34
        pic_a = {e.id: e.version for e in a.state.all(Incident)}
        pic_b = {e.id: e.version for e in b.state.all(Incident)}
        assert pic_a == pic_b and len(pic_a) == 30
        # A change made on b to an incident a created: a validates against it (catch-up).
        some = next(iter(a.state.all(Incident)))
        upd = await b.execute(YJ, "incident.update", {"id": some.id, "title": "b was here"},
                              expected_version=some.version)
        assert isinstance(upd, Ack)
        stale = await a.execute(YJ, "incident.update", {"id": some.id, "title": "a too"},
                                expected_version=some.version)
        assert isinstance(stale, Error) and stale.code == ErrorCode.CONFLICT


async def test_group_commit_dedups_within_a_batch_and_undoes_a_failed_commit(db_url: str) -> None:
    async with core(db_url) as coord:
        same = await asyncio.gather(
            *(
                coord.execute(YJ, "incident.create", create_args(), command_id="twice")
                for _ in range(3)
            )
        )
        assert same[0] == same[1] == same[2] and coord.state.count(Incident) == 1
        before = (coord.state.seq, {i.id: i.version for i in coord.state.all(Incident)})
        iid = next(iter(coord.state.all(Incident))).id
        real_append = coord.store.append

        async def failing_append(*args: object, **kw: object) -> None:
            raise OSError("disk full")

        coord.store.append = failing_append  # type: ignore[method-assign]
        try:
            outs = await asyncio.gather(
                coord.execute(YJ, "incident.create", create_args("lost")),
                coord.execute(YJ, "incident.update", {"id": iid, "title": "lost too"}),
            )
        finally:
            coord.store.append = real_append  # type: ignore[method-assign]
        assert all(isinstance(o, Error) and o.code == ErrorCode.INTERNAL for o in outs)
        assert (coord.state.seq, {i.id: i.version for i in coord.state.all(Incident)}) == before
        retry = await coord.execute(YJ, "incident.update", {"id": iid, "title": "kept"})
        assert isinstance(retry, Ack) and retry.seq == before[0] + 1


async def test_instances_starting_together_log_the_jurisdictions_once(pg_url: str) -> None:
    store = await Store.open(pg_url)
    await store.close()  # schema in place; both instances now start at once
    async with contextlib.AsyncExitStack() as stack:
        a, b = await asyncio.gather(stack.enter_async_context(core(pg_url)),
                                    stack.enter_async_context(core(pg_url)))
        await a.sync_from_log()
        await b.sync_from_log()
        assert await event_seqs(a.store) == [1, 2, 3, 4]
        assert a.state.seq == b.state.seq == 4
        assert {j.version for j in b.state.all(Jurisdiction)} == {1}
