"""Faults around one command must not spread to others, nor lose what other instances wrote.

- A command id longer than the storage keeps (200 characters), or holding a character it
  cannot keep (NUL), is refused as bad input. It used to pass the handler and then break the
  group-commit transaction on PostgreSQL, so every other console's command in the same batch
  failed with ``internal`` (SQLite stored it silently).
- Audit rows are written in batches; one row PostgreSQL cannot store (a NUL in an unknown op's
  name, a 300-character user name in a refused login) used to fail the whole flush, and every
  other row of that batch was lost.
- On PostgreSQL an instance catches up with other instances' events inside its own transaction.
  Those events are committed whatever becomes of that transaction; when it failed, they used to
  be applied to the state but never published nor indexed for resume: sessions on that instance
  never got them, and a later resume skipped them.

The storage failure is injected the way tests/server/test_coordinator.py does it: the real
store's ``append`` raises once.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest

import server.domain.scope
from protocol.entities import Jurisdiction
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
from server.storage import Store

PROV = Actor("prov", Role.PROVINCE, "330000")
REPORT = {"type_code": "11A01", "title": "堤防管涌", "lon": 120.69, "lat": 28.15}


@asynccontextmanager
async def instance(url: str) -> AsyncIterator[Coordinator]:
    """One server's core (state, hub, coordinator) on a shared database, no sockets."""
    store = await Store.open(url)
    try:
        state = State()
        hub = Hub(state, ScopeRules.of(server.domain.scope), replace(Settings()))
        coord = Coordinator(store, state, hub, HANDLERS, server_id=await store.server_id())
        await coord.load(lambda: [Jurisdiction(id="330000", name="浙江省",
                                               level=Level.PROVINCE)])
        yield coord
    finally:
        await store.close()


@pytest.mark.parametrize("bad_id", ["x" * 201, "a\x00b"])
async def test_an_unstorable_command_id_is_refused_and_spares_its_batch(db_url: str, bad_id: str
                                                                        ) -> None:
    async with instance(db_url) as coord:
        bad, fine = await asyncio.gather(  # queued together: one group-commit batch
            coord.execute(PROV, "incident.create", REPORT, command_id=bad_id),
            coord.execute(PROV, "incident.create", REPORT, command_id=str(uuid.uuid4())),
        )
        assert isinstance(bad, Error) and bad.code == ErrorCode.BAD_REQUEST, bad
        assert isinstance(fine, Ack), fine
        at_limit = await coord.execute(PROV, "incident.create", REPORT, command_id="y" * 200)
        assert isinstance(at_limit, Ack), at_limit


async def test_one_unstorable_audit_row_costs_no_other_row(db_url: str) -> None:
    async with instance(db_url) as coord:
        ok = await coord.execute(PROV, "incident.create", REPORT)
        assert isinstance(ok, Ack)
        await coord.execute(PROV, "no\x00such.op", {})
        coord.audit("u" * 300, "127.0.0.1:1", "hello", ErrorCode.UNAUTHORIZED.value, "refused")
        await coord.flush_audit()
        rows = await coord.store.audit_rows()
        assert [r.what for r in rows if r.actor == "prov" and r.outcome == "ok"] == [
            "incident.create"]
        assert len(rows) == 3 and coord.audit_backlog == 0


async def test_events_caught_up_in_a_failed_transaction_are_still_published(pg_url: str
                                                                            ) -> None:
    async with instance(pg_url) as a, instance(pg_url) as b:
        before = b.state.seq
        elsewhere = await a.execute(PROV, "incident.create", REPORT)
        assert isinstance(elsewhere, Ack)
        incident_id = elsewhere.result["id"]

        real_append = b.store.append

        async def disk_full(*args: object, **kw: object) -> None:
            del b.store.append  # once
            raise OSError("disk full")

        b.store.append = disk_full  # type: ignore[method-assign]
        failed = await b.execute(PROV, "incident.create", REPORT)
        assert isinstance(failed, Error) and failed.code == ErrorCode.INTERNAL
        assert b.store.append == real_append

        # B caught up with A's incident inside the failed transaction: it is B's state now,
        # so it must also be published and be part of what a resume from `before` replays.
        assert b.state.get_kind("incident", incident_id) is not None
        assert ("incident", incident_id) in {(c.kind, c.entity_id) for c in
                                             b.changes_since(before)}
        assert await b.sync_from_log() == 0  # nothing left behind for the peer watch either
