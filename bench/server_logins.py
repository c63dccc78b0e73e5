"""Password guessing against one account: 8 connections from 127.0.0.1 send wrong passwords as
fast as the server answers, for ``--seconds`` per account. Prints JSON.

Two accounts: ``real`` (argon2-cffi's default cost, what ``watchfloor user add`` makes) and
``demo`` (the cheap hash of the demo data). ``sustained_guesses_per_s`` counts the password
checks (``unauthorized`` answers) after the first 5 failures, over the rest of the run;
``throttled_per_s`` counts the hellos refused with ``rate_limited`` without a check. Each
account is attacked on a fresh server process (the throttle's state is in memory).

    python bench/server_logins.py [--seconds 15] [--connections 8]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from server_common import BENCH_SETTINGS, emit, server_process
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol.codec import decode_server, encode_str
from protocol.messages import Error, Hello

FREE = 5  # failures before the first wait (server/login_throttle.py); before it: no throttle


async def prepare(url: str) -> None:
    from server.app import run_server

    async with run_server(url, settings=BENCH_SETTINGS) as srv:
        await srv.add_user("real", "real-password", role="county", jurisdiction="330324")
        await srv.add_user("demo", "demo-password", role="county", jurisdiction="330324",
                           cheap_hash=True)


async def guess(url: str, user: str) -> str:
    """One hello with a wrong password: the error code answered."""
    try:
        async with connect(url, compression=None) as ws:
            await ws.send(encode_str(Hello(protocol=1, user=user, password="wrong guess")))
            msg = decode_server(await ws.recv())
    except ConnectionClosed:
        return "closed"
    return msg.code.value if isinstance(msg, Error) else type(msg).__name__


async def attack(url: str, user: str, seconds: float, connections: int) -> dict[str, Any]:
    checked: list[float] = []  # when each password check was answered
    counts: dict[str, int] = {}
    start = time.perf_counter()
    end = start + seconds

    async def worker() -> None:
        while time.perf_counter() < end:
            code = await guess(url, user)
            counts[code] = counts.get(code, 0) + 1
            if code == "unauthorized":
                checked.append(time.perf_counter())

    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - start
    checked.sort()
    after = checked[FREE:]
    window = elapsed - (checked[FREE - 1] - start) if len(checked) >= FREE else elapsed
    return {
        "account": user,
        "seconds": round(elapsed, 1),
        "answers": counts,
        "sustained_guesses_per_s": round(len(after) / window, 2) if window > 0 else 0.0,
        "throttled_per_s": round(counts.get("rate_limited", 0) / elapsed, 1),
    }


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=15.0)
    p.add_argument("--connections", type=int, default=8)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'logins.db'}"
        await prepare(url)
        results = []
        for user in ("real", "demo"):  # a fresh server each: no throttle state carried over
            async with server_process(url, real_logins=True) as ws_url:
                results.append(await attack(ws_url, user, a.seconds, a.connections))
    emit({"bench": "server_logins", "connections": a.connections, "results": results})


if __name__ == "__main__":
    asyncio.run(main())
