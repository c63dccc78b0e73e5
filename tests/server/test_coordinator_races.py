"""The coordinator's races (issue 7), driven without sockets, faults injected at the store
boundary as tests/server/test_coordinator.py does:

- ``load`` reads entities and the last seq from one snapshot: another instance committing
  between the two reads used to make this one claim events it never loaded (on PostgreSQL
  ``test_instances_starting_together...`` failed about 2 in 11 runs);
- a query never sees a change whose commit then fails (changes are applied to the state ahead
  of the commit; queries ran without the lock);
- once ``UserStore.disable`` (what ``watchfloor user disable`` runs) has returned, no command
  of that user is applied (the server used to notice by polling, every 2 s).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa

import server.domain.scope
from protocol.entities import Incident
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error
from server.config import Settings
from server.coordinator import Coordinator
from server.domain import HANDLERS
from server.fanout import ScopeRules
from server.hub import Hub
from server.state import State
from server.storage import Store, UserStore, schema
from tests.server.test_coordinator import YJ, core, create_args, few_jurisdictions


async def test_load_takes_entities_and_seq_from_one_snapshot(db_url: str) -> None:
    """Another instance commits between this one's reads of the entities and of the last seq:
    the entity it wrote is not lost (it used to be claimed by seq but never loaded)."""
    async with core(db_url) as other:
        store = await Store.open(db_url)
        try:
            real_load = store.load_entities
            written: list[str] = []

            async def load_then_other_commits(*args: Any, **kw: Any) -> Any:
                entities = await real_load(*args, **kw)
                out = await other.execute(YJ, "incident.create", create_args("in between"))
                assert isinstance(out, Ack)
                written.append(out.result["id"])
                return entities

            store.load_entities = load_then_other_commits  # type: ignore[method-assign]
            state = State()
            hub = Hub(state, ScopeRules.of(server.domain.scope), Settings())
            coord = Coordinator(store, state, hub, HANDLERS, server_id=await store.server_id())
            await coord.load(few_jurisdictions)
            await coord.sync_from_log()
            assert written and state.get(Incident, written[0]) is not None
            assert state.seq == other.state.seq
        finally:
            await store.close()


async def test_a_query_never_sees_a_change_whose_commit_fails(db_url: str) -> None:
    async with core(db_url) as coord:
        real_append = coord.store.append
        query: asyncio.Task[Any] | None = None
        answered_before_the_commit_failed = False

        async def query_then_fail(conn: Any, events: Any, *args: Any, **kw: Any) -> None:
            nonlocal query, answered_before_the_commit_failed
            iid = events[0].entity.id  # the new incident, applied to the state, not committed
            query = asyncio.create_task(
                coord.execute(YJ, "team.recommend", {"incident_id": iid}))
            done, _ = await asyncio.wait([query], timeout=0.5)
            answered_before_the_commit_failed = bool(done)
            raise OSError("disk full")

        coord.store.append = query_then_fail  # type: ignore[method-assign]
        try:
            out = await coord.execute(YJ, "incident.create", create_args())
        finally:
            coord.store.append = real_append  # type: ignore[method-assign]
        assert isinstance(out, Error) and out.code == ErrorCode.INTERNAL
        assert query is not None
        answer = await query
        assert isinstance(answer, Error) and answer.code == ErrorCode.NOT_FOUND, answer
        assert answered_before_the_commit_failed  # a query does not wait for a commit
        assert coord.state.count(Incident) == 0


ROUNDS = 1000


@pytest.mark.timeout(300)  # 1,000 rounds of several commits each: 30-45 s on a busy machine
async def test_once_disable_returned_no_command_of_that_user_is_applied(db_url: str) -> None:
    """1,000 rounds: a command of yj in flight while ``watchfloor user disable yj`` runs (its
    storage layer, on its own connection pool as the CLI process has). A command that commits
    must have committed before the disable did (its seq is in the log the CLI sees once it
    returned); one sent after the disable returned is refused."""
    async with core(db_url) as coord:
        await UserStore(coord.store).add("yj", role="county", jurisdiction="330324",
                                         password_hash="-")
        ack = await coord.execute(YJ, "incident.create", create_args())
        assert isinstance(ack, Ack)
        iid = ack.result["id"]
        cli_store = await Store.open(db_url)
        cli = UserStore(cli_store)
        applied = refused = 0
        try:
            for i in range(ROUNDS):
                in_flight = asyncio.create_task(
                    coord.execute(YJ, "incident.update", {"id": iid, "title": f"r{i}"}))
                assert await cli.disable("yj")
                logged = await cli_store.max_seq()
                if i % 10 == 0:  # one sent after the disable returned (a commit: not each round)
                    late = await coord.execute(YJ, "incident.update", {"id": iid, "title": "late"})
                    assert isinstance(late, Error) and late.code == ErrorCode.UNAUTHORIZED, late
                out = await in_flight
                if isinstance(out, Ack):
                    applied += 1
                    assert out.seq is not None and out.seq <= logged, (i, out.seq, logged)
                else:
                    assert out.code == ErrorCode.UNAUTHORIZED, (i, out)
                    refused += 1
                async with cli_store.begin() as conn:  # enable again for the next round
                    await conn.execute(sa.update(schema.users).values(disabled=False))
        finally:
            await cli_store.close()
        assert applied + refused == ROUNDS
        print(f"\n{ROUNDS} rounds: in-flight command applied before the disable {applied}, "
              f"refused after it {refused}")
