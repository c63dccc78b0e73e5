"""SQLite: the coordinator's write connection, in a thread of its own.

Through SQLAlchemy and aiosqlite every DBAPI call of a transaction is a trip to aiosqlite's
thread and back (a queue put, a thread wake-up, a call_soon_threadsafe and a loop wake-up): a
group-commit batch of ``BEGIN IMMEDIATE``, two SELECTs, four INSERTs and a ``COMMIT`` took
about 25 of them, and on a loaded 2-core machine those wake-ups, not SQL, were most of a
command's cost. Here a batch is one call (at most two) into one thread that owns a plain
``sqlite3`` connection:

- :func:`write_batch` with ``expect_new``, the usual case: ``BEGIN IMMEDIATE``, then, under
  that lock, the check that none of the batch's users is disabled and none of its command ids
  has a stored record (what the coordinator assumed when it ran the handlers), then every
  INSERT with ``executemany`` and ``COMMIT``. If the check fails it rolls back, writes
  nothing and raises :class:`NotNew`; the coordinator undoes the batch and runs it again the
  checked way:
- :func:`open_batch` (``BEGIN IMMEDIATE`` and those reads, for the handlers to see), then
  :func:`write_batch` without ``expect_new``.

Any failure rolls the whole transaction back. The connection has the same PRAGMAs as the
pool's (WAL, ``synchronous=FULL``, foreign keys, busy timeout): an ack still means an fsynced
commit, and the reads that decide outcomes are still made under the lock of the transaction
that writes them.

Other writers of the process (users, audit flushes, track points, pruning) keep their pool
connections; SQLite's file lock orders them against this one as it orders other processes.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from . import schema

if TYPE_CHECKING:
    from .store import AuditRow, CommandRecord, LoggedEvent, StoredCommand

_T = TypeVar("_T")


def _columns(table: Any) -> tuple[str, str]:
    names = [c.name for c in table.c if c.name != "id" or table is not schema.audit]
    return ", ".join(names), ", ".join("?" * len(names))


_EVENT_COLS, _EVENT_QS = _columns(schema.events)
_COMMAND_COLS, _COMMAND_QS = _columns(schema.commands)
_AUDIT_COLS, _AUDIT_QS = _columns(schema.audit)
UPSERT_ENTITY = (
    "INSERT INTO entities (kind, id, version, jurisdiction, data) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, "
    "jurisdiction = excluded.jurisdiction, data = excluded.data"
)
INSERT_EVENT = f"INSERT INTO events ({_EVENT_COLS}) VALUES ({_EVENT_QS})"
INSERT_COMMAND = f"INSERT INTO commands ({_COMMAND_COLS}) VALUES ({_COMMAND_QS})"
INSERT_AUDIT = f"INSERT INTO audit ({_AUDIT_COLS}) VALUES ({_AUDIT_QS})"


class Writer:
    """One ``sqlite3`` connection used only from one thread; :meth:`call` runs a function on
    it there. Calls run one at a time in the order made (a rollback queued after a cancelled
    call runs after it)."""

    def __init__(self, path: str, setup: Callable[[sqlite3.Connection], None],
                 busy_timeout: float) -> None:
        self._path = path
        self._setup = setup
        self._busy_timeout = busy_timeout
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="watchfloor-sqlite-writer")
        self._db: sqlite3.Connection | None = None

    async def call(self, fn: Callable[[sqlite3.Connection], _T]) -> _T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._run, fn)

    def _run(self, fn: Callable[[sqlite3.Connection], _T]) -> _T:
        if self._db is None:  # opened in the thread that uses it, after the migrations
            db = sqlite3.connect(self._path, timeout=self._busy_timeout, isolation_level=None)
            self._setup(db)
            self._db = db
        return fn(self._db)

    async def close(self) -> None:
        def close() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        await asyncio.get_running_loop().run_in_executor(self._thread, close)
        self._thread.shutdown(wait=True)


class WriterTx:
    """A transaction on the :class:`Writer`: opened by :func:`open_batch` or by
    :func:`write_batch`, ended by :func:`write_batch` (which commits, or rolls back when it
    fails) or by :func:`rollback`. ``expect_new``: (users, command ids) that
    :func:`write_batch` checks first."""

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.ended = False  # committed or rolled back
        self.expect_new: tuple[set[str], list[str]] | None = None


class NotNew(Exception):  # noqa: N818 (not an error: the cue for the checked way)
    """A batch written on the assumption that its users are enabled and its command ids new
    found otherwise under the lock: nothing was written."""

    def __init__(self, disabled: set[str], stored: dict[str, StoredCommand]) -> None:
        super().__init__(f"{len(disabled)} disabled users, {len(stored)} known command ids")
        self.disabled = disabled
        self.stored = stored


def rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("ROLLBACK")


def commit(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("COMMIT")


def _reads(db: sqlite3.Connection, users: Iterable[str], ids: Iterable[str]
           ) -> tuple[set[str], dict[str, StoredCommand]]:
    from .store import StoredCommand

    names, cids = sorted(set(users)), sorted(set(ids))
    disabled = {r[0] for r in db.execute(
        f"SELECT name FROM users WHERE disabled = 1 AND name IN ({_marks(names)})", names)}
    stored = {r[0]: StoredCommand(r[1], r[2], r[3], r[4]) for r in db.execute(
        f"SELECT id, outcome, actor, op, fingerprint FROM commands WHERE id IN ({_marks(cids)})",
        cids)}
    return disabled, stored


def open_batch(users: Iterable[str], ids: Iterable[str]
               ) -> Callable[[sqlite3.Connection], tuple[set[str], dict[str, StoredCommand]]]:
    """``BEGIN IMMEDIATE`` (the log's write lock), then as of that lock: those of ``users``
    who are disabled, and the stored records of those of ``ids`` executed before. Rolls back
    when it fails."""

    def run(db: sqlite3.Connection) -> tuple[set[str], dict[str, StoredCommand]]:
        try:
            db.execute("BEGIN IMMEDIATE")
            return _reads(db, users, ids)
        except BaseException:
            rollback(db)
            raise

    return run


def write_batch(events: Sequence[LoggedEvent], commands: Sequence[CommandRecord],
                audit: Sequence[AuditRow], now: float,
                expect_new: tuple[set[str], list[str]] | None = None,
                ) -> Callable[[sqlite3.Connection], None]:
    """Entity rows, event rows, command records and audit rows, then ``COMMIT``; on any
    failure the whole transaction is rolled back. Begins the transaction (``BEGIN
    IMMEDIATE``) unless :func:`open_batch` did; with ``expect_new`` (users, command ids) it
    first checks, under that lock, that no user is disabled and no id has a record, else
    rolls back and raises :class:`NotNew`."""
    from .store import entity_row, to_ts

    def run(db: sqlite3.Connection) -> None:
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
            if expect_new is not None:
                disabled, stored = _reads(db, *expect_new)
                if disabled or stored:
                    raise NotNew(disabled, stored)
            if events:
                ents = {}
                rows = []
                for ev in events:
                    kind, ent_id, version, jurisdiction, data = entity_row(ev)
                    ents[(kind, ent_id)] = (kind, ent_id, version, jurisdiction, data)
                    rows.append((ev.seq, to_ts(ev.ts), ev.actor, ev.op, ev.command_id, kind,
                                 ent_id, data))
                db.executemany(UPSERT_ENTITY, list(ents.values()))
                db.executemany(INSERT_EVENT, rows)
            if commands:
                db.executemany(INSERT_COMMAND, [
                    (c.id, c.actor, c.op, c.outcome, c.seq, now, c.fingerprint, int(c.refused),
                     c.forward_to, c.reply_to)
                    for c in commands])
            if audit:
                db.executemany(INSERT_AUDIT, [
                    (r.ts, r.actor, r.remote, r.what, r.outcome, r.detail, r.command_id)
                    for r in audit])
            db.execute("COMMIT")
        except BaseException:
            rollback(db)
            raise

    return run


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values)) or "NULL"
