"""Fan-out: N connected consoles receiving the events of a command load, against a bare
``websockets.broadcast`` server measured in the same run.

Both servers run in a subprocess (their own core); the consoles share this process. Two
phases per N: *rate* (R commands/messages per second offered for S seconds: delivery latency
p50/p99) and *burst* (K commands as fast as the server takes them: deliveries per second).
Latency: the event's ``ts`` (set when the server starts the command, before its commit) to
receipt; for the baseline, the publisher's send time to receipt. Prints JSON.

With one event per command, *burst* measures durable commands/s as much as fan-out at 10-100
consoles. The *bulk* phases offer both servers the same events: each command is a
``plan.activate`` of a prepared plan of T tasks (T + 1 events: the tasks and the plan); the
baseline's publisher asks for T + 1 broadcasts per message. *bulk_rate* offers the same events/s
to both (latency), *bulk_burst* offers them as fast as each server takes them (deliveries/s).

    python bench/server_fanout.py [--consoles 10 100 500] [--runs 3] [--rate 50] [--seconds 3]
        [--tasks 40] [--bulk 20] [--bulk-rate 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import time
import uuid
from collections import deque
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec
from server_common import ROOT, create_args, emit, median, prepare_db, quantiles, server_process
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection, broadcast, serve

from protocol.limits import PLAN_TASKS

_enc = msgspec.json.Encoder()
HERE = Path(__file__).resolve()


class _Ev(msgspec.Struct):
    ts: datetime


class _Frame(msgspec.Struct):
    type: str
    events: list[_Ev] = []
    final: bool = True
    id: str | None = None


class _Plain(msgspec.Struct):
    ts: float


class _Answer(msgspec.Struct):
    type: str
    id: str | None = None
    result: dict[str, Any] = {}


_frame = msgspec.json.Decoder(_Frame)
_plain = msgspec.json.Decoder(_Plain)
_answer = msgspec.json.Decoder(_Answer)


class _Count(msgspec.Struct):
    n: int = 1


_plain_count = msgspec.json.Decoder(_Count)


class Stats:
    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.deliveries = 0
        self.frames = 0
        self.latencies: list[float] = []
        self.last = 0.0
        self.complete = asyncio.Event()

    def count(self, n: int, now: float) -> None:
        self.deliveries += n
        self.last = now
        if self.deliveries >= self.expected:
            self.complete.set()


async def _console_reader(ws: ClientConnection, stats: Stats, plain: bool) -> None:
    async for raw in ws:
        now = time.time()
        stats.frames += 1
        if plain:
            stats.latencies.append(now - _plain.decode(raw).ts)
            stats.count(1, now)
        else:
            frame = _frame.decode(raw)
            if frame.type == "events":
                for ev in frame.events:
                    stats.latencies.append(now - ev.ts.timestamp())
                stats.count(len(frame.events), now)


async def open_console(url: str, plain: bool) -> ClientConnection:
    ws = await connect(url, compression=None, max_size=None, max_queue=None)
    if plain:
        await ws.send("sub")
        return ws
    await ws.send(_enc.encode({"type": "hello", "protocol": 1, "user": "prov", "password": "prov"}),
                  text=True)
    while True:
        frame = _frame.decode(await ws.recv())
        if frame.type == "snapshot" and frame.final:
            return ws


class Driver:
    """A command connection: sends, and resolves each command's ack from one reader task."""

    def __init__(self, ws: ClientConnection, plain: bool) -> None:
        self.ws = ws
        self.plain = plain
        self.waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.reader = None if plain else asyncio.create_task(self._read())
        self.plans: deque[str] = deque()  # prepared plans, each activated once
        self.bulk = False  # send plan.activate (bulk phases) instead of incident.create
        self.events_per_command = 1

    async def _read(self) -> None:
        async for raw in self.ws:
            frame = _answer.decode(raw)
            if frame.type in ("ack", "error") and frame.id in self.waiting:
                self.waiting.pop(frame.id).set_result(frame.result)

    async def command(self, op: str, args: dict[str, Any]) -> dict[str, Any]:
        cid = uuid.uuid4().hex
        done = self.waiting[cid] = asyncio.get_running_loop().create_future()
        await self.ws.send(_enc.encode({"type": "command", "id": cid, "op": op, "args": args}),
                           text=True)
        return await done

    async def send(self, i: int) -> None:
        if self.plain:
            await self.ws.send(_enc.encode({"type": "event", "ts": time.time(), "pad": "x" * 150,
                                            "n": self.events_per_command}), text=True)
        elif self.bulk:
            await self.command("plan.activate", {"id": self.plans.popleft(), "level": "IV"})
        else:
            await self.command("incident.create", create_args(i))

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)
        await self.ws.close()


