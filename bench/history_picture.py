"""history.picture at past moments of a long log: the server rebuilds the picture after a seq
from the newest checkpoint at or below it plus the events after it, read from storage in pages
(server.history.rebuild), then answers it scoped and paged. Prints JSON.

The log: ``--picture`` incidents (spread over five counties) created, then updated at random
until the log holds ``--events`` events, bulk-inserted into a temporary SQLite file (one
transaction, synchronous off: building the log is not what is measured). Checkpoints are then
written as the server writes them (server.history.write_checkpoints: every max(1000, picture)
events). For each moment (a fraction of the log) and each mode (``checkpoints``: from the
nearest checkpoint; ``log``: from the first event) the whole picture is fetched as a county
(Yongjia, a fifth of the incidents) and as the province (all), every page of 2,000, on a fresh
History (no cache) each run. Wall and CPU time: median and spread of ``--runs`` runs; peak
Python memory: tracemalloc over one more run (slower, not timed). maxrss: the process's
high-water mark at the end (includes building the log).

    python bench/history_picture.py [--events 100000 1000000] [--picture 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
from server_common import emit, median

from protocol.commands import HistoryPicture
from protocol.entities import Incident
from protocol.enums import Role
from server import history
from server.domain import scope
from server.domain.api import Actor
from server.fanout import ScopeRules
from server.storage import Store

COUNTIES = ["330324", "330381", "330302", "330303", "330304"]
T0 = datetime(2026, 7, 1, tzinfo=UTC)
ACTORS = {"county": Actor("yj", Role.COUNTY, "330324"),
          "province": Actor("prov", Role.PROVINCE, "330000")}


async def build(path: Path, events: int, picture: int, seed: int = 1) -> float:
    """The log in a new SQLite file; seconds it took."""
    started = time.perf_counter()
    url = f"sqlite+aiosqlite:///{path}"
    store = await Store.open(url)  # the schema, by the migrations
    await store.close()
    enc = msgspec.json.Encoder()
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    versions = [0] * picture
    chunk: list[tuple[Any, ...]] = []
    sql = ("INSERT INTO events (seq, ts, actor, op, command_id, kind, entity_id, data) "
           "VALUES (?, ?, ?, ?, NULL, 'incident', ?, ?)")
    for seq in range(1, events + 1):
        n = seq - 1 if seq <= picture else rng.randrange(picture)
        versions[n] += 1
        ts = T0 + timedelta(seconds=seq)
        inc = Incident(id=f"inc-{n:07d}", version=versions[n], number=f"ZJ-{n:07d}",
                       type_code="11A01", title=f"bench {n} v{versions[n]}",
                       lon=120.0 + n % 100 / 100, lat=28.0 + n % 50 / 100,
                       jurisdiction=COUNTIES[n % len(COUNTIES)], updated_at=ts, reported_at=ts)
        chunk.append((seq, ts.timestamp(), "bench",
                      "incident.create" if versions[n] == 1 else "incident.update",
                      inc.id, enc.encode(inc).decode()))
        if len(chunk) == 20_000:
            db.executemany(sql, chunk)
            chunk.clear()
    db.executemany(sql, chunk)
    db.commit()
    db.close()
    return time.perf_counter() - started


async def fetch(store: Store, actor: Actor, seq: int, checkpoints: bool) -> int:
    """The whole picture at ``seq`` as ``actor`` sees it, paged; how many entities."""
    h = history.History(store, ScopeRules.of(scope), checkpoints=checkpoints)
    after = None
    n = 0
    while True:
        page = await h.picture(actor, HistoryPicture(seq=seq, after=after, limit=2000), seq)
        n += len(page["entities"])
        after = page["next"]
        if after is None:
            return n


async def measure(store: Store, seq: int, actor: Actor, checkpoints: bool, runs: int
                  ) -> dict[str, Any]:
    walls, cpus = [], []
    n = 0
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        n = await fetch(store, actor, seq, checkpoints)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    tracemalloc.start()
    await fetch(store, actor, seq, checkpoints)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    below = await store.checkpoint_below(seq) if checkpoints else None
    return {
        "entities": n,
        "replayed_events": seq - (below or 0),
        "wall_s": {"median": median(walls), "min": round(min(walls), 3),
                   "max": round(max(walls), 3),
                   "stdev": round(statistics.stdev(walls), 3) if len(walls) > 1 else 0.0},
        "cpu_s": {"median": median(cpus), "min": round(min(cpus), 3),
                  "max": round(max(cpus), 3)},
        "peak_python_mib": round(peak / 2**20, 1),
    }


async def one_size(events: int, picture: int, runs: int, moments: list[float],
                   tmp: Path) -> dict[str, Any]:
    path = tmp / f"log-{events}.db"
    built = await build(path, events, picture)
    store = await Store.open(f"sqlite+aiosqlite:///{path}")
    try:
        started = time.perf_counter()
        written = await history.write_checkpoints(store)
        cp_s = time.perf_counter() - started
        out: dict[str, Any] = {
            "events": events, "picture": picture, "build_s": round(built, 1),
            "db_mib": round(path.stat().st_size / 2**20, 1),
            "checkpoints": {"written": written, "seconds": round(cp_s, 1)},
            "moments": [],
        }
        for fraction in moments:
            seq = max(1, int(events * fraction))
            row: dict[str, Any] = {"fraction": fraction, "seq": seq}
            for mode, use in (("checkpoints", True), ("log", False)):
                for who, actor in ACTORS.items():
                    row[f"{mode}_{who}"] = await measure(store, seq, actor, use, runs)
            out["moments"].append(row)
        return out
    finally:
        await store.close()
        path.unlink(missing_ok=True)


async def main(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="wf-history-") as tmp:
        sizes = [await one_size(n, min(args.picture, n), args.runs, args.moments, Path(tmp))
                 for n in args.events]
    return {"bench": "history_picture", "runs": args.runs, "sizes": sizes,
            "maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--picture", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--moments", type=float, nargs="+", default=[0.1, 0.5, 0.99])
    emit(asyncio.run(main(ap.parse_args())))
