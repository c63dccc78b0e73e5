"""Fan-out of events: N consoles receiving the events of a command load, the project's server
against two baselines measured in the same run, interleaved.

    python bench/server_fanout.py [--consoles 10 100 500] [--runs 3] [--seconds 2]
        [--half-seconds 2] [--drivers 16] [--window 4] [--client-procs 3]
        [--sides project bare durable [durable_pg]] [--quick]

``--quick``: one run at 10 and 100 consoles, 1 s phases (about a minute); the default run takes
about 5 minutes (319 s on 2 cores at load 10).

Servers, each in its own process, started fresh (empty database) for every measurement:
- *project*: the real server (bench/server_common.py ``serve``: SQLite, WAL, synchronous=FULL,
  bench limits), the consoles logged in as a province user through the real hello/welcome and
  snapshot; a command is ``incident.create``, one event.
- *bare*: bench/baselines.py ``bare``: a plain ``websockets`` server that broadcasts each message
  it gets to every connection with ``websockets.broadcast`` (encoded once, one frame per event),
  then acks it. No storage.
- *durable*: bench/baselines.py ``sqlite``: the same, but each event is first written with plain
  ``sqlite3`` (WAL, synchronous=FULL), group-committed (one transaction per batch of whatever
  arrived during the previous commit, in a thread); only then broadcast and acked.
- *durable_pg* (only with ``--sides``): the same with plain asyncpg on PostgreSQL
  (127.0.0.1:5432, a throwaway database); its ``fsync``/``synchronous_commit`` are printed.

Clients (bench/fanout_clients.py): raw websocket clients, several per process, in
``--client-procs`` console processes and one driver process, so the server's process is the one
being measured. They parse only what they need: a console counts frames, bytes and events and
reads each event's send stamp. The baselines' events carry ``--pad`` bytes of padding so their
frames are the size of the project's one-event frame (about 930 bytes). Drivers (``--drivers``
connections; the project's log in as a second province user) are sessions of their server too:
they get every event (every broadcast, for the baselines), which costs both sides the same; only
consoles' receipts count.

Latency: the driver writes ``time.time()`` into the command just before sending it (the
incident's title; the baseline message's title), the console subtracts it from ``time.time()``
when the frame carrying the event is complete in its buffer. Same clock, same machine, from the
driver's send to the console's receipt, for every side.

Phases per side and N, on the same connections:
- *max*: every driver keeps ``--window`` commands outstanding for ``--seconds`` (a new one per
  ack), then the bench waits until every console has every acked event. deliveries/s = events
  received by the consoles / (last receipt - first send); frames/s and bytes/s the same way;
  commands/s = acks / (last ack - first send).
- *half*: that side's own max of this run (delivered commands/s: commands whose event every
  console got, per second of the max phase; a baseline acks as soon as its frames are queued, so
  its acks can run ahead of its sockets), halved, offered at a steady pace (round robin over the
  drivers) for ``--half-seconds``: latency p50/p99/max over every delivery.
Server CPU: utime + stime of the server process (/proc/PID/stat) from the phase's first send to
its last delivery, per delivery (µs) and as a share of one core. Client CPU: each client
process's CPU over the phase; ``saturated`` when one of them used >= 90 % of a core (then the
clients may have been the limit and the figure is a floor).

``machine_busy_share``: all CPUs of the machine over the phase (/proc/stat), other processes
included: near 1.0 the servers were competing for a core and the absolute figures are low;
server CPU per delivery is the figure least moved by that.

Runs: for each run, for each N, the sides in an order that rotates with the run and N. Results:
per N and side the median and (min, max) over runs; ratios of medians project/bare and
project/durable (deliveries/s, p99 at half load, server CPU per delivery) and the DESIGN.md §8
targets they meet; load average and CPU pressure (PSI) at start and end, CPU count, every run.
One JSON document on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from server_common import (
    cpu_seconds,
    emit,
    listening_process,
    prepare_db,
    quantiles,
    server_process_pid,
)

HERE = Path(__file__).resolve().parent
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"
SATURATED = 0.9  # a client process busier than this share of a core may have been the limit


class Worker:
    """One client process (bench/fanout_clients.py), asked one JSON line at a time."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lock = asyncio.Lock()

    @classmethod
    async def start(cls) -> Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(HERE / "fanout_clients.py"), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, limit=1 << 27, cwd=HERE,
        )
        return cls(proc)

    async def ask(self, **req: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        async with self.lock:
            self.proc.stdin.write(json.dumps(req).encode() + b"\n")
            await self.proc.stdin.drain()
            line = await self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"client process {self.proc.pid} ended")
        out: dict[str, Any] = json.loads(line)
        if "error" in out:
            raise RuntimeError(f"client process {self.proc.pid}: {out['error']}")
        return out

    async def stop(self) -> None:
        if self.proc.returncode is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


