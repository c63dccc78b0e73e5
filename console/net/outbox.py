"""The persistent outbox: every command is stored before it is sent, until its outcome is known.

A command goes through three states in one SQLite table:

``pending``  stored, not yet answered; (re)sent on every connect until an answer arrives;
``done``     the server acknowledged it (``seq`` and ``result`` kept);
``refused``  the server answered with an error (``code`` and ``message`` kept).

The server treats the command id as an idempotency key, so sending a pending command again
after a reconnect (or after a console restart) returns the original outcome and never applies
it twice. A refused command never blocks the ones behind it: every pending command is sent.

The file survives restarts; open the same path again and :meth:`Outbox.pending` returns what
was never answered. The fsyncs happen on a writer thread of the outbox's own, never on the
caller's (the console's GUI thread). Plain Python and :mod:`sqlite3`, no Qt, no asyncio.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from protocol.messages import Ack, Command, Error

log = logging.getLogger(__name__)
T = TypeVar("T")
PENDING = "pending"
DONE = "done"
REFUSED = "refused"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    n          INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    op         TEXT NOT NULL,
    args       TEXT NOT NULL,
    expected   INTEGER,
    state      TEXT NOT NULL DEFAULT 'pending',
    created_at TEXT NOT NULL,
    sent_count INTEGER NOT NULL DEFAULT 0,
    answered_at TEXT,
    seq        INTEGER,
    result     TEXT,
    code       TEXT,
    message    TEXT
);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox(state, n);
"""


@dataclass(frozen=True)
class Entry:
    """One command as the outbox remembers it."""

    id: str
    op: str
    args: dict[str, Any]
    expected_version: int | None
    state: str
    created_at: datetime
    sent_count: int = 0
    seq: int | None = None
    result: Any = None
    code: str | None = None
    message: str | None = None

    def command(self) -> Command:
        return Command(
            id=self.id, op=self.op, args=self.args, expected_version=self.expected_version
        )


