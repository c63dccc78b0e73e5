"""Faults on the link (a proxy the test controls, on 127.0.0.1): a long cut with a thousand
commands on each side over hours of scenario time, flapping, a cut in one direction only. In
each: every command applied once at its owner, both logs gap-free, the pictures converged."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from protocol.entities import Incident, Order
from protocol.enums import Role
from protocol.messages import Ack, Queued
from server.domain.api import Actor
from tests.link.conftest import CHILD, Linked, gap_free
from tests.link.test_link_basics import RUIAN_INCIDENT

RA = Actor(user="ra", role=Role.COUNTY, jurisdiction=CHILD)
PROV = Actor(user="prov", role=Role.PROVINCE, jurisdiction="330000")


def scenario_clock(step: timedelta) -> Callable[[], datetime]:
    """A steppable clock: each reading is ``step`` later than the one before."""
    start = datetime(2026, 8, 10, 6, 0, tzinfo=UTC)
    ticks = itertools.count()
    return lambda: start + step * next(ticks)


async def _both_sides(linked: Linked, n: int, notes_on: str, note_every: int = 1,
                      tag: str = "") -> tuple[list[str], list[str]]:
    """``n`` incidents created on the county, ``n`` orders issued by the province to it and
    a province note on the county's incident ``notes_on`` (queued for the county) every
    ``note_every``, all interleaved. Returns (incident ids, note command ids)."""
    child, parent = linked.child.coordinator, linked.parent.srv.coordinator
    incidents, notes = [], []
    for i in range(n):
        a = await child.execute(RA, "incident.create", {**RUIAN_INCIDENT, "title": f"险情{i}"})
        assert isinstance(a, Ack), a
        incidents.append(a.result["id"])
        o = await parent.execute(PROV, "order.issue", {"text": f"指令{i}",
                                                       "addressees": [CHILD]})
        assert isinstance(o, Ack), o
        if i % note_every:
            continue
        cid = f"note-{tag}{i}"
        q = await parent.execute(PROV, "incident.note", {"id": notes_on, "text": f"批示{tag}{i}"},
                                 command_id=cid)
        assert isinstance(q, (Queued, Ack)), q
        notes.append(cid)
    return incidents, notes


async def _settled(linked: Linked, note_ids: list[str], within: float = 60.0) -> None:
    """Every queued note has its owner's ack on the province."""
    store = linked.parent.srv.store
    async with asyncio.timeout(within):
        while True:
            async with store.connect() as conn:
                done = await store.command_outcomes(conn, note_ids)
            if all('"type":"ack"' in c.outcome for c in done.values()) and \
                    len(done) == len(note_ids):
                return
            await asyncio.sleep(0.05)  # polled: the outcomes arrive over the link


async def _check(linked: Linked, incidents: list[str], notes_on: str, n_notes: int,
                 orders: int) -> None:
    await linked.converged(within=60)
    child = linked.child.coordinator.state
    parent = linked.parent.srv.coordinator.state
    assert all(parent.get(Incident, i) is not None for i in incidents)
    target = child.get(Incident, notes_on)
    assert target is not None
    texts = [e.text for e in target.timeline if e.what == "note"]
    assert len(texts) == n_notes and len(set(texts)) == n_notes  # each note once
    assert sum(1 for _ in child.all(Order)) == orders
    await gap_free(linked.child)
    await gap_free(linked.parent.srv)


async def _first_incident(linked: Linked) -> str:
    a = await linked.child.coordinator.execute(RA, "incident.create", RUIAN_INCIDENT)
    assert isinstance(a, Ack)
    await linked.converged()
    return str(a.result["id"])


async def test_a_long_cut_with_a_thousand_commands_each_way(linked: Linked) -> None:
    step = timedelta(seconds=7)  # 2,100 commands, 7 s apart on each side: about 4 hours
    linked.child.coordinator.clock = scenario_clock(step)
    linked.parent.srv.coordinator.clock = scenario_clock(step)
    target = await _first_incident(linked)
    linked.proxy.cut()
    incidents, notes = await _both_sides(linked, 1000, target, note_every=10)
    assert linked.child.links.peers["330000"].state == "cut"
    linked.proxy.heal()
    await _settled(linked, notes)
    await _check(linked, incidents, target, 100, 1000)


async def test_flapping_every_fraction_of_a_second(linked: Linked) -> None:
    target = await _first_incident(linked)
    stop = asyncio.Event()

    async def flap() -> None:
        while not stop.is_set():
            linked.proxy.cut()
            await asyncio.sleep(0.15)  # the fault's own rhythm, not a wait for a result
            linked.proxy.heal()
            await asyncio.sleep(0.25)

    flapper = asyncio.create_task(flap())
    try:
        incidents, notes = await _both_sides(linked, 150, target)
    finally:
        stop.set()
        await flapper
    linked.proxy.heal()
    await _settled(linked, notes)
    await _check(linked, incidents, target, 150, 150)
    assert linked.proxy.connections > 3


async def test_a_cut_in_one_direction_only(linked: Linked) -> None:
    target = await _first_incident(linked)
    incidents: list[str] = []
    for direction in ("up", "down"):
        linked.proxy.cut_one_way(direction)
        more, notes = await _both_sides(linked, 50, target, tag=direction)
        incidents += more
        linked.proxy.heal()
        await _settled(linked, notes)
    await _check(linked, incidents, target, 100, 100)
