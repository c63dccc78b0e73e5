"""How much field traffic the simulator sustains: every demo team dispatched at once, all
driving and reporting positions at a chosen real-time interval.

    python bench/sim_load.py [--teams 161] [--interval 0.2] [--seconds 20] [--speed 100]

The server runs in a child process with the demo seed (its own core); the simulator runs here,
so the CPU figure is the simulator's alone. The provincial desk counts the fixes that come
back through the server's conflated telemetry.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from protocol.replica import Changes  # noqa: E402
from resources.demo import password  # noqa: E402
from simulator.runner import SimConfig, Simulation  # noqa: E402


async def start_server(db: Path) -> tuple[asyncio.subprocess.Process, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "watchfloor", "server", "--db", f"sqlite+aiosqlite:///{db}",
        "--port", "0", "--seed", "demo", "--log-level", "WARNING",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    assert proc.stdout is not None
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 120)).decode()
        if not line:
            raise RuntimeError("server exited")
        found = re.search(r"listening on (ws://\S+)", line)
        if found:
            return proc, found.group(1)


async def bench(teams: int, interval: float, seconds: float, speed: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        server, url = await start_server(Path(tmp) / "bench.db")
        sim = Simulation(SimConfig(url=url, password=password(), scenario=None, speed=speed,
                                   teams=teams, position_real_s=interval))
        try:
            t_login = time.perf_counter()
            await sim.start()
            login_s = time.perf_counter() - t_login
            prov = sim.desks["prov"]
            received = 0

            def count(changes: Changes) -> None:
                nonlocal received
                received += len(changes.positions)

            prov.on_changes = count
            incident = await prov.command("incident.create", {
                "type_code": "11A02", "title": "Bench: every team to Wenzhou", "lon": 120.66,
                "lat": 28.02, "jurisdiction": "330302", "exercise": True})
            for t in sim.terminals:
                await prov.command("assignment.dispatch", {"team_id": t.crew.team.id,
                                                           "incident_id": incident["id"]})
            stop = asyncio.Event()
            runner = asyncio.create_task(sim.run(stop))
            await asyncio.sleep(5 * 60 / speed + 2)  # turnout: everyone on the road
            sent0, recv0 = sim.stats.positions, received
            cpu0, wall0 = time.process_time(), time.perf_counter()
            await asyncio.sleep(seconds)
            wall = time.perf_counter() - wall0
            cpu = time.process_time() - cpu0
            moving = sum(1 for t in sim.terminals if t.crew.moving)
            sent, recv = sim.stats.positions - sent0, received - recv0
            stop.set()
            await runner
        finally:
            await sim.close()
            server.terminate()
            await server.wait()
    return {"terminals": len(sim.terminals), "moving_at_end": moving,
            "login_s": round(login_s, 2), "interval_s": interval,
            "positions_sent_per_s": round(sent / wall, 1),
            "positions_seen_by_province_per_s": round(recv / wall, 1),
            "sim_cpu_percent": round(100 * cpu / wall, 1),
            "status_reports": sim.stats.reports, "refused_reports": sim.stats.refused_reports}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--teams", type=int, default=161)
    p.add_argument("--interval", type=float, default=0.2)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--speed", type=float, default=100.0)
    a = p.parse_args()
    print(json.dumps(asyncio.run(bench(a.teams, a.interval, a.seconds, a.speed)), indent=1))


if __name__ == "__main__":
    main()
