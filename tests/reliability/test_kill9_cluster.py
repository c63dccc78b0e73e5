"""kill -9 of one of two server instances sharing one PostgreSQL database (DESIGN.md §6, §8).

Instances A and B (real ``watchfloor server`` subprocesses) serve two consoles each; updates
often hit incidents reported through the other instance, so each instance must have caught up
with the other's log before it validates. At a seeded point A gets SIGKILL; its consoles move
to B with their session tokens and cursors and resend what A left unanswered. Nothing acked is
lost or applied twice, incident numbers stay unique across instances, the log is gap-free, and
every console, including a city desk that watched B all along, converges to B's snapshot.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from protocol.messages import Ack
from tests.fixtures.client import WireClient

from .harness import (
    Driver,
    IncidentStream,
    ServerProcess,
    add_users,
    check_log,
    converge,
    effects_once,
    event_log,
    follow,
    incidents_of,
    keep_going,
    picture,
)

ON_A = ["a1", "a2"]
ON_B = ["b1", "b2"]
PER_WRITER = 60


@pytest.mark.postgres
@pytest.mark.timeout(60)
@pytest.mark.parametrize("seed", [3, 41])
async def test_kill9_of_one_instance_loses_and_duplicates_nothing(
    pg_url: str, tmp_path: Path, seed: int
) -> None:
    kill_at = random.Random(seed).randint(30, 180)
    await add_users(pg_url, [(w, "province", "330000") for w in ON_A + ON_B]
                    + [("watch", "city", "330300")])
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = ServerProcess(pg_url, tmp_path / "a"), ServerProcess(pg_url, tmp_path / "b")
    clients: list[WireClient] = []
    try:
        url_a = await a.start()
        url_b = await b.start()
        watch = await WireClient.login(url_b, "watch", "watch-pass")
        clients.append(watch)
        following = asyncio.create_task(follow(watch))

        stream = IncidentStream(seed, ON_A + ON_B, PER_WRITER)
        drivers = [Driver(w, stream.plan, window=4) for w in ON_A + ON_B]
        acked: set[str] = set()

        def count(_d: Driver, answer: object) -> None:
            if isinstance(answer, Ack):
                acked.add(answer.id)
                if len(acked) == kill_at:
                    a.kill9()

        for d in drivers:
            d.on_answer = count
            await d.connect(url_a if d.user in ON_A else url_b)
        async with asyncio.timeout(40):  # A's consoles carry on at B
            await asyncio.gather(*(keep_going(d, url_b) for d in drivers))
        assert await a.wait_dead() < 0, "instance A was not killed mid-stream"
        moved = [d for d in drivers if d.user in ON_A]
        assert all(d.links for d in moved), "A's consoles never lost their link"
        assert sum(len(d.answers) for d in drivers) == len(drivers) * PER_WRITER
        print(f"seed {seed}: A killed after {kill_at} acks; "
              f"{sum(len(d.resent) for d in moved)} resent to B, "
              f"{sum(len(d.committed_unacked()) for d in moved)} of them committed by A")

        following.cancel()
        await asyncio.gather(following, return_exceptions=True)
        for user, client in [(d.user, d.link) for d in drivers] + [("watch", watch)]:
            now = await WireClient.login(url_b, user, f"{user}-pass")
            clients.append(now)
            await converge(client, picture(now.replica))
        final = await WireClient.login(url_b, "a1", "a1-pass")
        clients.append(final)
        effects_once(incidents_of(final.replica), drivers)
        numbers = [i.number for i in incidents_of(final.replica)]
        assert len(numbers) == len(set(numbers)), "two instances handed out the same number"

        for client in clients + [d.link for d in drivers]:
            await client.close()
        clients.clear()
        await b.stop()
        check_log(await event_log(pg_url), drivers)
    finally:
        for client in clients:
            await client.close()
        await a.ensure_stopped()
        await b.ensure_stopped()
