"""kill -9 of the server mid-stream (DESIGN.md §8): zero acknowledged commands lost or
duplicated, every resend gets its original outcome, the event log stays gap-free, and
consoles resuming from any cursor converge to the server's picture.

The real ``watchfloor server`` runs as a subprocess. Four consoles keep four durable commands
in flight each (incident.create, incident.update), 300 in all; at a seeded point, inside the
handling of one ack, the server gets SIGKILL. It restarts on the same database; before anything
is resent, a fresh snapshot must hold every command acknowledged before the kill exactly once.
Then every console reconnects with its session token and resume cursor, resends each
unanswered command under its id, asks again for a few answered ones (same ack, same seq), and
finishes the stream.
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
    picture,
    resume,
    resumed,
)

WRITERS = ["w1", "w2", "w3", "w4"]
PER_WRITER = 75
OBSERVERS = [("prov", "province", "330000"), ("wz", "city", "330300")]  # old cursors
WATCHERS = [("watch_p", "province", "330000"), ("watch_c", "city", "330300")]  # live, read-only


@pytest.mark.timeout(60)
@pytest.mark.parametrize("seed", [11, 29, 73])
async def test_kill9_mid_stream_loses_and_duplicates_nothing(
    db_url: str, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    kill_at = rng.randint(30, 240)  # acks seen before the kill
    await add_users(db_url, [(w, "province", "330000") for w in WRITERS] + OBSERVERS + WATCHERS)
    server = ServerProcess(db_url, tmp_path)
    clients: list[WireClient] = []
    try:
        url = await server.start()
        # Observers take their picture before the stream: their cursors will be old.
        old = {name: await WireClient.login(url, name, f"{name}-pass") for name, _, _ in OBSERVERS}
        for client in old.values():
            await client.close()
        # Watchers follow the live traffic, through the kill and after.
        live = {name: await WireClient.login(url, name, f"{name}-pass") for name, _, _ in WATCHERS}
        following = [asyncio.create_task(follow(c)) for c in live.values()]

        stream = IncidentStream(seed, WRITERS, PER_WRITER)
        drivers = [Driver(w, stream.plan, window=4) for w in WRITERS]
        acked_before: set[str] = set()

        def count(d: Driver, answer: object) -> None:
            if isinstance(answer, Ack):
                acked_before.add(answer.id)
                if len(acked_before) == kill_at:
                    server.kill9()

        for d in drivers:
            d.on_answer = count
            await d.connect(url)
        async with asyncio.timeout(30):
            await asyncio.gather(*(d.run() for d in drivers))
        assert await server.wait_dead() < 0, "the server was not killed mid-stream"
        await asyncio.wait_for(asyncio.gather(*following), 10)  # their links dropped too
        for d in drivers:
            d.on_answer = None
        unanswered = {cid for d in drivers for cid in d.in_flight}
        assert len(acked_before) >= kill_at and unanswered, (len(acked_before), unanswered)

        # Restart. Before any resend: everything acked is there, once.
        url = await server.start()
        fresh = await WireClient.login(url, "prov", "prov-pass")
        await fresh.close()  # before it falls behind: it will not read the live traffic
        effects_once(incidents_of(fresh.replica), drivers, only=acked_before)
        paths = ["live:"]
        for name, client in live.items():
            live[name] = await resume(url, client)
            clients.append(live[name])
            paths.append(f"{name}: {'replay' if resumed(live[name]) else 'snapshot'}")
        following = [asyncio.create_task(follow(c)) for c in live.values()]

        # Reconnect (token + resume), ask again for answered commands, finish the stream.
        for d in drivers:
            await d.connect(url)
            clients.append(d.link)
            answered = list(d.answers)
            again = answered[-3:] + rng.sample(answered[:-3], min(2, len(answered[:-3])))
            for cid, outcome in (await d.ask_again(again)).items():
                assert outcome == d.answers[cid], (cid, outcome, d.answers[cid])
        paths += ["writers:", *("replay" if resumed(d.link) else "snapshot" for d in drivers)]
        async with asyncio.timeout(30):
            await asyncio.gather(*(d.run() for d in drivers))
        assert all(d.done for d in drivers)
        assert sum(len(d.answers) for d in drivers) == len(WRITERS) * PER_WRITER
        resent = [cid for d in drivers for cid in d.resent]
        assert set(resent) == unanswered
        committed_before = [cid for d in drivers for cid in d.committed_unacked()]

        # Convergence: every console's replica equals a fresh snapshot of the same user, both
        # for the consoles that lived through the kill and for cursors older than the stream.
        for task in following:
            task.cancel()
        await asyncio.gather(*following, return_exceptions=True)
        for name, client in live.items():
            now = await WireClient.login(url, name, f"{name}-pass")
            clients.append(now)
            await converge(client, picture(now.replica))
        for d in drivers:
            now = await WireClient.login(url, d.user, d.password)
            clients.append(now)
            await converge(d.link, picture(now.replica))
        paths.append("old cursors:")
        for name, client in old.items():
            back = await resume(url, client)
            clients.append(back)
            paths.append(f"{name}: {'replay' if resumed(back) else 'snapshot'}")
            now = await WireClient.login(url, name, f"{name}-pass")
            clients.append(now)
            await converge(back, picture(now.replica))
        print(f"seed {seed}: killed after {kill_at} acks, {len(unanswered)} unanswered, "
              f"{len(committed_before)} of them committed before the kill; resumed "
              + " ".join(paths))
        final = await WireClient.login(url, "prov", "prov-pass")
        clients.append(final)
        effects_once(incidents_of(final.replica), drivers)
        numbers = [i.number for i in incidents_of(final.replica)]
        assert len(numbers) == len(set(numbers)), "incident numbers repeat"

        for client in clients:
            await client.close()
        clients.clear()
        await server.stop()
        check_log(await event_log(db_url), drivers)
    finally:
        for client in clients:
            await client.close()
        await server.ensure_stopped()
