"""Console restarts (DESIGN.md §8) with the console's own parts: the persistent outbox, the
picture cache and the link.

A Wenzhou duty desk submits 30 incident reports at once; while they are being answered the
console dies (its socket just goes, its task is cancelled, nothing is flushed); its picture
cache is older than that, written after the 8th answer as the periodic save would. A new
console opens the same outbox and cache, resumes from the cached cursor, resends whatever the
outbox still holds and submits 30 more (updates of acknowledged reports, new reports). Every
command ends acknowledged exactly once, the event log agrees with the outbox's seqs, and the
new console's picture equals a fresh snapshot of the same user.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

import pytest

from console.net.outbox import DONE
from protocol.entities import Incident
from tests.conftest import running_server

from .console_process import ConsoleProcess
from .harness import POS, picture

USER = "wz"


def report(rng: random.Random, n: int) -> dict[str, Any]:
    lon, lat = POS[rng.choice(["330324", "330381"])]
    return {"type_code": "11A01", "title": f"restart report {n}", "lon": lon, "lat": lat}


@pytest.mark.timeout(60)
async def test_console_restart_resends_its_outbox_exactly_once(db_url: str, tmp_path: Path
                                                               ) -> None:
    rng = random.Random(7)
    async with running_server(db_url) as server:
        first = ConsoleProcess(server.url, USER, tmp_path)
        assert not first.cached
        await asyncio.wait_for(first.live.wait(), 10)

        def save_then_crash() -> None:
            if first.answers == 8:
                first.cache.save(first.session.replica, first.session.principal)
            elif first.answers == 15:
                first.crash()

        first.on_answer_hook = save_then_crash
        for n in range(30):
            first.link.queue_command("incident.create", report(rng, n))
        await asyncio.wait_for(first.gone(), 10)

        second = ConsoleProcess(server.url, USER, tmp_path)
        assert second.cached
        cursor = second.session.replica.seq
        pending = len(second.outbox.pending())
        assert pending > 0, "the crash came after every answer"
        await asyncio.wait_for(second.live.wait(), 10)
        created = [e for e in second.outbox.recent(1000) if e.state == DONE]
        for n in range(30, 60):
            if created and n % 2:
                target = rng.choice(created).result["id"]
                second.link.queue_command("incident.update", {"id": target, "note": f"note {n}"})
            else:
                second.link.queue_command("incident.create", report(rng, n))
        await asyncio.wait_for(second.settled.wait(), 20)

        entries = second.outbox.recent(1000)
        assert len(entries) == 60 and {e.state for e in entries} == {DONE}, [
            (e.op, e.code, e.message) for e in entries if e.state != DONE]
        resent = [e for e in entries if e.sent_count > 1]
        committed = [e for e in resent if e.seq is not None and e.seq <= second.server_seq]
        print(f"crash after 15 answers: {pending} pending, cache at seq {cursor}, resumed "
              f"{'by replay' if second.hello_resumed else 'with a snapshot'}, "
              f"{len(resent)} sent again, {len(committed)} of them already committed (ack lost)")

        events = await server.coordinator.store.events_after(0)
        assert [ev.seq for ev in events] == list(range(1, len(events) + 1))
        logged: dict[str, list[int]] = {}
        for ev in events:
            if ev.command_id:
                logged.setdefault(ev.command_id, []).append(ev.seq)
        for e in entries:
            assert e.seq is not None and logged[e.id] == list(range(logged[e.id][0], e.seq + 1)), (
                e.op, logged.get(e.id), e.seq)

        prov = await server.login("prov")
        titles = [i.title for i in prov.replica.all("incident") if isinstance(i, Incident)]
        assert len(titles) == len(set(titles)) == sum(e.op == "incident.create" for e in entries)
        notes = [t.text for i in prov.replica.all("incident") if isinstance(i, Incident)
                 for t in i.timeline if t.text.startswith("updated: note")]
        assert len(notes) == len(set(notes)) == sum(e.op == "incident.update" for e in entries)

        fresh = await server.login(USER)
        await second.converge(picture(fresh.replica))
        await second.link.close()
        await second.gone()
