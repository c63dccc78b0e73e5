"""``watchfloor demo``: server + simulator + console on a fresh demo database, in one command.

    watchfloor demo [--linked] [--speed N] [--port N] [--screenshot PATH [--at HOURS]]

Starts, as child processes of this one (``python -m watchfloor ...``): the server on a new
SQLite database in a temporary directory (removed at exit) with ``--seed demo``; once it prints its
``listening on`` line, the simulator playing the Typhoon Haiyan-D exercise; and the console
logged in as the provincial duty officer ``prov``. Ctrl+C, or closing the console window, stops
all three (console first, then simulator, then server, each given time to finish cleanly).

``--screenshot PATH`` needs no display: it waits until the scenario reaches hour ``--at``
(default 46: after landfall, teams on scene, materials on the road), runs the console with
``--screenshot`` offscreen, and stops everything once the PNGs are written: PATH (the
console), PATH-dashboard.png, PATH-report.png (the situation report's first page, with
PATH-report.pdf and PATH-report.md beside it) and PATH-replay.png (the replay of the moment
halfway through the exercise so far).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from asyncio.subprocess import Process
from pathlib import Path

from console.platform_libs import xcb_problem
from resources.demo import password as demo_password

DEFAULT_SPEED = 432.0  # 72 scenario hours in 10 minutes
SCREENSHOT_SPEED = 3000.0  # a screenshot of hour 46 in about a minute
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 10.0
LISTENING = re.compile(r"listening on (wss?://\S+)")
SIM_RUNNING = "simulation running"
QUIET = "INFO websockets."  # one line per connection: 170 of them at start and stop


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="watchfloor demo", description=__doc__.split("\n\n")[0])
    p.add_argument("--speed", type=float, default=None,
                   help=f"scenario time compression (default {DEFAULT_SPEED:.0f}: 72 h in "
                        f"10 min; {SCREENSHOT_SPEED:.0f} with --screenshot)")
    p.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    p.add_argument("--screenshot", type=Path, default=None,
                   help="write a PNG of the console mid-scenario and stop (no display needed)")
    p.add_argument("--at", type=float, default=None, metavar="HOURS",
                   help="scenario hour of the screenshot (default 46; 39 with --linked, while "
                        "Ruian's link is cut)")
    p.add_argument("--linked", action="store_true",
                   help="the province's platform and Ruian county's, linked; the exercise cuts "
                        "Ruian's link around landfall and restores it")
    return p.parse_args(argv)


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


NO_DISPLAY = """\
watchfloor demo: no display (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM are unset), so the
console cannot open a window. Take a screenshot of the exercise instead:

    watchfloor demo --screenshot watchfloor.png

or run the parts yourself and connect a console from a machine with a screen:

    watchfloor server --seed demo --port 8765
    watchfloor sim --server ws://127.0.0.1:8765
