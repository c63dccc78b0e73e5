"""Province telemetry: T teams each reporting every I seconds, N consoles watching, against a bare
conflating server measured in the same run.

The bare server is what a minimal correct server does with the same traffic: it decodes each
position report, keeps the newest per team, and every ``position_interval`` (100 ms) encodes one
``positions`` frame per scope (the province's: everything; a county's: its teams) and sends it
with ``websockets.broadcast`` to the consoles of that scope. The project's server does that and
everything it must on top (logins, scopes by the real rules, track points written to SQLite,
per-session back-pressure).

Every process is separate: the server under test (its own core as far as two cores allow), the
terminals (one connection per county's field user, all that county's teams, each team once every
I seconds at its own phase, ``ts`` = the moment it is sent), and console processes (several
hundred consoles per process is too many for one process to read: C per process). Consoles are
raw websocket clients: province consoles (a share ``--province-share``) see every team; county
consoles (the rest, spread over the counties) see their county's. Every console counts frames,
bytes and positions; one in ten also decodes every frame and records each position's latency
from the terminal's send to this console's receipt (same clock: one machine).

Per measurement: server RSS with no console, then with N idle consoles (connected, picture
received, no telemetry yet) gives memory per idle console; then the terminals start, and after
a warm-up the window of S seconds gives server CPU (utime + stime from /proc), frames, bytes and
positions per second received, and latency. VmHWM is the server's peak. Sides are interleaved
(project, bare, bare, project, ...) over ``--runs``; medians and the min-max spread; the ratio
project/bare of medians; the machine's load average; every client process's CPU share (a
client near 100 % of a core would be the limit: printed as ``client_max_cpu``).

    python bench/server_telemetry.py [--consoles 100 500] [--teams 2000] [--interval 5]
        [--seconds 10] [--runs 2] [--province-share 0.5] [--per-process 125] [--quick]

Positions across instances (PostgreSQL): two instances of the project on one throwaway
database, the terminals reporting to A, province consoles on A and on B; prints both sides'
latency and B's extra delay (the relay's cost; at most one conflation interval is the target):

    python bench/server_telemetry.py --across-instances
        postgresql+asyncpg://postgres@127.0.0.1:5432/postgres --consoles 20 --teams 500
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
from server_common import (
    BENCH_SETTINGS,
    ROOT,
    cpu_seconds,
    emit,
    listening_process,
    median,
    own_cpu_seconds,
    server_process,
    server_process_pid,
)
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, broadcast, serve

HERE = Path(__file__).resolve()
TICK = BENCH_SETTINGS.position_interval


class _Pos(msgspec.Struct):
    ts: datetime


class _Frame(msgspec.Struct):
    type: str
    positions: list[_Pos] = []
    final: bool = True


class _Head(msgspec.Struct):
    type: str
    final: bool = True


_frame = msgspec.json.Decoder(_Frame)
_head = msgspec.json.Decoder(_Head)
_enc = msgspec.json.Encoder()


def _mem_of(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024  # MiB
    return out


# -- the world: teams, users -----------------------------------------------------------------------
async def prepare(url: str, teams: int) -> dict[str, Any]:
    """A database with ``teams`` teams over every county, a province user, a county user and a
    field user (that county's teams as units) per county; returns the layout."""
    sys.path.insert(0, str(ROOT))
    from protocol.entities import Jurisdiction
    from server.app import run_server
    from server.domain.api import SYSTEM

    async with run_server(url, settings=BENCH_SETTINGS) as srv:
        state = srv.coordinator.state
        counties = sorted((j for j in state.all(Jurisdiction) if j.level == "county"),
                          key=lambda j: j.id)
        by_county: dict[str, list[str]] = {c.id: [] for c in counties}
        rng = random.Random(7)

        async def create(i: int) -> None:
            c = counties[i % len(counties)]
            out = await srv.coordinator.execute(SYSTEM, "team.create", {
                "name": f"bench team {i}", "type": "fire_rescue", "jurisdiction": c.id,
                "base_lon": c.lon + rng.uniform(-0.05, 0.05),
                "base_lat": c.lat + rng.uniform(-0.05, 0.05)}, command_id=f"bench:team:{i}")
            by_county[c.id].append(out.result["id"])  # type: ignore[union-attr]

        for start in range(0, teams, 200):
            await asyncio.gather(*(create(i) for i in range(start, min(teams, start + 200))))
        await srv.add_user("prov", "prov", role="province", jurisdiction="330000",
                           cheap_hash=True)
        for c in counties:
            await srv.add_user(f"c{c.id}", f"c{c.id}", role="county", jurisdiction=c.id,
                               cheap_hash=True)
            await srv.add_user(f"f{c.id}", f"f{c.id}", role="field", jurisdiction=c.id,
                               units=by_county[c.id], cheap_hash=True)
        centre = {c.id: (c.lon, c.lat) for c in counties}
    return {"counties": by_county, "centre": centre}


# -- the bare conflating server --------------------------------------------------------------------
class _Report(msgspec.Struct):
    team_id: str
    lon: float
    lat: float
    ts: str
    scope: str = ""


class _BarePos(msgspec.Struct):
    team_id: str
    lon: float
    lat: float
    ts: str


class _BareFrame(msgspec.Struct, tag="positions", tag_field="type"):
    positions: list[_BarePos]


async def bare_serve() -> None:
    decode = msgspec.json.Decoder(_Report).decode
    pending: dict[str, tuple[str, _BarePos]] = {}
    watchers: dict[str, set[ServerConnection]] = {}  # scope -> consoles ("" = province)
    tick_task: list[asyncio.Task[None]] = []

    async def tick() -> None:
        loop = asyncio.get_running_loop()
        last = 0.0
        while True:
            await asyncio.sleep(max(0.0, last + TICK - loop.time()))
            last = loop.time()
            if not pending:
                continue
            batch = list(pending.values())
            pending.clear()
            province = watchers.get("")
            if province:
                broadcast(province, _enc.encode(_BareFrame([p for _, p in batch])))
            by_scope: dict[str, list[_BarePos]] = {}
            for scope, p in batch:
                if scope in watchers:
                    by_scope.setdefault(scope, []).append(p)
            for scope, ps in by_scope.items():
                broadcast(watchers[scope], _enc.encode(_BareFrame(ps)))

    async def handler(ws: ServerConnection) -> None:
        first = json.loads(await ws.recv())
        if first.get("role") == "terminal":
            async for raw in ws:
                r = decode(raw)
                pending[r.team_id] = (r.scope, _BarePos(r.team_id, r.lon, r.lat, r.ts))
            return
        scope = first.get("scope", "")
        watchers.setdefault(scope, set()).add(ws)
        await ws.send(b'{"type":"snapshot","final":true}', text=True)
        try:
            await ws.wait_closed()
        finally:
            watchers[scope].discard(ws)

    async with serve(handler, "127.0.0.1", 0, compression=None, max_size=2**24) as srv:
        tick_task.append(asyncio.create_task(tick()))
        port = srv.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{port}", flush=True)
        await asyncio.Future()


def bare_process() -> Any:
    """The bare conflating server in a subprocess: (ws:// address, pid)."""
    return listening_process(str(HERE), "bare-serve")


# -- client processes ------------------------------------------------------------------------------
async def _hello(ws: Any, side: str, user: str, scope: str) -> None:
    if side == "bare":
        await ws.send(json.dumps({"role": "console", "scope": scope}))
    else:
        from protocol.messages import PROTOCOL_VERSION

        await ws.send(json.dumps({"type": "hello", "protocol": PROTOCOL_VERSION, "user": user,
                                  "password": user, "client": "bench-console"}))
    while True:
        head = _head.decode(await ws.recv())
        if head.type == "snapshot" and head.final:
            return
        if head.type == "error":
            raise RuntimeError(f"login of {user} refused")


async def consoles_main(spec: dict[str, Any]) -> None:
    """One console process: connect its consoles, say ready, count until the window ends."""
    side, url = spec["side"], spec["url"]
    stats = {"frames": 0, "bytes": 0, "positions": 0}
    lat: list[float] = []
    start_at = end_at = 0.0
    counting = False

    async def console(i: int, user: str, scope: str, sample: bool) -> None:
        nonlocal counting
        async with sem:  # connect and log in 25 at a time
            ws = await connect(url, max_size=2**26, compression=None, open_timeout=120,
                               ping_interval=None)
            await _hello(ws, side, user, scope)
        connected.append(i)
        if len(connected) == len(spec["consoles"]):
            print("ready", flush=True)
        async with ws:
            async for raw in ws:
                now = time.time()
                if not counting:
                    if start_at and now >= start_at:
                        counting = True
                    else:
                        continue
                if now > end_at:
                    return
                stats["frames"] += 1
                stats["bytes"] += len(raw)
                if sample:
                    frame = _frame.decode(raw)
                    stats["positions"] += len(frame.positions)
                    lat.extend(now - p.ts.timestamp() for p in frame.positions)

    connected: list[int] = []
    sem = asyncio.Semaphore(25)

    def started(i: int, c: list[Any]) -> Any:
        return console(i, c[0], c[1], c[2])

    tasks = [asyncio.create_task(started(i, c)) for i, c in enumerate(spec["consoles"])]
    line = await asyncio.to_thread(sys.stdin.readline)  # "START end_at start_at"
    _, end, begin = line.split()
    end_at, start_at = float(end), float(begin)
    cpu0 = own_cpu_seconds()
    await asyncio.wait(tasks, timeout=end_at - time.time() + 30)
    cpu = own_cpu_seconds() - cpu0
    print(json.dumps({"stats": stats, "lat": lat, "cpu": cpu,
                      "wall": end_at - start_at}), flush=True)


async def terminals_main(spec: dict[str, Any]) -> None:
    """The field terminals: every team every ``interval`` s at its own phase, until end_at."""
    side, url, interval = spec["side"], spec["url"], spec["interval"]
    rng = random.Random(11)
    sent = 0
    end_at = 0.0
    connected: list[str] = []
    go = asyncio.Event()

    async def county(code: str, teams: list[str], centre: list[float], phase0: float) -> None:
        nonlocal sent
        async with connect(url, max_size=2**26, compression=None, open_timeout=120,
                           ping_interval=None) as ws:
            if side == "bare":
                await ws.send(json.dumps({"role": "terminal"}))
            else:
                await _hello(ws, side, f"f{code}", code)
                drain = asyncio.create_task(_drain(ws))
            connected.append(code)
            if len(connected) == len(counties):
                print("ready", flush=True)
            await go.wait()
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            schedule = sorted(((phase0 + k * interval / len(teams)) % interval, t)
                              for k, t in enumerate(teams))
            cycle = 0
            while time.time() < end_at:
                for phase, team in schedule:
                    await asyncio.sleep(max(0.0, t0 + cycle * interval + phase - loop.time()))
                    if time.time() >= end_at:
                        break
                    msg = {"type": "position", "team_id": team,
                           "lon": centre[0] + rng.uniform(-0.1, 0.1),
                           "lat": centre[1] + rng.uniform(-0.1, 0.1),
                           "ts": datetime.now(UTC).isoformat()}
                    if side == "bare":
                        msg["scope"] = code
                    await ws.send(_enc.encode(msg), text=True)
                    sent += 1
                cycle += 1
            if side != "bare":
                drain.cancel()

    async def _drain(ws: Any) -> None:
        with contextlib.suppress(Exception):
            async for _ in ws:
                pass

    async def started() -> None:
        nonlocal end_at
        line = await asyncio.to_thread(sys.stdin.readline)  # "GO end_at"
        end_at = float(line.split()[1])
        go.set()

    counties = {code: teams for code, teams in spec["counties"].items() if teams}
    cpu0 = own_cpu_seconds()
    await asyncio.gather(started(), *(county(code, teams, spec["centre"][code], i * 0.37)
                                      for i, (code, teams) in enumerate(counties.items())))
    print(json.dumps({"sent": sent, "cpu": own_cpu_seconds() - cpu0}), flush=True)


async def _spawn(role: str, spec: dict[str, Any]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, str(HERE), role, json.dumps(spec), cwd=ROOT,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=2**28)


# -- one measurement -------------------------------------------------------------------------------
async def measure(side: str, db: Path, world: dict[str, Any], n: int, args: argparse.Namespace
                  ) -> dict[str, Any]:
    counties = world["counties"]
    codes = sorted(counties)
    n_prov = round(n * args.province_share)
    consoles = [["prov", "", i % 10 == 0] for i in range(n_prov)]
    consoles += [[f"c{codes[i % len(codes)]}", codes[i % len(codes)], i % 10 == 0]
                 for i in range(n - n_prov)]
    run_db = db.with_name(f"run-{side}-{n}.db")
    shutil.copy(db, run_db)
    server = (server_process_pid(f"sqlite+aiosqlite:///{run_db}") if side == "project"
              else bare_process())
    async with server as (url, pid):
        mem0 = _mem_of(pid)["VmRSS"]
        procs = []
        for k in range(0, n, args.per_process):
            procs.append(await _spawn("consoles", {"side": side, "url": url,
                                                   "consoles": consoles[k:k + args.per_process]}))
        for p in procs:
            assert p.stdout is not None
            line = await asyncio.wait_for(p.stdout.readline(), 300)
            if line.strip() != b"ready":
                raise RuntimeError(f"console process failed: {line!r}")
        mem_idle = _mem_of(pid)["VmRSS"]
        terminals = await _spawn("terminals", {
            "side": side, "url": url, "interval": args.interval,
            "counties": counties, "centre": world["centre"]})
        assert terminals.stdout is not None and terminals.stdin is not None
        line = await asyncio.wait_for(terminals.stdout.readline(), 300)
        if line.strip() != b"ready":
            raise RuntimeError(f"terminal process failed: {line!r}")
        start_at = time.time() + args.warmup
        end_at = start_at + args.seconds
        terminals.stdin.write(f"GO {end_at + 0.5}\n".encode())
        await terminals.stdin.drain()
        for p in procs:
            assert p.stdin is not None
            p.stdin.write(f"START {end_at} {start_at}\n".encode())
            await p.stdin.drain()
        await asyncio.sleep(max(0.0, start_at - time.time()))
        cpu0 = cpu_seconds(pid)
        await asyncio.sleep(max(0.0, end_at - time.time()))
        cpu = cpu_seconds(pid) - cpu0
        mem = _mem_of(pid)
        outs = []
        for p in procs:
            assert p.stdout is not None
            outs.append(json.loads(await asyncio.wait_for(p.stdout.readline(), 120)))
            await p.wait()
        term = json.loads(await asyncio.wait_for(terminals.stdout.readline(), 120))
        await terminals.wait()
    run_db.unlink(missing_ok=True)
    lat = sorted(x for o in outs for x in o["lat"])
    frames = sum(o["stats"]["frames"] for o in outs)
    window = args.seconds
    return {
        "side": side, "consoles": n,
        "server_cpu_share": round(cpu / window, 3),
        "frames_per_s": round(frames / window, 1),
        "bytes_per_s": round(sum(o["stats"]["bytes"] for o in outs) / window),
        "positions_sent_per_s": round(term["sent"] / (window + args.warmup + 0.5), 1),
        "p50_ms": round(1000 * lat[len(lat) // 2], 1) if lat else None,
        "p99_ms": round(1000 * lat[int(len(lat) * 0.99)], 1) if lat else None,
        "max_ms": round(1000 * lat[-1], 1) if lat else None,
        "latency_samples": len(lat),
        "server_rss_mib": round(mem["VmRSS"], 1), "server_hwm_mib": round(mem["VmHWM"], 1),
        "idle_kib_per_console": round(1024 * (mem_idle - mem0) / n, 1),
        "client_max_cpu": round(max(o["cpu"] / o["wall"] for o in outs), 3),
        "terminal_cpu": round(term["cpu"] / (window + args.warmup), 3),
    }


async def across_instances(args: argparse.Namespace) -> dict[str, Any]:
    """Two instances of the project on one PostgreSQL database: the terminals report to A;
    province consoles on A and on B; B's extra delay is what the relay adds."""
    import asyncpg

    admin_dsn = args.pg.replace("postgresql+asyncpg://", "postgresql://")
    base, _, _ = admin_dsn.rpartition("/")
    name = f"wf_bench_{os.getpid()}"
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{base.replace('postgresql://', 'postgresql+asyncpg://')}/{name}"
    try:
        world = await prepare(url, args.teams)
        async with server_process(url) as url_a, server_process(url) as url_b:
            n = args.consoles[0]
            side_consoles = [["prov", "", True] for _ in range(n)]
            procs = {k: await _spawn("consoles", {"side": "project", "url": u,
                                                  "consoles": side_consoles})
                     for k, u in (("a", url_a), ("b", url_b))}
            for p in procs.values():
                assert p.stdout is not None
                if (await asyncio.wait_for(p.stdout.readline(), 300)).strip() != b"ready":
                    raise RuntimeError("console process failed")
            terminals = await _spawn("terminals", {
                "side": "project", "url": url_a, "interval": args.interval,
                "counties": world["counties"], "centre": world["centre"]})
            assert terminals.stdout is not None and terminals.stdin is not None
            if (await asyncio.wait_for(terminals.stdout.readline(), 300)).strip() != b"ready":
                raise RuntimeError("terminal process failed")
            start_at = time.time() + args.warmup
            end_at = start_at + args.seconds
            terminals.stdin.write(f"GO {end_at + 0.5}\n".encode())
            await terminals.stdin.drain()
            out: dict[str, Any] = {}
            for p in procs.values():
                assert p.stdin is not None and p.stdout is not None
                p.stdin.write(f"START {end_at} {start_at}\n".encode())
                await p.stdin.drain()
            for k, p in procs.items():
                assert p.stdout is not None
                got = json.loads(await asyncio.wait_for(p.stdout.readline(), 120))
                lat = sorted(got["lat"])
                out[f"instance_{k}"] = {
                    "positions_per_s": round(len(lat) / args.seconds / n, 1),
                    "p50_ms": round(1000 * lat[len(lat) // 2], 1) if lat else None,
                    "p99_ms": round(1000 * lat[int(len(lat) * 0.99)], 1) if lat else None,
                    "max_ms": round(1000 * lat[-1], 1) if lat else None}
                await p.wait()
            await asyncio.wait_for(terminals.stdout.readline(), 120)
            await terminals.wait()
        a, b = out["instance_a"], out["instance_b"]
        if a["p50_ms"] is not None and b["p50_ms"] is not None:
            out["extra_on_b_ms"] = {"p50": round(b["p50_ms"] - a["p50_ms"], 1),
                                    "p99": round(b["p99_ms"] - a["p99_ms"], 1)}
        out["conflation_interval_ms"] = 1000 * TICK
        return out
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("server_cpu_share", "frames_per_s", "bytes_per_s", "p50_ms", "p99_ms",
            "server_rss_mib", "server_hwm_mib", "idle_kib_per_console", "client_max_cpu")
    out: dict[str, Any] = {}
    for n in sorted({r["consoles"] for r in results}):
        row: dict[str, Any] = {}
        for side in ("project", "bare"):
            mine = [r for r in results if r["consoles"] == n and r["side"] == side]
            row[side] = {k: {"median": median([r[k] for r in mine if r[k] is not None]),
                             "min": min(r[k] for r in mine if r[k] is not None),
                             "max": max(r[k] for r in mine if r[k] is not None)}
                         for k in keys}
        row["ratio_project_to_bare"] = {
            k: round(row["project"][k]["median"] / row["bare"][k]["median"], 2)
            for k in keys if row["bare"][k]["median"]}
        out[str(n)] = row
    return out


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--consoles", type=int, nargs="+", default=[100, 500])
    ap.add_argument("--teams", type=int, default=2000)
    ap.add_argument("--interval", type=float, default=5.0)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--warmup", type=float, default=6.0)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--province-share", type=float, default=0.5)
    ap.add_argument("--per-process", type=int, default=125)
    ap.add_argument("--quick", action="store_true", help="100 consoles, 1 run, 5 s")
    ap.add_argument("--across-instances", dest="pg", metavar="PG_URL",
                    help="instead: two instances on this PostgreSQL server (a throwaway "
                         "database), terminals on A, the first --consoles province consoles "
                         "on each; e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    if args.quick:
        args.consoles, args.runs, args.seconds, args.warmup = [100], 1, 5.0, 4.0
    load0 = os.getloadavg()
    if args.pg:
        emit({"bench": "server_telemetry across instances", "teams": args.teams,
              "report_interval_s": args.interval, "window_s": args.seconds,
              "consoles_per_instance": args.consoles[0], "cpus": os.cpu_count(),
              "load_before": [round(x, 2) for x in load0],
              **await across_instances(args),
              "load_after": [round(x, 2) for x in os.getloadavg()]})
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "telemetry.db"
        t0 = time.perf_counter()
        world = await prepare(f"sqlite+aiosqlite:///{db}", args.teams)
        prepared = time.perf_counter() - t0
        results = []
        for run in range(args.runs):
            for n in args.consoles:
                order = ("project", "bare") if run % 2 == 0 else ("bare", "project")
                for side in order:
                    results.append(await measure(side, db, world, n, args))
                    print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    emit({
        "bench": "server_telemetry",
        "teams": args.teams, "report_interval_s": args.interval, "tick_s": TICK,
        "window_s": args.seconds, "runs": args.runs, "province_share": args.province_share,
        "cpus": os.cpu_count(), "load_before": [round(x, 2) for x in load0],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "prepare_s": round(prepared, 1),
        "summary": _summary(results), "runs_detail": results,
    })


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("consoles", "terminals"):
        spec = json.loads(sys.argv[2])
        asyncio.run(consoles_main(spec) if sys.argv[1] == "consoles" else terminals_main(spec))
    elif sys.argv[1:] == ["bare-serve"]:
        asyncio.run(bare_serve())
    else:
        asyncio.run(main())
