"""The database behind the coordinator: one code path for SQLite (aiosqlite) and PostgreSQL
(asyncpg). Everything SQL lives in this package.

Writes that must be atomic (entity rows + event rows + command records + their audit rows) take
the caller's connection inside ``async with store.begin() as conn``, opened with
:meth:`Store.lock_log`, which takes the log's write lock first (PostgreSQL: an advisory lock;
SQLite: ``BEGIN IMMEDIATE``, waiting at most the busy timeout). The coordinator's group-commit
batches use ``async with store.batch() as tx``: :meth:`Store.open_batch` (the lock and the
reads under it), then :meth:`Store.append` as the last statement. On SQLite that transaction
runs on a writer connection of its own in two thread calls, not one per statement
(server/storage/writer.py says why).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, partial
from typing import Any, NamedTuple

import msgspec
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from protocol.entities import Base, Entity, Position, kind_of

from . import pg_batch, schema
from .migrations import migrate
from .urls import database_url
from .writer import Writer, WriterTx, commit, open_batch, rollback, write_batch

_encoder = msgspec.json.Encoder()
_entity_decoder = msgspec.json.Decoder(Entity)
_entities_decoder = msgspec.json.Decoder(list[Entity])

ADVISORY_LOCK_KEY = 0x57415443  # "WATC": serialises event-log appends across instances
NOTIFY_CHANNEL = "watchfloor_events"


def to_ts(dt: datetime) -> float:
    return dt.timestamp()


def from_ts(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def entity_row(ev: LoggedEvent) -> tuple[str, str, int, str | None, str]:
    """(kind, id, version, jurisdiction, data) of the entity row an event leaves."""
    ent = ev.entity
    return kind_of(ent), ent.id, ent.version, getattr(ent, "jurisdiction", None), ev.data.decode()


def decode_entity(data: str | bytes) -> Base:
    entity: Base = _entity_decoder.decode(data)
    return entity


@dataclass(frozen=True)
class LoggedEvent:
    """One row of the event log: a change to one entity, with its full new state."""

    seq: int
    ts: datetime
    actor: str
    op: str
    command_id: str | None
    entity: Base

    @cached_property
    def data(self) -> bytes:
        """The entity as JSON, encoded once: both table rows and every frame that carries the
        entity as it is reuse these bytes."""
        return _encoder.encode(self.entity)


class ChangeRef(NamedTuple):
    """An event row without its data: which entity changed, when, by whom."""

    seq: int
    ts: float
    actor: str
    op: str
    command_id: str | None
    kind: str
    entity_id: str


@dataclass(frozen=True)
class CommandRecord:
    """A command's outcome: a resend with the same id gets it back. An acknowledged command's
    record is kept forever; a refusal's for ``Settings.keep_refusals`` (see prune_refusals)."""

    id: str
    actor: str
    op: str
    outcome: str  # the Ack or Error frame, JSON
    seq: int | None = None
    fingerprint: str | None = None  # of op + canonical args (command_fingerprint)
    refused: bool = False
    forward_to: str | None = None  # queued for this platform (linked platforms)
    reply_to: str | None = None  # forwarded by this platform: its outcome goes back there


class StoredCommand(NamedTuple):
    """What a resend is checked against: the outcome, and who sent what under that id."""

    outcome: str
    actor: str
    op: str
    fingerprint: str | None  # None: recorded before schema 3, matches any resend


def command_fingerprint(op: str, canonical_args: bytes) -> str:
    """The identity of a command's content: the op and its args as decoded and re-encoded
    (defaults filled in, fields in declaration order), so equal commands hash equal."""
    return hashlib.sha256(op.encode() + b"\0" + canonical_args).hexdigest()


