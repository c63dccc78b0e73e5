"""The coordinator's races (issue 7), driven without sockets, faults injected at the store
boundary as tests/server/test_coordinator.py does:

- ``load`` reads entities and the last seq from one snapshot: another instance committing
  between the two reads used to make this one claim events it never loaded (on PostgreSQL
  ``test_instances_starting_together...`` failed about 2 in 11 runs);
- a query never sees a change whose commit then fails (changes are applied to the state ahead
  of the commit; queries ran without the lock).
"""

from __future__ import annotations

import asyncio
from typing import Any

import server.scope
from protocol.entities import Incident
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error
from server.config import Settings
from server.coordinator import Coordinator
from server.domain import HANDLERS
from server.hub import Hub, ScopeRules
from server.state import State
from server.storage import Store
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
            coord = Coordinator(store, state, Hub(state, ScopeRules.of(server.scope), Settings()),
                                HANDLERS, server_id=await store.server_id())
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
        assert not answered_before_the_commit_failed
        assert coord.state.count(Incident) == 0
