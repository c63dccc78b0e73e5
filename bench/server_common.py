"""Shared bench plumbing: a server in a subprocess (its own core), cheap-hash users, stats.

``python bench/server_common.py serve DB_URL [real-logins]`` runs the real server with bench
limits (rate limits, the login throttle and the session cap lifted, so one driver connection can
offer the load and hundreds of consoles log in as one user; ``real-logins`` keeps the last two
as in production) and prints its address.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from protocol.messages import Ack  # noqa: E402
from server.config import Settings  # noqa: E402
from server.login_throttle import Rule, ThrottlePolicy  # noqa: E402

# Hundreds of consoles log in as one user from 127.0.0.1, 50 at a time: no session cap, and a
# login throttle that never waits (it counts logins in flight as failures until they succeed).
_NEVER = Rule(free=10**9, base=0.0, cap=0.0)
BENCH_SETTINGS = Settings(commands_per_second=1e6, command_burst=10**6, send_queue_limit=200_000,
                          max_sessions_per_user=None,
                          login_throttle=ThrottlePolicy(pair=_NEVER, address=_NEVER, user=_NEVER))


def quantiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    v = sorted(values)
    return {
        "n": len(v),
        "p50_ms": round(1000 * v[len(v) // 2], 3),
        "p99_ms": round(1000 * v[min(len(v) - 1, int(len(v) * 0.99))], 3),
        "max_ms": round(1000 * v[-1], 3),
    }


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


async def prepare_db(url: str, users: list[tuple[str, str, str]]) -> None:
    """Create the database (jurisdictions logged in) and users (name, role, adcode) whose
    password is the name, hashed cheaply (bench logins should not measure Argon2)."""
    from server.app import run_server

    async with run_server(url, settings=BENCH_SETTINGS) as srv:
        for name, role, code in users:
            await srv.add_user(name, name, role=role, jurisdiction=code, cheap_hash=True)


@asynccontextmanager
async def server_process(url: str, *, real_logins: bool = False) -> Any:
    """The real server in a subprocess; yields its ws:// address. ``real_logins``: with the
    production login throttle and session cap (for bench/server_logins.py)."""
    async with server_process_pid(url, real_logins=real_logins) as (address, _pid):
        yield address


@asynccontextmanager
async def server_process_pid(url: str, *, real_logins: bool = False) -> Any:
    """:func:`server_process`, yielding (ws:// address, the server's process id) so a bench can
    read its CPU time (:func:`cpu_seconds`)."""
    async with listening_process(str(HERE), "serve", url,
                                 *(["real-logins"] if real_logins else [])) as out:
        yield out


@asynccontextmanager
async def listening_process(*args: str) -> Any:
    """``python *args`` in a subprocess that prints ``listening on ADDRESS`` when ready;
    yields (ADDRESS, pid); SIGTERM at the end (SIGKILL if it does not stop within 60 s)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *args,
        stdout=asyncio.subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        if not line.startswith("listening on "):
            raise RuntimeError(f"server did not start: {line!r}")
        yield line.split()[-1], proc.pid
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                async with asyncio.timeout(60):
                    await proc.wait()
            except TimeoutError:
                proc.kill()  # never leave a stuck server behind
                await proc.wait()
                raise


def own_cpu_seconds() -> float:
    """User + system CPU seconds of this process so far."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (all its threads), from
    /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def create_args(i: int) -> dict[str, Any]:
    return {"type_code": "11A01", "title": f"bench {i}", "lon": 120.69, "lat": 28.15}


def is_ack(out: object) -> bool:
    return isinstance(out, Ack)


def _dump_tasks() -> None:
    for task in asyncio.all_tasks():
        task.print_stack(limit=6, file=sys.stderr)


async def _serve(url: str, settings: Settings) -> None:
    import signal

    from server.app import run_server

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGUSR1, _dump_tasks)  # what a stuck server is waiting on
    async with run_server(url, settings=settings) as srv:
        print(f"listening on {srv.url}", flush=True)
        await stop.wait()


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__" and len(sys.argv) in (3, 4) and sys.argv[1] == "serve":
    real = replace(BENCH_SETTINGS, login_throttle=Settings.login_throttle,
                   max_sessions_per_user=Settings.max_sessions_per_user)
    asyncio.run(_serve(sys.argv[2], real if sys.argv[3:] == ["real-logins"] else BENCH_SETTINGS))
