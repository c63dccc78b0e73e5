"""Baseline event servers for bench/server_fanout.py, each in its own process.

    python bench/baselines.py bare
    python bench/baselines.py sqlite PATH
    python bench/baselines.py postgres DSN

Each prints ``listening on ws://127.0.0.1:PORT`` and serves until SIGTERM. A connection's first
message is ``sub`` (a console) or ``pub`` (a driver); drivers get the broadcasts too, as the
project's drivers are sessions that get the events. A driver's message is an event
``{"type": "event", "id": ..., ...}``, broadcast as it came (encoded once, one frame per event,
``websockets.broadcast``) and acked to its driver (``{"type": "ack", "id": ...}``).

- *bare*: broadcast, then ack; no storage.
- *sqlite*: every event first goes into ``events`` with plain ``sqlite3`` (WAL,
  ``synchronous=FULL``), group-committed: one transaction per batch of whatever arrived while
  the previous one committed, in a worker thread; only then broadcast and acked. The floor for a
  server that must not lose what it acknowledged.
- *postgres*: the same with plain ``asyncpg`` (one ``executemany`` per batch in a transaction).
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from websockets.asyncio.server import ServerConnection, broadcast, serve


class _Id(msgspec.Struct):
    id: str


_id = msgspec.json.Decoder(_Id)


def _ack(msg: str | bytes) -> str:
    return '{"type":"ack","id":"' + _id.decode(msg).id + '"}'


def sqlite_store(path: str) -> Callable[[list[str]], Awaitable[None]]:
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)")

    def commit(bodies: list[str]) -> None:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO events (body) VALUES (?)", [(b,) for b in bodies])
        conn.execute("COMMIT")

    async def write(bodies: list[str]) -> None:
        await asyncio.to_thread(commit, bodies)

    return write


async def postgres_store(dsn: str) -> Callable[[list[str]], Awaitable[None]]:
    import asyncpg

    conn = await asyncpg.connect(dsn)
    await conn.execute("CREATE TABLE IF NOT EXISTS events (seq BIGSERIAL PRIMARY KEY, "
                       "body TEXT NOT NULL)")

    async def write(bodies: list[str]) -> None:
        async with conn.transaction():
            await conn.executemany("INSERT INTO events (body) VALUES ($1)", [(b,) for b in bodies])

    return write


async def run(store: Callable[[list[str]], Awaitable[None]] | None) -> None:
    subscribers: set[ServerConnection] = set()
    pending: list[tuple[ServerConnection, str]] = []
    arrived = asyncio.Event()

    async def writer() -> None:
        assert store is not None
        while True:
            await arrived.wait()
            arrived.clear()
            batch = pending[:]
            del pending[:]
            await store([msg for _, msg in batch])
            for _, msg in batch:
                broadcast(subscribers, msg)
            for ws, msg in batch:
                broadcast((ws,), _ack(msg))

    async def handler(ws: ServerConnection) -> None:
        role = await ws.recv()
        subscribers.add(ws)
        try:
            if role == "sub":
                await ws.wait_closed()
                return
            async for msg in ws:
                assert isinstance(msg, str)
                if store is None:
                    broadcast(subscribers, msg)
                    broadcast((ws,), _ack(msg))
                else:
                    pending.append((ws, msg))
                    arrived.set()
        finally:
            subscribers.discard(ws)

    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    tasks: list[asyncio.Task[Any]] = [] if store is None else [asyncio.create_task(writer())]
    async with serve(handler, "127.0.0.1", 0, compression=None, max_queue=None,
                     max_size=None) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{port}", flush=True)
        await stop.wait()
    for task in tasks:
        task.cancel()


async def main(argv: list[str]) -> None:
    if argv == ["bare"]:
        await run(None)
    elif len(argv) == 2 and argv[0] == "sqlite":
        await run(sqlite_store(argv[1]))
    elif len(argv) == 2 and argv[0] == "postgres":
        await run(await postgres_store(argv[1]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
