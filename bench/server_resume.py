"""Resume at up to 1M distinct entities: a console that was away while N distinct incidents
were created reconnects with its cursor and catches up (a coalesced replay, ~500 events per
frame); the same database answers a cursor from before everything (most of the picture changed:
the server picks a snapshot by itself) and a login with no cursor (a snapshot). Target (DESIGN
§8): resume linear to 1M distinct entities, <= 5 µs per event. Prints JSON.

Each size's database holds ``before`` incidents the console had at its cursor (default: N, so
the N changed ones are half the picture and a replay is the answer) and then N creations of
distinct incidents. It is written straight into the server's tables with sqlite3 executemany
(rows as :meth:`Store.append` writes them), so a million events take seconds; the server loads
it at startup like any other database (its startup time and memory are reported).

The client reads each frame's type and counts its items without building them, so the time is
the server's (``--replica``: it decodes every frame into a replica, as the console does; then
the client's decoding bounds the time at large sizes). Progress goes to stderr. The floor,
measured in the same run: plain sqlite3 reading the changed rows (``SELECT ... FROM events
WHERE seq > cursor ORDER BY seq``, data included); ``vs_floor`` is the resume's time over it.
Sizes and clients are interleaved, ``--runs`` rounds; medians with min/max. The server runs in
a subprocess; its CPU comes from /proc/PID/stat.

    python bench/server_resume.py [--sizes 10000 100000 300000 1000000] [--runs 2]
    python bench/server_resume.py --sizes 300000 --runs 1 --profile /tmp/resume.prof
    python bench/server_resume.py --sizes 10000 100000 --replica
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import resource
import signal
import sqlite3
import sys
import tempfile
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
from server_common import BENCH_SETTINGS, ROOT, emit, median, prepare_db
from websockets.asyncio.client import connect

from protocol.codec import decode_server, encode_str
from protocol.entities import Incident
from protocol.messages import Hello, Positions, Resume, Snapshot, Welcome
from protocol.replica import Replica
from server.resume import resumption

_encoder = msgspec.json.Encoder()
_TICK = os.sysconf("SC_CLK_TCK")
SELF = Path(__file__).resolve()
ROWS_PER_BATCH = 50_000


@dataclass(frozen=True)
class Db:
    path: Path
    url: str
    server_id: str
    first: int  # the seq of the first bench event (a cursor before it: most changed)
    cursor: int  # the console's cursor: after the ``before`` incidents
    top: int
    picture: int  # entities with a logged change (what resumption() calls the picture)


def fill(path: Path, before: int, events: int) -> tuple[int, int, int, int]:
    """``before`` incident creations, then ``events`` creations of other incidents, written as
    Store.append writes entity and event rows; returns (first seq, cursor, top, picture)."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA synchronous=OFF")
        seq = max(int(con.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]),
                  int(con.execute("SELECT coalesce(max(value), 0) FROM meta "
                                  "WHERE key = 'pruned_through'").fetchone()[0]))
        first, cursor = seq + 1, seq + before
        now = datetime.now(UTC)
        ts = now.timestamp()
        ids = [f"old-{n:07d}" for n in range(before)] + [f"inc-{n:07d}" for n in range(events)]
        with con:
            for base in range(0, len(ids), ROWS_PER_BATCH):
                ent_rows, ev_rows = [], []
                for iid in ids[base : base + ROWS_PER_BATCH]:
                    seq += 1
                    data = _encoder.encode(Incident(
                        id=iid, version=1, number=f"ZJ-20261128-{iid}", type_code="11A01",
                        title=f"bench {iid}", lon=120.69, lat=28.15, jurisdiction="330324",
                        updated_at=now)).decode()
                    ent_rows.append(("incident", iid, 1, "330324", data))
                    ev_rows.append((seq, ts, "bench", "incident.create", None, "incident", iid,
                                    data))
                con.executemany("INSERT INTO entities (kind, id, version, jurisdiction, data) "
                                "VALUES (?, ?, ?, ?, ?)", ent_rows)
                con.executemany("INSERT INTO events (seq, ts, actor, op, command_id, kind, "
                                "entity_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ev_rows)
        picture = int(con.execute(
            "SELECT count(*) FROM (SELECT 1 FROM events GROUP BY kind, entity_id)").fetchone()[0])
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return first, cursor, seq, picture
    finally:
        con.close()


async def make_db(tmp: Path, size: int, before: int) -> tuple[Db, float]:
    path = tmp / f"resume-{size}.db"
    url = f"sqlite+aiosqlite:///{path}"
    await prepare_db(url, [("prov", "province", "330000")])
    t0 = time.perf_counter()
    first, cursor, top, picture = fill(path, before, size)
    filled = time.perf_counter() - t0
    con = sqlite3.connect(path)
    server_id = con.execute("SELECT value FROM meta WHERE key = 'server_id'").fetchone()[0]
    con.close()
    return Db(path, url, server_id, first, cursor, top, picture), filled


def floor_read(path: Path, cursor: int) -> dict[str, Any]:
    """Plain sqlite3 reading the rows changed after ``cursor``, data included."""
    con = sqlite3.connect(path)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        n = 0
        for _row in con.execute("SELECT seq, ts, actor, op, command_id, kind, entity_id, data "
                                "FROM events WHERE seq > ? ORDER BY seq", (cursor,)):
            n += 1
        return {"seconds": round(time.perf_counter() - t0, 4),
                "cpu_seconds": round(time.process_time() - c0, 4), "rows": n}
    finally:
        con.close()


def cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime


def memory_of(pid: int) -> dict[str, float]:
    status = dict(line.split(":", 1) for line in
                  Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {"rss_mib": round(int(status["VmRSS"].split()[0]) / 1024, 1),
            "peak_rss_mib": round(int(status["VmHWM"].split()[0]) / 1024, 1)}


@asynccontextmanager
async def server(db: Db, profile: str | None) -> Any:
    """The real server in a subprocess (``serve`` below); yields (pid, ws url, startup)."""
    cmd = [sys.executable, str(SELF), "serve", db.url]
    if profile:
        cmd.append(profile)
    t0 = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        *cmd, stdout=asyncio.subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 600)).decode()
        if not line.startswith("{"):
            raise RuntimeError(f"server did not start: {line!r}")
        started = json.loads(line)
        started["process_seconds"] = round(time.perf_counter() - t0, 3)
        started.update(memory_of(proc.pid))
        yield proc.pid, started.pop("url"), started
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                async with asyncio.timeout(120):
                    await proc.wait()
            except TimeoutError:
                proc.kill()
                await proc.wait()
                raise


