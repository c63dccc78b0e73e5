"""Records that must never be dropped or confused (issue 7), without sockets; faults are
injected at the store boundary, as tests/server/test_coordinator.py does.

- Audit rows: an acknowledged command and a refusal keep their audit row through failing
  flushes (the buffer used to be emptied before the insert: 1,718 rows for 1,888 acks).
- A command id reused for another command is a ``conflict`` naming the id (it used to return
  the first command's outcome: a false "done"); a resend still gets the stored outcome.
- Refused commands' records are pruned after ``keep_refusals``; acked ones stay (every
  refusal used to keep a permanent row: the fuzz added 8,595).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
import sqlalchemy as sa

from protocol.entities import Incident
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error
from server.audit_trail import AuditTrail, audit_row
from server.storage import CommandRecord, Store, schema
from tests.conftest import running_server
from tests.server.test_coordinator import RA, YJ, core, create_args


async def test_acked_commands_and_refusals_keep_their_audit_rows_when_flushes_fail(
    db_url: str,
) -> None:
    async with core(db_url) as coord:
        real_insert = coord.store.insert_audit
        flushes = 0

        async def failing_insert(rows: Any) -> None:
            nonlocal flushes
            flushes += 1
            raise OSError("disk full")

        coord.store.insert_audit = failing_insert  # type: ignore[method-assign]
        try:
            first = await coord.execute(YJ, "incident.create", create_args())
            assert isinstance(first, Ack)
            iid = first.result["id"]
            outs = await asyncio.gather(
                *(coord.execute(YJ, "incident.create", create_args(f"#{i}")) for i in range(30)),
                *(coord.execute(RA, "incident.update", {"id": iid, "title": "x"})
                  for _ in range(5)),
                *(coord.execute(YJ, "incident.update", {"id": iid, "title": 3}) for _ in range(3)),
            )
            for _ in range(3):  # the periodic flush, failing each time
                with pytest.raises(OSError):
                    await coord.flush_audit()
        finally:
            coord.store.insert_audit = real_insert  # type: ignore[method-assign]
        assert flushes == 3
        await coord.flush_audit()  # the storage is back
        rows = await coord.store.audit_rows(limit=10_000)
    acks = [o for o in (first, *outs) if isinstance(o, Ack)]
    assert len(acks) == 31
    assert sum(1 for r in rows if r.outcome == "ok" and r.what == "incident.create") == 31
    assert sum(1 for r in rows if r.outcome == "forbidden") == 5
    assert sum(1 for r in rows if r.outcome == "bad_request") == 3
    audited = {r.command_id for r in rows}
    assert {a.id for a in acks} <= audited
    assert {o.id for o in outs if isinstance(o, Error) and o.code == ErrorCode.FORBIDDEN} <= audited


async def test_an_audit_backlog_is_bounded_and_counts_what_it_drops() -> None:
    trail = AuditTrail(limit=3)
    for i in range(5):
        trail.add(audit_row("u", "r", f"op{i}", "ok"))
    rows = trail.take()
    assert [r.what for r in rows] == ["op2", "op3", "op4"] and trail.dropped == 2
    trail.add(audit_row("u", "r", "later", "ok"))
    trail.put_back(rows)  # a failed write: back ahead of what came since, still bounded
    assert [r.what for r in trail.take()] == ["op3", "op4", "later"] and trail.dropped == 3


async def test_a_reused_command_id_is_a_conflict_and_a_resend_gets_the_outcome(
    db_url: str,
) -> None:
    async with core(db_url) as coord:
        first = await coord.execute(YJ, "incident.create", create_args(), command_id="c-1")
        assert isinstance(first, Ack)
        iid = first.result["id"]
        # The same command again, args in another order and a default spelt out: the outcome.
        same = dict(reversed(list(create_args().items())))
        assert await coord.execute(YJ, "incident.create", same, command_id="c-1") == first
        for actor, op, args in [
            (YJ, "incident.create", create_args("other title")),
            (YJ, "incident.update", {"id": iid, "title": "x"}),
            (RA, "incident.create", create_args()),
        ]:
            out = await coord.execute(actor, op, args, command_id="c-1")
            assert isinstance(out, Error) and out.code == ErrorCode.CONFLICT, out
            assert "'c-1'" in out.message and out.id == "c-1"
        # Within one group-commit batch: the first runs, the other is refused.
        a, b = await asyncio.gather(
            coord.execute(YJ, "incident.create", create_args("A"), command_id="c-2"),
            coord.execute(YJ, "incident.create", create_args("B"), command_id="c-2"),
        )
        assert isinstance(a, Ack)
        assert isinstance(b, Error) and b.code == ErrorCode.CONFLICT
        assert coord.state.count(Incident) == 2
        # A record from before fingerprints (schema < 4) answers any resend with its outcome.
        old = Error(id="old-1", code=ErrorCode.FORBIDDEN, message="before schema 3")
        async with coord.store.begin() as conn:
            await coord.store.append(conn, [], [CommandRecord(
                "old-1", "yj", "incident.create",
                '{"type":"error","id":"old-1","code":"forbidden","message":"before schema 3",'
                '"entity":null}', refused=True)])
        assert await coord.execute(YJ, "incident.update", {"id": iid, "title": "y"},
                                   command_id="old-1") == old
        assert coord.state.count(Incident) == 2


async def test_refusal_records_are_pruned_and_acked_ones_stay(db_url: str) -> None:
    async with core(db_url) as coord:
        ack = await coord.execute(YJ, "incident.create", create_args(), command_id="kept")
        assert isinstance(ack, Ack)
        refused = await coord.execute(RA, "incident.update", {"id": ack.result["id"], "t": 1},
                                      command_id="gone")
        assert isinstance(refused, Error)
        refused = await coord.execute(RA, "incident.update",
                                      {"id": ack.result["id"], "title": "x"}, command_id="gone")
        assert isinstance(refused, Error) and refused.code == ErrorCode.FORBIDDEN
        assert await coord.store.prune_refusals(time.time() - 3600) == 0  # not old enough
        assert await coord.store.prune_refusals(time.time() + 1) == 1
        async with coord.store.connect() as conn:
            ids = set((await conn.execute(sa.select(schema.commands.c.id))).scalars())
        assert "kept" in ids and "gone" not in ids
        assert await coord.execute(YJ, "incident.create", create_args(), command_id="kept") == ack


async def test_schema_3_keeps_old_command_records_answering(db_url: str) -> None:
    """A database from before schema 3: its records get no fingerprint (any resend gets the
    stored outcome) and the refused flag from their outcome (so they can be pruned)."""
    store = await Store.open(db_url, migrate_to=2)
    async with store.begin() as conn:
        for cid, outcome in [("a", '{"type":"ack","id":"a","seq":null,"result":null}'),
                             ("e", '{"type":"error","id":"e","code":"forbidden","message":"no",'
                                   '"entity":null}')]:
            await conn.execute(sa.text(
                "INSERT INTO commands (id, actor, op, outcome, seq, ts) "
                "VALUES (:id, 'yj', 'incident.create', :o, NULL, 0)"), {"id": cid, "o": outcome})
    await store.close()
    async with core(db_url) as coord:
        async with coord.store.connect() as conn:
            rows = dict((await conn.execute(
                sa.select(schema.commands.c.id, schema.commands.c.refused))).all())
        assert rows == {"a": False, "e": True}
        out = await coord.execute(YJ, "incident.update", {"id": "x", "title": "y"},
                                  command_id="a")
        assert isinstance(out, Ack) and out.id == "a"
        assert await coord.store.prune_refusals(time.time()) == 1


async def test_the_server_prunes_refusals_on_its_schedule(db_url: str) -> None:
    async with running_server(db_url, keep_refusals=0.0, prune_interval=0.2) as srv:
        prov = await srv.login("prov")
        ack = await prov.command("incident.create", {"type_code": "11A01", "title": "t",
                                                     "lon": 120.69, "lat": 28.15})
        assert isinstance(ack, Ack)
        yj = await srv.login("yj")
        refused = await yj.command("incident.update", {"id": ack.result["id"], "title": "x"},
                                   expected_version=9)
        assert isinstance(refused, Error) and refused.code == ErrorCode.CONFLICT

        async def recorded() -> set[str]:
            async with srv.srv.store.connect() as conn:
                return set((await conn.execute(sa.select(schema.commands.c.id))).scalars())

        async with asyncio.timeout(5):
            while True:
                ids = await recorded()
                if refused.id not in ids:
                    break
                await asyncio.sleep(0.05)  # the server's background schedule: nothing to await
        assert ack.id in ids
