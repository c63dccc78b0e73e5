"""The simulation over the wire: duty desks playing the scenario, one field terminal per team.

Time: scenario seconds = clock seconds since the start x ``speed`` (``simulator.clock``: real
time, or with ``stepped`` a clock that moves one tick as soon as the previous tick's work is
answered). The scenario driver runs in its own task, each step when its hour comes (one at a
time, waiting for each answer). Each tick (``tick_s`` of clock time) lets every terminal make
its next status report and sends positions when their pacer says so. Connections: one per desk of
the scenario plus one
per simulated team, opened a few at a time; each bounded in commands and positions per second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from protocol.adcodes import is_within
from protocol.encodings import Encoding
from protocol.entities import Assignment, Base, Depot, Incident, Order, Plan, Shelter, Team
from protocol.geo import haversine_m
from protocol.messages import PositionReport
from resources.demo import load

from .clock import Clock, RealClock, SteppedClock
from .desk import Desk, LoginFailed
from .driver import Refused, ScenarioDriver
from .field_team import FieldTeam, Locate, PositionPacer
from .movement import LonLat
from .scenario import Resolver, Timeline
from .scenarios import SCENARIOS

log = logging.getLogger(__name__)

CENTRE = (120.65, 28.0)  # Wenzhou: with --teams N, the N teams nearest the scenario run
LIAISON_TYPES = frozenset({"pla", "pap"})  # their liaison acknowledges, not the crew
AFTERMATH_H = 12.0  # after the last step, let teams come home for at most this long
LOGIN_CONCURRENCY = 8
KINDS: dict[str, tuple[str, type[Base]]] = {
    "team": ("teams", Team), "shelter": ("shelters", Shelter), "depot": ("depots", Depot),
    "plan": ("plans", Plan),
}


@dataclass
class SimConfig:
    url: str
    password: str
    scenario: str | None = "typhoon"
    speed: float = 432.0  # 72 h in 10 min
    teams: int | None = None  # None: every demo team
    tick_s: float = 0.1
    position_real_s: float = 0.25  # a moving team's shortest gap between positions, real time
    stepped: bool = False  # advance the clock tick by tick as soon as each tick is answered
    until_h: float | None = None  # stop at this scenario hour (None: when the script is done)
    encoding: Encoding | None = None  # frames: None = $WATCHFLOOR_ENCODING, else JSON
    # Linked platforms: adcode -> URL. A duty desk whose jurisdiction lies in one signs in to
    # that platform (field terminals stay on --server); the rest to ``url``.
    platforms: dict[str, str] = field(default_factory=dict)


@dataclass
class SimStats:
    started: float = field(default_factory=time.monotonic)
    terminals: int = 0
    positions: int = 0
    reports: int = 0
    refused_reports: int = 0
    steps_done: int = 0
    steps_refused: int = 0
    commands: int = 0

    def summary(self) -> str:
        secs = max(time.monotonic() - self.started, 1e-9)
        return (f"{self.terminals} terminals, {self.positions} positions "
                f"({self.positions / secs:.1f}/s), {self.reports} status reports "
                f"({self.refused_reports} refused), {self.steps_done} scenario steps "
                f"({self.steps_refused} refused) in {secs:.1f} s")


class Terminal:
    """A field terminal: its desk (connection), the crew model and the position pacer."""

    def __init__(self, desk: Desk, crew: FieldTeam, position_real_s: float) -> None:
        self.desk = desk
        self.crew = crew
        self.pacer = PositionPacer(min_real_s=position_real_s)
        self.sending: asyncio.Task[None] | None = None


class Simulation:
    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.stats = SimStats()
        self.desks: dict[str, Desk] = {}
        self.terminals: list[Terminal] = []
        self.driver: ScenarioDriver | None = None
        self.clock: Clock = RealClock()
        self._scenario_parked = asyncio.Event()  # the scenario task waits for its next hour
        self._ids: dict[tuple[str, str], str] = {}
        self._closing = False

    # -- time ----------------------------------------------------------------------------------
    def sim_now(self) -> float:
        return self.clock.now() * self.config.speed

    # -- lookups -------------------------------------------------------------------------------
    @property
    def picture(self) -> Desk:
        """The provincial desk: it sees everything (used to find entities and incidents)."""
        return self.desks["prov"]

    def key_to_id(self, kind: str, key: str) -> str | None:
        if (kind, key) in self._ids:
            return self._ids[(kind, key)]
        file, cls = KINDS[kind]
        names = {r["key"]: r["name"] for r in load(file)[file]}
        wanted = names.get(key)
        for ent in self.picture.replica.all_typed(cls):
            if getattr(ent, "name", None) == wanted:
                self._ids[(kind, key)] = ent.id
                return ent.id
        return None

    def locator(self, terminal: Terminal) -> Locate:
        """Where an incident is: as the terminal was told, else as the province sees it."""

        def locate(incident_id: str) -> LonLat | None:
            for desk in (terminal.desk, self.picture):
                inc = desk.replica.get_typed(Incident, incident_id)
                if inc is not None:
                    return (inc.lon, inc.lat)
            return None

        return locate

    # -- setup ---------------------------------------------------------------------------------
    def _url_for(self, user: str) -> str:
        if self.config.platforms and not user.startswith("field-"):
            where = next((u["jurisdiction"] for u in load("users")["users"]
                          if u["name"] == user), None)
            for code, url in self.config.platforms.items():
                if where is not None and is_within(where, code):
                    return url
        return self.config.url

    async def _open(self, user: str) -> Desk:
        desk = Desk(self._url_for(user), user, self.config.password,
                    encoding=self.config.encoding)
        await desk.start()
        self.desks[user] = desk
        return desk

    def _team_keys(self) -> list[str]:
        teams = load("teams")["teams"]
        if self.config.teams is None:
            return [t["key"] for t in teams]
        near = sorted(teams, key=lambda t: haversine_m(t["base_lon"], t["base_lat"], *CENTRE))
        return [t["key"] for t in near[: max(0, self.config.teams)]]

    async def _open_terminal(self, key: str, gate: asyncio.Semaphore) -> None:
        async with gate:
            if self._closing:
                return
            desk = await self._open(f"field-{key}")
        team = next((desk.replica.get_typed(Team, u) for u in desk.units), None)
        if team is None:
            log.warning("field-%s sees no team of its own", key)
            return
        crew = FieldTeam(team, acknowledges=team.type.value not in LIAISON_TYPES)
        terminal = Terminal(desk, crew, self.config.position_real_s)
        desk.on_changes = lambda _changes: self._observe(terminal)
        self._observe(terminal)
        self.terminals.append(terminal)

    def _observe(self, terminal: Terminal) -> None:
        replica = terminal.desk.replica
        crew = terminal.crew
        for assignment in replica.all_typed(Assignment):
            crew.observe_assignment(assignment)
        for order in replica.all_typed(Order):
            crew.observe_order(order)
        team = replica.get_typed(Team, crew.team.id)
        if team is not None:
            crew.observe_team(team, self.sim_now(), self.locator(terminal))

    async def start(self) -> None:
        await self._open("prov")
        steps = SCENARIOS[self.config.scenario]() if self.config.scenario else []
        for user in sorted({s.action.actor for s in steps} - {"prov"}):
            await self._open(user)
        gate = asyncio.Semaphore(LOGIN_CONCURRENCY)
        results = await asyncio.gather(
            *(self._open_terminal(k, gate) for k in self._team_keys()), return_exceptions=True)
        for r in results:
            if isinstance(r, LoginFailed):
                log.warning("%s", r)
            elif isinstance(r, BaseException):
                raise r
        self.stats.terminals = len(self.terminals)
        self.clock = SteppedClock() if self.config.stepped else RealClock()
        if steps:
            resolver = Resolver(keys=self.key_to_id, now=lambda: datetime.now(UTC),
                                speed=self.config.speed)
            self.driver = ScenarioDriver(Timeline(steps), resolver, self._execute)
        log.info("simulation running: %d desks, %d field terminals, speed %.0fx",
                 len(self.desks) - len(self.terminals), len(self.terminals), self.config.speed)

    async def _execute(self, actor: str, op: str, args: dict[str, object]) -> object:
        return await self.desks[actor].command(op, dict(args))

    # -- running -------------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> SimStats:
        """Play until the scenario is over and the teams are home (or ``stop`` is set)."""
        scenario = asyncio.create_task(self._play_scenario(), name="scenario")
        try:
            while not stop.is_set():
                self._tick()
                if scenario.done() and self._finished() or self._past_until():
                    break
                if isinstance(self.clock, SteppedClock):
                    await self._settle(scenario, stop)
                    self.clock.advance(self.config.tick_s)
                    await asyncio.sleep(0)  # let the woken and the network run: never spin
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.config.tick_s)
        finally:
            scenario.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await scenario
        return self.stats

    async def _play_scenario(self) -> None:
        driver = self.driver
        if driver is None:
            return
        while not driver.timeline.done:
            await driver.run_due(self.sim_now() / 3600.0)
            self.stats.steps_done = len(driver.outcomes)
            self.stats.steps_refused = len(driver.refused)
            self.stats.commands = driver.commands_sent
            nxt = driver.timeline.next_at_h()
            if nxt is not None:
                wait = max(0.0, (nxt * 3600.0 - self.sim_now()) / self.config.speed)
                self._scenario_parked.set()
                try:
                    await self.clock.sleep(min(wait, 1.0))
                finally:
                    self._scenario_parked.clear()

    async def _settle(self, scenario: asyncio.Task[None], stop: asyncio.Event) -> None:
        """Stepped time: wait until this tick's work is answered (every status report ended,
        the scenario waiting for its next hour or done) before the clock moves on."""
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                busy: set[asyncio.Future[Any]] = {
                    t.sending for t in self.terminals
                    if t.sending is not None and not t.sending.done()}
                parked = None
                if not (scenario.done() or self._scenario_parked.is_set()):
                    parked = asyncio.ensure_future(self._scenario_parked.wait())
                    busy |= {parked, scenario}
                if not busy:
                    return
                await asyncio.wait({*busy, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if parked is not None:
                    parked.cancel()
        finally:
            stopping.cancel()

    def _past_until(self) -> bool:
        until = self.config.until_h
        return until is not None and self.sim_now() >= until * 3600.0

    def _finished(self) -> bool:
        """The scenario is over and the teams are home. Without a scenario the terminals serve
        whoever dispatches them (e.g. from a console) until stopped."""
        if self.driver is None:
            return False
        if self.sim_now() / 3600.0 >= self.driver.timeline.duration_h + AFTERMATH_H:
            return True
        return all(t.crew.status in ("available", "staged", "alerted", "out_of_service")
                   for t in self.terminals)

    def _tick(self) -> None:
        now = self.sim_now()
        real = time.monotonic()
        for t in self.terminals:
            if t.sending is None or t.sending.done():
                report = t.crew.next_report(now, self.locator(t))
                if report is not None:
                    t.sending = asyncio.create_task(self._report(t, report.op, report.args))
            moving = t.crew.moving
            if t.pacer.due(now, real, moving):
                fix = t.crew.fix(now)
                sent = t.desk.send_position(PositionReport(
                    team_id=t.crew.team.id, lon=fix.lon, lat=fix.lat,
                    ts=datetime.now(UTC), speed_kmh=fix.speed_kmh, heading=fix.heading))
                if sent:
                    t.pacer.sent(now, real, moving)
                    self.stats.positions += 1

    async def _report(self, t: Terminal, op: str, args: dict[str, object]) -> None:
        self.stats.reports += 1
        try:
            await t.desk.command(op, dict(args))
            ok = True
        except Refused as exc:
            log.info("%s %s refused: %s", t.desk.user, op, exc)
            self.stats.refused_reports += 1
            ok = False
        t.crew.answered(self.sim_now(), ok)
        self._observe(t)

    async def close(self) -> None:
        self._closing = True
        for t in self.terminals:
            if t.sending is not None:
                t.sending.cancel()
        await asyncio.gather(*(d.close() for d in self.desks.values()), return_exceptions=True)


async def simulate(config: SimConfig, stop: asyncio.Event) -> SimStats:
    """Start, run until done or stopped, close every connection."""
    sim = Simulation(config)
    try:
        await sim.start()
        return await sim.run(stop)
    finally:
        await sim.close()
        log.info("simulator stopped: %s", sim.stats.summary())