class _Frame(msgspec.Struct):
    """What the light client reads of a frame: its type and its events or entities, unparsed."""

    type: str
    events: list[msgspec.Raw] = []
    entities: list[msgspec.Raw] = []
    final: bool = False


_light = msgspec.json.Decoder(_Frame)


async def catch_up(ws_url: str, pid: int, resume: Resume | None, replica: bool
                   ) -> dict[str, Any]:
    """hello (with ``resume``) -> the replay's end marker or the snapshot's final part.
    ``replica``: decode every frame with the protocol codec into a replica, as the console
    does; otherwise only the frame's type and its items are read (the client costs little, so
    the time is the server's)."""
    rep = Replica()
    cpu0, ccpu0 = cpu_of(pid), time.process_time()
    t0 = time.perf_counter()
    items = frames = 0
    async with connect(ws_url, compression=None, max_size=None) as ws:
        await ws.send(encode_str(Hello(protocol=1, user="prov", password="prov", resume=resume)))
        welcome = decode_server(await ws.recv())
        assert isinstance(welcome, Welcome), welcome
        while True:
            raw = await ws.recv()
            frames += 1
            if replica:
                msg = decode_server(raw)
                rep.apply(msg)  # type: ignore[arg-type]
                done = (isinstance(msg, Positions) if welcome.resumed
                        else isinstance(msg, Snapshot) and msg.final)
            else:
                light = _light.decode(raw)
                items += len(light.events) + len(light.entities)
                done = (light.type == "positions" if welcome.resumed
                        else light.type == "snapshot" and light.final)
            if done:
                break  # the replay's end marker, or the snapshot's last part
        elapsed = time.perf_counter() - t0
    out = {"seconds": round(elapsed, 4),
           "server_cpu_seconds": round(cpu_of(pid) - cpu0, 3),
           "client_cpu_seconds": round(time.process_time() - ccpu0, 3),
           "frames": frames, "replayed": welcome.resumed}
    if replica:
        out.update(incidents=rep.count("incident"), seq=rep.seq)
    else:
        out["items"] = items
    return out


def why(db: Db, cursor: int | None) -> str:
    """The reason resumption() gives for these numbers (the server's own decision is
    ``replayed``; this names it)."""
    resume = None if cursor is None else Resume(server_id=db.server_id, last_seq=cursor)
    changed = 0 if cursor is None else db.top - cursor
    return resumption(resume, server_id=db.server_id, pruned_through=0, current_seq=db.top,
                      changed=changed, picture=db.picture).why.name


def spread(values: list[float]) -> dict[str, float]:
    return {"median": median(values), "min": round(min(values), 4), "max": round(max(values), 4)}


