"""Group commit: a batch of many commands is one transaction, all or nothing.

On SQLite the coordinator runs a batch's handlers assuming its users are enabled and its
command ids new, and the commit checks that under the log's lock (one trip to the writer's
thread); when the assumption fails nothing is written and the batch runs again the checked
way. These tests hold that to the same outcomes as the checked way, on both backends.

The storage fault is real: a trigger makes the audit INSERT (the last of a batch's writes,
after its entity, event and command rows) fail for one command id.
"""

from __future__ import annotations

import asyncio
import uuid

import sqlalchemy as sa

from protocol.entities import Incident
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error
from server.coordinator import Coordinator
from server.storage import UserStore, schema

from .test_coordinator import RA, YJ, core, create_args, event_seqs

MANY = 200  # under max_batch: queued together, they are one batch


async def _rows(coord: Coordinator, table: sa.Table) -> int:
    async with coord.store.connect() as conn:
        return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar()
                   or 0)


async def _poison_audit(coord: Coordinator, command_id: str, on: bool) -> None:
    """A trigger that fails the audit INSERT of ``command_id`` (or drops it)."""
    async with coord.store.begin() as conn:
        if coord.store.is_postgres:
            if on:
                await conn.exec_driver_sql(
                    "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'poisoned audit row'; END $$ LANGUAGE plpgsql")
                await conn.exec_driver_sql(
                    "CREATE TRIGGER poison BEFORE INSERT ON audit FOR EACH ROW "
                    f"WHEN (NEW.command_id = '{command_id}') EXECUTE FUNCTION poison()")
            else:
                await conn.exec_driver_sql("DROP TRIGGER poison ON audit")
                await conn.exec_driver_sql("DROP FUNCTION poison()")
        elif on:
            await conn.exec_driver_sql(
                "CREATE TRIGGER poison BEFORE INSERT ON audit "
                f"WHEN NEW.command_id = '{command_id}' "
                "BEGIN SELECT RAISE(ABORT, 'poisoned audit row'); END")
        else:
            await conn.exec_driver_sql("DROP TRIGGER poison")


async def test_a_batch_of_many_commands_commits_all_of_them_gap_free(db_url: str) -> None:
    async with core(db_url) as coord:
        start = coord.state.seq
        audit_before = await _rows(coord, schema.audit)
        outs = await asyncio.gather(*(coord.execute(YJ, "incident.create", create_args(f"n{i}"))
                                      for i in range(MANY)))
        assert all(isinstance(o, Ack) for o in outs), outs
        seqs = sorted(o.seq for o in outs if isinstance(o, Ack) and o.seq is not None)
        assert seqs == list(range(start + 1, start + MANY + 1))
        assert await event_seqs(coord.store) == list(range(1, start + MANY + 1))
        assert await _rows(coord, schema.commands) == MANY
        assert await _rows(coord, schema.audit) == audit_before + MANY
        assert coord.state.count(Incident) == MANY and coord.state.seq == start + MANY


async def test_a_failing_statement_mid_batch_rolls_the_whole_batch_back(db_url: str) -> None:
    async with core(db_url) as coord:
        fine = await coord.execute(YJ, "incident.create", create_args("before"))
        assert isinstance(fine, Ack)
        start, counts = coord.state.seq, [await _rows(coord, t) for t in
                                          (schema.events, schema.entities, schema.commands)]
        await _poison_audit(coord, "poison", on=True)
        ids = [uuid.uuid4().hex for _ in range(20)] + ["poison"]
        outs = await asyncio.gather(*(coord.execute(YJ, "incident.create", create_args(),
                                                    command_id=cid) for cid in ids))
        assert all(isinstance(o, Error) and o.code == ErrorCode.INTERNAL for o in outs), outs
        assert coord.state.seq == start and coord.state.count(Incident) == 1
        assert [await _rows(coord, t) for t in
                (schema.events, schema.entities, schema.commands)] == counts

        await _poison_audit(coord, "poison", on=False)
        again = await asyncio.gather(*(coord.execute(YJ, "incident.create", create_args(),
                                                     command_id=cid) for cid in ids))
        assert all(isinstance(o, Ack) for o in again), again  # nothing was recorded: they run
        assert sorted(o.seq for o in again if isinstance(o, Ack) and o.seq is not None) == list(
            range(start + 1, start + len(ids) + 1))
        assert await event_seqs(coord.store) == list(range(1, start + len(ids) + 1))


async def test_resends_and_a_disabled_user_in_a_batch_of_new_commands(db_url: str) -> None:
    """A batch mixing new commands with a resend and a disabled user's command: the resend
    gets its stored outcome, the disabled user is refused, the new ones commit gap-free."""
    async with core(db_url) as coord:
        users = UserStore(coord.store)
        for name, county in (("yj", "330324"), ("ra", "330381")):
            await users.add(name, role="county", jurisdiction=county, password_hash="-")
        first = await coord.execute(YJ, "incident.create", create_args(), command_id="known")
        assert isinstance(first, Ack)
        assert await users.disable("ra")
        start = coord.state.seq
        fresh = [uuid.uuid4().hex for _ in range(10)]
        outs = await asyncio.gather(
            *(coord.execute(YJ, "incident.create", create_args("new"), command_id=cid)
              for cid in fresh[:5]),
            coord.execute(YJ, "incident.create", create_args(), command_id="known"),
            coord.execute(RA, "incident.create", create_args("ra", "330381")),
            *(coord.execute(YJ, "incident.create", create_args("new"), command_id=cid)
              for cid in fresh[5:]),
        )
        resent, refused = outs[5], outs[6]
        new = outs[:5] + outs[7:]
        assert resent == first
        assert isinstance(refused, Error) and refused.code == ErrorCode.UNAUTHORIZED
        assert all(isinstance(o, Ack) for o in new), new
        assert sorted(o.seq for o in new if isinstance(o, Ack) and o.seq is not None) == list(
            range(start + 1, start + 11))
        assert await event_seqs(coord.store) == list(range(1, start + 11))
        assert coord.state.count(Incident) == 11