def is_busy(exc: BaseException) -> bool:
    """True when ``exc`` is (or wraps) SQLite's "database is locked": another process held
    the write lock for longer than the busy timeout."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.OperationalError) and "locked" in str(seen):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


@dataclass(frozen=True)
class TrackPoint:
    team_id: str
    ts: float
    lon: float
    lat: float
    speed: float | None = None
    heading: float | None = None


@dataclass(frozen=True)
class AuditRow:
    ts: float
    actor: str
    remote: str
    what: str
    outcome: str
    detail: str = ""
    command_id: str | None = None


DEFAULT_BUSY_TIMEOUT = 10.0  # seconds SQLite waits for another process's write lock


def _sqlite_pragmas(busy_timeout: float, dbapi_conn: Any, _record: Any = None) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
    cur.close()


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.is_postgres = engine.dialect.name == "postgresql"
        self._insert: Any = postgresql.insert if self.is_postgres else sqlite.insert
        upsert = self._insert(schema.entities)  # built once: every commit uses them
        self._upsert_entity = upsert.on_conflict_do_update(
            index_elements=["kind", "id"],
            set_={"version": upsert.excluded.version, "jurisdiction": upsert.excluded.jurisdiction,
                  "data": upsert.excluded.data},
        )
        self._insert_event = sa.insert(schema.events)
        self._insert_command = sa.insert(schema.commands)
        self._insert_audit = sa.insert(schema.audit)
        self._writer: Writer | None = None  # SQLite: the group-commit connection

    @classmethod
    async def open(
        cls, url: str, *, migrate_to: int | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> Store:
        """Connect, and apply missing migrations (all, or up to ``migrate_to``). ``url`` may be
        the plain ``sqlite:///`` or ``postgresql://`` form (see :func:`database_url`).
        ``busy_timeout``: SQLite, how long a write waits for another process's lock before
        it fails with "database is locked" (:func:`is_busy`)."""
        engine = create_async_engine(database_url(url), pool_pre_ping=False)
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine.sync_engine, "connect", partial(_sqlite_pragmas, busy_timeout))
        store = cls(engine)
        if engine.dialect.name == "sqlite":
            assert engine.url.database  # database_url refuses a URL without a file
            store._writer = Writer(engine.url.database, partial(_sqlite_pragmas, busy_timeout),
                                   busy_timeout)
        try:
            async with engine.begin() as conn:
                if store.is_postgres:
                    await conn.execute(
                        sa.select(sa.func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))
                if migrate_to is None:
                    await conn.run_sync(migrate)
                else:
                    await conn.run_sync(migrate, migrate_to)
        except BaseException:
            await store.close()  # a refused database leaves no connection (or its thread)
            raise
        return store

    async def close(self) -> None:
        if self._writer is not None:
            await self._writer.close()
        await self.engine.dispose()

    def begin(self) -> Any:
        """A transaction: ``async with store.begin() as conn``."""
        return self.engine.begin()

    def connect(self) -> Any:
        return self.engine.connect()

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[AsyncConnection | WriterTx]:
        """The coordinator's group-commit transaction: ``async with store.batch() as tx``,
        then :meth:`open_batch` first and :meth:`append` last. Leaving by an exception rolls
        it back. PostgreSQL: a pool connection's transaction. SQLite: the writer connection's
        (server/storage/writer.py), where :meth:`append` commits."""
        if self._writer is None:
            async with self.begin() as conn:
                yield conn
            return
        tx = WriterTx(self._writer)
        try:
            yield tx
        except BaseException:
            if not tx.ended:
                await self._writer.call(rollback)
            raise
        if not tx.ended:
            await self._writer.call(commit)

    @property
    def checks_at_commit(self) -> bool:
        """Whether :meth:`expect_new` may stand in for :meth:`open_batch` (SQLite: the
        checks then run in the commit's own thread call, saving one; PostgreSQL first catches
        up with other instances under the lock, so it always opens the batch)."""
        return self._writer is not None

    def expect_new(self, tx: AsyncConnection | WriterTx, users: set[str], ids: list[str]
                   ) -> None:
        """Instead of :meth:`open_batch` (only where :attr:`checks_at_commit`): the caller
        assumes none of ``users`` is disabled and none of ``ids`` has a stored record;
        :meth:`append` checks that under the log's lock before it writes, and otherwise
        writes nothing and raises :class:`NotNew`."""
        assert isinstance(tx, WriterTx)
        tx.expect_new = (users, ids)

    async def open_batch(
        self, tx: AsyncConnection | WriterTx, after_seq: int, users: Iterable[str],
        ids: Sequence[str],
    ) -> tuple[list[LoggedEvent], set[str], dict[str, StoredCommand]]:
        """Take the log's write lock (:meth:`lock_log`), then read as of it: the events other
        instances committed after ``after_seq`` (PostgreSQL; SQLite has one writer
        process), those of ``users`` who are disabled, and the stored records of ``ids``."""
        if isinstance(tx, WriterTx):
            try:
                disabled, stored = await tx.writer.call(open_batch(users, ids))
            except BaseException:
                tx.ended = True  # rolled back
                raise
            return [], disabled, stored
        await self.lock_log(tx)
        if not self.is_postgres:
            return [], await self.disabled_among(tx, users), await self.command_outcomes(tx, ids)
        caught_up = await self.events_after(after_seq, tx)
        rows = await tx.execute(pg_batch.READS, pg_batch.read_params(users, ids))
        return caught_up, *pg_batch.read_rows(rows)

    # -- meta ----------------------------------------------------------------------------------
    async def get_meta(self, key: str, conn: AsyncConnection | None = None) -> str | None:
        q = sa.select(schema.meta.c.value).where(schema.meta.c.key == key)
        if conn is not None:
            value: str | None = (await conn.execute(q)).scalar()
            return value
        async with self.connect() as c:
            value = (await c.execute(q)).scalar()
            return value

    async def set_meta(self, conn: AsyncConnection, key: str, value: str) -> None:
        stmt = self._insert(schema.meta).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        await conn.execute(stmt)

    async def server_id(self) -> str:
        """This database's identity (clients resume only against the same one)."""
        async with self.begin() as conn:
            sid = await self.get_meta("server_id", conn)
            if sid is None:
                sid = uuid.uuid4().hex
                stmt = self._insert(schema.meta).values(key="server_id", value=sid)
                await conn.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))
                sid = await self.get_meta("server_id", conn)
        assert sid is not None
        return sid

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[AsyncConnection]:
        """A read-only transaction on one snapshot: reads inside it see one committed state of
        the database (PostgreSQL: REPEATABLE READ; SQLite: one deferred read transaction),
        however other instances commit meanwhile."""
        async with self.connect() as conn:
            if self.is_postgres:
                await conn.execution_options(isolation_level="REPEATABLE READ")
                async with conn.begin():
                    await conn.execute(sa.text("SET TRANSACTION READ ONLY"))
                    yield conn
            else:
                await conn.exec_driver_sql("BEGIN")  # pysqlite would not begin for a SELECT
                try:
                    yield conn
                finally:
                    await conn.rollback()

    # -- entities and the event log --------------------------------------------------------------
    async def load_entities(self, conn: AsyncConnection | None = None) -> list[Base]:
        if conn is None:
            async with self.connect() as c:
                return await self.load_entities(c)
        rows: Sequence[str] = (
            await conn.execute(sa.select(schema.entities.c.data))).scalars().all()
        decode = _entity_decoder.decode  # fetched at once: no result iteration per row
        return [decode(r) for r in rows]

    async def max_seq(self, conn: AsyncConnection | None = None) -> int:
        """The last seq ever written (pruning keeps counting from there)."""
        if conn is None:
            async with self.connect() as c:
                return await self.max_seq(c)
        top = (await conn.execute(sa.select(sa.func.max(schema.events.c.seq)))).scalar()
        pruned = int(await self.get_meta("pruned_through", conn) or 0)
        return max(int(top or 0), pruned)

    async def append(
        self,
        conn: AsyncConnection | WriterTx,
        events: Sequence[LoggedEvent],
        commands: Sequence[CommandRecord] = (),
        audit: Sequence[AuditRow] = (),
    ) -> None:
        """Write entity rows, event rows, command records and audit rows in the caller's
        transaction. On a :meth:`batch` of the SQLite writer this is its last statement: it
        commits (one thread call for all of it)."""
        if isinstance(conn, WriterTx):
            try:
                await conn.writer.call(write_batch(events, commands, audit, time.time(),
                                                   conn.expect_new))
            finally:
                conn.ended = True  # committed, or rolled back
            return
        if self.is_postgres:  # one statement (server/storage/pg_batch.py)
            await conn.execute(*pg_batch.write(events, commands, audit, time.time(),
                                               NOTIFY_CHANNEL))
            return
        if events:
            await self.write_events(conn, events)
        if commands:
            now = time.time()
            await conn.execute(
                self._insert_command,
                [
                    {"id": c.id, "actor": c.actor, "op": c.op, "outcome": c.outcome,
                     "seq": c.seq, "ts": now, "fingerprint": c.fingerprint, "refused": c.refused,
                     "forward_to": c.forward_to, "reply_to": c.reply_to}
                    for c in commands
                ],
            )
        if audit:
            await conn.execute(self._insert_audit, [r.__dict__ for r in audit])

    async def write_events(self, conn: AsyncConnection, events: Sequence[LoggedEvent]) -> None:
        """The entity rows (an entity's last change in ``events`` wins) and the event rows of
        ``events``, in the caller's transaction (SQLAlchemy: no writer, one statement each)."""
        ent_rows = {}
        event_rows = []
        for ev in events:
            kind, ent_id, version, jurisdiction, data = entity_row(ev)
            ent_rows[(kind, ent_id)] = {"kind": kind, "id": ent_id, "version": version,
                                        "jurisdiction": jurisdiction, "data": data}
            event_rows.append({"seq": ev.seq, "ts": to_ts(ev.ts), "actor": ev.actor,
                               "op": ev.op, "command_id": ev.command_id, "kind": kind,
                               "entity_id": ent_id, "data": data})
        await conn.execute(self._upsert_entity, list(ent_rows.values()))
        await conn.execute(self._insert_event, event_rows)

    async def lock_log(self, conn: AsyncConnection) -> None:
        """Take the log's write lock until this transaction ends; the first statement of the
        transaction. PostgreSQL: serialises appends (and user disables) across instances.
        SQLite: ``BEGIN IMMEDIATE``, so everything read after it (command records, disabled
        users) stays true until the commit; raises "database is locked" (:func:`is_busy`) when
        another process holds the file for longer than the busy timeout."""
        if self.is_postgres:
            await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))
        else:
            await conn.exec_driver_sql("BEGIN IMMEDIATE")

    async def command_outcome(self, conn: AsyncConnection, command_id: str) -> str | None:
        found = (await self.command_outcomes(conn, [command_id])).get(command_id)
        return found.outcome if found is not None else None

    async def command_outcomes(
        self, conn: AsyncConnection, ids: Sequence[str]
    ) -> dict[str, StoredCommand]:
        """Stored records of those of ``ids`` that were executed before."""
        t = schema.commands
        q = sa.select(t.c.id, t.c.outcome, t.c.actor, t.c.op, t.c.fingerprint)
        rows = await conn.execute(q.where(t.c.id.in_(set(ids))))
        return {r[0]: StoredCommand(r[1], r[2], r[3], r[4]) for r in rows}

    async def disabled_among(self, conn: AsyncConnection, names: Iterable[str]) -> set[str]:
        """Those of ``names`` that are disabled users, as of the caller's transaction."""
        u = schema.users
        q = sa.select(u.c.name).where(u.c.name.in_(set(names)), u.c.disabled.is_(True))
        return {r[0] for r in await conn.execute(q)}

    async def prune_refusals(self, before: float) -> int:
        """Delete the records of commands refused before ``before`` (unix seconds); the
        records of acknowledged commands stay. Returns how many were deleted."""
        t = schema.commands
        async with self.begin() as conn:
            res = await conn.execute(
                sa.delete(t).where(t.c.refused.is_(True), t.c.ts < before)
            )
            return int(res.rowcount or 0)

    async def events_after(
        self, seq: int, conn: AsyncConnection | None = None, limit: int | None = None
    ) -> list[LoggedEvent]:
        """Full event rows with seq > ``seq``, in order (catching up with other instances)."""
        t = schema.events
        q = sa.select(t.c.seq, t.c.ts, t.c.actor, t.c.op, t.c.command_id, t.c.data).where(
            t.c.seq > seq
        ).order_by(t.c.seq)
        if limit is not None:
            q = q.limit(limit)
        if conn is None:
            async with self.connect() as c:
                rows = (await c.execute(q)).all()
        else:
            rows = (await conn.execute(q)).all()
        return [
            LoggedEvent(r[0], from_ts(r[1]), r[2], r[3], r[4], decode_entity(r[5])) for r in rows
        ]

    async def entity_events(
        self, kind: str, entity_id: str, before_seq: int | None, limit: int
    ) -> list[tuple[int, Base]]:
        """(seq, entity) of the logged events of one entity below ``before_seq`` (None: all),
        newest first, at most ``limit`` (the history query walks them back)."""
        t = schema.events
        q = sa.select(t.c.seq, t.c.data).where(t.c.kind == kind, t.c.entity_id == entity_id)
        if before_seq is not None:
            q = q.where(t.c.seq < before_seq)
        q = q.order_by(t.c.seq.desc()).limit(limit)
        async with self.connect() as conn:
            return [(r[0], decode_entity(r[1])) for r in await conn.execute(q)]

    async def events_between(
        self, after_seq: int, through_seq: int, limit: int, conn: AsyncConnection | None = None
    ) -> list[LoggedEvent]:
        """Full event rows with ``after_seq`` < seq <= ``through_seq``, in seq order, at most
        ``limit`` (a rebuild reads the log in such pages: memory holds one page at a time)."""
        t = schema.events
        q = (sa.select(t.c.seq, t.c.ts, t.c.actor, t.c.op, t.c.command_id, t.c.data)
             .where(t.c.seq > after_seq, t.c.seq <= through_seq).order_by(t.c.seq).limit(limit))
        if conn is None:
            async with self.connect() as c:
                rows = (await c.execute(q)).all()
        else:
            rows = (await conn.execute(q)).all()
        return [
            LoggedEvent(r[0], from_ts(r[1]), r[2], r[3], r[4], decode_entity(r[5])) for r in rows
        ]

    async def seq_at(self, at: datetime, conn: AsyncConnection | None = None, *,
                     strictly_before: bool = False) -> int:
        """The last seq of an event logged at or before ``at`` (``strictly_before``: before
        it); 0: none."""
        t = schema.events
        ts = to_ts(at)
        q = sa.select(sa.func.max(t.c.seq)).where(t.c.ts < ts if strictly_before else t.c.ts <= ts)
        if conn is None:
            async with self.connect() as c:
                return int((await c.execute(q)).scalar() or 0)
        return int((await conn.execute(q)).scalar() or 0)

    async def ts_of(self, seq: int, conn: AsyncConnection | None = None) -> datetime | None:
        """When event ``seq`` was logged (None: not in the log)."""
        q = sa.select(schema.events.c.ts).where(schema.events.c.seq == seq)
        if conn is None:
            async with self.connect() as c:
                ts = (await c.execute(q)).scalar()
        else:
            ts = (await conn.execute(q)).scalar()
        return None if ts is None else from_ts(ts)

    # -- picture checkpoints (history.picture) ---------------------------------------------------
    async def checkpoint_below(self, seq: int, conn: AsyncConnection | None = None
                               ) -> int | None:
        """The seq of the newest complete checkpoint at or below ``seq`` (None: none)."""
        t = schema.checkpoints
        q = (sa.select(t.c.seq).where(t.c.seq <= seq, t.c.part == t.c.parts - 1)
             .order_by(t.c.seq.desc()).limit(1))
        if conn is None:
            async with self.connect() as c:
                found = (await c.execute(q)).scalar()
        else:
            found = (await conn.execute(q)).scalar()
        return None if found is None else int(found)

    async def last_checkpoint(self) -> int:
        """The seq of the newest checkpoint (0: none)."""
        async with self.connect() as c:
            q = sa.select(sa.func.max(schema.checkpoints.c.seq))
            return int((await c.execute(q)).scalar() or 0)

    async def checkpoint_parts(self, seq: int, conn: AsyncConnection | None = None
                               ) -> AsyncIterator[Sequence[Base]]:
        """The entities of checkpoint ``seq``, one stored part at a time."""
        t = schema.checkpoints
        part = 0
        while True:
            q = sa.select(t.c.data, t.c.parts).where(t.c.seq == seq, t.c.part == part)
            if conn is None:
                async with self.connect() as c:
                    row = (await c.execute(q)).first()
            else:
                row = (await conn.execute(q)).first()
            if row is None:
                return
            yield _entities_decoder.decode(row[0])
            part += 1
            if part >= row[1]:
                return

    async def write_checkpoint(self, seq: int, ts: datetime, parts: Sequence[bytes]) -> bool:
        """Store a checkpoint: ``parts`` are JSON arrays of entities. False when one at that
        seq exists already (another instance wrote it)."""
        t = schema.checkpoints
        rows = [{"seq": seq, "part": i, "ts": to_ts(ts), "parts": len(parts), "data": p.decode()}
                for i, p in enumerate(parts)]
        async with self.begin() as conn:
            there = (await conn.execute(sa.select(t.c.seq).where(t.c.seq == seq).limit(1))
                     ).first()
            if there is not None:
                return False
            await conn.execute(sa.insert(t), rows)
        return True

    async def last_changes(self, conn: AsyncConnection | None = None) -> list[ChangeRef]:
        """The last logged event of every entity still in the log (no data): what a coalesced
        replay needs. Read once at startup; the coordinator keeps it current."""
        t = schema.events
        last = (
            sa.select(sa.func.max(t.c.seq).label("last"))
            .group_by(t.c.kind, t.c.entity_id)
            .subquery()
        )
        q = sa.select(t.c.seq, t.c.ts, t.c.actor, t.c.op, t.c.command_id, t.c.kind,
                      t.c.entity_id).join(last, t.c.seq == last.c.last)
        if conn is None:
            async with self.connect() as c:
                return await self.last_changes(c)
        return list(map(ChangeRef._make, (await conn.execute(q)).all()))

    async def pruned_through(self) -> int:
        """Events with seq <= this are gone from the log (0: nothing pruned)."""
        return int(await self.get_meta("pruned_through") or 0)

    async def prune_events(self, keep: int) -> int:
        """Delete all but the newest ``keep`` events; return how many were deleted."""
        async with self.begin() as conn:
            top = await self.max_seq(conn)
            cut = top - keep
            if cut <= int(await self.get_meta("pruned_through", conn) or 0):
                return 0
            res = await conn.execute(sa.delete(schema.events).where(schema.events.c.seq <= cut))
            await self.set_meta(conn, "pruned_through", str(cut))
            # Checkpoints older than the newest one at or below the cut can no longer start a
            # rebuild that the log continues; that one can (pictures after the cut).
            keep_from = await self.checkpoint_below(cut, conn)
            if keep_from is not None:
                await conn.execute(sa.delete(schema.checkpoints)
                                   .where(schema.checkpoints.c.seq < keep_from))
            return int(res.rowcount or 0)

    # -- telemetry and audit -----------------------------------------------------------------
    async def insert_track_points(self, points: Iterable[TrackPoint]) -> None:
        rows = [p.__dict__ for p in points]
        if rows:
            async with self.begin() as conn:
                await conn.execute(sa.insert(schema.track_points), rows)

    async def track(
        self, team_id: str, since: datetime, until: datetime | None, limit: int
    ) -> list[Position]:
        t = schema.track_points
        q = sa.select(t.c.ts, t.c.lon, t.c.lat, t.c.speed, t.c.heading).where(
            t.c.team_id == team_id, t.c.ts >= to_ts(since)
        )
        if until is not None:
            q = q.where(t.c.ts <= to_ts(until))
        q = q.order_by(t.c.ts).limit(limit)
        async with self.connect() as conn:
            return [
                Position(team_id=team_id, ts=from_ts(r[0]), lon=r[1], lat=r[2], speed_kmh=r[3],
                         heading=r[4])
                for r in await conn.execute(q)
            ]

    async def insert_audit(self, rows: Iterable[AuditRow]) -> None:
        data = [r.__dict__ for r in rows]
        if data:
            async with self.begin() as conn:
                await conn.execute(self._insert_audit, data)

    async def audit_rows(self, limit: int = 1000) -> list[AuditRow]:
        t = schema.audit
        q = sa.select(t.c.ts, t.c.actor, t.c.remote, t.c.what, t.c.outcome, t.c.detail,
                      t.c.command_id)
        async with self.connect() as conn:
            rows = await conn.execute(q.order_by(t.c.id.desc()).limit(limit))
            return [AuditRow(*r) for r in rows]
