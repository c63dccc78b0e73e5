"""kill -9 on a link, at the two points that matter (server/faults.py): the child after it
sent events up but before it heard the parent's ack, and the parent after it applied them
but before it acknowledged. Both platforms are real server processes; the restarted side
picks up from the mark stored with the applied events. Zero acknowledged commands lost or
applied twice, both logs gap-free."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest

from protocol.messages import Ack
from tests.fixtures.client import WireClient
from tests.reliability.harness import ROOT, ServerProcess, add_users, event_log

CHILD = "330381"
INCIDENT = {"type_code": "11A01", "title": "飞云江险情", "lon": 120.64, "lat": 27.78,
            "jurisdiction": CHILD}


def _platform_add(db: str, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "watchfloor", "platform", "add", CHILD,
                    "--out", str(out), "--db", db], cwd=ROOT, check=True, capture_output=True,
                   timeout=60)


async def _created_on_parent(db: str, ids: set[str], within: float = 60.0) -> None:
    async with asyncio.timeout(within):
        while True:
            log = await event_log(db)
            if ids <= {e.entity.id for e in log}:
                return
            await asyncio.sleep(0.1)  # polled: another process's database


async def _check_logs(parent_db: str, child_db: str, ids: set[str]) -> None:
    for db in (parent_db, child_db):
        log = await event_log(db)
        assert [e.seq for e in log] == list(range(1, len(log) + 1)), "seq gap"
        twice = [k for k, n in Counter((e.entity.id, e.entity.version) for e in log).items()
                 if n > 1]
        assert not twice, f"applied twice: {twice[:3]}"
        assert ids <= {e.entity.id for e in log}


async def _commands(url: str, n: int, acked: dict[str, str]) -> list[str]:
    """Send ``n`` incident.create; returns every command id; ``acked`` gets id -> incident
    id for each ack before the connection ended."""
    client = await WireClient.login(url, "ra", "ra-pass")
    cids = [uuid.uuid4().hex for _ in range(n)]
    try:
        for i, cid in enumerate(cids):
            out = await client.command("incident.create", {**INCIDENT, "title": f"险情{i}"},
                                       id=cid)
            if isinstance(out, Ack):
                acked[cid] = out.result["id"]
    except (OSError, TimeoutError, Exception):  # the server died under us
        pass
    finally:
        await client.close()
    return cids


async def _resend(url: str, cids: list[str], acked: dict[str, str]) -> None:
    client = await WireClient.login(url, "ra", "ra-pass")
    try:
        for i, cid in enumerate(cids):
            out = await client.command("incident.create", {**INCIDENT, "title": f"险情{i}"},
                                       id=cid)
            assert isinstance(out, Ack), out
            assert acked.get(cid, out.result["id"]) == out.result["id"]  # the same outcome
            acked[cid] = out.result["id"]
    finally:
        await client.close()


@pytest.mark.parametrize("victim", ["child", "parent"])
async def test_kill9_at_the_link(victim: str, tmp_path: Path) -> None:
    parent_db = f"sqlite:///{tmp_path / 'province.db'}"
    child_db = f"sqlite:///{tmp_path / 'ruian.db'}"
    cred = tmp_path / "ruian-link.json"
    marker = tmp_path / "killed"
    point = "uplink.sent" if victim == "child" else "link.applied"
    fault = {"WATCHFLOOR_FAULT": f"{point}:{marker}"}
    parent = ServerProcess(parent_db, tmp_path, env=fault if victim == "parent" else None,
                           name="province")
    _platform_add(parent_db, cred)
    await add_users(child_db, [("ra", "county", CHILD)])
    try:
        await parent.start()
        child = ServerProcess(child_db, tmp_path, ("--platform", CHILD, "--upstream", parent.url,
                                                   "--link-credential", str(cred)),
                              env=fault if victim == "child" else None, name="ruian")
        try:
            await child.start()
            acked: dict[str, str] = {}
            cids = await _commands(child.url, 30, acked)
            victim_proc = child if victim == "child" else parent
            assert await victim_proc.wait_dead() == -9
            assert marker.exists()
            if victim == "child":
                await child.start()
            else:
                await parent.start(port=parent.port)
            await _resend(child.url, cids, acked)  # the console resends what was unanswered
            await _created_on_parent(parent_db, set(acked.values()))
            await _check_logs(parent_db, child_db, set(acked.values()))
            assert len(set(acked.values())) == len(cids)
        finally:
            await child.ensure_stopped()
    finally:
        await parent.ensure_stopped()
