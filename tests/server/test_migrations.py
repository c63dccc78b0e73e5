"""Schema migrations on SQLite and PostgreSQL: every database ever made, by the Alembic chain or
by the hand-written migrations before it, upgrades to the head with its data; the head is what
schema.py defines; a database newer than the server is refused."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from protocol.entities import Incident, TimelineEntry
from server.storage import LATEST, Store, TrackPoint, UserStore, revisions, schema
from server.storage.migrations import number, script_directory

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
HEAD = revisions()[LATEST]


def _first_release_tables() -> sa.MetaData:
    """The tables as the first release's migrations 1 and 2 created them (057d60e's schema.py),
    frozen here: the oldest database in the field."""
    md = sa.MetaData()
    sa.Table("meta", md, sa.Column("key", sa.String(64), primary_key=True),
             sa.Column("value", sa.Text, nullable=False))
    sa.Table("entities", md, sa.Column("kind", sa.String(32), primary_key=True),
             sa.Column("id", sa.String(128), primary_key=True),
             sa.Column("version", sa.Integer, nullable=False),
             sa.Column("jurisdiction", sa.String(16), nullable=True),
             sa.Column("data", sa.Text, nullable=False))
    sa.Table("events", md,
             sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
             sa.Column("ts", sa.Double, nullable=False),
             sa.Column("actor", sa.String(128), nullable=False),
             sa.Column("op", sa.String(64), nullable=False),
             sa.Column("command_id", sa.String(200), nullable=True),
             sa.Column("kind", sa.String(32), nullable=False),
             sa.Column("entity_id", sa.String(128), nullable=False),
             sa.Column("data", sa.Text, nullable=False))
    sa.Table("commands", md, sa.Column("id", sa.String(200), primary_key=True),
             sa.Column("actor", sa.String(128), nullable=False),
             sa.Column("op", sa.String(64), nullable=False),
             sa.Column("outcome", sa.Text, nullable=False),
             sa.Column("seq", sa.BigInteger, nullable=True),
             sa.Column("ts", sa.Double, nullable=False))
    sa.Table("users", md, sa.Column("name", sa.String(128), primary_key=True),
             sa.Column("role", sa.String(16), nullable=False),
             sa.Column("jurisdiction", sa.String(16), nullable=False),
             sa.Column("units", sa.Text, nullable=False),
             sa.Column("password_hash", sa.Text, nullable=False),
             sa.Column("display_name", sa.String(200), nullable=False),
             sa.Column("disabled", sa.Boolean, nullable=False),
             sa.Column("created", sa.Double, nullable=False))
    sa.Table("sessions", md, sa.Column("token_hash", sa.String(64), primary_key=True),
             sa.Column("user", sa.String(128), sa.ForeignKey("users.name"), nullable=False),
             sa.Column("created", sa.Double, nullable=False),
             sa.Column("expires", sa.Double, nullable=False))
    row_id = sa.BigInteger().with_variant(sa.Integer, "sqlite")
    sa.Table("track_points", md, sa.Column("id", row_id, primary_key=True),
             sa.Column("team_id", sa.String(128), nullable=False),
             sa.Column("ts", sa.Double, nullable=False),
             sa.Column("lon", sa.Double, nullable=False),
             sa.Column("lat", sa.Double, nullable=False),
             sa.Column("speed", sa.Double, nullable=True),
             sa.Column("heading", sa.Double, nullable=True),
             sa.Index("ix_track_points_team_ts", "team_id", "ts"))
    sa.Table("audit", md, sa.Column("id", row_id, primary_key=True),
             sa.Column("ts", sa.Double, nullable=False),
             sa.Column("actor", sa.String(128), nullable=False),
             sa.Column("remote", sa.String(64), nullable=False),
             sa.Column("what", sa.String(64), nullable=False),
             sa.Column("outcome", sa.String(32), nullable=False),
             sa.Column("detail", sa.Text, nullable=False),
             sa.Index("ix_audit_ts", "ts"))
    return md


GROWN = Incident(id="grown", version=250, number="ZJ-20261128-0001", type_code="11A01",
                 title="永嘉县山洪", lon=120.69, lat=28.15, jurisdiction="330324",
                 timeline=[TimelineEntry(ts=T0, actor="yj", text=f"update {i}")
                           for i in range(250)])  # unnumbered, over the 200 an entity keeps


async def _write_old_data(url: str) -> str:
    """Rows in the columns every schema has had (what any old server wrote); the server id."""
    engine = create_async_engine(url)
    data = msgspec.json.encode(GROWN).decode()
    try:
        async with engine.begin() as conn:
            for sql, params in [
                ("INSERT INTO meta (key, value) VALUES ('server_id', 'sid-old')", {}),
                ("INSERT INTO users (name, role, jurisdiction, units, password_hash, "
                 "display_name, disabled, created) VALUES ('yj', 'county', '330324', '[]', 'h', "
                 "'', FALSE, 0)", {}),
                ("INSERT INTO entities (kind, id, version, jurisdiction, data) "
                 "VALUES ('incident', 'grown', 250, '330324', :d)", {"d": data}),
                ("INSERT INTO events (seq, ts, actor, op, command_id, kind, entity_id, data) "
                 "VALUES (1, 0, 'yj', 'incident.update', 'a', 'incident', 'grown', :d)",
                 {"d": data}),
                ("INSERT INTO commands (id, actor, op, outcome, seq, ts) VALUES "
                 "('a', 'yj', 'incident.update', '{\"type\":\"ack\",\"id\":\"a\"}', 1, 0)", {}),
                ("INSERT INTO commands (id, actor, op, outcome, seq, ts) VALUES "
                 "('e', 'yj', 'incident.update', '{\"type\":\"error\",\"id\":\"e\"}', NULL, 0)",
                 {}),
            ]:
                await conn.execute(sa.text(sql), params)
    finally:
        await engine.dispose()
    return "sid-old"


async def _schema_drift(store: Store) -> list[Any]:
    def compare(conn: sa.Connection) -> list[Any]:
        return list(compare_metadata(MigrationContext.configure(conn), schema.METADATA))

    async with store.connect() as conn:
        return await conn.run_sync(compare)


async def _assert_at_head_with_the_old_data(store: Store, *, backfilled: bool,
                                            trimmed: bool) -> None:
    """``backfilled``: revision 3 added the refused flag, set from the stored outcomes (an old
    server with the column wrote it itself); ``trimmed``: revision 4 ran on the entity rows."""
    async with store.connect() as conn:
        version = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).all()
        assert version == [(HEAD,)]
        rows = dict((await conn.execute(
            sa.select(schema.commands.c.id, schema.commands.c.refused))).all())
    assert await store.get_meta("schema_version") == str(LATEST)
    assert await _schema_drift(store) == []
    assert await store.server_id() == "sid-old"
    assert (await UserStore(store).get("yj")) is not None
    assert rows == {"a": False, "e": backfilled}
    [kept] = await store.load_entities()
    assert isinstance(kept, Incident)
    if trimmed:
        assert [e.n for e in kept.timeline] == list(range(51, 251))  # numbered, the newest 200
    else:
        assert kept == GROWN
    assert [e.seq for e in await store.events_after(0)] == [1]
    await store.insert_track_points([TrackPoint("t1", T0.timestamp(), 120.0, 28.0)])
    assert len(await store.track("t1", T0, None, 10)) == 1


async def test_a_new_database_is_created_at_the_head(db_url: str) -> None:
    store = await Store.open(db_url)
    try:
        async with store.connect() as conn:
            version = (await conn.execute(sa.text("SELECT version_num FROM alembic_version")))
            assert version.all() == [(HEAD,)]
        assert await store.get_meta("schema_version") == str(LATEST)
        assert await _schema_drift(store) == []  # the chain builds what schema.py defines
    finally:
        await store.close()
    store = await Store.open(db_url)  # nothing left to apply
    await store.close()


@pytest.mark.parametrize("version", range(1, LATEST))
async def test_every_version_upgrades_to_the_head_keeping_its_data(
    db_url: str, version: int
) -> None:
    store = await Store.open(db_url, migrate_to=version)
    try:
        assert await store.get_meta("schema_version") == str(version)
        async with store.connect() as conn:
            has_audit = await conn.run_sync(lambda c: sa.inspect(c).has_table("audit"))
        assert has_audit == (version >= 2)
    finally:
        await store.close()
    await _write_old_data(db_url)
    store = await Store.open(db_url)
    try:
        await _assert_at_head_with_the_old_data(store, backfilled=version < 3,
                                                trimmed=version < 4)
    finally:
        await store.close()


async def _make_old_database(url: str, tables: sa.MetaData, version: int) -> None:
    """What the hand-written migrations left: the tables (migration 1 made all but the two of
    migration 2), ``meta.schema_version``, no ``alembic_version``."""
    made = [t for t in tables.sorted_tables
            if version >= 2 or t.name not in {"track_points", "audit"}]
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: tables.create_all(c, tables=made))
            await conn.execute(sa.insert(schema.meta).values(key="schema_version",
                                                             value=str(version)))
    finally:
        await engine.dispose()


async def test_a_first_release_database_is_stamped_and_upgraded(db_url: str) -> None:
    await _make_old_database(db_url, _first_release_tables(), 2)
    await _write_old_data(db_url)
    store = await Store.open(db_url)
    try:
        await _assert_at_head_with_the_old_data(store, backfilled=True, trimmed=True)
    finally:
        await store.close()


@pytest.mark.parametrize("version", range(1, LATEST + 1))
async def test_a_database_recorded_by_the_old_migrations_is_stamped_and_upgraded(
    db_url: str, version: int
) -> None:
    """The old migrations 1 and 2 created tables from the definitions of the day: a database
    recorded at N by the last of them has every later column and index already."""
    await _make_old_database(db_url, schema.METADATA, version)
    await _write_old_data(db_url)
    store = await Store.open(db_url)
    try:
        await _assert_at_head_with_the_old_data(store, backfilled=False,
                                                trimmed=version < 4)  # 0004 trims
    finally:
        await store.close()


async def test_a_database_newer_than_the_server_is_refused(db_url: str) -> None:
    store = await Store.open(db_url)
    async with store.begin() as conn:
        await conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099_future'"))
    await store.close()
    with pytest.raises(RuntimeError, match="0099_future is newer than this server"):
        await Store.open(db_url)


async def test_an_old_database_numbered_above_the_server_is_refused(db_url: str) -> None:
    await _make_old_database(db_url, schema.METADATA, LATEST + 1)
    with pytest.raises(RuntimeError, match=f"schema {LATEST + 1} is newer than this server"):
        await Store.open(db_url)


async def test_two_servers_starting_together_migrate_once(pg_url: str) -> None:
    """The advisory lock: the second waits for the first's upgrade, then finds nothing to do."""
    stores = await asyncio.gather(Store.open(pg_url), Store.open(pg_url))
    try:
        async with stores[0].connect() as conn:
            version = (await conn.execute(sa.text("SELECT version_num FROM alembic_version")))
            assert version.all() == [(HEAD,)]
    finally:
        for store in stores:
            await store.close()


def test_the_revisions_are_one_chain_numbered_from_1() -> None:
    known = revisions()
    assert list(known) == list(range(1, LATEST + 1))
    for n, revision in known.items():
        assert number(revision) == n and revision[:4] == f"{n:04d}"
    steps = list(script_directory().walk_revisions())  # head first
    assert [s.revision for s in steps] == list(reversed(known.values()))
    assert [s.down_revision for s in steps] == [*reversed(list(known.values())[:-1]), None]
