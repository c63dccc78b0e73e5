"""The GUI thread's longest stall while commands are queued in the outbox and answered.

Usage: QT_QPA_PLATFORM=offscreen python bench/console_outbox.py [--burst 10] [--bursts 8]
       [--stream 200] [--every-ms 20]

The console's real command path on a qasync loop, as in the console: ``Link.queue_command``
(check against the op's struct, store in the SQLite outbox with ``synchronous=FULL``) and, a
little later, the answer recorded with ``Outbox.resolve`` as the link does on an ack. The link
is not connected, so nothing is sent: what is measured is the outbox's cost to the GUI thread.
A 5 ms QTimer heartbeat measures the event loop; a gap between beats is a stall.

Two loads: ``burst`` queues ``--burst`` commands in one handler (dispatching ten teams from one
form) and answers them together 250 ms later, ``--bursts`` times; ``stream`` queues one
command every ``--every-ms`` and answers each 10 ms later. Prints JSON per load: heartbeat
max / p99 gap, stalls over 50 ms (each with the GUI thread's own CPU time during it, to tell
our stalls from the OS running other processes on a shared machine), and the GUI thread's time
inside queue + answer calls per command. The outbox file is in a fresh temporary directory on the
machine's disk.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import qasync  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from console.net.link import Link  # noqa: E402
from console.net.outbox import Entry, Outbox  # noqa: E402
from protocol.commands import IncidentNote  # noqa: E402
from protocol.messages import Ack  # noqa: E402
from protocol.session import ClientSession  # noqa: E402

HEARTBEAT_MS = 5


class Heart:
    """Beats every HEARTBEAT_MS on the GUI thread and keeps the gaps between beats."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.stalls: list[tuple[float, float]] = []  # (gap ms, GUI thread CPU ms in it)
        self._last = time.perf_counter()
        self._cpu = time.thread_time()
        self._timer = QTimer()
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gap = now - self._last
        self.gaps.append(gap)
        if gap > 0.050:
            self.stalls.append((round(1000 * gap, 1), round(1000 * (cpu - self._cpu), 1)))
        self._last, self._cpu = now, cpu

    def start(self) -> None:
        self._last, self._cpu = time.perf_counter(), time.thread_time()
        self._timer.start(HEARTBEAT_MS)

    def stop(self) -> None:
        self._timer.stop()


async def run_load(name: str, link: Link, schedule: list[tuple[float, int]], answer_after: float
                   ) -> dict[str, object]:
    """``schedule``: (at seconds, commands to queue then). Each group is answered together
    ``answer_after`` seconds later."""
    loop = asyncio.get_running_loop()
    spent = [0.0]
    queued = [0]

    def timed(fn: Callable[[], None]) -> None:
        t = time.perf_counter()
        fn()
        spent[0] += time.perf_counter() - t

    def answer(entries: list[Entry]) -> None:
        for n, e in enumerate(entries):
            link.outbox.resolve(Ack(id=e.id, seq=n + 1))

    def queue(count: int) -> None:
        entries = [link.queue_command("incident.note", IncidentNote(id="i-1", text=f"note {n}"))
                   for n in range(count)]
        queued[0] += count
        loop.call_later(answer_after, timed, lambda: answer(entries))

    heart = Heart()
    heart.start()
    t0 = loop.time()
    for at, count in schedule:
        loop.call_at(t0 + at, timed, lambda count=count: queue(count))
    await asyncio.sleep(schedule[-1][0] + answer_after + 0.3)
    heart.stop()
    g = sorted(heart.gaps)
    return {
        "load": name,
        "commands": queued[0],
        "heartbeat_max_gap_ms": round(1000 * g[-1], 1),
        "heartbeat_p99_gap_ms": round(1000 * g[int(len(g) * 0.99)], 1),
        "stalls_over_50ms": len(heart.stalls),
        "stalls_ms_and_gui_cpu_ms": heart.stalls,
        "gui_ms_per_command": round(1000 * spent[0] / max(1, queued[0]), 2),
    }


async def main_async(args: argparse.Namespace, folder: Path) -> list[dict[str, object]]:
    outbox = Outbox(folder / "outbox.sqlite3")
    link = Link("ws://127.0.0.1:9", ClientSession("bench", password="x"), outbox)
    bursts = [(0.3 + 0.5 * k, args.burst) for k in range(args.bursts)]
    stream = [(0.3 + args.every_ms / 1000 * k, 1) for k in range(args.stream)]
    results = [
        await run_load(f"burst of {args.burst}", link, bursts, 0.25),
        await run_load(f"stream, one per {args.every_ms} ms", link, stream, 0.01),
    ]
    outbox.close()
    return results


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--burst", type=int, default=10)
    p.add_argument("--bursts", type=int, default=8)
    p.add_argument("--stream", type=int, default=200)
    p.add_argument("--every-ms", type=int, default=20)
    args = p.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                            capture_output=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp, loop:
        results = loop.run_until_complete(main_async(args, Path(tmp)))
    print(json.dumps({
        "bench": "console_outbox",
        "commit": commit,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "results": results,
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
