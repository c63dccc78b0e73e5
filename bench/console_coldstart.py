"""Cold start of the console to a live picture, with 2,000 incidents and 1,000 teams.

Usage: python bench/console_coldstart.py [--incidents 2000] [--teams 1000] [--runs 5]

Prepares a server database once (through the real command handlers), runs the real server
(``watchfloor server``) in a subprocess, then for each run starts a fresh console process
(offscreen, empty data directory: no cached picture) that logs in as the provincial duty
officer. Measured per run, from the moment the process is spawned:

- ``live_s``: the snapshot is applied and every table holds it (LiveModel flushed);
- ``painted_s``: the main window has been painted once after that (``QWidget.grab``);
- ``imports_s``: of which Python + Qt + console imports before any window exists.

Prints one JSON object with each run and the medians. Target (DESIGN §8): < 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-pass"
TYPES = ["11A01", "11D01", "12G00", "12D02", "11B01", "11G00"]
TEAM_TYPES = ["fire_rescue", "flood", "forest_fire", "usar_geo", "social", "medical"]
COUNTIES = ["330106", "330324", "330381", "330212", "331082", "330782", "330802", "331121"]


def point_in_province(rng: random.Random) -> tuple[float, float]:
    """A random point of the box around Zhejiang that lies in one of its counties (the
    server refuses incidents elsewhere)."""
    from server.domain.jurisdictions import locate

    while True:
        lon, lat = rng.uniform(119.0, 121.5), rng.uniform(27.8, 30.6)
        if locate(lon, lat) is not None:
            return lon, lat


async def prepare(db_url: str, incidents: int, teams: int) -> None:
    from server.app import run_server
    from server.domain.api import SYSTEM

    rng = random.Random(7)
    async with run_server(db_url) as srv:
        await srv.add_user("bench", PASSWORD, role="province", jurisdiction="330000",
                           cheap_hash=True)
        ex = srv.coordinator.execute

        async def make(op: str, args: dict[str, object], cid: str) -> None:
            out = await ex(SYSTEM, op, args, command_id=cid)
            if type(out).__name__ != "Ack":
                raise RuntimeError(f"{op} refused: {out}")

        jobs = []
        for n in range(teams):
            jobs.append(make("team.create", {
                "name": f"队伍 {n}", "type": rng.choice(TEAM_TYPES),
                "jurisdiction": rng.choice(COUNTIES), "base_lon": rng.uniform(119.0, 121.5),
                "base_lat": rng.uniform(27.8, 30.6), "headcount": rng.randint(10, 80),
                "capabilities": ["rescue"]}, f"bench-team-{n}"))
        for n in range(incidents):
            lon, lat = point_in_province(rng)
            jobs.append(make("incident.create", {
                "type_code": rng.choice(TYPES), "title": f"事件 {n}", "lon": lon, "lat": lat,
                "grade": rng.choice(["I", "II", "III", "IV", None]),
                "deaths": rng.randint(0, 5)}, f"bench-incident-{n}"))
        for start in range(0, len(jobs), 50):  # concurrent: the server commits them in groups
            await asyncio.gather(*jobs[start:start + 50])


def child(url: str, spawned: float) -> None:
    """One console process: log in, wait for the live picture, paint, print timings."""
    t_imports0 = time.time()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from console.net.cache import data_dir
    from console.qt.live import LiveModel
    from console.qt.shell.connection import Connection
    from console.qt.shell.main_window import MainWindow
    from console.qt.shell.theme import apply_theme

    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    t_imports = time.time()

    async def run() -> dict[str, float]:
        apply_theme(app, "dark")
        live = LiveModel()
        conn = Connection(live, url, "bench", PASSWORD)
        settings = QSettings(str(data_dir() / "console.ini"), QSettings.Format.IniFormat)
        window = MainWindow(live, conn, settings)
        window.show()
        ready = asyncio.Event()
        conn.live_ready.connect(ready.set)
        conn.start()
        await asyncio.wait_for(ready.wait(), 60)
        live.flush()
        t_live = time.time()
        rows = window.models["incident"].rowCount(), window.models["team"].rowCount()
        window.map.redraw()
        window.grab()
        t_painted = time.time()
        await conn.stop()
        return {"imports_s": t_imports - spawned, "live_s": t_live - spawned,
                "painted_s": t_painted - spawned, "incident_rows": rows[0],
                "team_rows": rows[1], "python_start_s": t_imports0 - spawned}

    out = loop.run_until_complete(run())
    print(json.dumps(out))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--incidents", type=int, default=2000)
    p.add_argument("--teams", type=int, default=1000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--child", nargs=2, metavar=("URL", "SPAWNED"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child[0], float(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.time()
        asyncio.run(prepare(db, args.incidents, args.teams))
        prepare_s = time.time() - t0
        server = subprocess.Popen(
            [sys.executable, "-m", "watchfloor", "server", "--db", db, "--port", "0",
             "--log-level", "WARNING"],
            stdout=subprocess.PIPE, text=True, cwd=ROOT)
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            while line and not line.startswith("listening on"):
                line = server.stdout.readline()
            url = line.split()[-1]
            runs = []
            for n in range(args.runs):
                env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                       "WATCHFLOOR_DATA_DIR": str(Path(tmp) / f"console-{n}")}
                spawned = time.time()
                out = subprocess.run(
                    [sys.executable, __file__, "--child", url, str(spawned)],
                    capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
                if out.returncode != 0:
                    raise RuntimeError(out.stderr[-3000:])
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        finally:
            server.terminate()
            server.wait(30)
    med = {k: round(statistics.median(r[k] for r in runs), 3)
           for k in ("python_start_s", "imports_s", "live_s", "painted_s")}
    print(json.dumps({
        "benchmark": "console_coldstart", "incidents": args.incidents, "teams": args.teams,
        "runs": runs, "median": med, "target_s": 3.0, "prepare_db_s": round(prepare_s, 1),
        "cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
        "python": platform.python_version(),
    }, indent=2))


if __name__ == "__main__":
    main()
