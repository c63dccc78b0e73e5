"""Storage on SQLite and PostgreSQL: the event log, command records, users (migrations:
test_migrations.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from protocol.entities import Incident
from server.storage import (
    CommandRecord,
    LoggedEvent,
    Store,
    UserStore,
    schema,
)
from server.storage.store import AuditRow

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def incident(id: str, version: int, title: str = "t") -> Incident:
    return Incident(id=id, version=version, number=f"ZJ-20261128-{id}", type_code="11A01",
                    title=title, lon=120.7, lat=28.1, jurisdiction="330324")


def event(seq: int, ent: Incident, cid: str | None = "c") -> LoggedEvent:
    return LoggedEvent(seq, T0 + timedelta(seconds=seq), "prov", "incident.update", cid, ent)


async def test_event_log_append_replay_coalesce_and_prune(db_url: str) -> None:
    store = await Store.open(db_url)
    try:
        async with store.begin() as conn:
            await store.lock_log(conn)
            await store.append(
                conn, [event(1, incident("a", 1)), event(2, incident("b", 1))],
                [CommandRecord("c1", "prov", "incident.create", '{"type":"ack","id":"c1"}', 2)],
            )
        async with store.begin() as conn:
            await store.append(conn, [event(3, incident("a", 2, "renamed"))])
        assert await store.max_seq() == 3
        ents = {e.id: e for e in await store.load_entities()}
        assert ents["a"].version == 2 and isinstance(ents["a"], Incident)
        assert ents["a"].title == "renamed"
        assert [e.seq for e in await store.events_after(1)] == [2, 3]
        # Coalesced: one row per entity, its last change.
        changed = await store.last_changes()
        assert sorted((c.seq, c.entity_id) for c in changed) == [(2, "b"), (3, "a")]
        async with store.connect() as conn:
            assert await store.command_outcome(conn, "c1") == '{"type":"ack","id":"c1"}'
            assert await store.command_outcome(conn, "nope") is None

        assert await store.prune_events(keep=1) == 2
        assert await store.pruned_through() == 2
        assert await store.max_seq() == 3
        assert [e.seq for e in await store.events_after(0)] == [3]
        assert await store.prune_events(keep=1) == 0
        assert await store.prune_events(keep=0) == 1
        assert await store.max_seq() == 3  # seq keeps counting after everything is pruned
    finally:
        await store.close()


async def test_last_changes_give_each_entity_once_with_its_latest_change(db_url: str) -> None:
    """Many entities changed in interleaved commits: one row each, the newest (what a
    restarted server replays from)."""
    store = await Store.open(db_url)
    try:
        versions: dict[str, int] = {}
        latest: dict[str, tuple[int, str | None]] = {}
        seq = 0
        for commit in range(12):
            batch = []
            for n in range(commit, commit + 40, 3):  # overlapping windows of ids
                iid = f"e-{n:03d}"
                versions[iid] = versions.get(iid, 0) + 1
                seq += 1
                cid = None if n % 5 == 0 else f"c-{seq}"
                batch.append(event(seq, incident(iid, versions[iid]), cid))
                latest[iid] = (seq, cid)
            async with store.begin() as conn:
                await store.append(conn, batch)
        changed = await store.last_changes()
        assert len(changed) == len(latest) == len({c.entity_id for c in changed})
        assert {c.entity_id: (c.seq, c.command_id) for c in changed} == latest
        assert all(c.kind == "incident" and c.op == "incident.update" for c in changed)
        assert all(c.ts == (T0 + timedelta(seconds=c.seq)).timestamp() for c in changed)
    finally:
        await store.close()


async def test_users_sessions_and_audit(db_url: str) -> None:
    store = await Store.open(db_url)
    users = UserStore(store)
    try:
        await users.add("liaison", role="liaison", jurisdiction="330000", password_hash="h",
                        units=("t1", "t2"))
        got = await users.get("liaison")
        assert got is not None and got.units == ("t1", "t2") and not got.disabled
        await users.add_session("live", "liaison", ttl=60)
        await users.add_session("old", "liaison", ttl=-1)
        assert (await users.session_user("live")) is not None
        assert (await users.session_user("old")) is None
        assert await users.purge_expired_sessions() == 1
        assert await users.disable("liaison")
        assert (await users.session_user("live")) is None  # tokens revoked
        assert await users.disabled_names() == {"liaison"}
        assert not await users.disable("ghost")
        await store.insert_audit([AuditRow(1.0, "liaison", "127.0.0.1:1", "hello", "ok")])
        assert [r.what for r in await store.audit_rows()] == ["hello"]
    finally:
        await store.close()


async def test_sqlite_runs_wal_with_full_sync(tmp_path) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with store.connect() as conn:
            assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
            assert (await conn.exec_driver_sql("PRAGMA synchronous")).scalar() == 2  # FULL
            tables = await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
        assert tables == {*schema.METADATA.tables, "alembic_version"}
    finally:
        await store.close()
