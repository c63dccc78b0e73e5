"""Screenshots of the dashboard dock as a duty officer sees it: the demo scenario (Typhoon
Haiyan-D exercise) played to a late hour, the console signed in as ``prov`` in a 1920×1080
main window with the dashboards dock raised at its default size. Not a test (a person looks
at the pictures); run it on an X display of that size::

    Xvfb :25 -screen 0 1920x1080x24 &
    DISPLAY=:25 python -m tests.e2e.dashboard_shots OUT_DIR [--lang zh] [--hold 60]
    DISPLAY=:25 QT_SCALE_FACTOR=1.25 python -m tests.e2e.dashboard_shots OUT_DIR

It writes ``OUT_DIR/window.png`` (the console), ``OUT_DIR/dock.png`` (the dock) and one
``OUT_DIR/<card>.png`` per chart through the chart's own PNG export. ``import -window root``
on the same display gives the whole screen.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import sys
import tempfile
from pathlib import Path

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

LISTENING = re.compile(r"listening on (wss?://\S+)")


async def _start(args: list[str], env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "watchfloor", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)


async def _line(proc: asyncio.subprocess.Process, pattern: re.Pattern[str] | str) -> str:
    assert proc.stdout is not None
    while True:
        raw = await asyncio.wait_for(proc.stdout.readline(), 120)
        if not raw:
            raise RuntimeError(f"exited before {pattern}")
        line = raw.decode(errors="replace")
        if (pattern.search(line) if isinstance(pattern, re.Pattern) else pattern in line):
            return line


async def _drain(proc: asyncio.subprocess.Process) -> None:
    assert proc.stdout is not None
    while await proc.stdout.readline():
        pass


async def shoot(out: Path, lang: str, hold_s: float, speed: float) -> None:
    from console.qt.live import LiveModel
    from console.qt.shell.app import install_language
    from console.qt.shell.connection import Connection
    from console.qt.shell.main_window import MainWindow
    from console.qt.shell.theme import apply_theme
    from resources.demo import password

    work = Path(tempfile.mkdtemp(prefix="wf-dash-"))
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "WATCHFLOOR_PASSWORD": password()}
    server = await _start(["server", "--db", f"sqlite+aiosqlite:///{work / 'demo.db'}",
                           "--port", "0", "--seed", "demo"], env)
    procs = [server]
    try:
        match = LISTENING.search(await _line(server, LISTENING))
        assert match is not None
        url = match.group(1)
        drains = [asyncio.create_task(_drain(server))]
        sim = await _start(["sim", "--server", url, "--speed", f"{speed:g}"], env)
        procs.append(sim)
        await _line(sim, "simulation running")
        drains.append(asyncio.create_task(_drain(sim)))
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_theme(app, "dark")
        install_language(app, lang)
        live = LiveModel()
        connection = Connection(live, url, "prov", password(), data_base=work / "console")
        conf = QSettings(str(work / "console.ini"), QSettings.Format.IniFormat)
        window = MainWindow(live, connection, conf)
        screen = app.primaryScreen().availableGeometry()  # 1920×1080 device pixels
        window.setGeometry(screen)
        window.show()
        window.docks["dashboards"].raise_()
        connection.start()
        await asyncio.sleep(hold_s)  # the scenario plays on; the console follows it live
        live.flush()
        window.dashboard.refresh()
        await asyncio.sleep(1.0)
        window.grab().save(str(out / "window.png"))
        window.docks["dashboards"].grab().save(str(out / "dock.png"))
        for card in window.dashboard.cards:
            card.export_png(out / f"{card.name}.png")
        shot = await asyncio.create_subprocess_exec("import", "-window", "root",
                                                    str(out / "screen.png"))
        await shot.wait()
        size = window.dashboard.size()
        print(f"dashboard {size.width()}x{size.height()}, cards "
              + ", ".join(f"{c.name} {c.width()}x{c.height()}" for c in window.dashboard.cards))
        await connection.stop()
        window.close()
        for task in drains:
            task.cancel()
    finally:
        for proc in reversed(procs):
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.wait(), 15)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m tests.e2e.dashboard_shots")
    p.add_argument("out", type=Path)
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.add_argument("--hold", type=float, default=60.0, help="seconds the scenario plays")
    p.add_argument("--speed", type=float, default=3000.0)
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(shoot(args.out, args.lang, args.hold, args.speed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