async def open_driver(url: str, plain: bool) -> Driver:
    ws = await connect(url, compression=None, max_size=None, max_queue=None)
    if plain:
        await ws.send("pub")
    else:
        await ws.send(_enc.encode({"type": "hello", "protocol": 1, "user": "driver",
                                   "password": "driver"}), text=True)
        while True:
            frame = _frame.decode(await ws.recv())
            if frame.type == "snapshot" and frame.final:
                break
    return Driver(ws, plain)


async def offer(drivers: list[Driver], count: int, rate: float | None) -> None:
    """Send ``count`` commands (or plain messages) spread over the drivers; at ``rate`` per
    second, or as fast as the server answers (each driver waits for its ack)."""
    if rate is not None:
        start = time.perf_counter()
        pending = []
        for i in range(count):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.append(asyncio.create_task(drivers[i % len(drivers)].send(i)))
        await asyncio.gather(*pending)
        return

    async def lane(k: int) -> None:
        for i in range(k, count, len(drivers)):
            await drivers[k].send(i)

    await asyncio.gather(*(lane(k) for k in range(len(drivers))))


async def prepare_plans(drivers: list[Driver], counts: list[int], tasks: int) -> None:
    """Plans of ``tasks`` level-IV tasks, one per command of the bulk phases (``counts``), each
    with the driver that will activate it; before the consoles connect (not measured)."""
    texts = {"IV": [f"task {k}" for k in range(tasks)]}
    for count in counts:
        for i in range(count):
            driver = drivers[i % len(drivers)]  # as offer() spreads commands
            result = await driver.command("plan.create", {
                "name": f"bench {uuid.uuid4().hex[:8]}", "hazard": "flood",
                "jurisdiction": "330000", "tasks": texts})
            driver.plans.append(result["id"])


def _phases(a: argparse.Namespace) -> list[tuple[str, int, float | None, bool]]:
    """(name, commands, commands/s or None for as fast as taken, bulk)."""
    return [("rate", int(a.rate * a.seconds), a.rate, False), ("burst", a.burst, None, False),
            ("bulk_rate", int(a.bulk_rate * a.seconds), a.bulk_rate, True),
            ("bulk_burst", a.bulk, None, True)]


async def measure(url: str, plain: bool, n: int, a: argparse.Namespace) -> dict[str, Any]:
    drivers = [await open_driver(url, plain) for _ in range(1 if plain else a.drivers)]
    if not plain:
        await prepare_plans(drivers, [count for _, count, _, bulk in _phases(a) if bulk], a.tasks)
    consoles = []
    for i in range(0, n, 50):
        consoles += await asyncio.gather(*(open_console(url, plain) for _ in range(min(50, n - i))))
    out: dict[str, Any] = {"consoles": n}
    for phase, count, r, bulk in _phases(a):
        per_command = a.tasks + 1 if bulk else 1
        for d in drivers:
            d.bulk, d.events_per_command = bulk, per_command
        expected = count * n * per_command
        stats = Stats(expected)
        readers = [asyncio.create_task(_console_reader(ws, stats, plain)) for ws in consoles]
        t0 = time.time()
        await offer(drivers, count, r)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(60):
                await stats.complete.wait()
        elapsed = max(stats.last - t0, 1e-9)
        for task in readers:
            task.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        out[phase] = {
            "offered": count * per_command,
            "deliveries": stats.deliveries,
            "expected": expected,
            "deliveries_per_s": round(stats.deliveries / elapsed),
            "events_per_frame": round(stats.deliveries / max(stats.frames, 1), 1),
            **quantiles(stats.latencies),
        }
    for ws in consoles:
        await ws.close()
    for driver in drivers:
        await driver.close()
    return out


