"""Durable commands per second and ack latency (p50/p99) through real websocket clients.

The server runs in a subprocess on SQLite (WAL, synchronous=FULL) or the --db given; each
client sends ``incident.create`` and waits for its ack before the next (acks come only after
commit). Prints JSON: per run and the medians over runs. Target (DESIGN §8): >= 200 durable
commands/s, p99 ack < 50 ms.

    python bench/server_commands.py [--clients 1 10] [--commands 300] [--runs 3] [--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from pathlib import Path

import msgspec
from server_common import create_args, emit, median, prepare_db, quantiles, server_process
from websockets.asyncio.client import connect

_enc = msgspec.json.Encoder()


class _Head(msgspec.Struct):
    type: str
    id: str | None = None


_head = msgspec.json.Decoder(_Head)


async def one_client(url: str, user: str, n: int, latencies: list[float]) -> None:
    async with connect(url, compression=None, max_size=None) as ws:
        await ws.send(_enc.encode({"type": "hello", "protocol": 1, "user": user, "password": user}),
                      text=True)
        while _head.decode(await ws.recv()).type != "snapshot":
            pass
        for i in range(n):
            cid = uuid.uuid4().hex
            t0 = time.perf_counter()
            await ws.send(_enc.encode({"type": "command", "id": cid, "op": "incident.create",
                                       "args": create_args(i)}), text=True)
            while True:
                head = _head.decode(await ws.recv())
                if head.type in ("ack", "error") and head.id == cid:
                    break
            if head.type != "ack":
                raise RuntimeError("command refused")
            latencies.append(time.perf_counter() - t0)


async def run(url: str, clients: int, per_client: int) -> dict[str, object]:
    latencies: list[float] = []
    t0 = time.perf_counter()
    await asyncio.gather(*(one_client(url, "yj", per_client, latencies) for _ in range(clients)))
    elapsed = time.perf_counter() - t0
    return {"clients": clients, "commands": len(latencies),
            "commands_per_s": round(len(latencies) / elapsed, 1), **quantiles(latencies)}


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, nargs="+", default=[1, 10])
    p.add_argument("--commands", type=int, default=300, help="per client and run")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--db", default="")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await prepare_db(url, [("yj", "county", "330324")])
        async with server_process(url) as ws_url:
            results = []
            for clients in args.clients:
                runs = [await run(ws_url, clients, args.commands) for _ in range(args.runs)]
                results.append({
                    "clients": clients,
                    "median_commands_per_s": median([r["commands_per_s"] for r in runs]),  # type: ignore[misc]
                    "median_p50_ms": median([r["p50_ms"] for r in runs]),  # type: ignore[misc]
                    "median_p99_ms": median([r["p99_ms"] for r in runs]),  # type: ignore[misc]
                    "runs": runs,
                })
    emit({"bench": "server_commands", "db": "sqlite" if not args.db else args.db.split(":")[0],
          "results": results})


if __name__ == "__main__":
    asyncio.run(main())
