"""Durable commands per second and ack latency, against a raw durable baseline in the same run.

Two servers, each in a subprocess of its own:

- *watchfloor*: the real server (bench/server_common.server_process_pid) on SQLite (WAL,
  synchronous=FULL) or PostgreSQL;
- *baseline*: a plain ``websockets`` server that, for each command frame, inserts a row with
  plain ``sqlite3`` (WAL, synchronous=FULL) or plain asyncpg in group commits (everything that
  arrived while the previous commit ran goes into one transaction; sqlite3 in a thread), and
  acks each command after the commit.

Clients (this process): N websocket clients, each sending ``incident.create`` and waiting for
its ack before the next (closed loop) for ``--seconds``; runs interleaved watchfloor, baseline,
watchfloor, ... ``--runs`` times per N. ``--scope own`` (the default): each client is the user
of a county of its own and reports incidents there, so each command's event goes to its own
session only: the command path. ``--scope shared``: all clients are one county's user, so
each command's event is also fanned out to all N sessions (fan-out on top; the baseline sends
acks only either way; bench/server_fanout.py measures fan-out).

Per run: commands/s, p50/p99/max ack, server CPU per command (utime + stime from
/proc/PID/stat), client CPU per command; medians and min/max over runs, the ratio
watchfloor/baseline, and the load average before and after. Targets (DESIGN §8): commands/s
>= 0.5x the baseline's; p99 ack < 50 ms at 50 clients.

    python bench/server_commands.py [--clients 1 10 50] [--runs 3] [--seconds 2]
        [--backends sqlite postgres] [--scope own|shared] [--quick] [--full]

PostgreSQL: 127.0.0.1:5432, user postgres, trust; two throwaway databases, dropped after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import msgspec
from server_common import (
    cpu_seconds,
    create_args,
    emit,
    listening_process,
    median,
    own_cpu_seconds,
    prepare_db,
    quantiles,
    server_process_pid,
)
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

HERE = Path(__file__).resolve()
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
_enc = msgspec.json.Encoder()
_TICK = os.sysconf("SC_CLK_TCK")


class _Head(msgspec.Struct):
    type: str
    id: str | None = None


_head = msgspec.json.Decoder(_Head)


# -- clients -----------------------------------------------------------------------------------
async def login(url: str, user: str) -> ClientConnection:
    ws = await connect(url, compression=None, max_size=None)
    await ws.send(_enc.encode({"type": "hello", "protocol": 1, "user": user, "password": user}),
                  text=True)
    while _head.decode(await ws.recv()).type != "snapshot":
        pass
    return ws


def counties(n: int) -> list[tuple[str, float, float]]:
    """``n`` counties (adcode, lon, lat) whose centroid lies inside them."""
    from server.domain.jurisdictions import load_jurisdictions, locate

    out = [(j.id, j.lon, j.lat) for j in load_jurisdictions()
           if j.level == "county" and locate(j.lon, j.lat) == j.id]
    if len(out) < n:
        raise SystemExit(f"--scope own: at most {len(out)} clients")
    return out[:n]


class Client(msgspec.Struct):
    user: str
    lon: float
    lat: float


async def one_client(ws: ClientConnection, who: Client, until: float,
                     latencies: list[float]) -> None:
    i = 0
    while time.perf_counter() < until:
        cid = uuid.uuid4().hex
        t0 = time.perf_counter()
        args = create_args(i) | {"lon": who.lon, "lat": who.lat}
        await ws.send(_enc.encode({"type": "command", "id": cid, "op": "incident.create",
                                   "args": args}), text=True)
        while True:
            head = _head.decode(await ws.recv())
            if head.type in ("ack", "error") and head.id == cid:
                break
        if head.type != "ack":
            raise RuntimeError(f"command refused: {head}")
        latencies.append(time.perf_counter() - t0)
        i += 1


async def run(url: str, pid: int, clients: list[Client], seconds: float) -> dict[str, Any]:
    """One run: the clients log in (not timed: a snapshot grows with the database), then
    send commands for ``seconds``."""
    latencies: list[float] = []
    sockets = await asyncio.gather(*(login(url, c.user) for c in clients))
    try:
        cpu0, ccpu0, t0 = cpu_seconds(pid), own_cpu_seconds(), time.perf_counter()
        await asyncio.gather(*(one_client(ws, c, t0 + seconds, latencies)
                               for ws, c in zip(sockets, clients, strict=True)))
        elapsed = time.perf_counter() - t0
        cpu, ccpu = cpu_seconds(pid) - cpu0, own_cpu_seconds() - ccpu0
    finally:
        await asyncio.gather(*(ws.close() for ws in sockets))
    n = len(latencies)
    return {"commands": n, "commands_per_s": round(n / elapsed, 1),
            "server_cpu_us_per_command": round(1e6 * cpu / max(n, 1), 1),
            "client_cpu_us_per_command": round(1e6 * ccpu / max(n, 1), 1),
            **quantiles(latencies)}


def _spread(runs: list[dict[str, Any]], key: str) -> dict[str, float]:
    values = [r[key] for r in runs]
    return {"median": median(values), "min": min(values), "max": max(values)}


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {key: _spread(runs, key) for key in ("commands_per_s", "p50_ms", "p99_ms",
                                                 "server_cpu_us_per_command",
                                                 "client_cpu_us_per_command")}


# -- the baseline server -----------------------------------------------------------------------
def _sqlite_writer(path: str) -> Callable[[list[tuple[str, str]]], Awaitable[None]]:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS commands "
               "(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL)")

    def commit(rows: list[tuple[str, str]]) -> None:
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO commands (id, data) VALUES (?, ?)", rows)
        db.execute("COMMIT")

    async def write(rows: list[tuple[str, str]]) -> None:
        await asyncio.to_thread(commit, rows)

    return write


async def _pg_writer(dsn: str) -> Callable[[list[tuple[str, str]]], Awaitable[None]]:
    import asyncpg

    conn = await asyncpg.connect(dsn)
    await conn.execute("CREATE TABLE IF NOT EXISTS commands "
                       "(seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, data TEXT NOT NULL)")

    async def write(rows: list[tuple[str, str]]) -> None:
        async with conn.transaction():
            await conn.executemany("INSERT INTO commands (id, data) VALUES ($1, $2)", rows)

    return write


async def _baseline_serve(kind: str, where: str) -> None:
    write = _sqlite_writer(where) if kind == "sqlite" else await _pg_writer(where)
    pending: list[tuple[ServerConnection, str, str]] = []
    wake = asyncio.Event()

    async def worker() -> None:
        while True:
            await wake.wait()
            wake.clear()
            while pending:
                batch = pending[:]
                pending.clear()
                await write([(cid, raw) for _, raw, cid in batch])
                for ws, _, cid in batch:
                    with contextlib.suppress(ConnectionClosed):
                        await ws.send(_enc.encode({"type": "ack", "id": cid}), text=True)

    async def handler(ws: ServerConnection) -> None:
        await ws.recv()  # hello
        await ws.send(_enc.encode({"type": "snapshot"}), text=True)
        async for raw in ws:
            text = raw if isinstance(raw, str) else raw.decode()
            pending.append((ws, text, str(_head.decode(text).id)))
            wake.set()

    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    task = asyncio.create_task(worker())
    async with serve(handler, "127.0.0.1", 0, compression=None, max_queue=None) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{port}", flush=True)
        await stop.wait()
    task.cancel()


def baseline_process(kind: str, where: str) -> Any:
    """The raw baseline server in a subprocess: (ws:// address, pid)."""
    return listening_process(str(HERE), "baseline", kind, where)


def project_process(url: str) -> Any:
    """The watchfloor server in a subprocess: (ws:// address, pid)."""
    return server_process_pid(url)


# -- databases ---------------------------------------------------------------------------------
@contextlib.asynccontextmanager
async def pg_databases(n: int) -> AsyncIterator[list[str]]:
    import asyncpg

    names = [f"wf_bench_{uuid.uuid4().hex[:12]}" for _ in range(n)]
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        for name in names:
            await admin.execute(f'CREATE DATABASE "{name}"')
        yield names
    finally:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def bench_backend(backend: str, tmp: Path, a: argparse.Namespace) -> dict[str, Any]:
    async with contextlib.AsyncExitStack() as stack:
        if backend == "sqlite":
            url = f"sqlite+aiosqlite:///{tmp / 'watchfloor.db'}"
            base_where = str(tmp / "baseline.db")
        else:
            ours_db, base_db = await stack.enter_async_context(pg_databases(2))
            url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{ours_db}"
            base_where = f"postgresql://postgres@127.0.0.1:5432/{base_db}"
        most = max(a.clients)
        if a.scope == "own":
            places = counties(most)
            users = [Client(f"c{code}", lon, lat) for code, lon, lat in places]
            await prepare_db(url, [(u.user, "county", code)
                                   for u, (code, _, _) in zip(users, places, strict=True)])
        else:
            shared = create_args(0)
            users = [Client("yj", shared["lon"], shared["lat"])] * most
            await prepare_db(url, [("yj", "county", "330324")])
        ours_url, ours_pid = await stack.enter_async_context(project_process(url))
        base_url, base_pid = await stack.enter_async_context(baseline_process(backend, base_where))
        for u, p in ((ours_url, ours_pid), (base_url, base_pid)):  # warm-up, not reported
            await run(u, p, users[:10], min(0.5, a.seconds))
        results = []
        for clients in a.clients:
            ours, base = [], []
            for _ in range(a.runs):
                ours.append(await run(ours_url, ours_pid, users[:clients], a.seconds))
                base.append(await run(base_url, base_pid, users[:clients], a.seconds))
            s_ours, s_base = summary(ours), summary(base)
            results.append({
                "clients": clients,
                "commands_per_s_ratio": round(s_ours["commands_per_s"]["median"]
                                              / s_base["commands_per_s"]["median"], 3),
                "watchfloor": s_ours,
                "baseline": s_base,
                "runs": {"watchfloor": ours, "baseline": base},
            })
        return {"backend": backend, "results": results}


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, nargs="+", default=[1, 10, 50])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seconds", type=float, default=2.0, help="per run")
    p.add_argument("--backends", nargs="+", choices=["sqlite", "postgres"],
                   default=["sqlite", "postgres"])
    p.add_argument("--scope", choices=["own", "shared"], default="own",
                   help="own: a county per client (its events reach it alone); shared: one "
                   "user for all (each event reaches every client)")
    p.add_argument("--quick", action="store_true", help="2 runs of 1 s each")
    p.add_argument("--full", action="store_true", help="print every run, not only the medians")
    a = p.parse_args()
    if a.quick:
        a.runs, a.seconds = 2, 1.0
    load_before = os.getloadavg()
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in a.backends:
            out.append(await bench_backend(backend, Path(tmp), a))
    if not a.full:
        for b in out:
            for r in b["results"]:
                r.pop("runs")
    emit({"bench": "server_commands", "scope": a.scope, "seconds_per_run": a.seconds,
          "runs": a.runs,
          "loadavg_before": [round(x, 2) for x in load_before],
          "loadavg_after": [round(x, 2) for x in os.getloadavg()], "backends": out})


if __name__ == "__main__":
    if sys.argv[1:2] == ["baseline"]:
        asyncio.run(_baseline_serve(sys.argv[2], sys.argv[3]))
    else:
        asyncio.run(main())
