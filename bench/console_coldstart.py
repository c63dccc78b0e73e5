"""Cold start of the console to a live picture, at 2,000 incidents + 1,000 teams and at
province scale (20,000 incidents + 5,000 teams), against a bare client in the same run.

Usage: python bench/console_coldstart.py [--sizes 2000x1000 20000x5000] [--runs 3]
       [--profile PATH]

For each size a server database is prepared once (through the real command handlers, 50-100
commands in flight so the server group-commits them) and the real server
(``watchfloor server``) runs in a subprocess on 127.0.0.1. Then, interleaved (console, bare,
console, bare ... over every size), a fresh process logs in as the provincial duty officer:

- **console**: the real console (offscreen, an empty data directory: no cached picture, so
  the whole picture comes from the server): ``MainWindow`` + ``Connection``, as ``watchfloor
  console`` builds them.
- **bare** (the baseline): the least any Qt client must do for the same picture: import
  PySide6, show an empty window, open a websocket, send ``hello``, read the snapshot frames
  and decode them with the protocol's typed decoder, paint the window once.

**Cold start** (``painted_s``) is the time from the moment the process is spawned to the
moment the live picture is on screen: the server's snapshot applied, the session live
(``Connection.live_ready``), every table model and the map fed with it (LiveModel flushed,
map redrawn) and the main window painted once (``QWidget.grab``). Also per run:
``live_s`` (live, before the paint), ``imports_s`` (Python + Qt + console imports, before any
window), ``connect_to_painted_s`` (from ``Connection.start`` to painted: the part that grows
with the picture), ``rss_mib`` (VmRSS after the paint), ``rss_picture_mib`` (VmRSS after the
paint minus VmRSS just before connecting: what the picture costs), ``bytes_per_entity`` (that
over incidents + teams), ``cpu_s`` (the process's user+sys at the paint: what ``painted_s``
would be on an idle machine, less the waits for the server), ``cpu_imports_s`` and
``cpu_connect_to_painted_s`` (its parts), and ``server_cpu_s`` (the server's user+sys during
the run, from /proc/PID/stat). The machine's load
(``os.getloadavg``) is printed before and after. Target (DESIGN §8): < 1 s at 20,000 + 5,000.
One console and one bare run before the measured ones are not counted: they write the
.pyc files (a shell with ``PYTHONDONTWRITEBYTECODE`` set would otherwise make every run
compile the console's 125 modules from source, as no installed console does) and warm the
OS file cache. ``--profile PATH`` writes a cProfile of one console run at the largest size
(pstats file).
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
IN_FLIGHT = 100  # commands the preparation keeps in flight (the server commits them in groups)


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

        def jobs():  # type: ignore[no-untyped-def]
            for n in range(teams):
                yield make("team.create", {
                    "name": f"队伍 {n}", "type": rng.choice(TEAM_TYPES),
                    "jurisdiction": rng.choice(COUNTIES), "base_lon": rng.uniform(119.0, 121.5),
                    "base_lat": rng.uniform(27.8, 30.6), "headcount": rng.randint(10, 80),
                    "capabilities": ["rescue"]}, f"bench-team-{n}")
            for n in range(incidents):
                lon, lat = point_in_province(rng)
                yield make("incident.create", {
                    "type_code": rng.choice(TYPES), "title": f"事件 {n}", "lon": lon, "lat": lat,
                    "grade": rng.choice(["I", "II", "III", "IV", None]),
                    "deaths": rng.randint(0, 5)}, f"bench-incident-{n}")

        batch: list[object] = []
        for job in jobs():
            batch.append(job)
            if len(batch) == IN_FLIGHT:
                await asyncio.gather(*batch)  # type: ignore[arg-type]
                batch = []
        await asyncio.gather(*batch)  # type: ignore[arg-type]


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def child_console(url: str, spawned: float, profile: str | None) -> None:
    """One console process: log in, wait for the live picture, paint, print timings."""
    t_imports0 = time.time()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
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
    cpu_imports = _cpu_s()

    async def run() -> dict[str, float]:
        apply_theme(app, "dark")
        live = LiveModel()
        conn = Connection(live, url, "bench", PASSWORD)
        settings = QSettings(str(data_dir() / "console.ini"), QSettings.Format.IniFormat)
        window = MainWindow(live, conn, settings)
        window.resize(1920, 1080)
        window.show()
        ready = asyncio.Event()
        conn.live_ready.connect(ready.set)
        rss0 = _rss_kib()
        t_connect = time.time()
        cpu_connect = _cpu_s()
        conn.start()
        await asyncio.wait_for(ready.wait(), 120)
        live.flush()
        t_live = time.time()
        rows = window.models["incident"].rowCount(), window.models["team"].rowCount()
        window.map.redraw()
        window.grab()
        t_painted = time.time()
        if prof is not None:
            prof.disable()
            prof.dump_stats(profile)
        rss = _rss_kib()
        cpu = _cpu_s()
        await conn.stop()
        return {"imports_s": t_imports - spawned, "live_s": t_live - spawned,
                "painted_s": t_painted - spawned, "connect_to_painted_s": t_painted - t_connect,
                "incident_rows": rows[0], "team_rows": rows[1],
                "python_start_s": t_imports0 - spawned, "rss_kib": rss,
                "rss_picture_kib": rss - rss0, "cpu_s": cpu, "cpu_imports_s": cpu_imports,
                "cpu_connect_to_painted_s": cpu - cpu_connect}

    out = loop.run_until_complete(run())
    print(json.dumps(out))


def child_bare(url: str, spawned: float) -> None:
    """The baseline: Qt up, one empty window, the snapshot read and decoded, one paint."""
    t_imports0 = time.time()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QWidget
    from websockets.sync.client import connect

    from protocol.codec import decode_server, encode
    from protocol.messages import PROTOCOL_VERSION, Hello, Snapshot

    app = QApplication([])
    window = QWidget()
    window.resize(1920, 1080)
    window.show()
    t_imports = time.time()
    cpu_imports = _cpu_s()
    rss0 = _rss_kib()
    t_connect = time.time()
    cpu_connect = _cpu_s()
    entities = 0
    with connect(url, max_size=None) as ws:
        ws.send(encode(Hello(protocol=PROTOCOL_VERSION, user="bench", password=PASSWORD,
                             client="bench-bare")).decode())
        while True:
            msg = decode_server(ws.recv())
            if isinstance(msg, Snapshot):
                entities += len(msg.entities)
                if msg.final:
                    break
    t_live = time.time()
    window.grab()
    app.processEvents()
    t_painted = time.time()
    rss = _rss_kib()
    print(json.dumps({"imports_s": t_imports - spawned, "live_s": t_live - spawned,
                      "painted_s": t_painted - spawned,
                      "connect_to_painted_s": t_painted - t_connect, "entities": entities,
                      "python_start_s": t_imports0 - spawned, "rss_kib": rss,
                      "rss_picture_kib": rss - rss0, "cpu_s": _cpu_s(),
                      "cpu_imports_s": cpu_imports,
                      "cpu_connect_to_painted_s": _cpu_s() - cpu_connect}))


def _proc_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _spawn(kind: str, url: str, data: Path, server_pid: int,
           profile: str | None = None) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WATCHFLOOR_DATA_DIR": str(data)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: .pyc written once, then read
    args = [sys.executable, __file__, "--child", kind, url]
    cpu0 = _proc_cpu_s(server_pid)
    spawned = time.time()
    out = subprocess.run([*args, str(spawned), profile or ""], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=180)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    result["server_cpu_s"] = _proc_cpu_s(server_pid) - cpu0
    return result


def _start_server(db: str) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "watchfloor", "server", "--db", db, "--host", "127.0.0.1",
         "--port", "0", "--log-level", "WARNING"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert server.stdout is not None
    line = server.stdout.readline()
    while line and not line.startswith("listening on"):
        line = server.stdout.readline()
    if not line:
        server.kill()
        raise RuntimeError("the server did not start")
    return server, line.split()[-1]


def _summary(runs: list[dict[str, float]], entities: int) -> dict[str, object]:
    keys = ("painted_s", "live_s", "connect_to_painted_s", "imports_s", "cpu_s",
            "cpu_imports_s", "cpu_connect_to_painted_s", "server_cpu_s")
    out: dict[str, object] = {
        k: {"median": round(statistics.median(r[k] for r in runs), 3),
            "min": round(min(r[k] for r in runs), 3), "max": round(max(r[k] for r in runs), 3)}
        for k in keys}
    rss = statistics.median(r["rss_kib"] for r in runs)
    picture = statistics.median(r["rss_picture_kib"] for r in runs)
    out["rss_mib_median"] = round(rss / 1024, 1)
    out["rss_picture_mib_median"] = round(picture / 1024, 1)
    out["bytes_per_entity"] = round(picture * 1024 / max(1, entities))
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", nargs="+", default=["2000x1000", "20000x5000"],
                   help="INCIDENTSxTEAMS")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--profile", help="write a cProfile of one console run at the largest size")
    p.add_argument("--child", nargs=4, metavar=("KIND", "URL", "SPAWNED", "PROFILE"),
                   help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        kind, url, spawned, profile = args.child
        if kind == "console":
            child_console(url, float(spawned), profile or None)
        else:
            child_bare(url, float(spawned))
        return
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        servers: list[tuple[subprocess.Popen[str], str]] = []
        prepare_s = []
        try:
            for n, (incidents, teams) in enumerate(sizes):
                db = f"sqlite+aiosqlite:///{Path(tmp) / f'bench-{n}.db'}"
                t0 = time.time()
                asyncio.run(prepare(db, incidents, teams))
                prepare_s.append(round(time.time() - t0, 1))
                servers.append(_start_server(db))
            runs: dict[tuple[int, str], list[dict[str, float]]] = {}
            for kind in ("console", "bare"):  # warm-up, not counted: .pyc and the OS file cache
                _spawn(kind, servers[0][1], Path(tmp) / f"warm-{kind}", servers[0][0].pid)
            for r in range(args.runs):
                for n, (server, url) in enumerate(servers):
                    for kind in ("console", "bare"):  # interleaved: A B A B over every size
                        profile = (args.profile if args.profile and r == 0 and kind == "console"
                                   and n == len(servers) - 1 else None)
                        data = Path(tmp) / f"console-{n}-{kind}-{r}"
                        runs.setdefault((n, kind), []).append(
                            _spawn(kind, url, data, server.pid, profile))
        finally:
            for server, _url in servers:
                server.terminate()
                server.wait(30)
    results = []
    for n, (incidents, teams) in enumerate(sizes):
        console, bare = runs[(n, "console")], runs[(n, "bare")]
        c, b = _summary(console, incidents + teams), _summary(bare, incidents + teams)
        results.append({
            "incidents": incidents, "teams": teams, "prepare_db_s": prepare_s[n],
            "console": c, "bare_client": b,
            "console_over_bare_painted": round(
                c["painted_s"]["median"] / b["painted_s"]["median"], 2),  # type: ignore[index]
            "rows": [console[0]["incident_rows"], console[0]["team_rows"]],
            "console_runs_painted_s": [round(x["painted_s"], 3) for x in console],
            "bare_runs_painted_s": [round(x["painted_s"], 3) for x in bare],
        })
    print(json.dumps({
        "benchmark": "console_coldstart", "runs": args.runs, "results": results,
        "target_painted_s": 1.0, "loadavg_before": [round(v, 2) for v in load_before],
        "loadavg_after": [round(v, 2) for v in os.getloadavg()],
        "platform": "offscreen", "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(), "python": platform.python_version(),
    }, indent=2))


if __name__ == "__main__":
    main()