async def bench(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    dbs: dict[int, Db] = {}
    fills: dict[int, float] = {}
    for size in args.sizes:
        dbs[size], fills[size] = await make_db(tmp, size, size if args.before is None
                                               else args.before)
    clients = {"replay": lambda db: db.cursor, "most_changed": lambda db: db.first - 1,
               "no_cursor": lambda db: None}
    runs: dict[int, dict[str, list[dict[str, Any]]]] = {
        s: {"floor": [], "startup": [], **{c: [] for c in clients}} for s in args.sizes}
    for rnd in range(args.runs):
        order = args.sizes if rnd % 2 == 0 else list(reversed(args.sizes))
        for size in order:
            db = dbs[size]
            runs[size]["floor"].append(floor_read(db.path, db.cursor))
            prof = f"{args.profile}.{size}" if args.profile else None
            async with server(db, prof) as (pid, ws_url, started):
                names = list(clients) if rnd % 2 == 0 else list(reversed(clients))
                for name in names:
                    cursor = clients[name](db)
                    res = None if cursor is None else Resume(server_id=db.server_id,
                                                             last_seq=cursor)
                    out = await catch_up(ws_url, pid, res, args.replica)
                    out["why"] = why(db, cursor)
                    runs[size][name].append(out)
                    print(json.dumps({"size": size, "client": name, **out}), file=sys.stderr,
                          flush=True)
                started.update({f"after_{k}": v for k, v in memory_of(pid).items()})
                runs[size]["startup"].append(started)
                print(json.dumps({"size": size, "startup": started}), file=sys.stderr, flush=True)
            runs[size]["floor"].append(floor_read(db.path, db.cursor))
    results: dict[str, Any] = {}
    for size in args.sizes:
        db, r = dbs[size], runs[size]
        replay = [x["seconds"] for x in r["replay"]]
        floor = median([x["seconds"] for x in r["floor"]])
        changed = db.top - db.cursor
        results[str(size)] = {
            "events_since_cursor": changed,
            "entities_in_picture": db.picture,
            "fill_seconds": round(fills[size], 2),
            "floor_seconds": spread([x["seconds"] for x in r["floor"]]),
            "resume_seconds": spread(replay),
            "resume_us_per_event": round(1e6 * median(replay) / changed, 2),
            "resume_server_cpu_us_per_event": round(
                1e6 * median([x["server_cpu_seconds"] for x in r["replay"]]) / changed, 2),
            "vs_floor": round(median(replay) / floor, 1) if floor else None,
            "replayed": r["replay"][0]["replayed"], "why": r["replay"][0]["why"],
            "most_changed_seconds": spread([x["seconds"] for x in r["most_changed"]]),
            "most_changed_replayed": r["most_changed"][0]["replayed"],
            "most_changed_why": r["most_changed"][0]["why"],
            "snapshot_seconds": spread([x["seconds"] for x in r["no_cursor"]]),
            "startup_load_seconds": spread([x["load_seconds"] for x in r["startup"]]),
            "startup_process_seconds": spread([x["process_seconds"] for x in r["startup"]]),
            "rss_mib_after_start": median([x["rss_mib"] for x in r["startup"]]),
            "peak_rss_mib": median([x["after_peak_rss_mib"] for x in r["startup"]]),
            "runs": r,
        }
    return results


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000, 1_000_000],
                   help="distinct incidents created after the console's cursor")
    p.add_argument("--before", type=int, default=None,
                   help="incidents the console already had at its cursor (default: the size)")
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--replica", action="store_true",
                   help="the client decodes every frame into a replica, as the console does")
    p.add_argument("--profile", default=None,
                   help="cProfile the server: stats to PROFILE.SIZE (one file per size)")
    args = p.parse_args()
    load0 = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        results = await bench(args, Path(tmp))
    emit({"bench": "server_resume", "loadavg_start": load0, "loadavg_end": os.getloadavg(),
          "runs": args.runs, "client": "replica" if args.replica else "light",
          "bench_peak_rss_mib":
          round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
          "results": results})


# -- the server subprocess -------------------------------------------------------------------
async def _serve(url: str, profile: str | None) -> None:
    from server.app import run_server

    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    t0 = time.perf_counter()
    async with run_server(url, settings=BENCH_SETTINGS) as srv:
        load = time.perf_counter() - t0
        print(json.dumps({"url": srv.url, "load_seconds": round(load, 3)}), flush=True)
        await stop.wait()
        if prof and profile:
            prof.disable()
            prof.dump_stats(profile)


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        asyncio.run(_serve(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
    else:
        asyncio.run(main())