# -- the baseline server -----------------------------------------------------------------------
async def _baseline_serve() -> None:
    subscribers: set[ServerConnection] = set()

    async def handler(ws: ServerConnection) -> None:
        role = await ws.recv()
        if role == "sub":
            subscribers.add(ws)
            try:
                await ws.wait_closed()
            finally:
                subscribers.discard(ws)
        else:
            async for msg in ws:
                for _ in range(_plain_count.decode(msg).n):  # one broadcast per event
                    broadcast(subscribers, msg)

    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with serve(handler, "127.0.0.1", 0, compression=None, max_queue=None) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{port}", flush=True)
        await stop.wait()


async def baseline_url() -> tuple[asyncio.subprocess.Process, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(HERE), "baseline",
        stdout=asyncio.subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
    return proc, line.split()[-1]


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for prefix in ("", "bulk_"):
        burst, rate = prefix + "burst", prefix + "rate"
        out |= {
            f"{burst}_deliveries_per_s": median([r[burst]["deliveries_per_s"] for r in runs]),
            f"{burst}_events_per_frame": median([r[burst]["events_per_frame"] for r in runs]),
            f"{rate}_deliveries_per_s": median([r[rate]["deliveries_per_s"] for r in runs]),
            f"{rate}_p50_ms": median([r[rate]["p50_ms"] for r in runs]),
            f"{rate}_p99_ms": median([r[rate]["p99_ms"] for r in runs]),
            f"{burst}_p99_ms": median([r[burst]["p99_ms"] for r in runs]),
        }
    out["complete"] = all(r[p]["deliveries"] == r[p]["expected"] for r in runs
                          for p in ("rate", "burst", "bulk_rate", "bulk_burst"))
    return out


def _ratio(ours: dict[str, Any], bare: dict[str, Any], key: str) -> float:
    return round(ours[key] / max(bare[key], 1e-3), 2)


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--consoles", type=int, nargs="+", default=[10, 100, 500])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--rate", type=float, default=50.0)
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--burst", type=int, default=1000)
    p.add_argument("--tasks", type=int, default=PLAN_TASKS, help="tasks per plan (bulk phases)")
    p.add_argument("--bulk", type=int, default=20, help="plan activations, bulk_burst")
    p.add_argument("--bulk-rate", type=float, default=10.0,
                   help="plan activations per second, bulk_rate")
    p.add_argument("--drivers", type=int, default=32,
                   help="command connections (a connection's commands run one after another; "
                   "the server commits what they offer together in one transaction)")
    args = p.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'fanout.db'}"
        await prepare_db(url, [("prov", "province", "330000"), ("driver", "province", "330000")])
        base_proc, base = await baseline_url()
        try:
            async with server_process(url) as ws_url:
                for n in args.consoles:
                    ours = [await measure(ws_url, False, n, args) for _ in range(args.runs)]
                    bare = [await measure(base, True, n, args) for _ in range(args.runs)]
                    s_ours, s_bare = _summary(ours), _summary(bare)
                    results.append({
                        "consoles": n,
                        "watchfloor": s_ours,
                        "baseline": s_bare,
                        "deliveries_ratio": _ratio(s_ours, s_bare, "burst_deliveries_per_s"),
                        "rate_p99_ratio": _ratio(s_ours, s_bare, "rate_p99_ms"),
                        "bulk_deliveries_ratio": _ratio(s_ours, s_bare,
                                                        "bulk_burst_deliveries_per_s"),
                        "bulk_rate_p99_ratio": _ratio(s_ours, s_bare, "bulk_rate_p99_ms"),
                        "runs": {"watchfloor": ours, "baseline": bare},
                    })
        finally:
            base_proc.terminate()
            await base_proc.wait()
    emit({"bench": "server_fanout", "results": results})


if __name__ == "__main__":
    if sys.argv[1:] == ["baseline"]:
        asyncio.run(_baseline_serve())
    else:
        asyncio.run(main())
