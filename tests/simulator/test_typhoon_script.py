"""The Haiyan-D script, every step as its desk would send it, through the real domain handlers
on the seeded demo state (no sockets): no step may be refused, and the picture ends as the
exercise says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from protocol.commands import decode_args
from protocol.entities import (
    Assignment,
    Incident,
    LossReport,
    MaterialRequest,
    Order,
    Response,
    Shelter,
    SupportRequest,
    Warning,
)
from protocol.enums import Role
from resources.demo import load
from server.domain import HANDLERS
from server.domain.api import SYSTEM, Actor, CommandError, Tx
from server.seed import DemoIds, demo_commands
from server.state import State
from simulator.driver import Refused, ScenarioDriver
from simulator.scenario import Resolver, Timeline
from simulator.scenarios import SCENARIOS

T0 = datetime(2026, 9, 10, 0, 0, tzinfo=UTC)


class Desks:
    def __init__(self) -> None:
        self.state = State()
        self.now = T0
        self.actors: dict[str, Actor] = {}
        self.ids = self._seed()
        for u in load("users")["users"]:
            units = tuple(self.ids.teams[k] for k in u["units"])
            self.actors[u["name"]] = Actor(u["name"], Role(u["role"]), u["jurisdiction"], units)

    def run(self, actor: Actor, op: str, args: dict[str, Any]) -> Any:
        tx = Tx(self.state, actor, self.now)
        result = HANDLERS[op](tx, decode_args(op, args))
        for change in tx.changes:
            self.state.apply(change.entity)
        return result

    def _seed(self) -> DemoIds:
        commands = demo_commands()
        command = next(commands)
        while True:
            try:
                command = commands.send(self.run(SYSTEM, command.op, command.args))
            except StopIteration as done:
                ids: DemoIds = done.value
                return ids

    async def execute(self, actor: str, op: str, args: dict[str, Any]) -> Any:
        try:
            return self.run(self.actors[actor], op, args)
        except CommandError as exc:
            raise Refused(exc.code.value, exc.message) from None

    def key(self, kind: str, key: str) -> str | None:
        table: dict[str, str] = getattr(self.ids, kind + "s")
        return table.get(key)


async def test_every_step_of_the_typhoon_is_accepted() -> None:
    desks = Desks()
    timeline = Timeline(SCENARIOS["typhoon"]())
    resolver = Resolver(keys=desks.key, now=lambda: desks.now, speed=432.0)
    driver = ScenarioDriver(timeline, resolver, desks.execute)
    hour = 0.0
    while not timeline.done:
        desks.now = T0 + timedelta(hours=hour)
        await driver.run_due(hour)
        hour += 0.5
    assert [(o.step.at_h, o.detail) for o in driver.refused] == []
    s = desks.state

    incidents = {i.type_code: i for i in s.all(Incident)}
    assert set(incidents) == {"11B01", "11A02", "11D01", "12D02", "11A01"}
    assert all(i.exercise for i in incidents.values())
    assert incidents["11D01"].jurisdiction == "330324" and incidents["11D01"].missing == 0
    assert incidents["11A02"].jurisdiction == "330381" and incidents["11A02"].trapped == 23

    responses = list(s.all(Response))
    assert len(responses) == 3 and all(r.status.value == "ended" for r in responses)
    province = next(r for r in responses if r.hazard.value == "typhoon"
                    and r.jurisdiction == "330000")
    levels = [h.level.value if h.level else None for h in province.history]
    assert levels[:4] == ["III", "II", "I", "III"]

    warnings = list(s.all(Warning))
    assert {w.hazard.value for w in warnings} == {"typhoon", "flash_flood"}
    assert all(w.msg_status.value == "Exercise" for w in warnings)

    request = next(iter(s.all(MaterialRequest)))
    assert request.status.value == "received" and request.exercise
    assert {line.item_code for line in request.lines} == {"1010101", "2020101", "2020201"}

    pla_request = next(iter(s.all(SupportRequest)))
    assert pla_request.status.value == "fulfilled" and pla_request.decider == "330000"
    assignments = list(s.all(Assignment))
    pla = next(a for a in assignments if a.team_id == desks.ids.teams["pla-wenzhou"])
    assert pla.acknowledged_by == "liaison-pla"
    assert len(assignments) >= 12

    boats = next(o for o in s.all(Order) if "330300" in o.addressees)
    assert set(boats.acks) == {"330300", "331000"}  # Ningbo and Zhoushan still owe theirs
    staging = next(o for o in s.all(Order) if "330300" not in o.addressees)
    assert staging.addressees == [f"team:{desks.ids.teams['mobile-tonglu']}",
                                  f"team:{desks.ids.teams['aviation-jiande']}"]

    losses = {r.jurisdiction: r for r in s.all(LossReport)}
    assert [r.stage.value for r in losses["330300"].revisions] == ["initial", "follow_up",
                                                                   "final"]

    shelters = [sh for sh in s.all(Shelter) if sh.jurisdiction == "330324"]
    assert shelters and all(not sh.open and sh.occupancy == 0 for sh in shelters)
