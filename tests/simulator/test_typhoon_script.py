"""The Haiyan-D script, every step as its desk would send it, through the real domain handlers
on the seeded demo state (no sockets): no step may be refused, and the picture ends as the
exercise says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from protocol.commands import decode_args
from protocol.entities import (
    Assignment,
    HazardTrack,
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
from simulator.scenarios.typhoon import HOUR_ZERO

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
    # Real time moves one hour per scenario hour here: the reporting clock (time_scale 1)
    # matches the scenario's, so deadlines can be checked to the hour.
    resolver = Resolver(keys=desks.key, now=lambda: desks.now, speed=1.0)
    driver = ScenarioDriver(timeline, resolver, desks.execute)
    hour = 0.0
    at_55: tuple[Any, Any] | None = None
    while not timeline.done:
        desks.now = T0 + timedelta(hours=hour)
        await driver.run_due(hour)
        if hour == 55.0:
            at_55 = (desks.run(desks.actors["wenzhou"], "stats.losses",
                               {"process_id": resolver.saved["process"]}),
                     desks.run(desks.actors["wenzhou"], "stats.due", {}))
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

    # Statistics at hour 55 (the end of the e2e run): Taishun has not reported and is overdue,
    # Pingyang's latest is a zero report, the rest reported on time.
    assert at_55 is not None
    roll, due = at_55
    assert roll["missing"] == ["330329"] and roll["zero"] == ["330326"]
    assert [c["adcode"] for c in roll["cities"]] == ["330300"]  # Wenzhou sees its six counties
    assert len(roll["cities"][0]["counties"]) == 6 and roll["returned"] == []
    states = {(i["county"], i["kind"], i["number"]): i["state"] for i in due["items"]}
    assert states[("330329", "initial", None)] == "overdue"
    assert states[("330329", "follow_up", 1)] == "overdue"
    assert states[("330326", "follow_up", 1)] == "done"
    assert {v for (c, kind, n), v in states.items() if c != "330329" and n != 2} == {"done"}
    assert {v for (_, _, n), v in states.items() if n == 2} == {"due"}  # 09:00 tomorrow
    shelter_roll = roll["shelters"]
    assert shelter_roll["open"] > 0 and 0 < shelter_roll["occupancy"] <= shelter_roll["capacity"]
    # At the end everyone has reported (Taishun late); Pingyang stays a zero report.
    final = desks.run(desks.actors["prov"], "stats.losses",
                      {"process_id": resolver.saved["process"]})
    assert final["missing"] == [] and final["zero"] == ["330326"]
    assert [c["adcode"] for c in final["cities"]] == ["330300", "331000"]
    assert final["transferred"] == final["figures"]["evacuated"] + final["figures"]["relocated"]
    assert final["figures"]["affected_population"] == sum(
        c["figures"]["affected_population"] for c in final["cities"])
    late = next(i for i in desks.run(desks.actors["prov"], "stats.due", {})["items"]
                if i["county"] == "330329" and i["kind"] == "initial")
    assert late["state"] == "done" and late["done_at"] > late["due_at"]

    shelters = [sh for sh in s.all(Shelter) if sh.jurisdiction == "330324"]
    assert shelters and all(not sh.open and sh.occupancy == 0 for sh in shelters)

    # the province entered Haiyan-D's track and updated it with every bulletin to the end
    (track,) = s.all(HazardTrack)
    assert track.name == "Haiyan-D" and track.exercise and track.hazard.value == "typhoon"
    assert len(track.observed) == 6 + 11 and track.forecast == []  # the last bulletin: hour 64
    landfall = next(p for p in track.observed if p.at == HOUR_ZERO + timedelta(hours=40))
    assert (landfall.lon, landfall.lat) == (120.6, 27.43)
    assert track.version == 12
