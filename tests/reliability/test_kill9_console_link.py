"""The console's own link and outbox ride through a kill -9 of the server.

A city desk's console (console.net Link + persistent Outbox, reconnecting on its own with
backoff) submits 90 incident reports at once to the real ``watchfloor server`` subprocess. At a
seeded answer the server gets SIGKILL and comes back on the same address and database; the
link finds it again, resumes and resends what the outbox still holds. Every command ends
acknowledged once, with the seq the log has for it, and the console's picture equals a fresh
snapshot of its user.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from console.net.outbox import DONE
from tests.fixtures.client import WireClient

from .console_process import ConsoleProcess
from .harness import POS, ServerProcess, add_users, event_log, incidents_of, picture

COMMANDS = 90


@pytest.mark.timeout(60)
@pytest.mark.parametrize("seed", [8, 52])
async def test_the_console_link_rides_through_a_server_kill9(db_url: str, tmp_path: Path,
                                                             seed: int) -> None:
    rng = random.Random(seed)
    kill_at = rng.randint(10, 70)
    await add_users(db_url, [("wz", "city", "330300"), ("prov", "province", "330000")])
    server = ServerProcess(db_url, tmp_path)
    console: ConsoleProcess | None = None
    try:
        url = await server.start()
        console = ConsoleProcess(url, "wz", tmp_path / "console")
        await asyncio.wait_for(console.live.wait(), 10)
        killed = asyncio.Event()

        def kill_once() -> None:
            if console is not None and console.answers == kill_at:
                server.kill9()
                killed.set()

        console.on_answer_hook = kill_once
        console.live.clear()
        for n in range(COMMANDS):
            lon, lat = POS[rng.choice(["330324", "330381"])]
            console.link.queue_command(
                "incident.create",
                {"type_code": "11A01", "lon": lon, "lat": lat, "title": f"link report {n}"},
            )
        await asyncio.wait_for(killed.wait(), 20)
        assert await server.wait_dead() < 0
        pending = console.outbox.pending_count()
        assert pending > 0, "every command was answered before the kill"
        await server.start(port=int(url.rsplit(":", 1)[1]))  # same address: the link finds it
        await asyncio.wait_for(console.settled.wait(), 20)
        assert console.live.is_set()  # it went live again on its own

        entries = console.outbox.recent(1000)
        assert len(entries) == COMMANDS and {e.state for e in entries} == {DONE}, [
            (e.code, e.message) for e in entries if e.state != DONE]
        print(f"seed {seed}: killed after {kill_at} answers with {pending} pending; the link "
              f"resumed {'by replay' if console.hello_resumed else 'with a snapshot'}")

        prov = await WireClient.login(url, "prov", "prov-pass")
        titles = [i.title for i in incidents_of(prov.replica)]
        await prov.close()
        assert sorted(titles) == sorted(f"link report {n}" for n in range(COMMANDS))
        fresh = await WireClient.login(url, "wz", "wz-pass")
        await fresh.close()
        await console.converge(picture(fresh.replica))
        await console.link.close()
        await console.gone()
        console = None
        await server.stop()

        events = await event_log(db_url)
        assert [ev.seq for ev in events] == list(range(1, len(events) + 1))
        logged = {ev.command_id: ev.seq for ev in events if ev.command_id}
        assert {e.id: e.seq for e in entries} == {e.id: logged[e.id] for e in entries}
    finally:
        if console is not None:
            console.crash()
            await console.gone()
        await server.ensure_stopped()
