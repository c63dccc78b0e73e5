"""Sign-in to first pixels and to a live picture, without and with the start-up splash.

Usage: python bench/console_splash.py [--incidents 2000] [--teams 1000] [--runs 3]

Prepares a server database once (bench/console_coldstart.py's ``prepare``), runs the real
server in a subprocess, then for each run and each mode starts a fresh console process
(offscreen, empty data directory) that signs in as the provincial duty officer the way the
app does (Connection started, first ONLINE state), and from that moment measures:

- ``first_pixels_s``: something is painted for the user: before (``mode: window``, the old
  path) the main window after its import and construction; after (``mode: splash``) the
  splash;
- ``window_s``: the main window is built and shown (painted once);
- ``live_s``: the picture is live and, with the splash, the splash has closed.

Each run is done with a cold boundaries cache (a fresh XDG_CACHE_HOME: the first start on a
machine) and a warm one. Prints one JSON object with each run and the medians.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.console_coldstart import PASSWORD, prepare  # noqa: E402

MODES = ("window", "splash")


def child(url: str, mode: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from console.net.cache import data_dir
    from console.net.link import ONLINE
    from console.qt.live import LiveModel
    from console.qt.shell.connection import Connection
    from console.qt.shell.login import SignedIn, first_outcome
    from console.qt.shell.theme import apply_theme

    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def run() -> dict[str, float | str]:
        apply_theme(app, "dark")
        live = LiveModel()
        conn = Connection(live, url, "bench", PASSWORD)
        settings = QSettings(str(data_dir() / "console.ini"), QSettings.Format.IniFormat)
        ready = asyncio.Event()
        conn.live_ready.connect(ready.set)
        conn.start()
        state = await first_outcome(conn)
        assert state.status == ONLINE, state
        t0 = time.monotonic()
        if mode == "window":
            from console.qt.shell.main_window import MainWindow

            window = MainWindow(live, conn, settings)
            window.resize(1920, 1080)
            window.show()
            window.grab()
            t_first = t_window = time.monotonic()
            await asyncio.wait_for(ready.wait(), 60)
            live.flush()
        else:
            from console.qt.shell.app import open_window
            from console.qt.shell.splash import StartSplash

            splash = StartSplash()
            done = asyncio.Event()
            splash.done.connect(done.set)
            await splash.show_now()
            t_first = time.monotonic()
            window = await open_window(SignedIn(live, conn), settings, splash)
            window.resize(1920, 1080)
            window.show()
            window.grab()
            t_window = time.monotonic()
            splash.follow(live, conn)
            await asyncio.wait_for(done.wait(), 60)
            live.flush()
        window.map.redraw()
        window.grab()
        t_live = time.monotonic()
        rows = window.models["incident"].rowCount()
        await conn.stop()
        return {"mode": mode, "first_pixels_s": round(t_first - t0, 3),
                "window_s": round(t_window - t0, 3), "live_s": round(t_live - t0, 3),
                "incident_rows": rows}

    try:
        print(json.dumps(loop.run_until_complete(run())))
    finally:
        loop.close()  # and its worker threads (the boundaries loader's)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--incidents", type=int, default=2000)
    p.add_argument("--teams", type=int, default=1000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--platform", default="offscreen",
                   help="Qt platform of the consoles, e.g. xcb with DISPLAY set")
    p.add_argument("--child", nargs=2, metavar=("URL", "MODE"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        asyncio.run(prepare(db, args.incidents, args.teams))
        server = subprocess.Popen(
            [sys.executable, "-m", "watchfloor", "server", "--db", db, "--port", "0",
             "--log-level", "WARNING"], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        runs = []
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            while line and not line.startswith("listening on"):
                line = server.stdout.readline()
            url = line.split()[-1]
            warm_cache = Path(tmp) / "warm-cache"
            for n in range(args.runs):
                for cache in ("cold", "warm"):
                    for mode in MODES:
                        xdg = (Path(tmp) / f"cold-{n}-{mode}") if cache == "cold" else warm_cache
                        env = {**os.environ, "QT_QPA_PLATFORM": args.platform,
                               "XDG_CACHE_HOME": str(xdg),
                               "WATCHFLOOR_DATA_DIR": str(Path(tmp) / f"c-{n}-{cache}-{mode}")}
                        out = subprocess.run(
                            [sys.executable, __file__, "--child", url, mode],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)
                        if out.returncode != 0:
                            raise RuntimeError(out.stderr[-3000:])
                        runs.append({"cache": cache,
                                     **json.loads(out.stdout.strip().splitlines()[-1])})
        finally:
            server.terminate()
            server.wait(30)
    median = {
        f"{mode}/{cache}": {k: round(statistics.median(
            r[k] for r in runs if r["mode"] == mode and r["cache"] == cache), 3)
            for k in ("first_pixels_s", "window_s", "live_s")}
        for mode in MODES for cache in ("cold", "warm")}
    print(json.dumps({
        "benchmark": "console_splash", "incidents": args.incidents, "teams": args.teams,
        "platform": args.platform, "runs": runs, "median": median,
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(), "python": platform.python_version(),
    }, indent=2))


if __name__ == "__main__":
    main()