class Bench:
    def __init__(self, args: argparse.Namespace, tmp: Path, template: Path) -> None:
        self.a = args
        self.tmp = tmp
        self.template = template
        self.consoles: list[Worker] = []
        self.driver: Worker | None = None
        self.pg_settings: dict[str, str] = {}

    async def start(self) -> None:
        self.consoles = list(await asyncio.gather(
            *(Worker.start() for _ in range(self.a.client_procs))))
        self.driver = await Worker.start()

    async def stop(self) -> None:
        await asyncio.gather(*(w.stop() for w in [*self.consoles, *filter(None, [self.driver])]))

    @contextlib.asynccontextmanager
    async def server(self, side: str) -> AsyncIterator[tuple[str, int]]:
        """A fresh server for ``side``: (ws:// address, pid)."""
        name = f"{side}-{uuid.uuid4().hex[:8]}"
        if side == "project":
            db = self.tmp / f"{name}.db"
            shutil.copyfile(self.template, db)
            async with server_process_pid(f"sqlite+aiosqlite:///{db}") as out:
                yield out
        elif side == "bare":
            async with listening_process(str(HERE / "baselines.py"), "bare") as out:
                yield out
        elif side == "durable":
            async with listening_process(str(HERE / "baselines.py"), "sqlite",
                                         str(self.tmp / f"{name}.db")) as out:
                yield out
        elif side == "durable_pg":
            import asyncpg

            dbname = f"wf_fanout_{uuid.uuid4().hex[:10]}"
            admin = await asyncpg.connect(PG_ADMIN_DSN)
            try:
                await admin.execute(f'CREATE DATABASE "{dbname}"')
                for key in ("fsync", "synchronous_commit"):
                    self.pg_settings[key] = await admin.fetchval(f"SHOW {key}")
                dsn = f"postgresql://postgres@127.0.0.1:5432/{dbname}"
                async with listening_process(str(HERE / "baselines.py"), "postgres",
                                             dsn) as out:
                    yield out
            finally:
                await admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
                await admin.close()
        else:
            raise ValueError(side)

    async def measure(self, side: str, n: int) -> dict[str, Any]:
        a = self.a
        assert self.driver is not None
        kind = "project" if side == "project" else "plain"
        async with self.server(side) as (url, pid):
            share = [n // len(self.consoles) + (i < n % len(self.consoles))
                     for i in range(len(self.consoles))]
            await asyncio.gather(*(w.ask(op="consoles", url=url, kind=kind, count=k)
                                   for w, k in zip(self.consoles, share, strict=True) if k))
            await self.driver.ask(op="drivers", url=url, kind=kind, count=a.drivers,
                                  pad="x" * a.pad)
            try:
                top = await self.phase(pid, n, {"mode": "max", "seconds": a.seconds,
                                                "window": a.window}, latency=False)
                rate = top["delivered_commands_per_s"] / 2
                half = await self.phase(pid, n, {"mode": "paced", "seconds": a.half_seconds,
                                                 "rate": rate}, latency=True)
                half["offered_per_s"] = round(rate, 1)
            finally:
                await asyncio.gather(*(w.ask(op="close")
                                       for w in [*self.consoles, self.driver]))
        return {"max": top, "half": half}

    async def phase(self, pid: int, n: int, run: dict[str, Any], latency: bool
                    ) -> dict[str, Any]:
        assert self.driver is not None
        workers = [*self.consoles, self.driver]
        await asyncio.gather(*(w.ask(op="reset", latency=latency) for w in workers))
        cpu0, wall0, machine0 = cpu_seconds(pid), time.time(), machine_ticks()
        drove = await self.driver.ask(op="run", **run)
        got = await asyncio.gather(*(w.ask(op="wait", markers=drove["acked"], timeout=60)
                                     for w in self.consoles))
        cpu1, wall1, machine1 = cpu_seconds(pid), time.time(), machine_ticks()
        got = [g for g in got if g["consoles"]]
        events = sum(g["events"] for g in got)
        markers = sum(g["markers"] for g in got)
        frames = sum(g["frames"] for g in got)
        received = sum(g["bytes"] for g in got)
        span = max(max(g["last"] for g in got) - drove["t0"], 1e-9)
        server_cpu = cpu1 - cpu0
        busy = [g["cpu_s"] / max(g["wall_s"], 1e-9) for g in got]
        driver_busy = drove["cpu_s"] / max(drove["wall_s"], 1e-9)
        out: dict[str, Any] = {
            "commands": drove["acked"],
            "errors": drove["errors"],
            "first_error": drove["first_error"] or None,
            "complete": markers == drove["acked"] * n and drove["outstanding"] == 0,
            "commands_per_s": round(drove["acked"] / max(drove["last_ack"] - drove["t0"],
                                                         1e-9), 1),
            # commands whose events every console received, per second: the rate the side
            # sustains (a baseline acks once its frames are queued, before they are sent)
            "delivered_commands_per_s": round(markers / max(n, 1) / span, 1),
            "deliveries": events,
            "deliveries_per_s": round(events / span),
            "frames_per_s": round(frames / span),
            "bytes_per_s": round(received / span),
            "events_per_frame": round(events / max(frames, 1), 2),
            "bytes_per_delivery": round(received / max(events, 1), 1),
            "server_cpu_us_per_delivery": round(1e6 * server_cpu / max(events, 1), 2),
            "server_cpu_share": round(server_cpu / max(wall1 - wall0, 1e-9), 3),
            "client_cpu_s": round(sum(g["cpu_s"] for g in got), 3),
            "client_cpu_share_max": round(max(busy), 3),
            "driver_cpu_share": round(driver_busy, 3),
            "clients_saturated": max(busy) >= SATURATED or driver_busy >= SATURATED,
            # every CPU of the machine (all processes, other benches included) over the phase
            "machine_busy_share": round((machine1[0] - machine0[0])
                                        / max(machine1[1] - machine0[1], 1), 3),
        }
        if latency:
            out |= quantiles([x for g in got for x in g["latencies"]])
        return out


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs so far, from /proc/stat."""
    # user nice system idle iowait irq softirq steal (guest time is already in user and nice)
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = ticks[3] + ticks[4]
    return sum(ticks) - idle, sum(ticks)


def cpu_pressure() -> str | None:
    """The machine's CPU pressure (PSI "some" line), if the kernel reports it."""
    with contextlib.suppress(OSError):
        return Path("/proc/pressure/cpu").read_text().split("\n", 1)[0]
    return None


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3)}


