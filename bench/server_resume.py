"""Resume of 100k events: a console that was away while 100,000 events were logged reconnects
with its cursor and catches up (coalesced replay, ~500 events per frame), against a fresh
snapshot login. The client decodes every frame with the protocol codec and applies it to a
replica, as the console does. Target (DESIGN §8): resume of 100k events <= 1 s. Prints JSON.

The console had 100k entities at its cursor; then two logs: ``distinct`` (100k creations:
nothing to coalesce, 100k events replayed) and ``hot`` (100k updates of 1,000 incidents:
replayed as 1,000 events). (When more than half of the picture changed the server sends a
snapshot instead; ``replayed`` says which it did.)

    python bench/server_resume.py [--events 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from server_common import emit, median, prepare_db, server_process
from websockets.asyncio.client import connect

from protocol.codec import decode_server, encode_str
from protocol.entities import Incident
from protocol.messages import Hello, Resume, Snapshot, Welcome
from protocol.replica import Replica
from server.storage import LoggedEvent, Store


async def fill(url: str, before: int, events: int, distinct: int) -> tuple[str, int]:
    """``before`` incident creations (the picture the console already has), then the cursor,
    then ``events`` events over ``distinct`` incidents; returns (server id, cursor)."""
    store = await Store.open(url)
    try:
        now = datetime.now(UTC)
        seq = await store.max_seq()
        versions: dict[str, int] = {}
        ids = [f"old-{n:06d}" for n in range(before)]
        ids += [f"inc-{k % distinct:06d}" for k in range(events)]
        cursor = seq + before
        chunk = 5000
        for base in range(0, len(ids), chunk):
            batch = []
            for iid in ids[base : base + chunk]:
                versions[iid] = versions.get(iid, 0) + 1
                seq += 1
                inc = Incident(id=iid, version=versions[iid], number=f"ZJ-20261128-{iid}",
                               type_code="11A01", title=f"bench {iid} v{versions[iid]}",
                               lon=120.69, lat=28.15, jurisdiction="330324", updated_at=now)
                batch.append(LoggedEvent(seq, now, "bench", "incident.update", None, inc))
            async with store.begin() as conn:
                await store.append(conn, batch)
        return await store.server_id(), cursor
    finally:
        await store.close()


async def catch_up(ws_url: str, resume: Resume | None) -> dict[str, Any]:
    replica = Replica()
    t0 = time.perf_counter()
    async with connect(ws_url, compression=None, max_size=None) as ws:
        await ws.send(encode_str(Hello(protocol=1, user="prov", password="prov", resume=resume)))
        welcome = decode_server(await ws.recv())
        assert isinstance(welcome, Welcome)
        target = welcome.current_seq
        frames = 0
        while replica.seq < target:
            msg = decode_server(await ws.recv())
            frames += 1
            replica.apply(msg)  # type: ignore[arg-type]
            if isinstance(msg, Snapshot) and msg.final:
                break
        elapsed = time.perf_counter() - t0
    return {"seconds": round(elapsed, 3), "frames": frames, "resumed": welcome.resumed,
            "incidents": replica.count("incident"), "seq": replica.seq}


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--before", type=int, default=100_000,
                   help="entities the console already had at its cursor")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    results: dict[str, Any] = {}
    for label, distinct in (("distinct", args.events), ("hot", 1000)):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite+aiosqlite:///{Path(tmp) / 'resume.db'}"
            await prepare_db(url, [("prov", "province", "330000")])
            t0 = time.perf_counter()
            server_id, cursor = await fill(url, args.before, args.events, distinct)
            filled = time.perf_counter() - t0
            async with server_process(url) as ws_url:
                resumes = [await catch_up(ws_url, Resume(server_id=server_id, last_seq=cursor))
                           for _ in range(args.runs)]
                snapshots = [await catch_up(ws_url, None) for _ in range(args.runs)]
            assert not any(s["resumed"] for s in snapshots)
            results[label] = {
                "events": args.events,
                "entities_before": args.before,
                "entities_changed": distinct,
                "fill_seconds": round(filled, 2),
                "median_resume_seconds": median([r["seconds"] for r in resumes]),
                "median_snapshot_seconds": median([s["seconds"] for s in snapshots]),
                "resume_frames": resumes[0]["frames"],
                # False: the server judged a snapshot cheaper than replaying most of the picture.
                "replayed": resumes[0]["resumed"],
                "runs": {"resume": resumes, "snapshot": snapshots},
            }
    emit({"bench": "server_resume", "results": results})


if __name__ == "__main__":
    asyncio.run(main())
