"""The persistent outbox: every command is stored before it is sent, until its outcome is known.

A command goes through three states in one SQLite table:

``pending``  stored, not yet answered; (re)sent on every connect until an answer arrives;
``done``     the server acknowledged it (``seq`` and ``result`` kept);
``refused``  the server answered with an error (``code`` and ``message`` kept).

The server treats the command id as an idempotency key, so sending a pending command again
after a reconnect (or after a console restart) returns the original outcome and never applies
it twice. A refused command never blocks the ones behind it: every pending command is sent.

The file survives restarts; open the same path again and :meth:`Outbox.pending` returns what
was never answered. Plain Python and :mod:`sqlite3`, no Qt, no asyncio.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from protocol.messages import Ack, Command, Error

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
        return Command(id=self.id, op=self.op, args=self.args, expected_version=self.expected_version)


class Outbox:
    """A durable queue of commands keyed by their idempotency id.

    ``path`` is a file (created with its directory) or ``":memory:"`` for a throwaway outbox.
    """

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    # -- writing -------------------------------------------------------------------------------
    def add(
        self,
        op: str,
        args: dict[str, Any],
        expected_version: int | None = None,
        id: str | None = None,
        now: datetime | None = None,
    ) -> Entry:
        """Store a new command (committed to disk before this returns) and return it."""
        cid = id or str(uuid.uuid4())
        created = now or datetime.now(UTC)
        self._db.execute(
            "INSERT INTO outbox (id, op, args, expected, created_at) VALUES (?, ?, ?, ?, ?)",
            (cid, op, json.dumps(args, ensure_ascii=False), expected_version, created.isoformat()),
        )
        return Entry(cid, op, args, expected_version, PENDING, created)

    def mark_sent(self, id: str) -> None:
        self._db.execute("UPDATE outbox SET sent_count = sent_count + 1 WHERE id = ?", (id,))

    def resolve(self, answer: Ack | Error, now: datetime | None = None) -> Entry | None:
        """Record the server's answer to a pending command; returns the updated entry.

        Answers to ids the outbox does not hold (queries, other clients) and repeated answers
        to an already answered command return None and change nothing.
        """
        if answer.id is None:
            return None
        at = (now or datetime.now(UTC)).isoformat()
        if isinstance(answer, Ack):
            cur = self._db.execute(
                "UPDATE outbox SET state = ?, answered_at = ?, seq = ?, result = ? "
                "WHERE id = ? AND state = ?",
                (DONE, at, answer.seq, json.dumps(answer.result, ensure_ascii=False, default=str),
                 answer.id, PENDING),
            )
        else:
            cur = self._db.execute(
                "UPDATE outbox SET state = ?, answered_at = ?, code = ?, message = ? "
                "WHERE id = ? AND state = ?",
                (REFUSED, at, answer.code.value, answer.message, answer.id, PENDING),
            )
        if cur.rowcount == 0:
            return None
        return self.get(answer.id)

    def forget_answered(self, keep: int = 500) -> None:
        """Drop answered commands beyond the newest ``keep`` (pending ones are never dropped)."""
        self._db.execute(
            "DELETE FROM outbox WHERE state != ? AND n NOT IN "
            "(SELECT n FROM outbox WHERE state != ? ORDER BY n DESC LIMIT ?)",
            (PENDING, PENDING, keep),
        )

    # -- reading -------------------------------------------------------------------------------
    def get(self, id: str) -> Entry | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (id,)).fetchone()
        return _entry(row) if row else None

    def pending(self) -> list[Entry]:
        """Unanswered commands, oldest first: the order they are (re)sent in."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE state = ? ORDER BY n", (PENDING,)
        ).fetchall()
        return [_entry(r) for r in rows]

    def pending_count(self) -> int:
        row = self._db.execute("SELECT count(*) FROM outbox WHERE state = ?", (PENDING,)).fetchone()
        return int(row[0])

    def recent(self, limit: int = 200) -> list[Entry]:
        """The newest commands in any state, newest first (for the console's command list)."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM outbox ORDER BY n DESC LIMIT ?", (limit,)
        ).fetchall()
        return [_entry(r) for r in rows]


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
