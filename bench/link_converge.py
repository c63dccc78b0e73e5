"""Linked platforms after a cut: how long a province platform and a county platform (Ruian)
take to converge once the link heals with N events waiting each way, how many bytes crossed
the link per event, and the seq lag the child reports while it drains. Prints JSON.

Both platforms run in this process on SQLite files (each with its own database, as in
production), linked through a TCP proxy on 127.0.0.1 that counts bytes. During the cut the
county creates N incidents and the province issues N orders to it (the province's come down,
the county's go up) plus N/10 province notes on a county incident (queued commands, decided
by the county when the link is back). Converged: both pictures equal for the county's
jurisdiction and both outboxes empty (polled every 50 ms: the check itself walks both pictures).

Baseline in the same run: a console of the province that was away for the same 2N events
resumes over the ordinary protocol (a coalesced replay); ``vs_console_resume`` is the link's
convergence time over it. Runs are interleaved; medians with min and max; CPU time of the
process is recorded.

    python bench/link_converge.py [--events 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from protocol.enums import Role  # noqa: E402
from protocol.messages import Ack, Queued, Resume  # noqa: E402
from server.domain.api import Actor  # noqa: E402
from tests.conftest import running_server  # noqa: E402
from tests.fixtures.client import WireClient  # noqa: E402
from tests.fixtures.link_proxy import LinkProxy  # noqa: E402
from tests.link.conftest import (  # noqa: E402
    CHILD,
    LINK_SETTINGS,
    Linked,
    add_child,
    child_platform,
    picture_diff,
)

RA = Actor(user="ra", role=Role.COUNTY, jurisdiction=CHILD)
PROV = Actor(user="prov", role=Role.PROVINCE, jurisdiction="330000")
INCIDENT = {"type_code": "11A01", "title": "险情", "lon": 120.64, "lat": 27.78,
            "jurisdiction": CHILD}


async def one_run(n: int, work: Path) -> dict[str, Any]:
    async with running_server(f"sqlite+aiosqlite:///{work / 'p.db'}", **LINK_SETTINGS,
                              commands_per_second=1e6, command_burst=10**6) as parent:
        cred = await add_child(parent.srv, CHILD, work)
        async with LinkProxy(parent.srv.port) as proxy, child_platform(
                f"sqlite+aiosqlite:///{work / 'c.db'}", CHILD, proxy.url, cred) as child:
            await Linked.link_up_of(child)
            cc, pc = child.coordinator, parent.srv.coordinator
            first = await cc.execute(RA, "incident.create", INCIDENT)
            assert isinstance(first, Ack)
            lk = Linked(parent, child, proxy, cred)
            await lk.converged()
            watcher = await WireClient.login(parent.url, "prov", "prov-pass")
            cursor = (watcher.replica.server_id, watcher.replica.seq)
            await watcher.close()
            proxy.cut()
            for i in range(n):
                assert isinstance(await cc.execute(RA, "incident.create",
                                                   {**INCIDENT, "title": f"险情{i}"}), Ack)
                assert isinstance(await pc.execute(PROV, "order.issue", {
                    "text": f"指令{i}", "addressees": [CHILD]}), Ack)
                if i % 10 == 0:
                    q = await pc.execute(PROV, "incident.note",
                                         {"id": first.result["id"], "text": f"批示{i}"})
                    assert isinstance(q, Queued), q
            before = dict(proxy.bytes)
            lags = []
            cpu0 = time.process_time()
            t0 = time.perf_counter()
            proxy.heal()
            while await picture_diff(parent.srv, child, CHILD):
                lags.append(child.links.peers["330000"].lag if child.links else 0)
                await asyncio.sleep(0.05)
            converge = time.perf_counter() - t0
            cpu = time.process_time() - cpu0
            up = proxy.bytes["up"] - before["up"]
            down = proxy.bytes["down"] - before["down"]
            # baseline: a province console resuming over the same events
            t1 = time.perf_counter()
            resumed = await WireClient.login(parent.url, "prov", "prov-pass",
                                             resume=Resume(server_id=cursor[0] or "",
                                                           last_seq=cursor[1]))
            await resumed.wait_replica(lambda r: r.seq >= parent.srv.coordinator.state.seq)
            resume_s = time.perf_counter() - t1
            await resumed.close()
            events = 2 * n + n // 10
            return {"converge_s": converge, "cpu_s": cpu, "bytes_up": up, "bytes_down": down,
                    "bytes_per_event": (up + down) / events, "events": events,
                    "max_child_lag": max(lags, default=0), "console_resume_s": resume_s}


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as d:
            runs.append(await one_run(args.events, Path(d)))
    keys = runs[0].keys()
    out: dict[str, Any] = {k: summary([r[k] for r in runs]) for k in keys}
    out["vs_console_resume"] = summary([r["converge_s"] / r["console_resume_s"] for r in runs])
    out["setup"] = {"events_each_way": args.events, "runs": args.runs,
                    "python": platform.python_version(), "cpus": os.cpu_count(),
                    "load": os.getloadavg()[0]}
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    print(json.dumps(asyncio.run(main_async(args)), indent=1))


if __name__ == "__main__":
    main()