class Outbox:
    """A durable queue of commands keyed by their idempotency id.

    ``path`` is a file (created with its directory) or ``":memory:"`` for a throwaway outbox
    (written inline: it has no disk to wait for).

    Writes to a file (each an fsync) never run on the caller's thread: one writer thread owns the
    SQLite connection and applies them in the order they were made, while the caller works
    on an in-memory copy of the table that every read is answered from. A write returns at
    once with its result; :meth:`add` calls ``on_stored`` once the command is on disk, which
    is when a link may send it. :meth:`flush` waits for the writes made so far; :meth:`close`
    flushes, so a closed outbox holds everything that was added to it.
    """

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        # A throwaway in-memory outbox (the simulator's desks, tests) has no fsync to move
        # off the caller's thread: it writes inline and keeps no thread.
        self._writer = (None if self.path == ":memory:" else
                        ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-writer"))
        self._db: sqlite3.Connection | None = None  # used on the writer thread only
        rows = self._on_writer(self._open).result()
        self._entries: dict[str, Entry] = {row.id: row for row in rows}  # oldest first
        self._pending = sum(1 for e in self._entries.values() if e.state == PENDING)

    def close(self) -> None:
        self.flush()
        self._on_writer(self._close).result()
        if self._writer is not None:
            self._writer.shutdown()

    def flush(self) -> None:
        """Wait until every write made so far is committed to disk."""
        self._on_writer(lambda: None).result()

    # -- writing -------------------------------------------------------------------------------
    def add(
        self,
        op: str,
        args: dict[str, Any],
        expected_version: int | None = None,
        id: str | None = None,
        now: datetime | None = None,
        on_stored: Callable[[Entry], None] | None = None,
    ) -> Entry:
        """Keep a new command and return it; ``on_stored(entry)`` is called on the writer
        thread once it is committed to disk (a failed write is logged and never calls it)."""
        cid = id or str(uuid.uuid4())
        created = now or datetime.now(UTC)
        entry = Entry(cid, op, args, expected_version, PENDING, created)
        self._entries[cid] = entry
        self._pending += 1
        self._write(
            "INSERT INTO outbox (id, op, args, expected, created_at) VALUES (?, ?, ?, ?, ?)",
            (cid, op, json.dumps(args, ensure_ascii=False), expected_version, created.isoformat()),
            then=(lambda: on_stored(entry)) if on_stored is not None else None,
        )
        return entry

    def mark_sent(self, id: str) -> None:
        entry = self._entries.get(id)
        if entry is not None:
            self._entries[id] = replace(entry, sent_count=entry.sent_count + 1)
        self._write("UPDATE outbox SET sent_count = sent_count + 1 WHERE id = ?", (id,))

    def resolve(self, answer: Ack | Error, now: datetime | None = None) -> Entry | None:
        """Record the server's answer to a pending command; returns the updated entry.

        Answers to ids the outbox does not hold (queries, other clients) and repeated answers
        to an already answered command return None and change nothing.
        """
        entry = self._entries.get(answer.id or "")
        if entry is None or entry.state != PENDING:
            return None
        at = (now or datetime.now(UTC)).isoformat()
        if isinstance(answer, Ack):
            result = json.dumps(answer.result, ensure_ascii=False, default=str)
            entry = replace(entry, state=DONE, seq=answer.seq, result=json.loads(result))
            self._write(
                "UPDATE outbox SET state = ?, answered_at = ?, seq = ?, result = ? "
                "WHERE id = ? AND state = ?",
                (DONE, at, answer.seq, result, entry.id, PENDING),
            )
        else:
            entry = replace(entry, state=REFUSED, code=answer.code.value, message=answer.message)
            self._write(
                "UPDATE outbox SET state = ?, answered_at = ?, code = ?, message = ? "
                "WHERE id = ? AND state = ?",
                (REFUSED, at, answer.code.value, answer.message, entry.id, PENDING),
            )
        self._entries[entry.id] = entry
        self._pending -= 1
        return entry

    def forget_answered(self, keep: int = 500) -> None:
        """Drop answered commands beyond the newest ``keep`` (pending ones are never dropped)."""
        answered = [e.id for e in self._entries.values() if e.state != PENDING]
        for cid in answered[: max(0, len(answered) - keep)]:
            del self._entries[cid]
        self._write(
            "DELETE FROM outbox WHERE state != ? AND n NOT IN "
            "(SELECT n FROM outbox WHERE state != ? ORDER BY n DESC LIMIT ?)",
            (PENDING, PENDING, keep),
        )

    # -- reading -------------------------------------------------------------------------------
    def get(self, id: str) -> Entry | None:
        return self._entries.get(id)

    def pending(self) -> list[Entry]:
        """Unanswered commands, oldest first: the order they are (re)sent in."""
        return [e for e in self._entries.values() if e.state == PENDING]

    def pending_count(self) -> int:
        return self._pending

    def recent(self, limit: int = 200) -> list[Entry]:
        """The newest commands in any state, newest first (for the console's command list)."""
        newest = reversed(self._entries.values())
        return [e for e, _ in zip(newest, range(limit), strict=False)]

    # -- the writer thread ---------------------------------------------------------------------
    def _write(self, sql: str, params: tuple[Any, ...], then: Callable[[], None] | None = None
               ) -> None:
        self._on_writer(self._execute, sql, params, then)

    def _on_writer(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self._writer is not None:
            return self._writer.submit(fn, *args)
        done: Future[T] = Future()
        done.set_result(fn(*args))
        return done

    def _execute(self, sql: str, params: tuple[Any, ...], then: Callable[[], None] | None
                 ) -> None:
        assert self._db is not None
        try:
            self._db.execute(sql, params)
        except sqlite3.Error:
            log.exception("outbox write failed: %s", sql.split(" ", 1)[0])
            return
        if then is not None:
            try:
                then()
            except Exception:
                log.exception("outbox listener failed")

    def _open(self) -> list[Entry]:
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM outbox ORDER BY n").fetchall()
        return [_entry(r) for r in rows]

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


_COLUMNS = "id, op, args, expected, state, created_at, sent_count, seq, result, code, message"


def _entry(row: tuple[Any, ...]) -> Entry:
    cid, op, args, expected, state, created, sent, seq, result, code, message = row
    return Entry(
        id=cid,
        op=op,
        args=json.loads(args),
        expected_version=expected,
        state=state,
        created_at=datetime.fromisoformat(created),
        sent_count=sent,
        seq=seq,
        result=json.loads(result) if result is not None else None,
        code=code,
        message=message,
    )