KEYS = {
    "max": ["deliveries_per_s", "commands_per_s", "delivered_commands_per_s", "frames_per_s",
            "bytes_per_s", "events_per_frame", "bytes_per_delivery", "server_cpu_us_per_delivery",
            "server_cpu_share", "client_cpu_s", "client_cpu_share_max", "driver_cpu_share",
            "machine_busy_share"],
    "half": ["offered_per_s", "deliveries_per_s", "p50_ms", "p99_ms", "max_ms",
             "server_cpu_us_per_delivery", "server_cpu_share", "client_cpu_share_max",
             "machine_busy_share"],
}


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for phase, keys in KEYS.items():
        out[phase] = {k: _spread([r[phase][k] for r in runs if k in r[phase]]) for k in keys
                      if any(k in r[phase] for r in runs)}
    out["complete"] = all(r[p]["complete"] for r in runs for p in KEYS)
    out["clients_saturated"] = any(r[p]["clients_saturated"] for r in runs for p in KEYS)
    out["errors"] = sum(r[p]["errors"] for r in runs for p in KEYS)
    return out


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")


def compare(sides: dict[str, Any]) -> dict[str, Any]:
    """Ratios of medians, project over each baseline."""
    ours = sides["project"]
    out: dict[str, Any] = {}
    for base in sides:
        if base == "project":
            continue
        theirs = sides[base]
        out[f"project/{base}"] = {
            "deliveries_per_s": _ratio(ours["max"]["deliveries_per_s"]["median"],
                                       theirs["max"]["deliveries_per_s"]["median"]),
            "half_p99_ms": _ratio(ours["half"]["p99_ms"]["median"],
                                  theirs["half"]["p99_ms"]["median"]),
            "server_cpu_us_per_delivery": _ratio(
                ours["max"]["server_cpu_us_per_delivery"]["median"],
                theirs["max"]["server_cpu_us_per_delivery"]["median"]),
        }
    return out