"""


class Child:
    """A ``python -m watchfloor <command>`` child whose output is echoed with a prefix."""

    def __init__(self, name: str, proc: Process, stop_signal: int) -> None:
        self.name = name
        self.proc = proc
        self.stop_signal = stop_signal
        self.lines: asyncio.Queue[str] = asyncio.Queue()
        self.pump = asyncio.create_task(self._echo(), name=f"echo-{name}")

    @classmethod
    async def start(cls, name: str, args: list[str], env: dict[str, str],
                    stop_signal: int = signal.SIGINT) -> Child:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "watchfloor", *args, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # Ctrl+C reaches only us; we stop the children in order
        )
        return cls(name, proc, stop_signal)

    async def _echo(self) -> None:
        assert self.proc.stdout is not None
        async for raw in self.proc.stdout:
            line = raw.decode(errors="replace").rstrip()
            if QUIET not in line:
                print(f"[{self.name}] {line}", flush=True)
            self.lines.put_nowait(line)

    async def wait_for(self, pattern: re.Pattern[str] | str, timeout_s: float) -> str:
        """The first output line matching ``pattern``; RuntimeError if the child exits first."""
        async def scan() -> str:
            while True:
                get = asyncio.create_task(self.lines.get())
                exited = asyncio.create_task(self.proc.wait())
                done, _ = await asyncio.wait({get, exited}, return_when=asyncio.FIRST_COMPLETED)
                if get not in done:
                    get.cancel()
                    raise RuntimeError(f"{self.name} exited with {self.proc.returncode}")
                exited.cancel()
                line = get.result()
                if (pattern.search(line) if isinstance(pattern, re.Pattern)
                        else pattern in line):
                    return line

        return await asyncio.wait_for(scan(), timeout_s)

    async def stop(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(self.stop_signal)
            try:
                await asyncio.wait_for(self.proc.wait(), STOP_TIMEOUT_S)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
                await self.proc.wait()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.pump, STOP_TIMEOUT_S)
        print(f"watchfloor demo: {self.name} stopped ({self.proc.returncode})", flush=True)


async def first_exit(children: list[Child], stop: asyncio.Event) -> None:
    """Return when ``stop`` is set, the console closes or the server dies."""
    waits: list[asyncio.Task[object]] = [asyncio.create_task(stop.wait())]
    waits += [asyncio.create_task(c.proc.wait()) for c in children
              if c.name in ("console", "server")]
    _, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()


async def run_demo(args: argparse.Namespace, stop: asyncio.Event) -> int:
    speed = args.speed or (SCREENSHOT_SPEED if args.screenshot else DEFAULT_SPEED)
    workdir = Path(tempfile.mkdtemp(prefix="watchfloor-demo-"))
    env = {**os.environ, "WATCHFLOOR_PASSWORD": os.environ.get("WATCHFLOOR_PASSWORD")
           or demo_password(), "WATCHFLOOR_DATA_DIR": str(workdir / "console"),
           "PYTHONUNBUFFERED": "1"}
    if args.screenshot and not has_display():
        env["QT_QPA_PLATFORM"] = "offscreen"
    children: list[Child] = []
    print(f"watchfloor demo: a fresh database in {workdir} (removed at exit)", flush=True)
    if args.at is None:
        args.at = 39.0 if args.linked else 46.0
    if args.linked:
        from .demo_linked import run_linked

        try:
            return await run_linked(args, stop, env, workdir, speed, env["WATCHFLOOR_PASSWORD"])
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            print("watchfloor demo: stopped", flush=True)
    try:
        server = await Child.start("server", [
            "server", "--db", f"sqlite+aiosqlite:///{workdir / 'demo.db'}",
            "--port", str(args.port), "--seed", "demo"], env)
        children.append(server)
        match = LISTENING.search(await server.wait_for(LISTENING, START_TIMEOUT_S))
        assert match is not None
        url = match.group(1)
        sim = await Child.start("sim", ["sim", "--server", url, "--speed", f"{speed:g}"], env)
        children.append(sim)
        await sim.wait_for(SIM_RUNNING, START_TIMEOUT_S)
        console_args = ["console", "--server", url, "--user", "prov"]
        if args.screenshot is not None:
            hold = args.at * 3600.0 / speed
            print(f"watchfloor demo: screenshot at scenario hour {args.at:g} "
                  f"(in {hold:.0f} s)", flush=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), hold)
            if stop.is_set():
                return 130
            console_args += ["--screenshot", str(args.screenshot.resolve()), "--screenshot-extra"]
        console = await Child.start("console", console_args, env, stop_signal=signal.SIGTERM)
        children.append(console)
        print(f"watchfloor demo: running on {url}; user prov, password in "
              "resources/demo/README.md. Ctrl+C or close the console to stop.", flush=True)
        await first_exit(children, stop)
        if args.screenshot is not None:
            ok = console.proc.returncode == 0 and args.screenshot.exists()
            print(
                "watchfloor demo: screenshot "
                f"{'saved to ' + str(args.screenshot) if ok else 'failed'}",
                flush=True,
            )
            return 0 if ok else 1
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"watchfloor demo: {exc or 'timed out'}", file=sys.stderr, flush=True)
        return 1
    finally:
        for child in reversed(children):
            await child.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        print("watchfloor demo: stopped", flush=True)


async def _main(args: argparse.Namespace) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    started = time.monotonic()
    code = await run_demo(args, stop)
    print(f"watchfloor demo: ran {time.monotonic() - started:.0f} s", flush=True)
    return code


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.screenshot is None and not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    problem = xcb_problem()
    if problem:  # before starting a server and a simulator for a console that cannot open
        print(problem, file=sys.stderr)
        return 2
    return asyncio.run(_main(args))
