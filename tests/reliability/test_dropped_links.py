"""Dropped links (DESIGN.md §8): connections cut without a close handshake while commands
are in flight; consoles reconnect with their session token and resume cursor and resend what
was unanswered. Nothing is lost or applied twice, and the province, a city and a county each
converge to exactly what the server's snapshot gives that user, while teams move in and out
of their scopes.

- ``prov`` (province) reports incidents in three counties and sends the Wenzhou PLA team to
  incidents in Xihu (Hangzhou) and back: while it is there, Wenzhou sees the Xihu incident.
- ``wz`` (Wenzhou city) reports incidents in Ruian and sends Yongjia's flood team there and
  back: while it is there, Yongjia sees the Ruian incident.
- ``yj`` (Yongjia county) reports and updates incidents at home.

Each console keeps up to four commands in flight; a team's moves go one at a time, each after
the answer to the one before. Every console's link is cut at three seeded points, inside the
handling of an answer (so more commands are on their way); at the second cut the console also
restarts: it logs in afresh and gets a snapshot, and resends what its outbox still holds.
Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from protocol.entities import Incident
from protocol.messages import Ack
from tests.conftest import ServerUnderTest, running_server

from .harness import (
    POS,
    Driver,
    Planned,
    check_log,
    converge,
    effects_once,
    incidents_of,
    keep_going,
    picture,
    resumed,
)

CYCLE = ("assignment.dispatch", "en_route", "on_scene", "assignment.release", "available")


@dataclass
class TeamCycle:
    """A team sent to an incident and back (dispatch, en route, on scene, release, available),
    one step at a time; the next step waits for the answer to the last."""

    team_id: str
    cycles: int
    targets: list[str] = field(default_factory=list)  # incidents it may be sent to
    step: int = 0
    done_cycles: int = 0
    assignment_id: str = ""
    pending: str | None = None

    def next(self, d: Driver, cid: str) -> Planned | None:
        if self.pending is not None:
            answer = d.answers.get(self.pending)
            if not isinstance(answer, Ack):
                return None  # still in flight; or refused, which the final checks report
            self.pending = None
            if self.step == 0:
                self.assignment_id = answer.result["id"]
            self.step = (self.step + 1) % len(CYCLE)
            self.done_cycles += self.step == 0
        if self.done_cycles == self.cycles or not self.targets:
            return None
        what = CYCLE[self.step]
        if what == "assignment.dispatch":
            target = self.targets[self.done_cycles % len(self.targets)]
            p = Planned(cid, what, {"team_id": self.team_id, "incident_id": target})
        elif what == "assignment.release":
            p = Planned(cid, what, {"id": self.assignment_id})
        elif what == "available":
            p = Planned(cid, "team.status", {"id": self.team_id, "status": what})
        else:
            p = Planned(cid, "assignment.status", {"id": self.assignment_id, "status": what})
        self.pending = cid
        return p


@dataclass
class Desk:
    """One console's plan: incident reports (a share of them updates) and maybe a team cycle."""

    rng: random.Random
    reports: int
    where: list[str]  # counties it reports in, the first one feeds the team cycle
    cycle: TeamCycle | None = None
    own: list[str] = field(default_factory=list)  # its acked incidents

    def plan(self, d: Driver) -> Planned | None:
        cid = f"{d.user}-{uuid.uuid4().hex[:12]}"
        if self.cycle is not None:
            step = self.cycle.next(d, cid)
            if step is not None:
                return step
        if not self.reports:
            return None
        self.reports -= 1
        if self.own and self.rng.random() < 0.25:
            note = f"u-{cid}"
            return Planned(cid, "incident.update",
                           {"id": self.rng.choice(self.own), "note": note}, mark=note)
        county = self.where[self.reports % len(self.where)]
        lon, lat = POS[county]
        title = f"t-{cid}"

        def created(ack: Ack) -> None:
            self.own.append(ack.result["id"])
            if self.cycle is not None and county == self.where[0]:
                self.cycle.targets.append(ack.result["id"])

        return Planned(cid, "incident.create",
                       {"type_code": "11A01", "title": title, "lon": lon, "lat": lat},
                       mark=title, then=created)


def cut_at(points: list[int], restart_at: int) -> Callable[[Driver, object], None]:
    """A Driver.on_answer hook: cut the link when the answers reach one of ``points``; at
    ``restart_at`` the console restarts as well (its picture is gone, its outbox is not)."""

    def hook(d: Driver, _answer: object) -> None:
        transport = d.link.ws.transport
        if len(d.answers) in points and not transport.is_closing():
            transport.abort()  # no close frame, no FIN handshake: just gone
            d.restart = len(d.answers) == restart_at

    return hook


@pytest.mark.timeout(60)
@pytest.mark.parametrize("seed", [5, 17])
async def test_cut_links_lose_nothing_and_every_scope_converges(db_url: str, seed: int) -> None:
    async with running_server(db_url) as server:
        await scenario(server, seed)


async def scenario(server: ServerUnderTest, seed: int) -> None:
    rng = random.Random(seed)
    teams = server.teams
    desks = {
        "prov": Desk(rng, 40, ["330106", "330324", "330381"],
                     TeamCycle(teams["pla"], cycles=3)),
        "wz": Desk(rng, 25, ["330381", "330324"], TeamCycle(teams["yj_flood"], cycles=3)),
        "yj": Desk(rng, 25, ["330324"]),
    }
    drivers = [Driver(user, desk.plan, window=4) for user, desk in desks.items()]
    for d in drivers:
        total = desks[d.user].reports + (15 if desks[d.user].cycle else 0)
        points = rng.sample(range(3, total - 3, 6), 3)  # apart: a cut per connection
        d.on_answer = cut_at(points, restart_at=points[1])
        await d.connect(server.url)
    async with asyncio.timeout(40):
        await asyncio.gather(*(keep_going(d, server.url) for d in drivers))

    for d in drivers:
        assert len(d.links) == 3, f"{d.user} reconnected {len(d.links)} times"
        assert d.client is not None
        assert d.restarts == 1
        server.clients.extend([*d.links, d.client])
    for desk in desks.values():
        assert desk.cycle is None or desk.cycle.done_cycles == desk.cycle.cycles
    replays = [c for d in drivers for c in d.reconnects() if resumed(c)]
    resent = sum(len(d.resent) for d in drivers)
    lost_acks = sum(len(d.committed_unacked()) for d in drivers)
    assert resent > 0
    print(f"seed {seed}: 9 cuts ({len(replays)} resumed by replay), {resent} commands resent, "
          f"{lost_acks} of them had been committed (ack lost with the link)")

    # Each console converges to what a fresh snapshot gives its user.
    for d in drivers:
        fresh = await server.login(d.user)
        await converge(d.link, picture(fresh.replica))
    check_log(await server.coordinator.store.events_after(0), drivers)
    prov = await server.login("prov")
    effects_once(incidents_of(prov.replica), drivers)

    # The scopes did move: Wenzhou saw a Xihu incident come and go, Yongjia a Ruian one.
    for user, county in (("wz", "330106"), ("yj", "330381")):
        d = next(d for d in drivers if d.user == user)
        came = {ev.entity.id for c in [*d.links, d.link] for ev in c.events
                if isinstance(ev.entity, Incident) and not ev.removed
                and ev.entity.jurisdiction == county}
        assert came, f"{user} never saw an incident of {county}"
        assert not any(isinstance(e, Incident) and e.jurisdiction == county
                       for e in d.link.replica.all("incident")), f"{user} still holds {county}"