def targets(n: int, ratios: dict[str, Any]) -> dict[str, bool]:
    """DESIGN.md §8: deliveries >= 0.8x durable at 10 consoles, >= 1x bare from 100 up; p99 at
    half load <= 1.5x durable."""
    out: dict[str, bool] = {}
    durable, bare = ratios.get("project/durable"), ratios.get("project/bare")
    if durable is not None:
        if n <= 10:
            out["deliveries >= 0.8x durable"] = durable["deliveries_per_s"] >= 0.8
        out["half p99 <= 1.5x durable"] = durable["half_p99_ms"] <= 1.5
    if bare is not None and n >= 100:
        out["deliveries >= 1x bare"] = bare["deliveries_per_s"] >= 1.0
    return out


async def pg_reachable() -> str | None:
    """None if PostgreSQL answers, else why not."""
    try:
        import asyncpg

        conn = await asyncio.wait_for(asyncpg.connect(PG_ADMIN_DSN), 5)
        await conn.close()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--consoles", type=int, nargs="+", default=[10, 100, 500])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seconds", type=float, default=2.0, help="max phase: seconds of offer")
    p.add_argument("--half-seconds", type=float, default=2.0, help="half phase: seconds")
    p.add_argument("--drivers", type=int, default=16, help="command connections")
    p.add_argument("--window", type=int, default=4,
                   help="max phase: commands outstanding per driver (the project runs a "
                   "connection's commands one after another and commits what the connections "
                   "offer together)")
    p.add_argument("--client-procs", type=int, default=3, help="console processes")
    p.add_argument("--pad", type=int, default=830,
                   help="baselines: bytes of padding per event, so their frames are about "
                   "the size of the project's events")
    p.add_argument("--sides", nargs="+", default=["project", "bare", "durable"],
                   choices=["project", "bare", "durable", "durable_pg"])
    p.add_argument("--quick", action="store_true",
                   help="one run, 10 and 100 consoles, 1 s phases")
    a = p.parse_args(argv)
    if a.quick:
        a.runs, a.consoles, a.seconds, a.half_seconds = 1, [10, 100], 1.0, 1.0
    return a


async def run(a: argparse.Namespace) -> dict[str, Any]:
    started = time.time()
    load_start, pressure_start = os.getloadavg(), cpu_pressure()
    skipped: dict[str, str] = {}
    sides = list(a.sides)
    if "durable_pg" in sides and (why := await pg_reachable()) is not None:
        sides.remove("durable_pg")
        skipped["durable_pg"] = f"PostgreSQL not reachable: {why}"
        print(f"skipping durable_pg: {skipped['durable_pg']}", file=sys.stderr)
    runs: dict[int, dict[str, list[dict[str, Any]]]] = {n: {s: [] for s in sides}
                                                         for n in a.consoles}
    order: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.db"
        await prepare_db(f"sqlite+aiosqlite:///{template}",
                         [("prov", "province", "330000"), ("driver", "province", "330000")])
        bench = Bench(a, Path(tmp), template)
        await bench.start()
        try:
            for r in range(a.runs):
                for i, n in enumerate(a.consoles):
                    k = (r + i) % len(sides)
                    turn = sides[k:] + sides[:k]
                    order.append([f"{s}@{n}" for s in turn])
                    for side in turn:
                        runs[n][side].append(await bench.measure(side, n))
        finally:
            await bench.stop()
    results = []
    for n in a.consoles:
        summary = {s: summarize(runs[n][s]) for s in sides}
        ratios = compare(summary) if "project" in summary else {}
        results.append({"consoles": n, **summary, "ratios": ratios,
                        "targets": targets(n, ratios), "runs": runs[n]})
    return {
        "bench": "server_fanout",
        "params": {k: v for k, v in vars(a).items()},
        "cpu_count": os.cpu_count(),
        "loadavg_start": [round(x, 2) for x in load_start],
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        "cpu_pressure_start": pressure_start,
        "cpu_pressure_end": cpu_pressure(),
        "seconds": round(time.time() - started, 1),
        "order": order,
        "skipped": skipped,
        "postgres_settings": bench.pg_settings or None,
        "results": results,
    }


if __name__ == "__main__":
    emit(asyncio.run(run(parse())))
